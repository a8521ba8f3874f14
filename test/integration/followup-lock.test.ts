import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { defaultDeadlines, saveOccasion, type Occasion } from '../../electron/services/followup/calendar';
import { rowChart } from '../../electron/services/followup/chart';
import { changeCommentStatus, saveComment } from '../../electron/services/followup/comments';
import { figureTree } from '../../electron/services/followup/figures';
import { setForecast } from '../../electron/services/followup/forecast';
import { cliRows } from '../../electron/services/followup/rows';
import { lockOccasion, unlockOccasion } from '../../electron/services/followup/snapshot';
import { saveThreshold } from '../../electron/services/followup/thresholds';
import { runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, controller, kr, writeOutcome } from '../support/followup';
import { tempDir } from '../support/tmp';

describe('a locked reporting occasion', () => {
  let ctx: TestContext;
  let file: string;
  let march: Occasion;
  let april: Occasion;

  beforeEach(async () => {
    file = path.join(tempDir(), 'lock.db');
    ctx = await openTestContext(file);
    buildSmallAdministration(ctx);
    const actor = controller(ctx);
    march = saveOccasion(ctx.db, actor, { year: 2026, period: 202603, kind: 'monthly_forecast', name: 'Mars med prognos', deadlines: defaultDeadlines(202603) });
    april = saveOccasion(ctx.db, actor, { year: 2026, period: 202604, kind: 'tertial', name: 'Tertial 1', deadlines: defaultDeadlines(202604) });
    setForecast(ctx.db, actor, { occasionId: march.id, code: '12101', group: 'other_cost', amountOre: kr(70_000) });
    saveComment(ctx.db, actor, { occasionId: march.id, code: '11102', cause: 'Enheten saknar budget för sin lön.', action: 'Omfördelning begärd.', actionEffect: '5 000' });
    changeCommentStatus(ctx.db, actor, { occasionId: march.id, code: '11102', action: 'ready' });
  });

  it('keeps its figures, forecasts and comments when outcome is re-imported and master data changes afterwards', () => {
    const actor = controller(ctx);
    const before = cliRows(figureTree(ctx.db, { period: 202603 }), null);
    const chartBefore = rowChart(ctx.db, figureTree(ctx.db, { period: 202603 }), 'n:1000').series;
    lockOccasion(ctx.db, actor, march.id);

    // March is imported again from a corrected file, a unit is renamed and the forecast and thresholds change.
    writeOutcome(ctx.db, 'utfall-mars-rattad.csv', [
      { account: '5010', resp: '11101', period: 202603, kr: 50_000 },
      { account: '4010', resp: '12101', period: 202603, kr: 1_234.56 },
    ]);
    ctx.db.run(ctx.db.q.updateTable('dimension_value').set({ name: 'Enhet X (nytt namn)' }).where('code', '=', '11101'));
    setForecast(ctx.db, actor, { occasionId: april.id, code: '12101', group: 'other_cost', amountOre: kr(1) });
    saveThreshold(ctx.db, actor, { level: 'unit', amountOre: 0, percentBp: 0 });

    const locked = figureTree(ctx.db, { period: 202603 });
    expect(locked.source).toBe('snapshot');
    expect(cliRows(locked, null)).toEqual(before);
    expect(rowChart(ctx.db, locked, 'n:1000').series).toEqual(chartBefore);
    // The command line reads the same snapshot.
    ctx.db.close();
    expect(runCliJson(['deviations', '--db', file, '--period', '202603'])).toEqual(before);
  });

  it('shows the new outcome everywhere else: the live figures, the open occasion, and after unlocking', async () => {
    const actor = controller(ctx);
    lockOccasion(ctx.db, actor, march.id);
    writeOutcome(ctx.db, 'utfall-mars-rattad.csv', [{ account: '5010', resp: '11101', period: 202603, kr: 50_000 }]);
    // March outcome now: 11 000 + 9 000 + 50 000 lön and −1 500 − 2 500 avgifter on 11101, 3 000 (11102, January), 4 000 + 6 000 (12101), 3 000 (1100).
    const expected = kr(11_000 + 9_000 + 50_000 - 1_500 - 2_500 + 3_000 + 4_000 + 6_000 + 3_000);
    expect(figureTree(ctx.db, { period: 202603, snapshot: false }).total.actualAcc).toBe(expected);
    expect(figureTree(ctx.db, { period: 202604 }).total.actualAcc).toBe(expected);
    expect(figureTree(ctx.db, { period: 202603 }).total.actualAcc).toBe(kr(51_877.77));
    unlockOccasion(ctx.db, actor, march.id);
    expect(figureTree(ctx.db, { period: 202603 }).total.actualAcc).toBe(expected);
  });

  it('refuses changes to its comments and forecasts until it is unlocked', () => {
    const actor = controller(ctx);
    lockOccasion(ctx.db, actor, march.id);
    const attempts = [
      () => saveComment(ctx.db, actor, { occasionId: march.id, code: '11102', cause: 'ändrad', action: '', actionEffect: '' }),
      () => changeCommentStatus(ctx.db, actor, { occasionId: march.id, code: '11102', action: 'approve' }),
      () => setForecast(ctx.db, actor, { occasionId: march.id, code: '12101', group: 'other_cost', amountOre: 1 }),
      () => lockOccasion(ctx.db, actor, march.id),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(RamkollError);
      try {
        attempt();
      } catch (e) {
        expect((e as RamkollError).code).toBe('CONFLICT');
      }
    }
    unlockOccasion(ctx.db, actor, march.id);
    expect(changeCommentStatus(ctx.db, actor, { occasionId: march.id, code: '11102', action: 'approve' }).status).toBe('approved');
  });

  it('is locked only by the controller', () => {
    expect(() => lockOccasion(ctx.db, { ...controller(ctx), role: 'sektorchef', scopeCode: '1100' }, march.id)).toThrow(/controllerns/);
  });
});
