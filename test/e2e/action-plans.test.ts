import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

/** Issue 19 point 5: Uppföljning › Åtgärdsplaner, a plan written with the keyboard, marked klar and approved, at 1366×768. */
describe('Uppföljning › Åtgärdsplaner in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-actions-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows Åtgärdsplan saknas for a large deviation, writes a plan with Ctrl+Enter, marks it klar and approves it', async () => {
    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption('202610');
    await app.page.getByRole('tab', { name: 'Åtgärdsplaner', exact: true }).click();
    const table = app.page.getByRole('table', { name: /^Åtgärdsplaner, / });
    await table.waitFor();
    // 31202 Hemtjänst Norr has no plan at October; Lindgården (31104) has August's plan in force (in-force.ts).
    const row = table.getByRole('row').filter({ has: app.page.getByTestId('action-node-31202') });
    expect(await row.innerText()).toContain('Åtgärdsplan saknas');
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-atgardsplaner');
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await app.page.getByTestId('action-node-31202').click();
    await app.page.getByTestId('action-add').click();
    await app.page.getByTestId('action-what').fill('Bemanningen ses över nattetid; vikarier via bemanningspoolen i stället för bemanningsföretag.');
    await app.page.getByTestId('action-owner').fill('Enhetschef Hemtjänst Norr');
    await app.page.getByTestId('action-due').fill('2026-12-31');
    await app.page.getByTestId('action-effect').fill('350 000');
    await app.page.getByTestId('action-effect').press('Control+Enter');
    const panel = app.page.getByRole('region', { name: /Åtgärdsplan: 31202/ });
    await panel.getByRole('status').filter({ hasText: 'Åtgärden är sparad.' }).waitFor();
    await panel.getByRole('table', { name: /^Åtgärder, / }).getByText('Enhetschef Hemtjänst Norr').waitFor();
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-atgardsplaner-plan');

    await panel.getByRole('button', { name: 'Markera klar' }).click();
    await panel.getByRole('status').filter({ hasText: 'Markerad klar.' }).waitFor();
    await panel.getByRole('button', { name: 'Godkänn' }).click();
    await panel.getByRole('status').filter({ hasText: 'Godkänd.' }).waitFor();
    expect(await row.innerText()).toContain('godkänd');

    const round = await call('actions.list', { period: 202610 }, ctx);
    expect(round.nodes.find((n) => n.code === '31202')).toMatchObject({
      planMissing: false,
      plan: { status: 'approved', items: [{ owner: 'Enhetschef Hemtjänst Norr', dueDate: '2026-12-31', effectOre: 350_000_00, status: 'planned' }] },
    });
  }, 120_000);
});
