import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { AccountGroup, ForecastMethod, OrgLevel } from '../../../db/schema';
import { assertOpen, getOccasion, type Occasion } from './calendar';
import { actualGroupSums } from '../figures/group-sums';
import { followUpWrite } from './facts';
import { figureTree, nodeKey, subtreeCodes, type FigureNode, type FigureTree, type ForecastSource } from './figures';
import { forecastBy, type MethodInput } from './forecast-methods';
import { logChanges } from './history';
import { FORECAST_GROUPS, GROUP_INDEX, GROUP_NAMES, MONTHS, type Actor, type GroupKey } from './model';
import { assertCanWrite, parentIn } from './permissions';
import { writeRefusal } from '../../../shared/rights';
import { isClosed } from '../rounds/write-settings';
import { isChef } from '../../../shared/roles';
import { newId } from '../ids';

type AutoMethod = Exclude<ForecastMethod, 'manual'>;
const AUTO_METHODS: readonly AutoMethod[] = ['actual_plus_remaining', 'linear', 'last_year'];

export interface ForecastGroupDetail {
  group: GroupKey;
  name: string;
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  actualAccLastYear: number;
  forecast: number | null;
  source: ForecastSource;
  method: ForecastMethod | null;
  /** Sum of the rows below (for a node with children), to compare with a forecast set on the node. */
  below: number | null;
  /** What each method would give. */
  suggestions: Record<AutoMethod, number>;
}

export interface ForecastDetail {
  occasion: { id: string; name: string; period: number; lockedAt: string | null } | null;
  /** Why forecasts cannot be set here, or null. */
  readOnlyReason: string | null;
  code: string;
  name: string;
  level: OrgLevel;
  hasChildren: boolean;
  groups: ForecastGroupDetail[];
}

function forecastOccasion(db: Db, occasionId: string): Occasion {
  const o = getOccasion(db, occasionId);
  if (!o.forecastKind) {
    throw new RamkollError('CONFLICT', `${o.name} har ingen helårsprognos. Prognoser görs vid månadsrapport med prognos, tertial- och delårsrapport.`);
  }
  return o;
}

type Monthly = { actual: number[][]; lastYear: number[][] };

/**
 * Monthly outcome (this year to the period, and all of last year) per
 * account group, for each target: `targetOf` maps an ansvar code to the
 * target it counts for. One query for all of them.
 */
function monthlyByGroup(db: Db, tree: FigureTree, targetOf: Map<string, number>, targets: number): Monthly[] {
  const month = tree.period % 100;
  const G = FORECAST_GROUPS.length + 1;
  const out: Monthly[] = Array.from({ length: targets }, () => ({
    actual: Array.from({ length: G }, () => new Array<number>(MONTHS).fill(0)),
    lastYear: Array.from({ length: G }, () => new Array<number>(MONTHS).fill(0)),
  }));
  const codes = [...targetOf.keys()];
  for (const [year, to, field] of [
    [tree.year, month, 'actual'],
    [tree.year - 1, MONTHS, 'lastYear'],
  ] as const) {
    for (const e of actualGroupSums(db, year, codes)) {
      const t = targetOf.get(e.resp);
      if (t === undefined) continue;
      const g = GROUP_INDEX[e.group as GroupKey] ?? GROUP_INDEX.unknown;
      for (let m = 0; m < to; m++) out[t]![field][g]![m]! += e.months[m]!;
    }
  }
  return out;
}

const allTo = (codes: readonly string[]) => new Map(codes.map((c) => [c, 0]));

function methodInput(tree: FigureTree, node: FigureNode, gi: number, monthly: Monthly): MethodInput {
  const g = node.groups[gi]!;
  const month = tree.period % 100;
  return { month, budgetYear: g.budgetYear, budgetAcc: g.budgetAcc, actualMonths: monthly.actual[gi]!.slice(0, month), lastYearMonths: monthly.lastYear[gi]! };
}

