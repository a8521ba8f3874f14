import type { Db } from '../../../db/index';
import type { CommentStatus, ForecastMethod, OrgLevel } from '../../../db/schema';
import { ORG_LEVELS } from '../dimensions';
import { budgetInForceForPeriod, type BudgetChangeEntry, type ReallocationEntry } from '../budget/in-force';
import type { BudgetVersionRef, DecidedVersionRef } from '../budget/versions';
import { OrgTree } from '../figures/org-tree';
import { occasionForPeriod, listOccasions, type Occasion } from './calendar';
import { liveFacts, loadAccounts, snapshotFacts, type AccountInfo, type FactSet } from './facts';
import { countForecasts, type PendingForecast } from './counted-forecast';
import { heldPart } from './held';
import { GROUP_ORDER, type Threshold } from './model';
import { commentRequired, loadThresholds } from './thresholds';

/** Budget, outcome and forecast of one row; öre. Avvikelse = budget − utfall (positive is favourable). */
export interface Figures {
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  actualAccLastYear: number;
  /** Helårsprognos; null when no occasion up to the period carries a prognos. */
  forecastYear: number | null;
}

export type FigureKind = 'node' | 'direct' | 'unknown';

export interface CommentSummary {
  id: string;
  status: CommentStatus;
  cause: string;
  action: string;
  actionEffectOre: number | null;
  returnNote: string | null;
  author: string;
  updatedAt: string;
}

export interface StatusCounts {
  /** Nodes in the subtree (itself included) whose comment is required or written. */
  required: number;
  missing: number;
  draft: number;
  ready: number;
  approved: number;
  returned: number;
}

/** Where a row's forecast comes from: set on the row, the sum of the rows below, or utfall ack + återstående budget. */
export type ForecastSource = 'set' | 'sum' | 'default' | 'none';

export interface FigureNode {
  /** Unique in the tree: 'n:CODE' an ansvar, 'd:CODE' money posted directly on a non-leaf ansvar, 'u:CODE' an ansvar missing from the organisation. */
  key: string;
  kind: FigureKind;
  code: string;
  name: string;
  level: OrgLevel;
  depth: number;
  parent: FigureNode | null;
  children: FigureNode[];
  figures: Figures;
  /** The same figures split by account group (index: GROUP_ORDER). */
  groups: Figures[];
  /** Per account group: where the forecast comes from, and the method of a set forecast. */
  forecastSource: ForecastSource[];
  forecastMethod: (ForecastMethod | null)[];
  comment: CommentSummary | null;
  commentRequired: boolean;
  rollup: StatusCounts;
  /** Indexes into the fact set of the money held directly by this row (leaves, direct and unknown rows). */
  own: number[];
  /** A chef's prognos on this node not approved yet: its forecast figures are what counts instead (followup/counted-forecast.ts). */
  forecastPending: PendingForecast | null;
}

export interface FigureTree {
  year: number;
  period: number;
  /** The reporting occasion of the period, if there is one (comments belong to it). */
  occasion: Occasion | null;
  source: 'live' | 'snapshot';
  snapshotAt: string | null;
  /** The version whose lines the budget figures are: the one in force on the period's last day (budget/in-force.ts). */
  budgetVersion: BudgetVersionRef | null;
  /** The original budget of the year ("Ursprunglig budget"), for what changed it; null when the year has none (or an old snapshot did not record it). */
  originalVersion: DecidedVersionRef | null;
  /** The occasion whose forecasts apply: this one, or the latest earlier one with a prognos. */
  forecastOccasion: { id: string; name: string; period: number } | null;
  thresholds: Record<OrgLevel, Threshold>;
  roots: FigureNode[];
  total: Figures;
  totalGroups: Figures[];
  byKey: Map<string, FigureNode>;
  org: OrgTree;
  accounts: Map<string, AccountInfo>;
  facts: FactSet;
  /** The omfördelningar decided up to the period's last day, which the budget figures include (for a locked occasion: as it was locked with them). */
  reallocations: ReallocationEntry[];
  /** The budget changes (KF/KS decisions on the ram) decided up to the period's last day, one entry per node, which the budget figures include. */
  budgetChanges: BudgetChangeEntry[];
  /** A sektorchef's installation: the node it holds figures for, which is then the only root (followup/held.ts); null elsewhere. */
  heldScope: string | null;
  /** Per ansvar code: a chef's prognos not approved yet, left out of the figures (followup/counted-forecast.ts); empty for the working prognos. */
  forecastPending: Map<string, PendingForecast>;
}

