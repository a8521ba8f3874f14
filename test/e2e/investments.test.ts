import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Issue 17, point 2: the Investeringar tab at 1366×768 in Chromium, over the app's handlers, on the demo database. */
describe('Investeringar in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-invest-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const grid = () => app.page.getByTestId('investments-grid');
  const status = () => app.page.locator('main .pl-ok[role="status"]').first();

  it('lists the demo’s projects with the figures of `investments.get`, fits 1366×768, and is operable by keyboard', async () => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Investeringar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="investments-grid"] .ag-row');
    const o = await call('investments.get', { year: DEMO_YEAR }, ctx);
    expect(o.projects).toHaveLength(10);
    expect(norm(await app.page.getByTestId('inv-rate').innerText())).toBe('2,00 %');
    expect(norm(await app.page.getByTestId('inv-budget').innerText())).toBe(`${new Intl.NumberFormat('sv-SE').format(o.total.year.budgetOre / 100).replace(/[\u00a0\u202f]/g, ' ')},00 kr`);
    const row = grid().locator('.ag-row', { hasText: '71004' });
    // In tkr: budget 22 000, prognos 19 500, avvikelse 2 500 for the year.
    expect(norm(await row.innerText())).toMatch(/71004 Nytt LSS-boende Björkvägen[\s\S]*\d{4}-08 plan\.[\s\S]*22 000[\s\S]*19 500[\s\S]*2 500/);
    await app.screenshot('investeringar-1366');
    // Every column is in view: no sideways scrolling of the grid or the window.
    expect(await grid().evaluate((el) => {
      const scroll = el.querySelector('.ag-body-horizontal-scroll-viewport') as HTMLElement;
      const headers = [...el.querySelectorAll('.ag-header-cell')].map((h) => h.getBoundingClientRect().right);
      return (
        scroll.scrollWidth <= scroll.clientWidth + 1 &&
        Math.max(...headers) <= el.getBoundingClientRect().right + 1 &&
        document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1
      );
    })).toBe(true);
    await expectNoSeriousA11yViolations(app.page, 'budget-investeringar');
    await expectKeyboardOperable(app.page, 'budget-investeringar');
  });

  it('adds a project with a component, refuses a bad one without writing, and sets an investment ram', async () => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Investeringar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="investments-grid"] .ag-row');
    await app.page.getByRole('button', { name: 'Nytt investeringsprojekt' }).click();
    const form = app.page.getByRole('form', { name: 'Nytt investeringsprojekt' });
    // The form with its components and years: no serious axe violations.
    await expectNoSeriousA11yViolations(app.page, 'budget-investeringar-projekt');
    await form.getByLabel('Projekt-id').fill('79001');
    await form.getByLabel('Namn').fill('Hjälpmedelsförråd');
    await form.getByLabel('Ansvar').selectOption('3140');
    await form.getByLabel('Start (ÅÅÅÅMM)').fill(`${DEMO_YEAR}01`);
    await form.getByLabel('Planerad aktivering').fill(`${DEMO_YEAR}04`);
    await form.getByLabel('Aktiverad', { exact: true }).fill(`${DEMO_YEAR}04`);
    await form.getByLabel('Komponent', { exact: true }).fill('Inventarier');
    await form.getByLabel('Avskrivningstid (år)').fill('0');
    await form.getByLabel('Budget (kr)').fill('1 200 000');
    const hash = contentHash(ctx.db.file);
    await form.getByRole('button', { name: 'Spara projekt' }).click();
    await expect.poll(() => app.page.locator('main [role="alert"]').first().innerText()).toMatch(/avskrivningstiden "0" ska vara ett helt antal år/);
    expect(contentHash(ctx.db.file)).toBe(hash);
    await form.getByLabel('Avskrivningstid (år)').fill('10');
    await form.getByRole('button', { name: 'Spara projekt' }).click();
    await expect.poll(async () => (await call('investments.get', { year: DEMO_YEAR }, ctx)).projects.find((p) => p.code === '79001')?.name ?? null).toBe('Hjälpmedelsförråd');
    const p = (await call('investments.get', { year: DEMO_YEAR }, ctx)).projects.find((x) => x.code === '79001')!;
    // 100 % of 1 200 000 kr over 120 months from May: 10 000 kr a month for eight months.
    expect(p.components.map((c) => [c.name, c.costOre, c.lifeYears])).toEqual([['Inventarier', 120_000_000, 10]]);
    expect(p.capital.depreciationOre).toBe(8 * 1_000_000);
    await expect.poll(async () => grid().locator('.ag-row', { hasText: '79001 Hjälpmedelsförråd' }).count()).toBe(1);

    const frames = app.page.getByRole('form', { name: 'Investeringsram' });
    await frames.getByLabel('Ansvar').selectOption('3300');
    await frames.getByLabel(`Investeringsram ${DEMO_YEAR} (kr)`).fill('3 000 000');
    await frames.getByRole('button', { name: 'Spara investeringsram' }).click();
    await expect.poll(async () => norm(await status().innerText())).toBe(`Investeringsramen för 3300 ${DEMO_YEAR} är 3 000 000,00 kr.`);
    const f = (await call('investments.get', { year: DEMO_YEAR }, ctx)).frames.find((x) => x.responsibilityCode === '3300')!;
    expect(f).toMatchObject({ amountOre: 300_000_000, budgetOre: 260_000_000, leftOre: 40_000_000 });
  });
});
