import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import organisation from '../../resources/demo/organisation.json';
import { generateGoalsDemo } from '../../electron/services/demo/goals';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { OrgTree } from '../../electron/services/figures/org-tree';
import { goalTree } from '../../electron/services/goals/tree';
import { planOrganisationImport } from '../../electron/services/masterdata/organisation';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { suiteDir } from '../support/goals';

describe('the demo goal chain', () => {
  const dir = suiteDir();
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
  });
  afterAll(() => ctx?.db.close());

  it('has 2 nämndmål per inriktningsmål, delmål across the sektorer and aktiviteter with enheter', () => {
    const tree = goalTree(ctx.db, DEMO_YEAR * 100 + 8);
    const org = OrgTree.load(ctx.db);
    const councils = tree.rows.filter((r) => r.level === 'council');
    expect(councils).toHaveLength(3);
    for (const c of councils) expect(tree.rows.filter((r) => r.parentId === c.id && r.level === 'board')).toHaveLength(2);
    const subs = tree.rows.filter((r) => r.level === 'sub');
    const sectorsWithSubs = new Set(subs.map((s) => org.ancestorAt(s.owner.code, 'sector')?.code));
    expect(sectorsWithSubs).toEqual(new Set(['3100', '3200', '3300', '3400']));
    for (const b of tree.rows.filter((r) => r.level === 'board')) expect(b.childCount, b.code).toBeGreaterThan(0);
    const acts = tree.rows.filter((r) => r.level === 'activity');
    expect(acts.length).toBeGreaterThanOrEqual(20);
    expect(acts.filter((a) => a.owner.level === 'unit').length).toBe(acts.length);
  });

  it('has styrtal with Kolada keys and own measurements over several years', () => {
    const keys = ctx.db.sqlite.prepare("SELECT source, series_key, start_value, target_value FROM indicator WHERE deleted_at IS NULL").all() as { source: string; series_key: string }[];
    expect(keys.filter((k) => k.source === 'kolada').every((k) => /^[NU]\d{5}$/.test(k.series_key))).toBe(true);
    expect(keys.filter((k) => k.source === 'kolada').length).toBeGreaterThanOrEqual(8);
    expect(keys.filter((k) => k.source === 'own').length).toBeGreaterThanOrEqual(8);
    const years = ctx.db.sqlite.prepare('SELECT DISTINCT substr(measured_on, 1, 4) AS y FROM indicator_value ORDER BY 1').all() as { y: string }[];
    expect(years.map((y) => Number(y.y))).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('has assessments for April and August in several states of the round, with their history', () => {
    const rows = ctx.db.sqlite
      .prepare(`SELECT o.period, a.round_status AS r, count(*) AS n FROM goal_assessment a JOIN reporting_occasion o ON o.id = a.occasion_id GROUP BY 1, 2`)
      .all() as { period: number; r: string; n: number }[];
    const states = (p: number) => new Set(rows.filter((r) => r.period === p).map((r) => r.r));
    expect(states(DEMO_YEAR * 100 + 4)).toEqual(new Set(['approved', 'ready']));
    expect(states(DEMO_YEAR * 100 + 8)).toEqual(new Set(['approved', 'ready', 'draft', 'returned']));
    const august = goalTree(ctx.db, DEMO_YEAR * 100 + 8);
    expect(august.counts.find((c) => c.level === 'sub')!.byStatus.unassessed).toBeGreaterThan(0);
    const events = ctx.db.sqlite.prepare('SELECT action, count(*) AS n FROM goal_assessment_event GROUP BY 1').all() as { action: string; n: number }[];
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['saved', 'ready', 'approved', 'returned']));
  });

  it('writes its assessments on the calendar’s occasions and adds none of its own', () => {
    // The follow-up part of the demo makes the calendar first; the goal round uses its tertial 1 and delårsrapport.
    const used = ctx.db.sqlite
      .prepare('SELECT DISTINCT o.period, o.name, o.kind FROM goal_assessment a JOIN reporting_occasion o ON o.id = a.occasion_id ORDER BY o.period')
      .all() as { period: number; name: string; kind: string }[];
    expect(used).toEqual([
      { period: DEMO_YEAR * 100 + 4, name: 'Tertialrapport 1 (april) med prognos', kind: 'tertial' },
      { period: DEMO_YEAR * 100 + 8, name: 'Delårsrapport augusti med prognos', kind: 'interim' },
    ]);
    // The calendar's nine occasions a year (monthly reports, tertial, delår, årsbokslut), for last year and this: no more.
    const perYear = ctx.db.sqlite.prepare('SELECT year, count(*) AS n FROM reporting_occasion WHERE deleted_at IS NULL GROUP BY 1 ORDER BY 1').all();
    expect(perYear).toEqual([
      { year: DEMO_YEAR - 1, n: 9 },
      { year: DEMO_YEAR, n: 9 },
    ]);
  });

  it('uses the calendar’s occasions where they exist and adds only the missing ones', async () => {
    // The goal part of the demo alone, on a database with the demo organisation and a calendar that has only April.
    const other = await openTestContext(path.join(dir, 'with-calendar.db'));
    const at = '2026-01-01T00:00:00.000Z';
    const plan = planOrganisationImport(other.db, {
      fileName: 'organisation',
      format: 'csv',
      rows: [['Ansvar', 'Namn', 'Överordnad', 'Nivå'], ...organisation.map((o) => [o.code, o.name, o.parent ?? '', o.level])].map((cells, i) => ({ line: i + 1, cells })),
    });
    expect(plan.errors).toEqual([]);
    plan.apply(other.site.id, at);
    ensureFiscalYear(other.db, DEMO_YEAR, at);
    other.db.sqlite
      .prepare(
        `INSERT INTO reporting_occasion (id, year, period, kind, name, deadline_unit, deadline_operation, deadline_sector, deadline_administration, created_at, updated_at, updated_by_site)
         VALUES ('calendar-april', ?, ?, 'tertial', 'Tertial 1 (kalendern)', '2026-05-06', '2026-05-08', '2026-05-12', '2026-05-15', ?, ?, 'x')`,
      )
      .run(DEMO_YEAR, DEMO_YEAR * 100 + 4, at, at);
    other.db.tx(() => generateGoalsDemo(other.db, { year: DEMO_YEAR, siteId: other.site.id, now: new Date(`${DEMO_YEAR}-11-20T10:00:00Z`), openPeriod: DEMO_YEAR * 100 + 10 }));
    const occ = other.db.sqlite
      .prepare('SELECT id, period, kind, name, deadline_unit, deadline_operation, deadline_sector, deadline_administration, locked_at FROM reporting_occasion ORDER BY period')
      .all() as Record<string, unknown>[];
    expect(occ.map((o) => [o.period, o.name])).toEqual([
      [DEMO_YEAR * 100 + 4, 'Tertial 1 (kalendern)'],
      [DEMO_YEAR * 100 + 8, 'Delårsrapport augusti med prognos'],
    ]);
    // The missing one is the calendar's own August occasion, by its rules: enhet by the 15th of the next month, verksamhet by
    // the 25th, sektor on the first weekday of the month after (Thursday 1 October 2026), förvaltning by its 10th.
    expect(occ[1]).toMatchObject({ kind: 'interim', deadline_unit: '2026-09-15', deadline_operation: '2026-09-25', deadline_sector: '2026-10-01', deadline_administration: '2026-10-10', locked_at: null });
    const april = other.db.sqlite.prepare("SELECT count(*) AS n FROM goal_assessment WHERE occasion_id = 'calendar-april'").get() as { n: number };
    expect(april.n).toBeGreaterThan(30);
    const august = other.db.sqlite.prepare('SELECT count(*) AS n FROM goal_assessment WHERE occasion_id = ?').get(occ[1]!.id) as { n: number };
    expect(august.n).toBeGreaterThan(30);
    expect(goalTree(other.db, DEMO_YEAR * 100 + 4).rows.find((r) => r.level === 'sub')!.deadline).toBe('2026-05-08');
    expect(goalTree(other.db, DEMO_YEAR * 100 + 8).rows.find((r) => r.level === 'sub')!.deadline).toBe('2026-09-25');
    other.db.close();
  });
});
