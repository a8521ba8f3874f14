import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { AccountGroup } from '../../../db/schema';
import { newId } from '../ids';
import { ACCOUNT_GROUP_NAMES } from '../masterdata/accounts';
import { assertVersionEditable } from './lines';
import { computePlan, NO_CHANGE, PLAN_BP_MAX, PLAN_BP_MIN, PLAN_YEAR_COUNT, type PlanAssumptions, type PlanGroup, type PlanMeasure } from './plan-years';
import { loadVersion, Org, type PlanningMeta } from './planning-common';

/**
 * The flerårsplan of a budget version: the budget year and the two plan
 * years per ansvar and account group.
 *
 * Computed on read, not stored. What a person decides is stored and travels
 * in the exchange: the ramar per year (frame), the plan years' assumptions
 * (plan_assumption) and the VF measures' effects per year
 * (operational_change). The plan years follow from those and from the budget
 * year's lines, which change with every edit, import and omfördelning of a
 * line; stored plan figures would be stale after each of them, or need
 * triggers on budget_line. Reading them costs one grouped read of
 * budget_group_sum (a few hundred rows even for a budget of 50 000 lines,
 * kept by triggers) and the exact arithmetic of plan-years.ts, so two
 * sites that hold the same inputs show the same öre without sending results.
 */

export const PLAN_GROUP_NAMES: Record<PlanGroup, string> = { ...ACCOUNT_GROUP_NAMES, unknown: 'Konton utanför kontoplanen', vf: 'Beslutade verksamhetsförändringar' };
const GROUP_ORDER: PlanGroup[] = ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial', 'unknown', 'vf'];

export interface PlanYearAssumptions extends PlanAssumptions {
  /** The calendar year: the budget year + 1 or + 2. */
  year: number;
}

export interface PlanGroupRow {
  group: PlanGroup;
  name: string;
  /** Budget year, plan year 1, plan year 2 (net: costs positive, revenues negative). */
  yearsOre: number[];
}

export interface PlanNode {
  code: string;
  name: string;
  parentCode: string | null;
  depth: number;
  hasChildren: boolean;
  /** The node and everything under it, per group (groups that are zero in every year are left out). */
  groups: PlanGroupRow[];
  yearsOre: number[];
}

export interface MultiyearPlan {
  versionId: string;
  versionName: string;
  locked: boolean;
  /** The budget year and the plan years. */
  years: number[];
  assumptions: PlanYearAssumptions[];
  nodes: PlanNode[];
  /** Lines on ansvar codes missing from the organisation: in the förvaltning's total, in no other node. */
  unknown: { codes: string[]; yearsOre: number[] };
}

/** The assumptions of a version's plan years (no change where none are set). */
export function planAssumptions(db: Db, versionId: string): PlanAssumptions[] {
  const rows = db.all(db.q.selectFrom('plan_assumption').select(['plan_year', 'salary_bp', 'price_bp', 'volume_bp']).where('version_id', '=', versionId).where('deleted_at', 'is', null));
  return Array.from({ length: PLAN_YEAR_COUNT }, (_, i) => {
    const r = rows.find((x) => x.plan_year === i + 1);
    return r ? { salaryBp: r.salary_bp, priceBp: r.price_bp, volumeBp: r.volume_bp } : { ...NO_CHANGE };
  });
}

/** Writes one plan year's assumptions (plan year 1 or 2) of an editable version. */
export function setPlanAssumptions(db: Db, input: { versionId: string; planYear: number } & PlanAssumptions, meta: PlanningMeta): void {
  if (!Number.isInteger(input.planYear) || input.planYear < 1 || input.planYear > PLAN_YEAR_COUNT) throw new RamkollError('INVALID_INPUT', `Planåret ska vara 1 eller ${PLAN_YEAR_COUNT}.`);
  for (const [v, what] of [
    [input.salaryBp, 'Löneökningen'],
    [input.priceBp, 'Prisindex'],
    [input.volumeBp, 'Volymförändringen'],
  ] as const) {
    if (!Number.isInteger(v) || v < PLAN_BP_MIN || v > PLAN_BP_MAX) throw new RamkollError('INVALID_INPUT', `${what} ska vara mellan ${PLAN_BP_MIN / 100} och ${PLAN_BP_MAX / 100} %.`);
  }
  db.tx(() => {
    assertVersionEditable(db, input.versionId);
    writeAssumptions(db, input.versionId, input.planYear, input, meta);
  });
}

/** Upserts a plan year's assumptions; the row keeps its id (the exchange matches it by version and plan year). Inside a transaction. */
export function writeAssumptions(db: Db, versionId: string, planYear: number, a: PlanAssumptions, meta: Pick<PlanningMeta, 'siteId' | 'at'>): void {
  const set = { salary_bp: a.salaryBp, price_bp: a.priceBp, volume_bp: a.volumeBp, deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId };
  const existing = db.first(db.q.selectFrom('plan_assumption').select('id').where('version_id', '=', versionId).where('plan_year', '=', planYear));
  if (existing) db.run(db.q.updateTable('plan_assumption').set(set).where('id', '=', existing.id));
  else db.run(db.q.insertInto('plan_assumption').values({ id: newId(), version_id: versionId, plan_year: planYear, created_at: meta.at, ...set }));
}

