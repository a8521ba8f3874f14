/**
 * The Ramar tab's flerårsplan in Chromium at 1366×768 (issue 17, point 1):
 * the budget year and both plan years side by side as the service computes
 * them, a plan year's ram set from the keyboard, the plan years' budget
 * changes in their ram i kraft, and new assumptions drawing the plan anew.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { clippedTexts, columnsOutOfView, overflowing } from '../support/clipping';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
/** Öre as the grid shows tkr: whole thousands, sv-SE groups; written here independently of the app's code. */
const tkr = (ore: number | null) => (ore === null ? '–' : norm(new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(Math.round(ore / 100_000))));
/** Öre as kronor with two decimals. */
const kr = (ore: number) => norm(new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ore / 100));

describe('Ramar with the flerårsplan, in Chromium at 1366×768', () => {
  let app: AppSession;
  let ctx: TestContext;
  let draft: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-multiyear-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    draft = (await call('budget.versions.create', { year: DEMO_YEAR, name: 'Flerårsplan', kind: 'draft', basedOnId: adopted }, ctx)).id;
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cell = (code: string, col: string) => app.page.locator(`[data-testid="frames-grid"] .ag-row[row-id="${code}"] .ag-cell[col-id="${col}"]`);

  it('shows the budget year and both plan years side by side, and a plan year’s ram is set from the keyboard', async () => {
    await app.open('budget');
    await app.page.getByLabel('Budgetversion').selectOption(draft);
    await app.page.getByRole('tab', { name: 'Ramar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-row[row-id="3100"]');
    const fb = await call('planning.frames.get', { versionId: draft }, ctx);
    expect(fb.years).toEqual([DEMO_YEAR, DEMO_YEAR + 1, DEMO_YEAR + 2]);
    const headers = norm(await app.page.locator('[data-testid="frames-grid"] .ag-header').innerText());
    for (const h of [`${DEMO_YEAR} budgetår`, `${DEMO_YEAR + 1} planår 1`, `${DEMO_YEAR + 2} planår 2`]) expect(headers).toContain(h);
    const sector = fb.nodes.find((n) => n.code === '3100')!;
    expect(norm(await cell('3100', 'frameOre').innerText())).toBe(tkr(sector.frameOre));
    for (const [k, y] of sector.planYears.entries()) {
      expect(norm(await cell('3100', `plan${k + 1}.frameOre`).innerText())).toBe(tkr(y.frameOre));
      expect(norm(await cell('3100', `plan${k + 1}.plannedOre`).innerText())).toBe(tkr(y.plannedOre));
      expect(norm(await cell('3100', `plan${k + 1}.differenceOre`).innerText())).toBe(tkr(y.differenceOre));
    }
    // Every column of the three years is in view at 1366 px.
    const cols = ['name', 'frameOre', 'budgetedOre', 'differenceOre', ...[1, 2].flatMap((k) => ['frameOre', 'plannedOre', 'differenceOre'].map((f) => `plan${k}.${f}`))];
    expect(await columnsOutOfView(app.page, '[data-testid="frames-grid"]', cols)).toEqual([]);
    // KF's lönekompensation has an amount for the first plan year: it is in that year's ram i kraft.
    const root = fb.nodes[0]!;
    expect(root.planYears[0]!.changedOre).toBeGreaterThan(0);
    expect(norm(await app.page.getByTestId(`frame-root-${DEMO_YEAR + 1}`).innerText())).toBe(`${kr(root.planYears[0]!.frameInForceOre!)} kr (varav budgetändringar ${kr(root.planYears[0]!.changedOre)} kr)`);

    await app.screenshot('budget-ramar-tre-ar');
    // Keyboard: the row is chosen with Enter, the plan year's ram typed and saved with Enter.
    await cell('3100', 'name').click();
    await app.page.keyboard.press('Enter');
    const input = app.page.getByLabel(`Ram ${DEMO_YEAR + 2} (kr)`);
    await input.focus();
    await input.fill('123 456 789');
    await input.press('Enter');
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(new RegExp(`${DEMO_YEAR + 2}: 123\\s456\\s789,00 kr`));
    const row = () => ctx.db.prepare("SELECT f.amount_ore, f.plan1_ore, f.plan2_ore FROM frame f JOIN dimension_value v ON v.id = f.responsibility_id WHERE f.version_id = ? AND v.code = '3100'").get(draft);
    expect(row()).toEqual({ amount_ore: sector.frameOre, plan1_ore: sector.planYears[0]!.frameOre, plan2_ore: 123_456_789_00 });
    await expect.poll(async () => norm(await cell('3100', 'plan2.frameOre').innerText())).toBe(tkr(123_456_789_00));
    await app.screenshot('budget-ramar-flerarsplan');
    expect(app.problems).toEqual([]);
  });

  it('draws the plan anew from new assumptions, as the service computes it', async () => {
    const table = app.page.getByTestId('multiyear-table');
    await expect.poll(() => table.isVisible()).toBe(true);
    const salary = app.page.getByLabel(`Löneökning ${DEMO_YEAR + 1} (%)`);
    await salary.fill('4,25');
    await salary.press('Enter');
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/Planårens antaganden är sparade/);
    const plan = await call('planning.multiyear.get', { versionId: draft }, ctx);
    expect(plan.assumptions[0]!.salaryBp).toBe(425);
    // The chosen node's plan, its net per year.
    const node = plan.nodes.find((n) => n.code === '3100')!;
    for (const [i, y] of plan.years.entries()) await expect.poll(async () => norm(await app.page.getByTestId(`multiyear-total-${y}`).innerText())).toBe(tkr(node.yearsOre[i]!));
    // The grid's plan follows.
    await expect.poll(async () => norm(await cell('3100', 'plan1.plannedOre').innerText())).toBe(tkr(node.yearsOre[1]!));
    await app.page.getByTestId('multiyear').scrollIntoViewIfNeeded();
    await app.screenshot('budget-flerarsplan-antaganden');
    expect(app.problems).toEqual([]);
  });

  it('VF-lista: each measure’s effect per year side by side, the plan years against their ramar, within 1366 px', async () => {
    await app.page.getByRole('tab', { name: 'VF-lista', exact: true }).click();
    await app.page.waitForSelector('[data-testid="vf-plan-years"]');
    const vf = await call('planning.changes.get', { versionId: draft }, ctx);
    const head = norm(await app.page.getByTestId('vf-saving').locator('thead').innerText());
    for (const y of vf.years) expect(head).toContain(`${y} (kr)`);
    const first = vf.savings[0]!;
    const cells = (await app.page.getByTestId('vf-saving').locator('tbody tr').first().locator('td').allInnerTexts()).map(norm);
    expect(cells.slice(3, 6)).toEqual([first.amountOre, ...first.planOre].map(kr));
    const rows = (await app.page.getByTestId('vf-plan-years').locator('tbody tr').allInnerTexts()).map(norm);
    expect(rows).toEqual(vf.planYears.map((y) => norm(`${y.year}\t${kr(y.frameInForceOre!)}\t${kr(y.plannedOre)}\t${kr(y.differenceOre!)}`)));
    expect({ clipped: await clippedTexts(app.page, 'main'), spilling: await overflowing(app.page, 'main') }).toEqual({ clipped: [], spilling: [] });
    await app.screenshot('budget-vf-lista-tre-ar');
    expect(app.problems).toEqual([]);
  });
});
