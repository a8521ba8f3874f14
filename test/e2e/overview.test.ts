import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import type { HandlerContext } from '../../electron/api/context';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { call } from '../support/call';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

/** Independent of the app's own formatting code: round half away from zero. */
function expected(ore: number, divisor: number): number {
  const r = Math.round(Math.abs(ore) / divisor);
  return ore < 0 ? -r : r;
}

describe('Översikt in Chromium on the demo database', () => {
  let app: AppSession;
  let summary: Summary;
  let ctx: HandlerContext;

  beforeAll(async () => {
    const db = path.join(tempDir('ramkoll-e2e-'), 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    summary = runCliJson<Summary>(['summary', '--db', db]);
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
  });

  async function cellNumbers(rowSelector: string) {
    const row = app.page.locator(rowSelector).first();
    const read = async (col: string) => shownNumber(await row.locator(`.ag-cell[col-id="${col}"]`).innerText());
    return { budgetYear: await read('budgetYear'), budgetAcc: await read('budgetAcc'), actualAcc: await read('actualAcc'), deviationAcc: await read('deviationAcc') };
  }

  it('shows the year, the latest period and every sektor with the numbers of `ramkoll summary`', async () => {
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    expect(await app.page.getByTestId('year').innerText()).toBe('2026');
    expect(await app.page.getByTestId('latest-period').innerText()).toBe('oktober 2026');
    // The demo says so, with the date it stands on (the CLI runs of the tests are pinned to 2026-11-20).
    expect(await app.page.getByTestId('demo-notice').innerText()).toMatch(/Det här är demoförvaltningen.*2026-11-20/s);

    for (const divisor of [100_000, 100]) {
      if (divisor === 100) await app.page.getByLabel('kr', { exact: true }).check();
      for (const s of summary.sectors) {
        const shown = await cellNumbers(`.ag-row[row-id="${s.code}"]`);
        expect(shown, `${s.code} ${s.name}`).toEqual({
          budgetYear: expected(s.budgetYear, divisor),
          budgetAcc: expected(s.budgetAcc, divisor),
          actualAcc: expected(s.actualAcc, divisor),
          deviationAcc: expected(s.deviationAcc, divisor),
        });
        const name = await app.page.locator(`.ag-row[row-id="${s.code}"] .ag-cell[col-id="name"]`).innerText();
        expect(name).toContain(s.name);
      }
      const total = await cellNumbers('.ag-row-pinned');
      const budgetAcc = summary.perPeriod.filter((p) => p.period <= summary.latestPeriod!).reduce((a, p) => a + p.budget, 0);
      expect(total).toEqual({
        budgetYear: expected(summary.budgetTotal, divisor),
        budgetAcc: expected(budgetAcc, divisor),
        actualAcc: expected(summary.actualTotal, divisor),
        deviationAcc: expected(budgetAcc - summary.actualTotal, divisor),
      });
    }
    await app.screenshot('oversikt');
    expect(app.problems).toEqual([]);
  });

  it('shows the original budget beside the budget in force, and what changed it with the other end named', async () => {
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    const headers = await app.page.locator('[data-testid="overview-grid"] .ag-header-cell-text').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['Ursprunglig budget helår', 'Budget i kraft helår']));
    const ov = await call('overview.get', { year: 2026 }, ctx);
    expect(ov.budgetChanges.length).toBeGreaterThan(0);
    await app.page.getByLabel('tkr', { exact: true }).check();
    for (const s of summary.sectors) {
      const cell = app.page.locator(`.ag-row[row-id="${s.code}"] .ag-cell[col-id="originalYear"]`).first();
      expect(shownNumber(await cell.innerText()), s.code).toBe(expected(s.originalYear, 100_000));
    }
    const table = app.page.getByTestId('overview-changes');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(ov.budgetChanges.length);
    for (const c of ov.budgetChanges) {
      const text = await table.locator(`tbody tr[data-row="${c.rowCode}"]`, { hasText: c.text }).first().innerText();
      expect(text).toContain(c.decisionRef!);
    }
    expect(await table.innerText()).toMatch(/Omfördelning från \d+ /);
    expect(app.problems).toEqual([]);
  });

  it('colours unfavourable deviations red and favourable green', async () => {
    await app.open('oversikt');
    await app.page.waitForSelector('.ag-row');
    for (const s of summary.sectors) {
      const cell = app.page.locator(`.ag-row[row-id="${s.code}"] .ag-cell[col-id="deviationAcc"]`);
      const cls = (await cell.getAttribute('class')) ?? '';
      expect(cls).toContain(s.deviationAcc < 0 ? 'unfavourable' : 'favourable');
    }
  });

  it('lets every page be reached from the menu, and every page is built', async () => {
    await app.open('oversikt');
    const titles = ['Budget', 'Import', 'Uppföljning', 'Mål', 'Rapporter', 'Utbyte', 'Inställningar'];
    for (const title of titles) {
      await app.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: title, exact: true }).click();
      await expect.poll(() => app.page.locator('main h1').innerText()).toBe(title);
      // Wait for the page's own content, then check that no part of it says it is missing.
      await app.page.waitForLoadState('networkidle');
      expect(await app.page.locator('main').innerText(), title).not.toMatch(/inte byggd ännu/);
    }
    // Keyboard: Alt+1 goes back to Översikt.
    await app.page.keyboard.press('Alt+1');
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Översikt');
    expect(app.problems).toEqual([]);
  });
  it('shows a prognos column beside the ack figures, and each sektor and each comment that is not ready opens Uppföljning at that node', async () => {
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    const ov = await call('overview.get', { year: 2026 }, ctx);
    const sector = ov.sectors.find((s) => s.kind === 'sector')!;
    expect(sector.forecastYear).not.toBeNull();
    await app.page.getByLabel('kr', { exact: true }).check();
    const row = app.page.locator(`[data-testid="overview-grid"] .ag-row[row-id="${sector.code}"]`).first();
    expect(shownNumber(await row.locator('.ag-cell[col-id="forecastYear"]').innerText())).toBe(expected(sector.forecastYear!, 100));

    // A sektor's name leads to Uppföljning, at that sektor in the period Översikt shows, its panel open.
    await row.getByRole('link', { name: `${sector.code} ${sector.name}` }).click();
    await expect.poll(() => app.page.evaluate(() => window.location.hash)).toBe('#/uppfoljning');
    const grid = app.page.getByTestId('deviation-grid');
    await expect.poll(() => grid.locator('.ag-row-selected [col-id="name"]').first().innerText(), { timeout: 15_000 }).toContain(sector.name);
    expect(await app.page.getByTestId('period-select').inputValue()).toBe(String(ov.latestPeriod));
    await expect.poll(() => app.page.locator('.node-panel h2').first().innerText()).toContain(sector.name);

    // A comment that is not ready (a unit deep in the tree) leads to its node, the tree opened down to it.
    await app.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt', exact: true }).click();
    const list = app.page.getByRole('list', { name: 'Kommentarer som inte är klara' }).first();
    const link = list.getByRole('link').first();
    const text = await link.innerText();
    const code = text.split(' ')[0]!;
    await link.click();
    await expect.poll(() => grid.locator('.ag-row-selected [col-id="name"]').first().innerText(), { timeout: 15_000 }).toContain(text.slice(code.length + 1));
    await expect.poll(() => app.page.locator('.node-panel h2').first().innerText()).toContain(code);
    expect(app.problems).toEqual([]);
  });
});
