import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { PdfPrinter } from '../../electron/services/reports/pdf';
import { invoke } from '../../electron/api/invoke';
import { localSite } from '../../electron/services/setup';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { suiteDir } from '../support/goals';
import { expectedInUnit, swedishNumber, xlsxRowNumbers, xlsxSheets } from '../support/reports';

const AUGUST = 202608;

describe('Rapporter in Chromium on the demo database', () => {
  const dir = suiteDir('ramkoll-e2e-reports-');
  let app: AppSession;
  let ctx: TestContext;
  let sectors: CliDeviationRow[];

  beforeAll(async () => {
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    sectors = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', String(AUGUST), '--level', 'sector']).filter((r) => r.level === 'sector');
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  const expectedRow = (r: CliDeviationRow) => [r.budgetYear, r.budgetAcc, r.actualAcc, r.deviationAcc, r.forecastYear!, r.deviationForecast!].map((v) => expectedInUnit(v, 'tkr'));

  it('previews the delårsrapport with the figures of `ramkoll deviations`, and a sektor on its own', async () => {
    await app.open('rapporter');
    const preview = app.page.getByTestId('report-preview');
    await preview.waitFor();
    // The latest occasion with outcome comes first: the demo has outcome to October.
    expect(await app.page.getByLabel('Uppföljningstillfälle').inputValue()).toBe('202610');
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(AUGUST));
    await expect.poll(() => preview.locator('.rp-title').innerText()).toBe('Delårsrapport augusti med prognos');
    const table = preview.locator('table', { has: app.page.locator('caption', { hasText: 'Resultat och prognos per sektor (tkr)' }) });
    for (const s of sectors) {
      const cells = await table.locator('tbody tr', { has: app.page.getByRole('rowheader', { name: `${s.code} ${s.name}` }) }).locator('td').allInnerTexts();
      expect(cells.map(swedishNumber), s.code).toEqual(expectedRow(s));
    }
    expect(await preview.innerText()).toContain('Mål- och resultatuppföljning');
    await app.screenshot('rapporter');

    await app.page.getByTestId('report-scope').selectOption('3100');
    await expect.poll(() => preview.locator('.rp-subtitle').innerText()).toBe('Socialförvaltningen, sektor 3100 Äldreomsorg');
    await expect.poll(() => preview.locator('caption', { hasText: 'per verksamhet' }).count()).toBe(1);
    await app.page.getByTestId('report-scope').selectOption('');

    // The sign presentation is chosen in one place, the report settings: amounts flip, deviations do not.
    await app.page.getByText('Rapportinställningar').click();
    await app.page.getByLabel('Tecken').selectOption('costs-negative');
    const first = sectors[0]!;
    const shown = () => table.locator('tbody tr', { has: app.page.getByRole('rowheader', { name: `${first.code} ${first.name}` }) }).locator('td').allInnerTexts();
    const [by, ba, aa, da, fy, df] = expectedRow(first);
    await expect.poll(async () => (await shown()).map(swedishNumber)).toEqual([-by!, -ba!, -aa!, da, -fy!, df]);
    expect(ctx.db.sqlite.prepare("SELECT value FROM setting WHERE key = 'reports.sign'").get()).toEqual({ value: '"costs-negative"' });
    await app.page.getByLabel('Tecken').selectOption('costs-positive');
    await expect.poll(async () => (await shown()).map(swedishNumber)).toEqual(expectedRow(first));
    expect(app.problems).toEqual([]);
  });

  it('says that the årsbokslut is preliminary while months lack outcome, and colours only unfavourable figures red', async () => {
    // Outcome January–October, whatever day the demo was built on.
    ctx.db.sqlite.exec('DELETE FROM actual_transaction WHERE period > 202610; DELETE FROM actual_balance WHERE period > 202610');
    const notice = 'Utfall saknas för november–december; rapporten är preliminär.';
    await app.open('rapporter');
    const preview = app.page.getByTestId('report-preview');
    await preview.waitFor();
    const occasion = app.page.getByLabel('Uppföljningstillfälle');
    expect(await occasion.locator('option[value="202612"]').innerText()).toMatch(/Årsbokslut 2026 \(preliminär: utfall saknas\)/);
    expect(await occasion.locator('option[value="202610"]').innerText()).not.toContain('preliminär');
    await occasion.selectOption('202612');
    await expect.poll(() => app.page.getByTestId('report-notice').innerText()).toBe(notice);
    expect(await preview.getByTestId('preview-notice').innerText()).toBe(notice);
    expect(await preview.innerText()).toContain('Utfall jan–okt');
    await app.screenshot('rapporter-preliminar');
    await expectNoSeriousA11yViolations(app.page, 'rapporter-preliminar');

    await occasion.selectOption(String(AUGUST));
    await expect.poll(() => app.page.getByTestId('report-notice').count()).toBe(0);
    const table = preview.locator('table', { has: app.page.locator('caption', { hasText: 'Resultat och prognos (tkr)' }) });
    const revenue = table.locator('tbody tr', { has: app.page.getByRole('rowheader', { name: 'Intäkter' }) }).locator('td');
    await revenue.first().waitFor();
    const cells = await revenue.evaluateAll((tds) => tds.map((td) => ({ text: td.textContent ?? '', unfavourable: td.classList.contains('unfavourable'), colour: getComputedStyle(td).color })));
    // Budget, outcome, last year and forecast of revenues are negative and neutral; the deviations are red only below zero.
    for (const c of cells.slice(0, 5)) {
      expect(c.text.startsWith('−'), c.text).toBe(true);
      expect(c.unfavourable, c.text).toBe(false);
      expect(c.colour, c.text).not.toBe('rgb(179, 38, 30)');
    }
    for (const c of cells.slice(5)) expect(c.unfavourable, c.text).toBe(c.text.startsWith('−'));
    expect(await preview.locator('td.unfavourable').count()).toBeGreaterThan(0);
    expect(await preview.locator('td.unfavourable').first().evaluate((td) => getComputedStyle(td).color)).toBe('rgb(179, 38, 30)');
    expect(app.problems).toEqual([]);
  });

  it('Ctrl+P opens the export dialog on PDF; Excel is saved where the user chose', async () => {
    await app.open('rapporter');
    await app.page.getByTestId('report-preview').waitFor();
    await app.page.getByLabel('Uppföljningstillfälle').selectOption(String(AUGUST));
    await app.sendAppEvent({ type: 'print' });
    const dialog = app.page.getByRole('dialog', { name: 'Exportera rapporten' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('format-pdf').isChecked()).toBe(true);
    await dialog.getByTestId('format-xlsx').check();
    const file = path.join(dir, 'delar.xlsx');
    ctx.dialogs.queue.push(file);
    await dialog.getByTestId('export-save').click();
    await expect.poll(() => dialog.getByTestId('export-done').innerText(), { timeout: 30_000 }).toMatch(/^delar\.xlsx är sparad/);
    expect(ctx.dialogs.asked.at(-1)).toEqual({ kind: 'save', title: 'Spara rapporten som Excel', extensions: ['xlsx'] });
    await app.screenshot('rapporter-export');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const { sheets } = await xlsxSheets(file);
    for (const s of sectors) expect(xlsxRowNumbers(sheets.get('Per sektor')!, s.code)).toEqual(expectedRow(s));
    expect(app.problems).toEqual([]);
  });

  it('shows the export’s progress inside the modal dialog, where the user (and a screen reader) is', async () => {
    // A PDF printer that waits until the test has looked: the progress is there while the work runs.
    let release!: () => void;
    const printed = new Promise<void>((r) => (release = r));
    const pdf: PdfPrinter = async () => {
      await printed;
      return new TextEncoder().encode('%PDF-1.4 test');
    };
    Object.assign(ctx, { pdf });
    try {
      await app.open('rapporter');
      await app.page.getByTestId('report-preview').waitFor();
      await app.page.getByTestId('open-export').click();
      const dialog = app.page.getByRole('dialog', { name: 'Exportera rapporten' });
      await dialog.waitFor();
      const file = path.join(dir, 'framsteg.pdf');
      ctx.dialogs.queue.push(file);
      await dialog.getByTestId('export-save').click();
      await dialog.getByRole('progressbar', { name: /^Skapar rapporten \(PDF\)/ }).waitFor();
      // The dialog as a screen reader meets it while it works.
      await expectNoSeriousA11yViolations(app.page, 'rapporter-export-pagar');
      release();
      await expect.poll(() => dialog.getByTestId('export-done').innerText(), { timeout: 30_000 }).toMatch(/^framsteg\.pdf är sparad/);
      await expect.poll(() => dialog.getByRole('progressbar').count()).toBe(0);
      expect(fs.readFileSync(file, 'latin1')).toBe('%PDF-1.4 test');
      await app.page.keyboard.press('Escape');
    } finally {
      release();
      Object.assign(ctx, { pdf: undefined });
    }
    expect(app.problems).toEqual([]);
  });

  it('takes the progress bar away when the export fails half way, and says what went wrong', async () => {
    let fail!: () => void;
    const failing = new Promise<void>((r) => (fail = r));
    const pdf: PdfPrinter = async () => {
      await failing;
      throw new Error('Chromium kunde inte skriva ut rapporten.');
    };
    Object.assign(ctx, { pdf });
    try {
      await app.open('rapporter');
      await app.page.getByTestId('report-preview').waitFor();
      await app.page.getByTestId('open-export').click();
      const dialog = app.page.getByRole('dialog', { name: 'Exportera rapporten' });
      await dialog.waitFor();
      ctx.dialogs.queue.push(path.join(dir, 'misslyckad.pdf'));
      await dialog.getByTestId('export-save').click();
      await dialog.getByRole('progressbar', { name: /^Skapar rapporten \(PDF\)/ }).waitFor();
      fail();
      await dialog.getByRole('alert').getByText('Chromium kunde inte skriva ut rapporten.').waitFor();
      await expect.poll(() => app.page.getByRole('progressbar').count()).toBe(0);
      expect(fs.existsSync(path.join(dir, 'misslyckad.pdf'))).toBe(false);
      await app.page.keyboard.press('Escape');
    } finally {
      fail();
      Object.assign(ctx, { pdf: undefined });
    }
  });

  it('a sektorchef’s installation reports on its sektor: no whole-förvaltning choice', async () => {
    await invoke('site.set', { role: 'sektorchef', scope: '3100' }, { ...ctx, site: localSite(ctx.db) });
    try {
      // As after changing the role in Inställningar: the page is opened anew.
      await app.open('oversikt');
      await app.open('rapporter');
      const preview = app.page.getByTestId('report-preview');
      await preview.waitFor();
      const scope = app.page.getByTestId('report-scope');
      expect(await scope.inputValue()).toBe('3100');
      expect(await scope.locator('option').allInnerTexts()).toEqual(['3100 Äldreomsorg']);
      await preview.locator('caption', { hasText: 'Resultat och prognos per verksamhet (tkr)' }).waitFor();
      await app.page.getByTestId('open-export').click();
      const dialog = app.page.getByRole('dialog', { name: 'Exportera rapporten' });
      expect(await dialog.getByLabel('Omfattning').locator('option').allInnerTexts()).toEqual(['3100 Äldreomsorg']);
      await app.page.keyboard.press('Escape');
      expect(app.problems).toEqual([]);
    } finally {
      await invoke('site.set', { role: 'controller', scope: null }, { ...ctx, site: localSite(ctx.db) });
    }
  });
});