export function getForecastDetail(db: Db, actor: Actor, occasionId: string, code: string): ForecastDetail {
  const occasion = forecastOccasion(db, occasionId);
  const tree = figureTree(db, { period: occasion.period, forecast: 'working' });
  const node = tree.byKey.get(nodeKey(code));
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen.`);
  const monthly = monthlyByGroup(db, tree, allTo(subtreeCodes(node)), 1)[0]!;
  const readOnlyReason =
    occasion.lockedAt !== null
      ? `${occasion.name} är låst.`
      : tree.forecastOccasion?.id !== occasion.id
        ? `Prognosen för perioden hämtas från ${tree.forecastOccasion?.name ?? 'ett annat tillfälle'}.`
        : writeRefusal(actor, 'prognos', code, parentIn(tree.org), prognosClosed(db, actor, occasion.id, code));
  const groups: ForecastGroupDetail[] = [];
  for (const group of [...FORECAST_GROUPS, 'unknown' as const]) {
    const gi = GROUP_INDEX[group];
    const g = node.groups[gi]!;
    const input = methodInput(tree, node, gi, monthly);
    const suggestions = Object.fromEntries(AUTO_METHODS.map((m) => [m, forecastBy(m, input)])) as Record<AutoMethod, number>;
    const empty = g.budgetYear === 0 && g.actualAcc === 0 && g.actualAccLastYear === 0 && (g.forecastYear ?? 0) === 0 && monthly.lastYear[gi]!.every((v) => v === 0);
    if (empty && node.forecastSource[gi] !== 'set') continue;
    const below = node.children.length > 0 ? node.children.reduce((s, c) => s + (c.groups[gi]!.forecastYear ?? 0), 0) - (node.forecastSource[gi] === 'set' ? directAdjustment(node, gi) : 0) : null;
    groups.push({
      group,
      name: GROUP_NAMES[group],
      budgetYear: g.budgetYear,
      budgetAcc: g.budgetAcc,
      actualAcc: g.actualAcc,
      actualAccLastYear: g.actualAccLastYear,
      forecast: g.forecastYear,
      source: node.forecastSource[gi]!,
      method: node.forecastMethod[gi]!,
      below,
      suggestions,
    });
  }
  return {
    occasion: { id: occasion.id, name: occasion.name, period: occasion.period, lockedAt: occasion.lockedAt },
    readOnlyReason,
    code,
    name: node.name,
    level: node.level,
    hasChildren: node.children.some((c) => c.kind === 'node'),
    groups,
  };
}

/** The part of a node's direct row that only carries the difference between a forecast set on the node and the sum below. */
function directAdjustment(node: FigureNode, gi: number): number {
  const d = node.children.find((c) => c.kind === 'direct');
  if (!d) return 0;
  const g = d.groups[gi]!;
  return (g.forecastYear ?? 0) - (g.actualAcc + g.budgetYear - g.budgetAcc);
}

function upsert(db: Db, actor: Actor, occasionId: string, responsibilityId: string, group: AccountGroup, amount: number, method: ForecastMethod, note: string | null): void {
  const at = actor.now.toISOString();
  // Raw prepared SQL: applying a method to every enhet upserts thousands of rows, and building each statement
  // with the query builder cost more than running it.
  const before = db
    .prepare('SELECT id, amount_ore, method, note, deleted_at FROM forecast WHERE occasion_id = ? AND responsibility_id = ? AND account_group = ?')
    .get(occasionId, responsibilityId, group) as { id: string; amount_ore: number; method: ForecastMethod; note: string | null; deleted_at: string | null } | undefined;
  let id: string;
  if (before) {
    id = before.id;
    db.prepare('UPDATE forecast SET amount_ore = ?, method = ?, note = ?, updated_at = ?, updated_by_site = ?, deleted_at = NULL WHERE id = ?').run(amount, method, note, at, actor.siteId, id);
  } else {
    id = newId();
    db.prepare(
      `INSERT INTO forecast (id, occasion_id, responsibility_id, account_group, amount_ore, method, note, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ).run(id, occasionId, responsibilityId, group, amount, method, note, at, at, actor.siteId);
  }
  const live = before && before.deleted_at === null ? before : null;
  logChanges(db, actor, 'forecast', id, [
    { field: 'amount_ore', old: live?.amount_ore ?? null, new: amount },
    { field: 'method', old: live?.method ?? null, new: method },
  ]);
}

