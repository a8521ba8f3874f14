import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';

/**
 * axe and the keyboard walk on Uppföljning's states beyond its first view:
 * a sektor expanded, the side panel open on a node with each of its parts
 * (comment form, forecast, chart, drill-down), the other tabs, and
 * Översikt's comment-round panel.
 */
describe('Uppföljning and Översikt in their working states: accessible and keyboard operable', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;
  let rows: CliDeviationRow[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-a11y-followup-'));
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    rows = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const key = (r: CliDeviationRow) => (r.level === 'direct' ? `d:${r.code}` : r.level === 'unknown' ? `u:${r.code}` : `n:${r.code}`);
  const row = (k: string) => app.page.locator(`[data-testid="deviation-grid"] .ag-row[row-id="${k}"]`);
  async function check(name: string) {
    await app.page.waitForFunction(() => !document.querySelector('main .loading'));
    await expectNoSeriousA11yViolations(app.page, name);
    await expectKeyboardOperable(app.page, name);
    await app.screenshot(`a11y-${name}`);
  }

  it('Avvikelser with a sektor expanded, and the side panel on an enhet: comment form, forecast, chart and drill-down', async () => {
    const unit = rows.find((r) => r.level === 'unit' && r.commentStatus === 'missing')!;
    const operation = rows.find((r) => r.level === 'operation' && r.code === unit.parent)!;
    const sector = rows.find((r) => r.level === 'sector' && r.code === operation.parent)!;
    await app.open('uppfoljning');
    await row(key(sector)).locator('.tree-toggle').waitFor();
    await row(key(sector)).locator('.tree-toggle').click();
    await expect.poll(() => row(key(operation)).count()).toBe(1);
    await row(key(operation)).locator('.tree-toggle').click();
    await expect.poll(() => row(key(unit)).count()).toBe(1);
    await check('uppfoljning-sektor-utfalld');

    await row(key(unit)).locator('.ag-cell[col-id="budgetYear"]').click();
    const panel = app.page.getByTestId('node-panel');
    await expect.poll(() => panel.locator('h2').innerText()).toContain(unit.name);
    await panel.getByLabel('Orsak').waitFor();
    await check('uppfoljning-panel-kommentar');

    for (const [tab, name, ready] of [
      ['Prognos', 'prognos', () => panel.locator('form, table').first().waitFor()],
      ['Diagram', 'diagram', () => panel.locator('svg path.line-actual').waitFor()],
      ['Underlag', 'underlag', () => panel.getByTestId('drilldown').locator('table').first().waitFor()],
    ] as const) {
      await panel.getByRole('tab', { name: tab }).click();
      await ready();
      await check(`uppfoljning-panel-${name}`);
    }
    // Enter on a row opens its panel from the keyboard, and the panel's close button gives the focus back to the row.
    await panel.getByRole('button', { name: 'Stäng panelen' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.closest('.ag-row')?.getAttribute('row-id') ?? null)).toBe(key(unit));
    await app.page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('h2').innerText()).toContain(unit.name);
    expect(app.problems).toEqual([]);
  });

  it('Prognosträffsäkerhet and Årshjul och trösklar', async () => {
    await app.open('uppfoljning');
    await app.page.getByRole('tab', { name: 'Prognosträffsäkerhet' }).click();
    await app.page.getByTestId('accuracy-table').waitFor();
    await check('uppfoljning-traffsakerhet');
    await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).click();
    await expect.poll(() => app.page.locator('.calendar-table tbody tr').count()).toBeGreaterThan(0);
    await check('uppfoljning-arshjul');
    expect(app.problems).toEqual([]);
  });

  it('Översikt with the comment-round panel', async () => {
    await app.open('oversikt');
    await app.page.getByTestId('round-panel').waitFor();
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    await check('oversikt-kommentarsrunda');
    expect(app.problems).toEqual([]);
  });
});