/** The budget year's net per ansvar and account group, from the sums the triggers keep. */
function budgetYearCells(db: Db, versionId: string): { code: string; group: AccountGroup | 'unknown'; amountOre: number }[] {
  const months = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`).join(' + ');
  return (
    db
      .prepare(
        `SELECT responsibility_code AS code, account_group AS grp, SUM(${months}) AS amount FROM budget_group_sum
         WHERE version_id = ? AND lines > 0 GROUP BY responsibility_code, account_group`,
      )
      .all(versionId) as { code: string; grp: string; amount: number }[]
  ).map((r) => ({ code: r.code, group: (GROUP_ORDER.includes(r.grp as PlanGroup) ? r.grp : 'unknown') as AccountGroup | 'unknown', amountOre: r.amount }));
}

/** The version's decided VF measures with their effect per year; one without an ansvar belongs to the förvaltning. */
function decidedMeasures(db: Db, versionId: string, org: Org, rootCode: string | null): PlanMeasure[] {
  const rows = db
    .prepare(
      `SELECT v.code, c.amount_ore, c.plan1_ore, c.plan2_ore,
              EXISTS (SELECT 1 FROM budget_line b WHERE b.id = c.budget_line_id AND b.deleted_at IS NULL) AS in_lines
       FROM operational_change c LEFT JOIN dimension_value v ON v.id = c.responsibility_id
       WHERE c.version_id = ? AND c.deleted_at IS NULL AND c.status = 'decided'`,
    )
    .all(versionId) as { code: string | null; amount_ore: number; plan1_ore: number; plan2_ore: number; in_lines: number }[];
  const out: PlanMeasure[] = [];
  for (const r of rows) {
    const code = r.code !== null && org.tree.byCode.has(r.code) ? r.code : rootCode;
    if (code === null) continue;
    out.push({ code, effectsOre: [r.amount_ore, r.plan1_ore, r.plan2_ore], inLines: r.in_lines === 1 });
  }
  return out;
}

/** The flerårsplan of a version, per node of the ansvar tree (each node summing everything under it). */
export function multiyearPlan(db: Db, versionId: string): MultiyearPlan {
  const version = loadVersion(db, versionId);
  const org = new Org(db);
  const ordered = org.ordered();
  const rootCode = ordered[0]?.node.code ?? null;
  const assumptions = planAssumptions(db, versionId);
  const cells = computePlan(budgetYearCells(db, versionId), assumptions, decidedMeasures(db, versionId, org, rootCode));
  const width = PLAN_YEAR_COUNT + 1;
  const add = (into: number[], from: readonly number[]) => from.forEach((v, i) => (into[i]! += v));

  const direct = new Map<string, Map<PlanGroup, number[]>>();
  const unknown = { codes: [] as string[], yearsOre: new Array<number>(width).fill(0) };
  const unknownGroups = new Map<PlanGroup, number[]>();
  for (const c of cells) {
    const known = org.tree.byCode.has(c.code);
    if (!known) {
      if (!unknown.codes.includes(c.code)) unknown.codes.push(c.code);
      add(unknown.yearsOre, c.yearsOre);
    }
    const byGroup = known ? (direct.get(c.code) ?? new Map<PlanGroup, number[]>()) : unknownGroups;
    if (known) direct.set(c.code, byGroup);
    const row = byGroup.get(c.group) ?? new Array<number>(width).fill(0);
    add(row, c.yearsOre);
    byGroup.set(c.group, row);
  }
  // Children come after their parent in `ordered`: walking it backwards sums each subtree once.
  const rolled = new Map<string, Map<PlanGroup, number[]>>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const n = ordered[i]!.node;
    const sum = new Map<PlanGroup, number[]>();
    const take = (m: Map<PlanGroup, number[]> | undefined) => {
      for (const [g, v] of m ?? []) {
        const row = sum.get(g) ?? new Array<number>(width).fill(0);
        add(row, v);
        sum.set(g, row);
      }
    };
    take(direct.get(n.code));
    for (const c of org.tree.children.get(n.code) ?? []) take(rolled.get(c.code));
    if (i === 0) take(unknownGroups);
    rolled.set(n.code, sum);
  }
  const nodes = ordered.map(({ node: n, depth }): PlanNode => {
    const sums = rolled.get(n.code)!;
    const groups = GROUP_ORDER.filter((g) => sums.get(g)?.some((v) => v !== 0)).map((g) => ({ group: g, name: PLAN_GROUP_NAMES[g], yearsOre: sums.get(g)! }));
    const yearsOre = new Array<number>(width).fill(0);
    for (const g of groups) add(yearsOre, g.yearsOre);
    return { code: n.code, name: n.name, parentCode: n.parentCode, depth, hasChildren: (org.tree.children.get(n.code) ?? []).length > 0, groups, yearsOre };
  });
  unknown.codes.sort();
  return {
    versionId,
    versionName: version.name,
    locked: version.lockedAt !== null,
    years: Array.from({ length: width }, (_, i) => version.year + i),
    assumptions: assumptions.map((a, i) => ({ ...a, year: version.year + i + 1 })),
    nodes,
    unknown,
  };
}

/**
 * Budget changes (KF/KS decisions of the version's year, decided up to the
 * date) on plan years, per node with everything under it: [plan year 1,
 * plan year 2]. They raise the plan years' ram i kraft as the budget year's
 * raise its own.
 */
export function planYearChangesByNode(db: Db, org: Org, year: number, asOf: string): Map<string, number[]> {
  const rows = db
    .prepare(
      `SELECT v.code, a.year, SUM(a.amount_ore) AS amount
       FROM budget_change c JOIN budget_change_amount a ON a.change_id = c.id JOIN dimension_value v ON v.id = a.responsibility_id
       WHERE c.year = ? AND a.year BETWEEN ? AND ? AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND c.decided_on <= ?
       GROUP BY v.code, a.year`,
    )
    .all(year, year + 1, year + PLAN_YEAR_COUNT, asOf) as { code: string; year: number; amount: number }[];
  const net = new Map<string, number[]>();
  for (const r of rows) {
    if (!org.tree.byCode.has(r.code)) continue;
    for (const c of org.ancestorsAndSelf(r.code)) {
      const row = net.get(c) ?? new Array<number>(PLAN_YEAR_COUNT).fill(0);
      row[r.year - year - 1]! += r.amount;
      net.set(c, row);
    }
  }
  return net;
}

/** What a new year's version took over from the plan years of the version it started from. */
export interface CarriedPlan {
  frames: number;
  measures: number;
  assumptions: number;
}

/**
 * Next autumn's work starts from last year's plan years: a version for the
 * year `offset` years after its source's takes the source's ram for that
 * year as its budget-year ram (and the year after as its plan year 1), the
 * assumptions of the plan year that follows, and each decided VF measure's
 * effect in those years, less what of it the source's lines already held
 * (those lines are the new version's starting point). Inside the
 * transaction that created the target.
 */
export function carryPlanYears(db: Db, fromId: string, toId: string, offset: number, meta: Pick<PlanningMeta, 'siteId' | 'at'>): CarriedPlan {
  if (offset < 1 || offset > PLAN_YEAR_COUNT) return { frames: 0, measures: 0, assumptions: 0 };
  const stamp = { created_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null };
  const planOf = (r: { amount_ore: number; plan1_ore: number | null; plan2_ore: number | null }, k: number) => (k === 0 ? r.amount_ore : k === 1 ? r.plan1_ore : k === 2 ? r.plan2_ore : null);
  let frames = 0;
  for (const f of db.all(db.q.selectFrom('frame').select(['responsibility_id', 'amount_ore', 'plan1_ore', 'plan2_ore', 'note']).where('version_id', '=', fromId).where('deleted_at', 'is', null).orderBy('responsibility_id'))) {
    const amount = planOf(f, offset);
    if (amount === null) continue;
    db.run(
      db.q.insertInto('frame').values({ id: newId(), version_id: toId, responsibility_id: f.responsibility_id, amount_ore: amount, plan1_ore: planOf(f, offset + 1), plan2_ore: planOf(f, offset + 2), note: f.note, ...stamp }),
    );
    frames++;
  }
  let assumptions = 0;
  const source = planAssumptions(db, fromId);
  for (let k = 1; offset + k <= PLAN_YEAR_COUNT; k++) {
    writeAssumptions(db, toId, k, source[offset + k - 1]!, meta);
    assumptions++;
  }
  const rows = db
    .prepare(
      `SELECT c.responsibility_id, c.description, c.amount_ore, c.plan1_ore, c.plan2_ore,
              EXISTS (SELECT 1 FROM budget_line b WHERE b.id = c.budget_line_id AND b.deleted_at IS NULL) AS in_lines
       FROM operational_change c WHERE c.version_id = ? AND c.deleted_at IS NULL AND c.status = 'decided' ORDER BY c.priority, c.created_at, c.id`,
    )
    .all(fromId) as { responsibility_id: string | null; description: string; amount_ore: number; plan1_ore: number; plan2_ore: number; in_lines: number }[];
  let measures = 0;
  for (const r of rows) {
    const held = r.in_lines ? r.amount_ore : 0;
    // A year past the source's plan goes on with its last plan year's effect.
    const effect = (k: number) => (planOf(r, Math.min(k, PLAN_YEAR_COUNT)) ?? 0) - held;
    const years = [effect(offset), effect(offset + 1), effect(offset + 2)];
    if (years.every((v) => v === 0)) continue;
    db.run(
      db.q.insertInto('operational_change').values({
        id: newId(),
        version_id: toId,
        responsibility_id: r.responsibility_id,
        description: r.description,
        amount_ore: years[0]!,
        plan1_ore: years[1]!,
        plan2_ore: years[2]!,
        priority: ++measures,
        status: 'decided',
        budget_line_id: null,
        ...stamp,
      }),
    );
  }
  return { frames, measures, assumptions };
}