export const nodeKey = (code: string) => `n:${encodeURIComponent(code)}`;
export const directKey = (code: string) => `d:${encodeURIComponent(code)}`;
export const unknownKey = (code: string) => `u:${encodeURIComponent(code)}`;

const zeroFigures = (forecast: boolean): Figures => ({ budgetYear: 0, budgetAcc: 0, actualAcc: 0, actualAccLastYear: 0, forecastYear: forecast ? 0 : null });
const zeroCounts = (): StatusCounts => ({ required: 0, missing: 0, draft: 0, ready: 0, approved: 0, returned: 0 });

export interface ForecastRow {
  amount: number;
  method: ForecastMethod;
}

export interface BuildInput {
  facts: FactSet;
  org: OrgTree;
  accounts: Map<string, AccountInfo>;
  thresholds: Record<OrgLevel, Threshold>;
  /** Set forecasts by 'CODE|group'; null: no prognos applies to the period. */
  forecasts: Map<string, ForecastRow> | null;
  comments: Map<string, CommentSummary>;
}

/**
 * The figure tree: every ansvar node with budget, outcome, last year and
 * forecast, split by account group, rolled up so that each node is exactly
 * the sum of its children. Money posted directly on a node that has children
 * becomes a child row of its own ("3100 Äldreomsorg, direkt"); money on
 * ansvar codes missing from the organisation becomes "okänd kodning" rows
 * under the top node, so the total always reconciles with the ledger.
 *
 * Forecasts: a leaf's forecast per account group is the one set for it, else
 * utfall ack + återstående budget. A node's is the sum of its children,
 * unless one is set on the node itself: then that wins and the difference to
 * the sum below shows on the node's direct row, keeping the sums exact.
 */