function tombstone(db: Db, actor: Actor, occasionId: string, responsibilityId: string, group: AccountGroup | null): number {
  const at = actor.now.toISOString();
  let q = db.q.selectFrom('forecast').select(['id', 'amount_ore']).where('occasion_id', '=', occasionId).where('responsibility_id', '=', responsibilityId).where('deleted_at', 'is', null);
  if (group !== null) q = q.where('account_group', '=', group);
  const rows = db.all(q);
  for (const r of rows) {
    db.run(db.q.updateTable('forecast').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', r.id));
    logChanges(db, actor, 'forecast', r.id, [{ field: 'deleted_at', old: null, new: at }]);
  }
  return rows.length;
}

/** Has the controller closed the prognos for a chef at this node in the occasion's round (rounds/write-settings.ts)? */
function prognosClosed(db: Db, actor: Actor, occasionId: string, code: string): boolean {
  return isChef(actor.role) && isClosed(db, { kind: 'prognos', ref: occasionId }, code, 'prognos');
}

function openForecastTree(db: Db, actor: Actor, occasionId: string, code: string): { occasion: Occasion; tree: FigureTree; node: FigureNode } {
  const occasion = forecastOccasion(db, occasionId);
  assertOpen(occasion);
  const tree = figureTree(db, { period: occasion.period, forecast: 'working' });
  const node = tree.byKey.get(nodeKey(code));
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen.`);
  assertCanWrite(actor, tree.org, code, 'prognos', prognosClosed(db, actor, occasion.id, code));
  return { occasion, tree, node };
}

/** A manual forecast for a node and account group; on a node with children it overrides the sum below. */
export function setForecast(db: Db, actor: Actor, input: { occasionId: string; code: string; group: AccountGroup; amountOre: number; note?: string | null }): void {
  const { occasion, tree } = openForecastTree(db, actor, input.occasionId, input.code);
  followUpWrite(db, () => upsert(db, actor, occasion.id, tree.org.byCode.get(input.code)!.id, input.group, input.amountOre, 'manual', input.note ?? null));
}

/** Removes the forecast set on a node (one account group, or all): the node goes back to the sum below, or for an enhet to the default. */
export function clearForecast(db: Db, actor: Actor, input: { occasionId: string; code: string; group: AccountGroup | null }): number {
  const { occasion, tree } = openForecastTree(db, actor, input.occasionId, input.code);
  return followUpWrite(db, () => tombstone(db, actor, occasion.id, tree.org.byCode.get(input.code)!.id, input.group));
}

/** One application of a method: to the node itself ('node') or to every enhet below it ('units'). */
export interface ForecastMethodApplication {
  code: string;
  method: AutoMethod;
  target: 'node' | 'units';
}

/**
 * Sets the forecast by a method, for the node itself ('node') or for every
 * enhet below it ('units'). With 'units', forecasts set on the nodes in
 * between (and the node itself) are removed so the sums below show through.
 * Returns how many forecasts were written.
 */
export function applyForecastMethod(db: Db, actor: Actor, input: { occasionId: string } & ForecastMethodApplication): number {
  return applyForecastMethods(db, actor, input.occasionId, [input]);
}

/**
 * Several applications at one occasion, in order, in one transaction, on
 * one figure tree: a method works on budget and outcome, which forecasts do
 * not change, so the tree read before the first write serves every one of
 * them (the demo applies a method to every enhet and then another to some:
 * a tree per call was most of its forecasting). Every node is checked before
 * anything is written. `tree`, when given, is the caller's figure tree of the
 * occasion's period, read in the same transaction with no write of budget
 * or outcome since.
 */
export function applyForecastMethods(db: Db, actor: Actor, occasionId: string, inputs: readonly ForecastMethodApplication[], tree?: FigureTree): number {
  const occasion = forecastOccasion(db, occasionId);
  assertOpen(occasion);
  const t = tree ?? figureTree(db, { period: occasion.period, forecast: 'working' });
  const plans = inputs.map((input) => {
    const node = t.byKey.get(nodeKey(input.code));
    if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${input.code} finns inte i organisationen.`);
    assertCanWrite(actor, t.org, input.code, 'prognos', prognosClosed(db, actor, occasion.id, input.code));
    const targets: FigureNode[] = [];
    const between: FigureNode[] = [];
    if (input.target === 'node') targets.push(node);
    else {
      const walk = (n: FigureNode) => {
        if (n.kind !== 'node') return;
        if (n.children.some((c) => c.kind === 'node')) {
          between.push(n);
          n.children.forEach(walk);
        } else targets.push(n);
      };
      walk(node);
      // A chef's method over its enheter stops at one the controller has closed, before anything is written.
      for (const x of [...between, ...targets]) assertCanWrite(actor, t.org, x.code, 'prognos', prognosClosed(db, actor, occasion.id, x.code));
    }
    const targetOf = input.target === 'node' ? allTo(subtreeCodes(node)) : new Map(targets.map((x, i) => [x.code, i]));
    return { method: input.method, targets, between, monthlies: monthlyByGroup(db, t, targetOf, targets.length) };
  });
  let written = 0;
  followUpWrite(db, () => {
    for (const { method, targets, between, monthlies } of plans) {
      for (const b of between) tombstone(db, actor, occasion.id, t.org.byCode.get(b.code)!.id, null);
      for (const [ti, target] of targets.entries()) {
        const monthly = monthlies[ti]!;
        const id = t.org.byCode.get(target.code)!.id;
        for (const group of FORECAST_GROUPS) {
          const gi = GROUP_INDEX[group];
          const g = target.groups[gi]!;
          if (g.budgetYear === 0 && g.actualAcc === 0 && monthly.lastYear[gi]!.every((v) => v === 0)) continue;
          upsert(db, actor, occasion.id, id, group, forecastBy(method, methodInput(t, target, gi, monthly)), method, null);
          written++;
        }
      }
    }
  });
  return written;
}
