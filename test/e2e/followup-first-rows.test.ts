import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';

/**
 * The Uppföljning grid shows its first rows without waiting for the whole
 * tree: the page asks for the top levels (levels: 3), draws them, and only
 * then asks for the whole view. Here the whole view is held back in
 * the page until the test lets it through: the förvaltning and its sektorer
 * must be in the grid before, from an answer that holds only the top levels.
 */
describe('Uppföljning: the first rows before the whole tree', () => {
  let app: AppSession;
  let ctx: TestContext;
  let db: string;
  let rows: CliDeviationRow[];

  beforeAll(async () => {
    db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-first-rows-')), 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    rows = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
    // After the bridge's own script: the whole view waits for window.__releaseWhole(); every answer is noted.
    await app.page.context().addInitScript(`(() => {
      const inner = window.ramkoll;
      let release;
      const released = new Promise((r) => (release = r));
      window.__releaseWhole = () => release();
      window.__answers = [];
      window.__events = [];
      window.ramkoll = Object.freeze({
        ...inner,
        invoke: async (channel, input) => {
          const whole = channel === 'followup.deviations.get' && (input?.levels ?? null) === null;
          const name = whole ? 'whole' : channel === 'followup.deviations.get' ? 'top' : null;
          if (name) window.__events.push('ask ' + name + (name === 'whole' && document.querySelector('[data-testid="deviation-grid"] .ag-row') ? ' after rows' : ''));
          const out = await inner.invoke(channel, input);
          if (name === 'top') window.__events.push('answer top');
          if (whole) await released;
          if (channel === 'followup.deviations.get' && out.ok) {
            window.__answers.push({ levels: input?.levels ?? null, partial: out.value.partial, rows: out.value.rows.length, depths: [...new Set(out.value.rows.map((r) => r.depth))] });
          }
          return out;
        },
      });
    })();`);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });

  it('draws the förvaltning and its sektorer from the top levels, then the enheter when the whole tree comes', async () => {
    const root = rows.find((r) => r.level === 'administration')!;
    const sector = rows.find((r) => r.level === 'sector')!;
    const operation = rows.find((r) => r.level === 'operation' && r.parent === sector.code)!;
    const unit = rows.find((r) => r.level === 'unit' && r.parent === operation.code)!;
    await app.open('uppfoljning');
    const row = (code: string) => app.page.locator(`[data-testid="deviation-grid"] .ag-row[row-id="n:${code}"]`).first();
    await row(root.code).waitFor();
    await row(sector.code).waitFor();

    // Only the top levels have come: one answer, marked partial, with the förvaltning, sektorer and verksamheter.
    const first = (await app.page.evaluate('window.__answers')) as { levels: number | null; partial: boolean; rows: number; depths: number[] }[];
    expect(first).toHaveLength(1);
    expect(first[0]!.levels).toBe(3);
    expect(first[0]!.partial).toBe(true);
    expect(first[0]!.depths.sort()).toEqual([0, 1, 2]);
    expect(first[0]!.rows).toBeLessThan(rows.length);
    await expect(app.page.getByRole('button', { name: 'Fäll ut alla' }).isDisabled()).resolves.toBe(true);

    // A sektor opens at once on its verksamheter.
    await app.page.locator(`.ag-row[row-id="n:${sector.code}"] button[aria-expanded]`).first().click();
    await row(operation.code).waitFor();

    // The whole tree was asked for only after the first answer was in and its rows were in the grid,
    // so that it never held up the first answer in the main process.
    await app.page.waitForFunction('window.__events.length >= 3');
    expect(await app.page.evaluate('window.__events')).toEqual(['ask top', 'answer top', 'ask whole after rows']);

    // The whole tree: its enheter can be opened, and Fäll ut alla works.
    await app.page.evaluate('window.__releaseWhole()');
    await app.page.waitForFunction('window.__answers.length === 2');
    const answers = (await app.page.evaluate('window.__answers')) as { levels: number | null; partial: boolean; rows: number }[];
    expect(answers[1]).toMatchObject({ levels: null, partial: false });
    expect(answers[1]!.rows).toBeGreaterThan(answers[0]!.rows);
    await app.page.locator(`.ag-row[row-id="n:${operation.code}"] button[aria-expanded]`).first().click();
    await row(unit.code).waitFor();
    await expect(app.page.getByRole('button', { name: 'Fäll ut alla' }).isEnabled()).resolves.toBe(true);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