export function buildFigureTree(
  input: BuildInput,
): Omit<FigureTree, 'year' | 'period' | 'occasion' | 'source' | 'snapshotAt' | 'budgetVersion' | 'originalVersion' | 'forecastOccasion' | 'reallocations' | 'budgetChanges' | 'heldScope' | 'forecastPending'> {
  const { facts, org, accounts, thresholds, forecasts, comments } = input;
  const withForecast = forecasts !== null;
  const byKey = new Map<string, FigureNode>();
  const G = GROUP_ORDER.length;
  // The set forecasts per ansvar, by group index: one lookup a node instead of a 'CODE|group' text built and
  // hashed for every node and group (30,000 of them for 5,000 nodes).
  const setForecasts = new Map<string, (ForecastRow | undefined)[]>();
  for (const [k, row] of forecasts ?? []) {
    const bar = k.lastIndexOf('|');
    const gi = GROUP_ORDER.indexOf(k.slice(bar + 1) as (typeof GROUP_ORDER)[number]);
    if (gi < 0) continue;
    const code = k.slice(0, bar);
    let list = setForecasts.get(code);
    if (!list) setForecasts.set(code, (list = new Array<ForecastRow | undefined>(G)));
    list[gi] = row;
  }

  const make = (key: string, kind: FigureKind, code: string, name: string, level: OrgLevel, depth: number, parent: FigureNode | null): FigureNode => {
    const n: FigureNode = {
      key,
      kind,
      code,
      name,
      level,
      depth,
      parent,
      children: [],
      figures: zeroFigures(withForecast),
      groups: Array.from({ length: G }, () => zeroFigures(withForecast)),
      forecastSource: new Array<ForecastSource>(G).fill(withForecast ? 'default' : 'none'),
      forecastMethod: new Array<ForecastMethod | null>(G).fill(null),
      comment: null,
      commentRequired: false,
      rollup: zeroCounts(),
      own: [],
      forecastPending: null,
    };
    byKey.set(key, n);
    return n;
  };

  const roots: FigureNode[] = [];
  const nodeOf = new Map<string, FigureNode>();
  const add = (o: { code: string; name: string; level: OrgLevel | null }, parent: FigureNode | null, depth: number) => {
    const level = o.level ?? ORG_LEVELS[Math.min(depth, ORG_LEVELS.length - 1)]!;
    const n = make(nodeKey(o.code), 'node', o.code, o.name, level, depth, parent);
    nodeOf.set(o.code, n);
    if (parent) parent.children.push(n);
    else roots.push(n);
    for (const c of org.children.get(o.code) ?? []) add(c, n, depth + 1);
  };
  for (const r of org.roots) add(r, null, 0);

  const directOf = (n: FigureNode): FigureNode => {
    const key = directKey(n.code);
    let d = byKey.get(key);
    if (!d) {
      d = make(key, 'direct', n.code, `${n.name}, direkt`, n.level, n.depth + 1, n);
      n.children.unshift(d);
    }
    return d;
  };
  const unknownHome = roots.length === 1 ? roots[0]! : null;
  const unknownOf = (code: string): FigureNode => {
    const key = unknownKey(code);
    let u = byKey.get(key);
    if (!u) {
      const name = code === '' ? 'Okänd kodning: utan ansvar' : `Okänd kodning: ansvar ${code}`;
      u = make(key, 'unknown', code, name, unknownHome ? ORG_LEVELS[Math.min(unknownHome.depth + 1, ORG_LEVELS.length - 1)]! : 'administration', unknownHome ? unknownHome.depth + 1 : 0, unknownHome);
      if (unknownHome) unknownHome.children.push(u);
      else roots.push(u);
    }
    return u;
  };

  // Money into the rows that hold it.
  const n = facts.resp.length;
  // Keys of one ansvar come together: look its row up once.
  let lastCode: string | null = null;
  let bucket: FigureNode | null = null;
  for (let k = 0; k < n; k++) {
    const by = facts.budgetYear[k]!;
    const ba = facts.budgetAcc[k]!;
    const aa = facts.actualAcc[k]!;
    const ly = facts.lastYearAcc[k]!;
    if (by === 0 && ba === 0 && aa === 0 && ly === 0) continue;
    const code = facts.resp[k]!;
    if (code !== lastCode || bucket === null) {
      const node = nodeOf.get(code);
      bucket = node ? ((org.children.get(code)?.length ?? 0) > 0 ? directOf(node) : node) : unknownOf(code);
      lastCode = code;
    }
    const g = bucket.groups[facts.group[k]!]!;
    g.budgetYear += by;
    g.budgetAcc += ba;
    g.actualAcc += aa;
    g.actualAccLastYear += ly;
    bucket.own.push(k);
  }

  // A lone top node holding money can have got "okänd kodning" children:
  // its own money moves to its direct row so that it stays a sum.
  for (const r of roots) {
    if (r.kind === 'node' && r.own.length > 0 && r.children.length > 0) {
      const d = directOf(r);
      d.own = r.own;
      d.groups = r.groups;
      r.own = [];
      r.groups = Array.from({ length: G }, () => zeroFigures(withForecast));
    }
  }

  // Post-order: forecasts, sums, comments.
  const visit = (node: FigureNode) => {
    for (const c of [...node.children]) visit(c);
    const isBucket = node.children.length === 0;
    if (!isBucket) {
      for (let gi = 0; gi < G; gi++) {
        const g = node.groups[gi]!;
        for (const c of node.children) {
          const cg = c.groups[gi]!;
          g.budgetYear += cg.budgetYear;
          g.budgetAcc += cg.budgetAcc;
          g.actualAcc += cg.actualAcc;
          g.actualAccLastYear += cg.actualAccLastYear;
        }
      }
    }
    if (withForecast) {
      const setHere = node.kind === 'node' ? setForecasts.get(node.code) : undefined;
      for (let gi = 0; gi < G; gi++) {
        const g = node.groups[gi]!;
        const set = setHere?.[gi];
        let below = 0;
        if (isBucket) below = g.actualAcc + g.budgetYear - g.budgetAcc;
        else for (const c of node.children) below += c.groups[gi]!.forecastYear!;
        if (set) {
          g.forecastYear = set.amount;
          node.forecastSource[gi] = 'set';
          node.forecastMethod[gi] = set.method;
          if (!isBucket && set.amount !== below) {
            // The difference to the sum below is the node's own adjustment.
            const d = directOf(node);
            d.groups[gi]!.forecastYear! += set.amount - below;
            d.forecastSource[gi] = 'set';
            sumInto(d, withForecast);
          }
        } else {
          g.forecastYear = below;
          node.forecastSource[gi] = isBucket ? 'default' : 'sum';
        }
      }
    }
    sumInto(node, withForecast);
    if (node.kind === 'node') {
      node.comment = comments.get(node.code) ?? null;
      node.commentRequired = commentRequired(node.figures, thresholds[node.level]);
    }
    const r = node.rollup;
    for (const c of node.children) addCounts(r, c.rollup);
    if (node.kind === 'node' && (node.commentRequired || node.comment)) {
      r.required++;
      const s = node.comment?.status;
      if (s === undefined) r.missing++;
      else r[s]++;
    }
  };
  for (const r of [...roots]) visit(r);

  const total = zeroFigures(withForecast);
  const totalGroups = Array.from({ length: G }, () => zeroFigures(withForecast));
  for (const r of roots) {
    addFigures(total, r.figures);
    r.groups.forEach((g, i) => addFigures(totalGroups[i]!, g));
  }
  return { thresholds, roots, total, totalGroups, byKey, org, accounts, facts };
}

