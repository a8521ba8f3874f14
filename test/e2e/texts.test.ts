import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

/** Issue 19 point 1: Uppföljning › Texter, the editor of a text section with its preview, autosave, keys and round. */
describe('Uppföljning › Texter in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-texts-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the förvaltning’s Framtid och utmaningar with a live preview, refuses a broken table by line, autosaves, takes back by Esc and goes through the round', async () => {
    const cal = await call('followup.calendar.get', {}, ctx);
    const occasion = cal.occasions.find((o) => o.lockedAt === null)!;
    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption(String(occasion.period));
    await app.page.getByRole('tab', { name: 'Texter', exact: true }).click();
    const cell = app.page.getByTestId('text-cell-summary-3000');
    await cell.waitFor();
    expect(await cell.getAttribute('aria-label')).toBe('Sammanfattning, Socialförvaltningen: utkast');
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-texter');
    await cell.click();
    const body = app.page.getByLabel('Text', { exact: true });
    await body.waitFor();
    // The sektorer's texts of the same section are there to draw on.
    await app.page.getByTestId('text-cell-events-3000').click();
    const below = app.page.getByRole('region', { name: 'Underlag från nivåerna under' });
    await below.waitFor();
    expect(await below.innerText()).toContain('Hemtjänsten har infört nyckelfria lås');
    await below.getByRole('button', { name: 'Infoga i texten' }).first().click();
    expect(await body.inputValue()).toContain('Korttidsboendet på Strandvägen');
    await app.page.keyboard.press('Escape');

    await app.page.getByTestId('text-cell-future-3000').click();
    await body.waitFor();
    await body.fill('Vi möter **fler äldre** med samma antal medarbetare.\n\n- Kompetens\n- Lokaler\n\n| Område | Risk |\n|---|---|\n| Bemanning |');
    const preview = app.page.getByLabel('Förhandsgranskning');
    await preview.locator('strong', { hasText: 'fler äldre' }).waitFor();
    expect(await preview.locator('li').allInnerTexts()).toEqual(['Kompetens', 'Lokaler']);
    const alert = app.page.getByRole('alert');
    expect(await alert.innerText()).toContain('Rad 8: raden har 1 celler men tabellens rubrikrad (rad 6) har 2');
    expect(await app.page.getByRole('button', { name: 'Spara', exact: true }).isDisabled()).toBe(true);
    await body.fill('Vi möter **fler äldre** med samma antal medarbetare.\n\n- Kompetens\n- Lokaler\n\n| Område | Risk |\n|---|---|\n| Bemanning | Hög |');
    // Saved by itself as an utkast a moment after typing stops.
    await app.page.getByRole('status').filter({ hasText: 'Utkastet är sparat.' }).waitFor();
    let d = await call('texts.get', { occasionId: occasion.id, code: '3000', kind: 'future' }, ctx);
    expect(d.section).toMatchObject({ status: 'draft', body: expect.stringContaining('| Bemanning | Hög |') });

    await body.focus();
    await app.page.keyboard.press('End');
    await app.page.keyboard.type(' Mer');
    await app.page.keyboard.press('Escape');
    expect(await body.inputValue()).toBe(d.section!.body);
    await app.page.keyboard.press('Control+End');
    await app.page.keyboard.type('\n\nSlutsats.');
    await app.page.keyboard.press('Control+Enter');
    await app.page.getByRole('status').filter({ hasText: 'Sparad.' }).waitFor();
    d = await call('texts.get', { occasionId: occasion.id, code: '3000', kind: 'future' }, ctx);
    expect(d.section!.body.endsWith('Slutsats.')).toBe(true);

    await app.page.getByRole('button', { name: 'Markera klar' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Markerad klar.' }).waitFor();
    await app.page.getByRole('button', { name: 'Godkänn' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Godkänd.' }).waitFor();
    expect(await body.getAttribute('readonly')).not.toBeNull();
    await app.page.getByText(/^Historik/).click();
    const history = await app.page.getByTestId('text-history').innerText();
    expect(history).toContain('skapad som utkast');
    expect(history).toContain('texten ändrad');
    expect(history).toContain('utkast → klar');
    expect(history).toContain('klar → godkänd');
    expect(await app.page.getByTestId('text-cell-future-3000').getAttribute('aria-label')).toBe('Framtid och utmaningar, Socialförvaltningen: godkänd');
    // The approved text is in the report's preview.
    const doc = await call('reports.preview', { period: occasion.period }, ctx);
    const future = doc.sections.find((s) => s.title === 'Framtid och utmaningar')!;
    expect(future.blocks[0]).toEqual({ kind: 'rich', runs: [{ text: 'Vi möter ', bold: false }, { text: 'fler äldre', bold: true }, { text: ' med samma antal medarbetare.', bold: false }] });
    // Rapporter's preview draws the same blocks: bold, the list and the table.
    await app.open('rapporter');
    const shown = app.page.getByTestId('report-preview');
    await shown.waitFor();
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(occasion.period));
    await shown.locator('b', { hasText: 'fler äldre' }).waitFor();
    expect(await shown.locator('ul.rp-bullets li').allInnerTexts()).toEqual(['Kompetens', 'Lokaler']);
    expect(await shown.locator('table', { has: app.page.getByRole('columnheader', { name: 'Område' }) }).locator('tbody td').allInnerTexts()).toEqual(['Hög']);
    // The open round's approved sektor text is there; the förvaltning's summary, an utkast, and the klar text are not.
    const all = await shown.innerText();
    expect(all).toContain('Korttidsboendet på Strandvägen');
    expect(all).not.toContain('Socialnämndens verksamheter redovisar efter oktober');
    expect(all).not.toContain('Ett nytt gruppboende enligt LSS');
    expect(app.problems).toEqual([]);
  }, 120_000);
});
