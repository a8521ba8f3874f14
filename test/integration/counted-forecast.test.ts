/**
 * Only an approved prognos counts in the förvaltning's prognos, everywhere
 * (issue 18 point 2): a prognos an enhetschef writes in its installation and
 * sends leaves the controller's Översikt, Uppföljning and report unchanged
 * until it is approved; what the controller writes counts at once; the
 * chef's own installation shows its working prognos.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { siteInfo } from '../../electron/services/exchange/identity';
import { overview } from '../../electron/services/figures/overview';
import { figureTree, nodeKey } from '../../electron/services/followup/figures';
import { setForecast } from '../../electron/services/followup/forecast';
import { deviationRows } from '../../electron/services/followup/rows';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { buildReport } from '../../electron/services/reports/build';
import { actOnForecast, forecastRound } from '../../electron/services/rounds/forecast-round';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, writeOutcome } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.db.close();
});

const actor = (ctx: TestContext) => {
  const s = siteInfo(ctx.db);
  return { siteId: s.id, user: s.name, role: s.role, scopeCode: s.scopeCode, now: ctx.now() };
};

let n = 0;
async function world() {
  const dir = tempDir('ramkoll-counted-');
  const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  const e = await siteContext(path.join(dir, 'e.db'), 'enhetschef', '91101', 'Enhetschef Ett A');
  open.push(c, e);
  const data = createSmallForvaltning(c.db, siteId(c));
  // Outcome up to October, so that Översikt shows the occasion's period.
  writeOutcome(c.db, [data.year * 100 + 10], () => 30_000_00);
  const send = async (from: TestContext, to: TestContext) => {
    const f = path.join(dir, `paket-${++n}.ramkoll`);
    exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
    return receive(to, f);
  };
  const intro = path.join(dir, `intro-${++n}.ramkoll`);
  exportIntroduction(e.db, intro, e.now());
  await receive(c, intro);
  await send(c, e);
  const period = data.year * 100 + 10;
  return { c, e, data, period, send };
}

/** The förvaltning's prognos and 91101's as the controller sees them: Uppföljning's tree and rows, Översikt, the report. */
function figures(ctx: TestContext, year: number, period: number) {
  const tree = figureTree(ctx.db, { period });
  const rows = deviationRows(tree, { groups: false });
  const row = rows.find((r) => r.code === '91101')!;
  return {
    total: tree.total.forecastYear,
    unit: tree.byKey.get(nodeKey('91101'))!.figures.forecastYear,
    pending: row.forecastPending,
    rowForecast: row.forecastYear,
    overview: overview(ctx.db, year).total.forecastYear,
    notApproved: overview(ctx.db, year).sectors.find((r) => r.code === '9100')!.forecastNotApproved,
    report: buildReport(ctx.db, { period, scope: null, now: ctx.now() }).total.forecastYear,
  };
}

