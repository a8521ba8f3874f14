import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import { actorOf } from '../../electron/services/followup/actor';
import { figureTree } from '../../electron/services/followup/figures';
import { applyForecastMethods, type ForecastMethodApplication } from '../../electron/services/followup/forecast';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

const PERIOD = 202610;

/** The forecasts of an occasion and their change log, without ids and times (the two databases make their own). */
function forecastState(ctx: TestContext, occasionId: string) {
  const rows = ctx.db
    .prepare('SELECT responsibility_id, account_group, amount_ore, method, note, deleted_at IS NULL AS live FROM forecast WHERE occasion_id = ? ORDER BY 1, 2')
    .all(occasionId);
  const log = ctx.db
    .prepare(
      `SELECT f.responsibility_id, f.account_group, l.field, l.old_value, l.new_value FROM change_log l JOIN forecast f ON f.id = l.row_id
       WHERE l.table_name = 'forecast' AND f.occasion_id = ? ORDER BY l.seq`,
    )
    .all(occasionId);
  return { rows, log };
}

/**
 * applyForecastMethods applies several methods at one occasion on one figure
 * tree (the demo's forecasting): the result must be what the same methods
 * give applied one call at a time, each on a tree of its own.
 */
describe('forecast methods applied together', () => {
  let one: TestContext;
  let many: TestContext;
  let occasionId: string;
  let applications: ForecastMethodApplication[];

  beforeAll(async () => {
    const dir = tempDir();
    one = await openTestContext(path.join(dir, 'one.db'), { demo: true });
    one.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(path.join(dir, 'one.db'), path.join(dir, 'many.db'));
    many = await openTestContext(path.join(dir, 'many.db'));
    const tree = figureTree(one.db, { period: PERIOD });
    occasionId = tree.occasion!.id;
    const units = [...tree.byKey.values()].filter((n) => n.kind === 'node' && n.level === 'unit').slice(0, 6);
    // Every enhet by trend, then some by last year's pattern or actual + remaining, then a sektor's enheter again.
    applications = [
      { code: tree.roots[0]!.code, method: 'linear', target: 'units' },
      ...units.map((u, i): ForecastMethodApplication => ({ code: u.code, method: i % 2 ? 'last_year' : 'actual_plus_remaining', target: 'node' })),
      { code: units[0]!.parent!.code, method: 'actual_plus_remaining', target: 'node' },
      { code: units[0]!.parent!.parent!.code, method: 'last_year', target: 'units' },
    ];
  });

  afterAll(() => {
    one?.db.close();
    many?.db.close();
  });

  it('writes the same forecasts and change log as one call per application', async () => {
    let separately = 0;
    for (const a of applications) separately += ((await invoke('followup.forecast.apply', { occasionId, ...a }, one)) as Output<'followup.forecast.apply'>).written;
    const together = applyForecastMethods(many.db, actorOf(many), occasionId, applications);
    expect(together).toBe(separately);
    expect(together).toBeGreaterThan(100);
    const a = forecastState(one, occasionId);
    const b = forecastState(many, occasionId);
    expect(b.rows).toEqual(a.rows);
    expect(b.log).toEqual(a.log);
  });

  it('checks every node before it writes anything', () => {
    const before = forecastState(many, occasionId);
    expect(() => applyForecastMethods(many.db, actorOf(many), occasionId, [applications[0]!, { code: 'finns-inte', method: 'linear', target: 'node' }])).toThrow(/finns-inte finns inte/);
    expect(forecastState(many, occasionId)).toEqual(before);
  });
});
