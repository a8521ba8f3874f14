import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { countsFromDb, suiteDir } from '../support/goals';
import { flat, pdfRowNumbers, pdfText, words } from '../support/reports';

const AUGUST = 202608;
const TEXT = 'Hemsjukvården når nu alla som skrivs ut; 81 procent kom hem inom tre dagar och <ingen> återinskrevs.';

/** Issue 8: an assessment written, marked klar and approved at sektor level in the app is in the delårsrapport's PDF. */
describe('a delmål assessment from Mål to the delårsrapport PDF, in Chromium', () => {
  const dir = suiteDir('ramkoll-e2e-goals-report-');
  let app: AppSession;
  let ctx: TestContext;

  beforeAll(async () => {
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  const cell = (code: string, col: string) => app.page.locator(`[data-testid="goal-grid"] .ag-row[row-id="${code}"] .ag-cell[col-id="${col}"]`);
  async function openGoals() {
    await app.open('oversikt');
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
  }

  /** Rapporter → the delårsrapport → Exportera → PDF → Spara, to `file`; returns its text. */
  async function exportPdf(file: string): Promise<string> {
    await app.open('oversikt');
    await app.open('rapporter');
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(AUGUST));
    await app.page.getByTestId('report-preview').waitFor();
    await app.page.getByTestId('open-export').click();
    await app.page.getByTestId('format-pdf').check();
    ctx.dialogs.queue.push(file);
    await app.page.getByTestId('export-save').click();
    await app.page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    await app.page.getByRole('button', { name: 'Stäng' }).click();
    return pdfText(file, false);
  }

  it('writes the assessment, marks it klar (not in the report yet), approves it as sektor and finds it in the PDF', async () => {
    // The demo reported and locked the delårsrapport: the controller opens it again in Årshjul first.
    await app.open('uppfoljning');
    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    const occasionRow = app.page.locator('.calendar-table tbody tr').filter({ has: app.page.getByRole('rowheader', { name: 'augusti 2026', exact: true }) });
    await occasionRow.getByRole('button', { name: 'Lås upp' }).click();
    await expect.poll(() => occasionRow.locator('td').nth(-2).innerText()).toBe('öppen');

    await openGoals();
    await cell('DM1.2.2', 'goal').click();
    const editor = app.page.getByTestId('goal-editor');
    await expect.poll(() => editor.locator('h2').innerText()).toBe('DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet');
    await editor.getByRole('radio', { name: 'uppfyllt', exact: true }).check();
    await editor.getByLabel('Prognos för helåret').selectOption('met');
    await editor.getByLabel('Bedömning').fill(TEXT);
    await app.page.keyboard.press('Control+s');
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('utkast');
    await editor.getByRole('button', { name: 'Markera klar' }).click();
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('klar');

    const ready = words(await exportPdf(path.join(dir, 'klar.pdf')));
    expect(ready).toContain(words('Delmål DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet'));
    expect(ready).toContain(words('Bedömningen är inte godkänd (klar) och visas inte.'));
    expect(ready).not.toContain(words(TEXT));

    await openGoals();
    await cell('DM1.2.2', 'goal').click();
    await expect.poll(() => editor.locator('h2').innerText()).toBe('DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet');
    await editor.getByRole('button', { name: 'Godkänn som sektor' }).click();
    await expect.poll(() => editor.getByTestId('goal-round').innerText()).toBe('godkänd');

    const file = path.join(dir, 'godkand.pdf');
    const approved = words(await exportPdf(file));
    const at = approved.indexOf(words('Delmål DM1.2.2 Fler insatser av hälso- och sjukvård i hemmet'));
    expect(at).toBeGreaterThan(0);
    // Its status, round and text under its own heading, the text exactly as written (HTML-like text stays text).
    const part = approved.slice(at, at + 600);
    expect(part).toMatch(/Status:uppfyllt.*Bedömningen:godkänd/);
    expect(part).toContain(words(`Bedömning: ${TEXT}`));

    // The count per status in the report is the database's.
    const counts = countsFromDb(ctx.db, AUGUST);
    const sub = counts.sub!;
    const expected = ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'].map((s) => sub[s] ?? 0);
    expect(pdfRowNumbers(pdfText(file), 'Delmål', 'Nämndmål och delmål per status')).toEqual([...expected, expected.reduce((a, b) => a + b, 0)]);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // The preview shows the same.
    expect(flat(await app.page.getByTestId('report-preview').innerText())).toContain(flat(TEXT));
    await app.screenshot('rapporter-mal');
    expect(app.problems).toEqual([]);
  });
});