describe('the prognos that counts', () => {
  it("leaves a chef's prognos out of the controller's figures until it is approved, and counts the controller's own at once", async () => {
    const { c, e, data, period, send } = await world();
    const occ = data.occasionId;
    const before = figures(c, data.year, period);
    expect(before.pending).toBeNull();
    expect(before.overview).toBe(before.total);
    expect(before.report).toBe(before.total);

    // The enhetschef writes a prognos and hands it in.
    setForecast(e.db, actor(e), { occasionId: occ, code: '91101', group: 'personnel', amountOre: 9_000_000_00 });
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' });
    const chefOwn = figureTree(e.db, { period }).byKey.get(nodeKey('91101'))!;
    expect(chefOwn.forecastPending).toBeNull();
    const working = chefOwn.figures.forecastYear!;
    expect((await send(e, c)).refused).toBe(0);

    // At the controller: received, handed in, not approved — every figure as before, the row marked with the working prognos.
    const waiting = figures(c, data.year, period);
    expect(waiting).toMatchObject({ total: before.total, unit: before.unit, overview: before.total, report: before.total, rowForecast: before.unit });
    expect(waiting.pending).toEqual({ counted: 'earlier', workingOre: working });
    expect([before.notApproved, waiting.notApproved]).toEqual([0, 1]);
    expect(figureTree(c.db, { period, forecast: 'working' }).byKey.get(nodeKey('91101'))!.figures.forecastYear).toBe(working);
    const round = forecastRound(c.db, actor(c), occ);
    expect(round.countedTotalOre).toBe(before.total);
    expect(round.nodes.find((x) => x.code === '91101')).toMatchObject({ status: 'submitted', counted: 'earlier', prognosOre: working, countedOre: before.unit });

    // Approved: it counts everywhere.
    actOnForecast(c.db, actor(c), { occasionId: occ, code: '91101', action: 'approve' });
    const approved = figures(c, data.year, period);
    expect(approved).toMatchObject({ unit: working, pending: null, notApproved: 0, total: before.total! - before.unit! + working });
    expect(approved.overview).toBe(approved.total);
    expect(approved.report).toBe(approved.total);

    // The chef changes it after the approval: the approved prognos counts until the change is approved.
    await send(c, e);
    setForecast(e.db, actor(e), { occasionId: occ, code: '91101', group: 'personnel', amountOre: 9_500_000_00 });
    await send(e, c);
    const changed = figures(c, data.year, period);
    expect(changed).toMatchObject({ unit: working, total: approved.total, overview: approved.total, report: approved.total });
    expect(changed.pending).toEqual({ counted: 'approved', workingOre: working + 500_000_00 });

    // The controller's own prognos counts at once (she is the top level), here on another enhet.
    const other = figureTree(c.db, { period }).byKey.get(nodeKey('91102'))!.figures.forecastYear!;
    setForecast(c.db, actor(c), { occasionId: occ, code: '91102', group: 'other_cost', amountOre: 1_000_000_00 });
    const own = figures(c, data.year, period);
    const after = figureTree(c.db, { period }).byKey.get(nodeKey('91102'))!;
    expect(after.forecastPending).toBeNull();
    expect(own.total).toBe(approved.total! - other + after.figures.forecastYear!);
    expect(after.figures.forecastYear).not.toBe(other);

    // Locked, the occasion keeps what counted then.
    lockOccasion(c.db, actor(c), occ);
    expect(figures(c, data.year, period)).toMatchObject({ total: own.total, unit: working, report: own.total });
  });

  it('counts a row the chef added as not written until approved, at the controller and at Ekonomi', async () => {
    const { c, e, data, period, send } = await world();
    const k = await siteContext(path.join(path.dirname(c.db.file), 'k.db'), 'ekonomi', null, 'Ekonomi');
    open.push(k);
    for (const [a, b] of [
      [k, c],
      [c, k],
    ] as const) {
      const intro = path.join(path.dirname(c.db.file), `intro-${++n}.ramkoll`);
      exportIntroduction(a.db, intro, a.now());
      await receive(b, intro);
    }
    expect((await send(c, k)).refused).toBe(0);
    const total = (ctx: TestContext) => figureTree(ctx.db, { period }).total.forecastYear;
    const before = total(c);
    expect(total(k)).toBe(before);

    // A group with no prognos before: the enhet's other costs.
    setForecast(e.db, actor(e), { occasionId: data.occasionId, code: '91101', group: 'other_cost', amountOre: 7_000_000_00 });
    expect((await send(e, c)).refused).toBe(0);
    expect((await send(c, k)).refused).toBe(0);
    expect(figureTree(c.db, { period }).byKey.get(nodeKey('91101'))!.forecastPending).toMatchObject({ counted: 'default' });
    expect(total(c)).toBe(before);
    expect(total(k)).toBe(before);
    expect(figureTree(k.db, { period, forecast: 'working' }).total.forecastYear).not.toBe(before);
    // Changed again by the chef: still its own row, still not counted (the audit trail's earlier amount is the chef's).
    setForecast(e.db, actor(e), { occasionId: data.occasionId, code: '91101', group: 'other_cost', amountOre: 7_500_000_00 });
    expect((await send(e, c)).refused).toBe(0);
    expect((await send(c, k)).refused).toBe(0);
    expect(figureTree(c.db, { period }).byKey.get(nodeKey('91101'))!.forecastPending).toMatchObject({ counted: 'default' });
    expect(total(c)).toBe(before);
    expect(total(k)).toBe(before);

    actOnForecast(c.db, actor(c), { occasionId: data.occasionId, code: '91101', action: 'approve' });
    expect((await send(c, k)).refused).toBe(0);
    const approved = total(c);
    expect(approved).not.toBe(before);
    expect(total(k)).toBe(approved);
  });

  it('counts every prognos at once in a database without chefs', async () => {
    const dir = tempDir('ramkoll-counted-solo-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    open.push(c);
    const data = createSmallForvaltning(c.db, siteId(c));
    const period = data.year * 100 + 10;
    setForecast(c.db, actor(c), { occasionId: data.occasionId, code: '91101', group: 'personnel', amountOre: 9_000_000_00 });
    const counted = figureTree(c.db, { period });
    const working = figureTree(c.db, { period, forecast: 'working' });
    expect(counted.total.forecastYear).toBe(working.total.forecastYear);
    expect(counted.forecastPending.size).toBe(0);
    expect(forecastRound(c.db, actor(c), data.occasionId).countedTotalOre).toBe(working.total.forecastYear);
  });
});
