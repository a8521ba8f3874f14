import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetGrid, LineTuple } from '../../electron/api/features/budget';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { clippedTexts, columnsOutOfView, overflowing } from '../support/clipping';
import { openTestContext, type TestContext } from '../support/db';

/**
 * Issue 15, part 2: at 1366×768 nothing is cut off and nothing spills on
 * Ramar, Versioner, Personal, the Prognos panel, Årshjul and Mål: every
 * header, cell, button and label shows its whole text (or, for a long goal
 * or ansvar name, carries it whole in a tooltip), no table reaches beyond
 * its box, and a percentage never wraps between the number and its sign.
 * Screenshots go to test/artifacts/e2e/clip-*.png.
 */
describe('nothing clipped, nothing spilling at 1366×768', () => {
  let app: AppSession;
  let ctx: TestContext;
  let draft: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-clipping-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    // A working version with a name as long as people give them, and a line that differs, so that the comparison has rows.
    draft = (await call('budget.versions.create', { name: 'Arbetsversion efter nämndens beslut om besparingar', kind: 'draft', basedOnId: adopted }, ctx)).id;
    const grid = await call('budget.lines.list', { versionId: draft }, ctx);
    const line = (JSON.parse((grid as BudgetGrid).linesJson) as LineTuple[])[0]!;
    await call('budget.lines.apply', { versionId: draft, changes: [{ op: 'year', id: line[0], yearOre: (line[6] as number) + 123_456_789 }] }, ctx);
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function expectWhole(name: string, root: string) {
    await app.page.waitForFunction(() => !document.querySelector('main .loading'));
    await app.page.waitForSelector(root);
    await app.screenshot(`clip-${name}`);
    expect({ clipped: await clippedTexts(app.page, root), spilling: await overflowing(app.page, root) }, name).toEqual({ clipped: [], spilling: [] });
  }
  const tab = async (name: string) => {
    await app.page.getByRole('tab', { name, exact: true }).click();
    await expect.poll(() => app.page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true');
  };

  it('Budget: Ramar (Kontroll, Kvar att fördela), Versioner (the comparison), Personal (Ta bort)', async () => {
    await app.open('budget');
    await app.page.getByLabel('Budgetversion').selectOption(draft);
    await tab('Ramar');
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-row');
    await expectWhole('ramar', 'main');
    // The flerårsplan's three years are the first view; the budget year's distribution and checks the other.
    await app.page.getByLabel('Visa', { exact: true }).selectOption('budget');
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-header-cell[col-id="warnings"]');
    await expectWhole('ramar-budgetar', 'main');
    // Every column, Kontroll last, in view without scrolling the grid sideways.
    expect(await columnsOutOfView(app.page, '[data-testid="frames-grid"]', ['name', 'frameOre', 'distributedOre', 'remainingOre', 'budgetedOre', 'differenceOre', 'reallocatedOre', 'warnings'])).toEqual([]);
    await tab('Versioner');
    await app.page.waitForSelector('main .ag-row');
    await expectWhole('versioner', 'main');
    expect(await columnsOutOfView(app.page, '[data-testid="compare-grid"]', ['node', 'group', 'aOre', 'bOre', 'diffOre'])).toEqual([]);
    await tab('Personal');
    await app.page.waitForSelector('[data-testid="positions"] tbody tr');
    await expectWhole('personal', 'main');
    expect(app.problems).toEqual([]);
  });

  it('Uppföljning: the Prognos panel and Årshjul och trösklar', async () => {
    await app.open('uppfoljning');
    const row = app.page.locator('[data-testid="deviation-grid"] .ag-row[row-id="n:3100"] .ag-cell[col-id="budgetYear"]');
    await row.waitFor();
    await row.click();
    const panel = app.page.getByTestId('node-panel');
    await panel.getByRole('tab', { name: 'Prognos' }).click();
    await panel.getByRole('heading', { name: 'Metoderna ger' }).waitFor();
    await expectWhole('prognos', '[data-testid="node-panel"]');
    // The panel's heading line holds the deviation in per cent: the number and its sign on one line.
    expect(await panel.innerText()).toMatch(/−?\d+,\d\u00a0%/);
    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    await app.page.waitForSelector('table.calendar-table tbody tr');
    await expectWhole('arshjul', 'main');
    expect(app.problems).toEqual([]);
  });

  it('Mål: goal names wrap or are read in a tooltip, and the columns fit their headers', async () => {
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    await expectWhole('mal', '[data-testid="goal-grid"]');
    // A long title is shown whole in its cell.
    const title = app.page.locator('[data-testid="goal-grid"] .ag-row[row-id="NM1.1"] .goal-title');
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= el.closest('.ag-cell')!.getBoundingClientRect().right + 1)).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
