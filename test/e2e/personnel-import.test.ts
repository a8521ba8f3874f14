import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

const DEMO_EXPORT = path.join(__dirname, '../../resources/demo/personal-hr-export.csv');

/** The file's data rows as the test reads them: period, ansvar and antal anställda as written. */
function dataRows(text: string): { period: number; code: string; employees: number }[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.split(';'))
    .filter((c) => /^\d{6}$/.test(c[0] ?? ''))
    .map((c) => ({ period: Number(c[0]), code: c[1]!, employees: Number(c[3]) }));
}

/** Import › Personalsiffror in Chromium at 1366×768: a bad file named by row and column, the demo's HR export with its warnings confirmed, and undo. */
describe('Import › Personalsiffror in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = tempDir('ramkoll-e2e-personnel-import-');

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  const employees = (period: number, code: string) =>
    (
      ctx.db
        .prepare('SELECT f.employees AS n FROM personnel_figure f JOIN dimension_value v ON v.id = f.responsibility_id WHERE f.period = ? AND v.code = ? AND f.deleted_at IS NULL')
        .get(period, code) as { n: number } | undefined
    )?.n ?? null;

  it('names a bad file’s problems by row and column and reads nothing; reads the demo’s export after its warnings are confirmed; undoes it', async () => {
    const text = fs.readFileSync(DEMO_EXPORT, 'utf8');
    const rows = dataRows(text);
    const lines = text.split('\n');
    // Line 3 (the second data row) with a word for antal anställda, line 4 with an ansvar the organisation lacks.
    const bad = path.join(dir, 'personal-fel.csv');
    fs.writeFileSync(bad, lines.map((l, i) => (i === 2 ? l.replace(/;390;/, ';trehundra;') : i === 3 ? l.replace(/^(\d{6});3300;/, '$1;3399;') : l)).join('\n'));
    const page = app.page;
    await app.open('import');
    const section = page.getByTestId('personnel-import');
    await section.getByRole('heading', { name: 'Personalsiffror från HR-/lönesystemet' }).waitFor();

    ctx.dialogs.queue.push(bad);
    await section.getByRole('button', { name: 'Välj personalfil …' }).click();
    const problems = section.getByTestId('personnel-problems');
    await problems.waitFor();
    const problemText = await problems.innerText();
    expect(problemText).toContain('2 fel');
    expect(problemText).toContain('personal-fel.csv, rad 3, kolumn Antal anställda ("trehundra"): Antal anställda ska vara ett helt antal');
    expect(problemText).toContain('personal-fel.csv, rad 4, kolumn Ansvar ("3399"): ansvar 3399 finns inte i organisationen');
    // The cell is marked in the preview's table.
    expect(await section.locator('tr.row-error td.cell-problem').first().innerText()).toContain('trehundra');
    expect(await section.getByTestId('personnel-import-button').isDisabled()).toBe(true);
    const before = employees(202612, '3100');
    expect(before).toBeNull();

    ctx.dialogs.queue.push(DEMO_EXPORT);
    await section.getByRole('button', { name: 'Välj personalfil …' }).click();
    const warnings = section.getByTestId('personnel-warnings');
    await warnings.waitFor();
    expect(await section.getByTestId('personnel-problems').count()).toBe(0);
    // The demo has imported January 2025 – October 2026; December 2026 is after the pinned today (20 November).
    expect(await warnings.innerText()).toMatch(/Personalsiffror för januari 2025, .*, oktober 2026 finns redan \(88 rader, inlästa från personal-hr-export\.csv\)/);
    expect(await warnings.innerText()).toContain('december 2026 ligger efter innevarande månad (november 2026)');
    const button = section.getByTestId('personnel-import-button');
    expect(await button.innerText()).toBe(`Läs in ${rows.length} rader med personalsiffror`);
    expect(await button.isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(page, 'import-personalsiffror');
    await expectKeyboardOperable(page, 'import-personalsiffror');
    // By keyboard: confirm the warnings and import.
    await warnings.getByRole('checkbox', { name: 'Jag har läst varningarna och vill läsa in filen ändå' }).focus();
    await page.keyboard.press('Space');
    await button.focus();
    await page.keyboard.press('Enter');
    const result = section.getByTestId('personnel-result');
    await result.waitFor();
    const periods = [...new Set(rows.map((r) => r.period))];
    const codes = [...new Set(rows.map((r) => r.code))];
    expect(await result.innerText()).toMatch(
      new RegExp(`^personal-hr-export\\.csv är inläst: ${rows.length} rader, ${codes.length} enheter \\(ansvar\\), period januari 2025, .*december 2026; \\d+ tidigare rader ersattes\\.$`),
    );
    expect(periods.length).toBe(24);
    // Every figure is the file's.
    for (const r of rows) expect(employees(r.period, r.code), `${r.period} ${r.code}`).toBe(r.employees);
    await app.screenshot('import-personalsiffror');

    // Undo: the months the demo had not imported are empty again.
    await section.getByTestId('personnel-last').getByRole('button', { name: 'Ångra inläsningen av personal-hr-export.csv' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Ångra inläsningen' }).click();
    await result.filter({ hasText: 'Inläsningen av personal-hr-export.csv är ångrad' }).waitFor();
    expect(employees(202612, '3100')).toBeNull();
    expect(await section.getByTestId('personnel-last').count()).toBe(0);
    expect(app.problems).toEqual([]);
  }, 180_000);
});