function sumInto(node: FigureNode, withForecast: boolean): void {
  const f = zeroFigures(withForecast);
  for (const g of node.groups) addFigures(f, g);
  node.figures = f;
}

function addFigures(into: Figures, f: Figures): void {
  into.budgetYear += f.budgetYear;
  into.budgetAcc += f.budgetAcc;
  into.actualAcc += f.actualAcc;
  into.actualAccLastYear += f.actualAccLastYear;
  if (into.forecastYear !== null && f.forecastYear !== null) into.forecastYear += f.forecastYear;
}

function addCounts(into: StatusCounts, c: StatusCounts): void {
  into.required += c.required;
  into.missing += c.missing;
  into.draft += c.draft;
  into.ready += c.ready;
  into.approved += c.approved;
  into.returned += c.returned;
}

// ---------------------------------------------------------------------------
// Loading from the database

/** The occasion whose forecasts apply to a period: the period's own if it carries a prognos, else the latest earlier one of the year that does. */
export function forecastOccasionFor(db: Db, period: number): Occasion | null {
  const candidates = listOccasions(db, Math.floor(period / 100)).filter((o) => o.period <= period && o.forecastKind);
  return candidates.length > 0 ? candidates[candidates.length - 1]! : null;
}

export function loadForecastRows(db: Db, occasionId: string): Map<string, ForecastRow> {
  const rows = db
    .prepare(
      `SELECT d.code, f.account_group, f.amount_ore, f.method FROM forecast f JOIN dimension_value d ON d.id = f.responsibility_id
       WHERE f.occasion_id = ? AND f.deleted_at IS NULL`,
    )
    .raw()
    .all(occasionId) as [string, string, number, ForecastMethod][];
  return new Map(rows.map(([code, g, amount, method]) => [`${code}|${g}`, { amount, method }]));
}

export function loadComments(db: Db, occasionId: string): Map<string, CommentSummary> {
  const rows = db
    .prepare(
      `SELECT d.code AS code, c.id, c.status, c.cause, c.action, c.action_effect_ore, c.return_note, c.author, c.updated_at
       FROM deviation_comment c JOIN dimension_value d ON d.id = c.responsibility_id
       WHERE c.occasion_id = ? AND c.deleted_at IS NULL`,
    )
    .all(occasionId) as {
    code: string;
    id: string;
    status: CommentStatus;
    cause: string;
    action: string;
    action_effect_ore: number | null;
    return_note: string | null;
    author: string;
    updated_at: string;
  }[];
  return new Map(
    rows.map((r) => [
      r.code,
      { id: r.id, status: r.status, cause: r.cause, action: r.action, actionEffectOre: r.action_effect_ore, returnNote: r.return_note, author: r.author, updatedAt: r.updated_at },
    ]),
  );
}

export interface FigureTreeOptions {
  /** YYYYMM. */
  period: number;
  /** Read a locked occasion's snapshot (default); false computes from the data as it is now. */
  snapshot?: boolean;
  /**
   * 'counted' (default): the prognos that counts for the förvaltning, a chef's unapproved prognos
   * left out (followup/counted-forecast.ts; a chef's own installation always has its working prognos).
   * 'working': every prognos as written, for editing and approving it.
   */
  forecast?: 'counted' | 'working';
}

/**
 * The reusable follow-up computation: the figure tree of a period (and its
 * reporting occasion, if any) with budget, outcome, last year, forecast and
 * comments, from the snapshot when the occasion is locked. Reports call this.
 */
