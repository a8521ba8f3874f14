import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';

/**
 * Issue 19 point 5 where the controller looks: Uppföljning › Avvikelser's Åtgärdsplan column (saknas, or the plan's
 * status) with Enter in it, or a click, leading to the node's plan under Åtgärdsplaner; and Översikt's list of large
 * deviations without an approved plan after the deadline. On the demo at 1366×768.
 */
describe('Åtgärdsplan saknas in the deviation grid and on Översikt, in Chromium', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-plan-marks-'));
  const cell = (code: string, col: string) => app.page.locator(`[data-testid="deviation-grid"] .ag-row[row-id="n:${code}"] .ag-cell[col-id="${col}"]`).first();
  const tab = (name: string) => app.page.getByRole('tab', { name, exact: true });
  const focusedTestId = () => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('marks the plans in the grid and jumps to a node’s plan with Enter or a click', async () => {
    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption('202608');
    await app.page.getByLabel('Sök ansvar').fill('Lindgårdens');
    // The approved plan of the delårsrapport, and its verksamhet's large deviation without one.
    await expect.poll(() => cell('31104', 'actionPlan').innerText(), { timeout: 15_000 }).toBe('godkänd');
    expect(await cell('3110', 'actionPlan').innerText()).toBe('saknas');
    expect(await app.page.locator('[data-testid="deviation-grid"] .ag-header-cell[col-id="actionPlan"]').innerText()).toBe('Åtgärdsplan');
    // The column is in view at 1366 px without scrolling the grid sideways.
    const box = await cell('3110', 'actionPlan').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-avvikelser-atgardsplan');
    await app.screenshot('uppfoljning-avvikelser-atgardsplan');
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // From the keyboard: the row's Status cell, one step right to Åtgärdsplan, Enter.
    await cell('3110', 'commentStatus').click();
    await app.page.keyboard.press('Escape');
    await cell('3110', 'commentStatus').focus();
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.closest('.ag-cell')?.getAttribute('col-id') ?? null)).toBe('actionPlan');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => tab('Åtgärdsplaner').getAttribute('aria-selected')).toBe('true');
    await expect.poll(focusedTestId).toBe('action-node-3110');
    await app.page.getByRole('region', { name: /Åtgärdsplan: 3110/ }).waitFor();
    expect(await app.page.getByTestId('action-node-3110').getAttribute('aria-pressed')).toBe('true');

    // A click on the mark does the same: Lindgården's plan with its two åtgärder.
    await tab('Avvikelser').click();
    await app.page.getByTestId('plan-mark-31104').click();
    await expect.poll(focusedTestId).toBe('action-node-31104');
    const panel = app.page.getByRole('region', { name: /Åtgärdsplan: 31104/ });
    await panel.getByText(/^Nytt schema efter de boendes behov/).waitFor();
    await panel.getByText(/^Avsluta inhyrda sjuksköterskor/).waitFor();
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-atgardsplaner-fran-avvikelser');
    expect(app.problems).toEqual([]);
  }, 120_000);

  it('lists on Översikt the large deviations without an approved plan after the deadline, each leading to its plan', async () => {
    await app.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt', exact: true }).click();
    const list = app.page.getByRole('list', { name: 'Åtgärdsplaner som saknas' }).first();
    await list.waitFor({ timeout: 15_000 });
    const item = list.getByRole('listitem').filter({ hasText: '31202 Hemtjänst Norr' });
    // 20 November: October's enhet deadline (15 November) has passed and Hemtjänst Norr has no plan at October;
    // Lindgården has none of its own either, but August's approved plan is in force (an åtgärd pågår).
    expect(await list.getByRole('listitem').filter({ hasText: '31104 Lindgårdens demensboende' }).count()).toBe(0);
    expect(await item.innerText()).toMatch(/\(enhet\) – Åtgärdsplan saknas, skulle vara klar 2026-11-15/);
    await expectNoSeriousA11yViolations(app.page, 'oversikt-atgardsplaner-saknas');
    await item.scrollIntoViewIfNeeded();
    await app.screenshot('oversikt-atgardsplaner-saknas');
    await item.getByRole('link').click();
    await expect.poll(() => app.page.evaluate(() => window.location.hash)).toBe('#/uppfoljning');
    expect(await app.page.getByTestId('period-select').inputValue()).toBe('202610');
    await expect.poll(() => tab('Åtgärdsplaner').getAttribute('aria-selected')).toBe('true');
    await expect.poll(focusedTestId).toBe('action-node-31202');
    expect(app.problems).toEqual([]);
  }, 120_000);
});
