/**
 * The flerårsplan (issue 17, point 1): ramar for the budget year and two plan
 * years survive the upgrade of an existing database as budget-year ramar,
 * travel between Ekonomi and the controller with their plan years, count the
 * plan years' budget changes in their ram i kraft, and start next year's
 * version from last year's plan years.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { migrations } from '../../migrations/index';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { distributeFrame, frameBalances, setFrame } from '../../electron/services/budget/frames';
import { carryPlanYears, multiyearPlan, setPlanAssumptions } from '../../electron/services/budget/multiyear';
import { changesOverview, saveChange } from '../../electron/services/budget/operational-changes';
import { saveBudgetChange } from '../../electron/services/budget/changes';
import { createStartingPoint } from '../../electron/services/budget/starting-points';
import { drawPlanYears } from '../../electron/services/budget/plan-years';
import { naturalId, newId } from '../../electron/services/ids';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, SMALL_UNITS } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

let n = 0;
async function send(dir: string, from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return receive(to, file);
}
async function introduce(dir: string, from: TestContext, to: TestContext): Promise<void> {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}
async function site(dir: string, name: string, role: 'ekonomi' | 'controller', scope: string | null): Promise<TestContext> {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}
const meta = (ctx: TestContext) => ({ siteId: siteId(ctx), user: 'test', at: ctx.now().toISOString() });
const node = (ctx: TestContext, versionId: string, code: string) => frameBalances(ctx.db, versionId).nodes.find((x) => x.code === code)!;
const planFrames = (ctx: TestContext, versionId: string, code: string) => node(ctx, versionId, code).planYears.map((y) => y.frameOre);

describe('a database from before the flerårsplan', () => {
  it('keeps its ramar as the budget year’s ramar, without plan-year ramar, and its VF measures go on with the same effect', async () => {
    const dir = tempDir('ramkoll-my-upgrade-');
    const file = path.join(dir, 'gammal.db');
    const old = await openDatabase(file, { create: true, migrations: migrations.slice(0, 12) });
    const dim = naturalId('dimension', 'ansvar');
    const value = (code: string, name: string, parent: string | null, level: string) =>
      `INSERT INTO dimension_value (id, dimension_id, code, name, parent_id, level, created_at, updated_at, updated_by_site) VALUES ('${naturalId('ansvar', code)}', '${dim}', '${code}', '${name}', ${parent === null ? 'NULL' : `'${naturalId('ansvar', parent)}'`}, '${level}', 'x', 'x', 'gammal-site');`;
    old.sqlite.exec(`
      INSERT INTO site VALUES ('gammal-site', 'Gammal', 'controller', NULL, NULL, 1, 'x', 'x');
      INSERT INTO fiscal_year VALUES (2026, 'open', 'x');
      INSERT INTO budget_version (id, year, name, kind, created_at, updated_at, updated_by_site) VALUES ('v1', 2026, 'Budget 2026', 'adopted', 'x', 'x', 'gammal-site');
      INSERT INTO dimension VALUES ('${dim}', 'ansvar', 'Ansvar', 'responsibility', 1, 0, 'x', 'x', 'gammal-site', NULL);
      ${value('9000', 'Förvaltningen', null, 'administration')}
      ${value('9100', 'Sektor Ett', '9000', 'sector')}
      ${value('91101', 'Enhet Ett A', '9100', 'unit')}
      INSERT INTO frame (id, version_id, responsibility_id, amount_ore, note, created_at, updated_at, updated_by_site) VALUES ('ram-9000', 'v1', '${naturalId('ansvar', '9000')}', 5500000000, 'KF 2025-11-20 § 140', 'x', 'x', 'gammal-site');
      INSERT INTO frame (id, version_id, responsibility_id, amount_ore, created_at, updated_at, updated_by_site) VALUES ('ram-9100', 'v1', '${naturalId('ansvar', '9100')}', 2000000000, 'x', 'x', 'gammal-site');
      INSERT INTO operational_change (id, version_id, responsibility_id, description, amount_ore, priority, status, created_at, updated_at, updated_by_site) VALUES ('vf1', 'v1', '${naturalId('ansvar', '91101')}', 'Färre platser', -120000000, 1, 'decided', 'x', 'x', 'gammal-site');`);
    const data = { versionId: 'v1' };
    old.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(12);
    raw.close();

    const ctx = await openTestContext(file);
    open.push(ctx);
    const b = frameBalances(ctx.db, data.versionId);
    expect(b.years).toEqual([2026, 2027, 2028]);
    const top = b.nodes.find((x) => x.code === '9000')!;
    expect(top).toMatchObject({ frameOre: 55_000_000_00, note: 'KF 2025-11-20 § 140' });
    expect(top.planYears.map((y) => [y.year, y.frameOre, y.frameInForceOre])).toEqual([
      [2027, null, null],
      [2028, null, null],
    ]);
    expect(node(ctx, data.versionId, '9100').frameOre).toBe(20_000_000_00);
    const vf = changesOverview(ctx.db, data.versionId).settled.find((c) => c.id === 'vf1')!;
    expect(vf.planOre).toEqual([-1_200_000_00, -1_200_000_00]);
    // The upgraded rows travel with their new fields: the first package carries the plan years too.
    const logged = ctx.db.prepare("SELECT field FROM xchg_change WHERE tbl = 'frame' AND row_id = 'ram-9000' ORDER BY field").all() as { field: string }[];
    expect(logged.map((l) => l.field)).toEqual(expect.arrayContaining(['amount_ore', 'plan1_ore', 'plan2_ore']));
  });
});

describe('plan-year ramar in the exchange', () => {
  it('go from Ekonomi to the controller with the budget year’s, and the controller’s distribution and assumptions come back', async () => {
    const dir = tempDir('ramkoll-my-xchg-');
    const controller = await site(dir, 'Controller', 'controller', null);
    const ekonomi = await site(dir, 'Ekonomi', 'ekonomi', null);
    await introduce(dir, ekonomi, controller);
    await introduce(dir, controller, ekonomi);
    const data = createSmallForvaltning(controller.db, siteId(controller));
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);

    // KF's ramar for the nämnd: 2026, 2027 and 2028.
    setFrame(ekonomi.db, { versionId: data.versionId, responsibilityCode: '9000', amountOre: 60_000_000_00, planOre: [61_500_000_00, 63_000_000_00], note: 'KF § 140' }, meta(ekonomi));
    const got = await send(dir, ekonomi, controller);
    expect(got).toMatchObject({ refused: 0, conflicts: 0 });
    expect(node(controller, data.versionId, '9000').frameOre).toBe(60_000_000_00);
    expect(planFrames(controller, data.versionId, '9000')).toEqual([61_500_000_00, 63_000_000_00]);

    // The controller sets the plan years' assumptions and distributes all three years to the sektorer.
    setPlanAssumptions(controller.db, { versionId: data.versionId, planYear: 1, salaryBp: 300, priceBp: 200, volumeBp: 100 }, meta(controller));
    setPlanAssumptions(controller.db, { versionId: data.versionId, planYear: 2, salaryBp: 250, priceBp: 150, volumeBp: 0 }, meta(controller));
    await distributeFrame(controller.db, { versionId: data.versionId, responsibilityCode: '9000' }, meta(controller));
    const sectors = ['9100', '9200'].map((c) => node(controller, data.versionId, c));
    for (const k of [0, 1]) expect(sectors[0]!.planYears[k]!.frameOre! + sectors[1]!.planYears[k]!.frameOre!).toBe(node(controller, data.versionId, '9000').planYears[k]!.frameOre);
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);
    for (const s of sectors) expect(planFrames(ekonomi, data.versionId, s.code)).toEqual(s.planYears.map((y) => y.frameOre));
    // Ekonomi holds the same lines and assumptions, so it computes the same plan to the öre.
    expect(multiyearPlan(ekonomi.db, data.versionId).nodes).toEqual(multiyearPlan(controller.db, data.versionId).nodes);
    expect(multiyearPlan(controller.db, data.versionId).assumptions.map((a) => [a.year, a.salaryBp])).toEqual([
      [2027, 300],
      [2028, 250],
    ]);
  });
});

describe('the plan years of a version', () => {
  it('draw each ansvar’s account groups forward, add decided VF measures per year, and count plan-year budget changes in the ram i kraft', async () => {
    const dir = tempDir('ramkoll-my-plan-');
    const ctx = await openTestContext(path.join(dir, 'r.db'));
    open.push(ctx);
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    const v = data.versionId;
    setPlanAssumptions(ctx.db, { versionId: v, planYear: 1, salaryBp: 310, priceBp: 200, volumeBp: 150 }, meta(ctx));
    setPlanAssumptions(ctx.db, { versionId: v, planYear: 2, salaryBp: 250, priceBp: 180, volumeBp: 0 }, meta(ctx));
    saveChange(ctx.db, { versionId: v, description: 'Samordnad nattbemanning', amountOre: -100_000_00, planOre: [-250_000_00, -400_000_00], status: 'decided', responsibilityCode: '91101' }, meta(ctx));
    saveChange(ctx.db, { versionId: v, description: 'Förslag som inte beslutats', amountOre: -999_00, status: 'proposed', responsibilityCode: '91101' }, meta(ctx));
    const plan = multiyearPlan(ctx.db, v);
    expect(plan.years).toEqual([2026, 2027, 2028]);
    const unit = plan.nodes.find((x) => x.code === '91101')!;
    // Each unit has the same lines (createSmallForvaltning): 4010 240 000 kr, 5010 1 200 000 kr, 3120 −120 000 kr.
    const personnel = drawPlanYears(1_200_000_00, 'personnel', plan.assumptions);
    const other = drawPlanYears(240_000_00, 'other_cost', plan.assumptions);
    const revenue = drawPlanYears(-120_000_00, 'revenue', plan.assumptions);
    expect(unit.groups.find((g) => g.group === 'vf')!.yearsOre).toEqual([0, -250_000_00, -400_000_00]);
    for (const k of [1, 2]) expect(unit.yearsOre[k]).toBe(personnel[k - 1]! + other[k - 1]! + revenue[k - 1]! + (k === 1 ? -250_000_00 : -400_000_00));
    const top = plan.nodes[0]!;
    expect(top.yearsOre[0]).toBe(SMALL_UNITS.length * (1_200_000_00 + 240_000_00 - 120_000_00));
    expect(top.yearsOre[1]).toBe(plan.nodes.filter((x) => x.code.length === 5).reduce((s, x) => s + x.yearsOre[1]!, 0));

    // A ram for the plan years, and KF's lönekompensation of 2026 with an amount for 2027: the 2027 ram i kraft counts it.
    setFrame(ctx.db, { versionId: v, responsibilityCode: '9100', amountOre: 3_000_000_00, planOre: [3_100_000_00, 3_200_000_00] }, meta(ctx));
    saveBudgetChange(
      ctx.db,
      { year: 2026, kind: 'pay', decisionRef: 'KF 2026-05-20 § 61', decidedOn: '2026-05-20', text: 'Lönekompensation', amounts: [{ code: '91101', year: 2027, amountOre: 310_000_00 }] },
      meta(ctx),
      'controller',
    );
    const sector = node(ctx, v, '9100');
    expect(sector.planYears[0]).toMatchObject({ year: 2027, frameOre: 3_100_000_00, changedOre: 310_000_00, frameInForceOre: 3_410_000_00 });
    expect(sector.planYears[0]!.plannedOre).toBe(plan.nodes.find((x) => x.code === '9100')!.yearsOre[1]);
    expect(sector.planYears[0]!.differenceOre).toBe(3_410_000_00 - sector.planYears[0]!.plannedOre);
    expect(sector.planYears[1]).toMatchObject({ year: 2028, frameOre: 3_200_000_00, changedOre: 0, frameInForceOre: 3_200_000_00 });
    // Not before its decision date.
    expect(frameBalances(ctx.db, v, '2026-05-19').nodes.find((x) => x.code === '9100')!.planYears[0]!.changedOre).toBe(0);
    // The budget year's ram i kraft is the budget year's alone.
    expect(sector.frameInForceOre).toBe(3_000_000_00);
  });

  it('next year’s version starts from last year’s plan years: ramar, assumptions and decided measures', async () => {
    const dir = tempDir('ramkoll-my-next-');
    const ctx = await openTestContext(path.join(dir, 'r.db'));
    open.push(ctx);
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    const v = data.versionId;
    setFrame(ctx.db, { versionId: v, responsibilityCode: '9000', amountOre: 6_000_000_00, planOre: [6_200_000_00, 6_400_000_00] }, meta(ctx));
    setFrame(ctx.db, { versionId: v, responsibilityCode: '9100', amountOre: 3_000_000_00, planOre: [3_100_000_00, null] }, meta(ctx));
    setFrame(ctx.db, { versionId: v, responsibilityCode: '9200', amountOre: 3_000_000_00 }, meta(ctx));
    setPlanAssumptions(ctx.db, { versionId: v, planYear: 2, salaryBp: 275, priceBp: 190, volumeBp: -50 }, meta(ctx));
    saveChange(ctx.db, { versionId: v, description: 'Samordnad nattbemanning', amountOre: -100_000_00, planOre: [-250_000_00, -400_000_00], status: 'decided', responsibilityCode: '91101' }, meta(ctx));

    const r = await createStartingPoint(ctx.db, { source: 'budget', sourceYear: 2026, sourceVersion: v, salaryIncreaseBp: 300, priceIndexBp: 200, efficiencyBp: 0 }, meta(ctx));
    expect(r.year).toBe(2027);
    expect(r.carried).toEqual({ frames: 2, measures: 1, assumptions: 1 });
    const b = frameBalances(ctx.db, r.versionId);
    expect(b.years).toEqual([2027, 2028, 2029]);
    const f = (code: string) => b.nodes.find((x) => x.code === code)!;
    // 2026's plan year 2027 is 2027's budget year; its plan year 2028 is 2027's plan year 1.
    expect([f('9000').frameOre, ...f('9000').planYears.map((y) => y.frameOre)]).toEqual([6_200_000_00, 6_400_000_00, null]);
    expect([f('9100').frameOre, ...f('9100').planYears.map((y) => y.frameOre)]).toEqual([3_100_000_00, null, null]);
    // 9200 had no ram for 2027.
    expect(f('9200').frameOre).toBeNull();
    expect(multiyearPlan(ctx.db, r.versionId).assumptions[0]).toEqual({ year: 2028, salaryBp: 275, priceBp: 190, volumeBp: -50 });
    // The measure (not in 2026's lines) brings its 2027 and 2028 effects; 2029 goes on as 2028.
    const carried = changesOverview(ctx.db, r.versionId).settled;
    expect(carried.map((c) => [c.description, c.status, c.amountOre, ...c.planOre])).toEqual([['Samordnad nattbemanning', 'decided', -250_000_00, -400_000_00, -400_000_00]]);
    expect(r.notes.join(' ')).toMatch(/2 ramar för 2027 kom från flerårsplanens planår/);
  });

  it('a measure already in the source’s lines brings only what its effect grows by', async () => {
    {
      const dir = tempDir('ramkoll-my-carry-');
      const ctx = await openTestContext(path.join(dir, 'r.db'));
      open.push(ctx);
      const data = createSmallForvaltning(ctx.db, siteId(ctx));
      const target = newId();
      ctx.db.prepare("INSERT INTO fiscal_year VALUES (2027, 'open', 'x')").run();
      ctx.db.prepare("INSERT INTO budget_version (id, year, name, kind, created_at, updated_at, updated_by_site) VALUES (?, 2027, 'B', 'draft', 'x', 'x', ?)").run(target, siteId(ctx));
      ctx.db
        .prepare(
          "INSERT INTO operational_change (id, version_id, responsibility_id, description, amount_ore, plan1_ore, plan2_ore, priority, status, budget_line_id, created_at, updated_at, updated_by_site) VALUES ('m', ?, ?, 'I raderna', -300, -600, -700, 1, 'decided', ?, 'x', 'x', ?)",
        )
        .run(data.versionId, naturalId('ansvar', '91101'), data.lineIds[0], siteId(ctx));
      const c = ctx.db.tx(() => carryPlanYears(ctx.db, data.versionId, target, 1, { siteId: siteId(ctx), at: 'x' }));
      expect(c.measures).toBe(1);
      expect(ctx.db.prepare('SELECT amount_ore, plan1_ore, plan2_ore FROM operational_change WHERE version_id = ?').get(target)).toEqual({ amount_ore: -300, plan1_ore: -400, plan2_ore: -400 });
    }
  });
});

describe('the demo förvaltning', () => {
  it('has a flerårsplan: plan-year ramar distributed exactly, assumptions, VF effects per year and a plan-year budget change', async () => {
    const dir = tempDir('ramkoll-my-demo-');
    const ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    open.push(ctx);
    const v = (ctx.db.prepare("SELECT id FROM budget_version WHERE kind = 'adopted'").get() as { id: string }).id;
    const b = frameBalances(ctx.db, v);
    const withRam = b.nodes.filter((x) => x.frameOre !== null);
    expect(withRam.length).toBeGreaterThan(3);
    for (const x of withRam) {
      for (const y of x.planYears) expect(y.frameOre).not.toBeNull();
      expect(x.planYears[1]!.frameOre!).toBeGreaterThan(x.planYears[0]!.frameOre!);
      // Every plan year's ram is distributed exactly where the budget year's is.
      if (x.remainingOre === 0) for (const y of x.planYears) expect(y.frameOre! - y.distributedOre).toBe(0);
    }
    const plan = multiyearPlan(ctx.db, v);
    expect(plan.assumptions.map((a) => a.salaryBp)).toEqual([320, 300]);
    expect(plan.nodes[0]!.groups.find((g) => g.group === 'vf')!.yearsOre[1]).toBe(-600_000_00);
    // KF's lönekompensation of May has a full-year amount for the first plan year.
    expect(b.nodes[0]!.planYears[0]!.changedOre).toBeGreaterThan(0);
    const vf = changesOverview(ctx.db, v);
    expect(vf.years).toEqual([2026, 2027, 2028]);
    expect(vf.savings.find((c) => c.description.startsWith('Hemmaplanslösningar'))!.planOre).toEqual([-4_000_000_00, -5_000_000_00]);
  });
});

describe('the VF-lista', () => {
  it('measures the plan years against their ramar beside the budget year', async () => {
    const dir = tempDir('ramkoll-my-vf-');
    const ctx = await openTestContext(path.join(dir, 'r.db'));
    open.push(ctx);
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    setFrame(ctx.db, { versionId: data.versionId, responsibilityCode: '9100', amountOre: 3_000_000_00, planOre: [3_100_000_00, null] }, meta(ctx));
    saveChange(ctx.db, { versionId: data.versionId, description: 'Nattbemanning', amountOre: -50_000_00, planOre: [-90_000_00, -90_000_00], status: 'decided', responsibilityCode: '91101' }, meta(ctx));
    const vf = changesOverview(ctx.db, data.versionId, { nodeCode: '9100' });
    const planned = multiyearPlan(ctx.db, data.versionId).nodes.find((x) => x.code === '9100')!.yearsOre;
    expect(vf.planYears.map((y) => [y.year, y.frameInForceOre, y.plannedOre, y.differenceOre])).toEqual([
      [2027, 3_100_000_00, planned[1], 3_100_000_00 - planned[1]!],
      [2028, null, planned[2], null],
    ]);
    expect(vf.settled[0]!.planOre).toEqual([-90_000_00, -90_000_00]);
  });
});

describe('a copy of a version', () => {
  it('keeps the plan years: ramar, assumptions and the VF measures’ effects per year', async () => {
    const dir = tempDir('ramkoll-my-copy-');
    const ctx = await openTestContext(path.join(dir, 'r.db'));
    open.push(ctx);
    const data = createSmallForvaltning(ctx.db, siteId(ctx));
    setFrame(ctx.db, { versionId: data.versionId, responsibilityCode: '9000', amountOre: 6_000_000_00, planOre: [6_100_000_00, 6_300_000_00] }, meta(ctx));
    setPlanAssumptions(ctx.db, { versionId: data.versionId, planYear: 1, salaryBp: 310, priceBp: 200, volumeBp: 150 }, meta(ctx));
    saveChange(ctx.db, { versionId: data.versionId, description: 'Nattbemanning', amountOre: -50_000_00, planOre: [-90_000_00, -95_000_00], status: 'decided', responsibilityCode: '91101' }, meta(ctx));
    const copy = (await call('budget.versions.create', { year: 2026, name: 'Kopia', kind: 'draft', basedOnId: data.versionId }, ctx)).id;
    expect(planFrames(ctx, copy, '9000')).toEqual([6_100_000_00, 6_300_000_00]);
    expect(multiyearPlan(ctx.db, copy).nodes).toEqual(multiyearPlan(ctx.db, data.versionId).nodes);
    expect(changesOverview(ctx.db, copy).settled[0]!.planOre).toEqual([-90_000_00, -95_000_00]);
  });
});