export function figureTree(db: Db, opts: FigureTreeOptions): FigureTree {
  const period = opts.period;
  const year = Math.floor(period / 100);
  const occasion = occasionForPeriod(db, period);
  const comments = occasion ? loadComments(db, occasion.id) : new Map<string, CommentSummary>();
  const snap = occasion?.lockedAt && opts.snapshot !== false ? snapshotFacts(db, occasion.id) : null;
  if (snap) {
    const forecastOccasion = snap.forecastOccasionId ? listOccasions(db, year).find((o) => o.id === snap.forecastOccasionId) ?? null : null;
    const forecasts = snap.forecastOccasionId ? snapshotForecastRows(db, occasion!.id) : null;
    const held = heldPart(db, snap.org, snap.facts);
    const built = buildFigureTree({ facts: held.facts, org: held.org, accounts: snap.accounts, thresholds: snap.meta.thresholds as Record<OrgLevel, Threshold>, forecasts, comments });
    // The snapshot holds the prognos that counted when the occasion was locked (followup/snapshot.ts).
    // Snapshots taken before the budget in force was recorded with them: the decisions as they are today.
    const inForce = snap.meta.reallocations ? null : budgetInForceForPeriod(db, period);
    return {
      ...built,
      year,
      period,
      occasion,
      source: 'snapshot',
      snapshotAt: snap.takenAt,
      budgetVersion: snap.budgetVersion,
      originalVersion: snap.meta.originalVersion ?? inForce?.original ?? null,
      reallocations: snap.meta.reallocations ?? inForce!.reallocations,
      // A snapshot from before budget changes existed included none.
      budgetChanges: snap.meta.budgetChanges ?? [],
      heldScope: held.scope,
      forecastPending: new Map(),
      forecastOccasion: forecastOccasion ? { id: forecastOccasion.id, name: forecastOccasion.name, period: forecastOccasion.period } : snap.forecastOccasionId ? { id: snap.forecastOccasionId, name: '', period } : null,
    };
  }
  const accounts = loadAccounts(db);
  const live = liveFacts(db, period);
  const fo = forecastOccasionFor(db, period);
  const held = heldPart(db, OrgTree.load(db), live.facts);
  const input = { facts: held.facts, org: held.org, accounts, thresholds: loadThresholds(db), forecasts: fo ? loadForecastRows(db, fo.id) : null, comments };
  let built = buildFigureTree(input);
  // Built twice only where a chef's prognos waits for approval; else the working prognos is what counts.
  const counted = fo && input.forecasts && held.scope === null && opts.forecast !== 'working' ? countForecasts(db, fo.id, input.forecasts, () => built.byKey) : null;
  if (counted) {
    built = buildFigureTree({ ...input, forecasts: counted.rows });
    for (const [code, p] of counted.pending) {
      const node = built.byKey.get(nodeKey(code));
      if (node) node.forecastPending = p;
    }
  }
  const v = live.inForce.version;
  return {
    ...built,
    year,
    period,
    occasion,
    source: 'live',
    snapshotAt: null,
    budgetVersion: v ? { id: v.id, name: v.name, kind: v.kind } : null,
    originalVersion: live.inForce.original,
    reallocations: live.inForce.reallocations,
    budgetChanges: live.inForce.changes,
    heldScope: held.scope,
    forecastPending: counted?.pending ?? new Map(),
    forecastOccasion: fo ? { id: fo.id, name: fo.name, period: fo.period } : null,
  };
}

function snapshotForecastRows(db: Db, occasionId: string): Map<string, ForecastRow> {
  const rows = db
    .prepare('SELECT responsibility_code, account_group, amount_ore, method FROM occasion_snapshot_forecast WHERE occasion_id = ?')
    .raw()
    .all(occasionId) as [string, string, number, ForecastMethod][];
  return new Map(rows.map(([code, g, amount, method]) => [`${code}|${g}`, { amount, method }]));
}

/** Every ansvar code of a row's subtree (the row's own code for direct and unknown rows). */
export function subtreeCodes(node: FigureNode): string[] {
  if (node.kind !== 'node') return [node.code];
  const out: string[] = [];
  const walk = (n: FigureNode) => {
    if (n.kind !== 'direct') out.push(n.code);
    for (const c of n.children) walk(c);
  };
  walk(node);
  return out;
}
