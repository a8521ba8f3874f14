import type { CommentStatus, OrgLevel } from '../../../db/schema';
import type { Occasion } from './calendar';
import type { Db } from '../../../db/index';
import type { PendingForecast } from './counted-forecast';
import { accountFigures } from './account-figures';
import { type FigureNode, type FigureTree, type Figures, type ForecastSource, type StatusCounts } from './figures';
import { GROUP_INDEX, GROUP_NAMES, GROUP_ORDER, type Actor, type GroupKey, type Threshold } from './model';
import type { ActionPlanMark, PlanMarks } from '../action-plans/marks';

export type RowKind = 'node' | 'direct' | 'unknown' | 'group' | 'account';

/** One row of the deviation grid; öre. Avvikelse = budget − utfall, and budget − prognos. */
export interface DeviationRow {
  key: string;
  parentKey: string | null;
  kind: RowKind;
  code: string;
  name: string;
  level: OrgLevel | null;
  depth: number;
  /** Has rows below it (nodes, direct and unknown rows; account groups have accounts, loaded on demand). */
  hasChildren: boolean;
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  deviationAcc: number;
  actualAccLastYear: number;
  forecastYear: number | null;
  deviationForecast: number | null;
  /** Where the forecast comes from: set on the row, the sum below, or utfall ack + återstående budget. */
  forecastSource: ForecastSource | null;
  /** A chef's prognos on this node not approved yet: forecastYear is what counts instead, beside the working prognos (followup/counted-forecast.ts). */
  forecastPending: PendingForecast | null;
  commentRequired: boolean;
  /** The row's own comment status; 'missing' when required and not written. */
  commentStatus: CommentStatus | 'missing' | null;
  commentShort: string;
  /** Comment statuses of the subtree (itself included); null when no comment there is required or written. */
  rollup: StatusCounts | null;
  /** The node's åtgärdsplan at the occasion: 'missing' (a large deviation without one, action-plans/marks.ts), its status, or null. */
  actionPlan: ActionPlanMark | null;
}

export interface DeviationView {
  year: number;
  period: number;
  occasion: Occasion | null;
  source: 'live' | 'snapshot';
  snapshotAt: string | null;
  budgetVersion: { id: string; name: string } | null;
  forecastOccasion: { id: string; name: string; period: number } | null;
  thresholds: Threshold[];
  site: { role: Actor['role']; scopeCode: string | null; scopeKey: string | null };
  rows: DeviationRow[];
  total: DeviationRow;
  /** True when only the top levels of the tree were asked for and sent (the rows below come with the whole view). */
  partial: boolean;
}

const short = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 90 ? `${t.slice(0, 89)}…` : t;
};

function figureRow(f: Figures): Pick<DeviationRow, 'budgetYear' | 'budgetAcc' | 'actualAcc' | 'deviationAcc' | 'actualAccLastYear' | 'forecastYear' | 'deviationForecast'> {
  return {
    budgetYear: f.budgetYear,
    budgetAcc: f.budgetAcc,
    actualAcc: f.actualAcc,
    deviationAcc: f.budgetAcc - f.actualAcc,
    actualAccLastYear: f.actualAccLastYear,
    forecastYear: f.forecastYear,
    deviationForecast: f.forecastYear === null ? null : f.budgetYear - f.forecastYear,
  };
}

const isZero = (f: Figures) => f.budgetYear === 0 && f.budgetAcc === 0 && f.actualAcc === 0 && f.actualAccLastYear === 0 && (f.forecastYear ?? 0) === 0;

export function nodeRow(n: FigureNode, withGroups: boolean, marks?: PlanMarks): DeviationRow {
  const own = n.kind === 'node';
  const hasGroups = withGroups && n.groups.some((g) => !isZero(g));
  return {
    key: n.key,
    parentKey: n.parent?.key ?? null,
    kind: n.kind,
    code: n.code,
    name: n.name,
    level: n.level,
    depth: n.depth,
    hasChildren: n.children.length > 0 || hasGroups,
    ...figureRow(n.figures),
    forecastSource: n.figures.forecastYear === null ? null : n.forecastSource.includes('set') ? 'set' : n.children.length > 0 ? 'sum' : 'default',
    forecastPending: n.forecastPending,
    commentRequired: n.commentRequired,
    commentStatus: own ? (n.comment?.status ?? (n.commentRequired ? 'missing' : null)) : null,
    commentShort: n.comment ? short(n.comment.cause) : '',
    rollup: own && n.rollup.required > 0 ? n.rollup : null,
    actionPlan: marks ? marks(n) : null,
  };
}

export function groupRow(n: FigureNode, g: GroupKey): DeviationRow {
  const gi = GROUP_INDEX[g];
  const f = n.groups[gi]!;
  return {
    key: `${n.key}/g:${g}`,
    parentKey: n.key,
    kind: 'group',
    code: '',
    name: GROUP_NAMES[g],
    level: null,
    depth: n.depth + 1,
    hasChildren: f.budgetYear !== 0 || f.actualAcc !== 0 || f.actualAccLastYear !== 0 || f.budgetAcc !== 0,
    ...figureRow(f),
    forecastSource: f.forecastYear === null ? null : n.forecastSource[gi]!,
    forecastPending: null,
    commentRequired: false,
    commentStatus: null,
    commentShort: '',
    rollup: null,
    actionPlan: null,
  };
}

/**
 * The grid's rows in tree order (a node, its account groups when asked for,
 * then its children), each with its parent's key: the renderer builds
 * expand/collapse, sorting within siblings and filters on these links.
 */
export function deviationRows(tree: FigureTree, opts: { groups: boolean; root?: FigureNode | null; levels?: number | null; marks?: PlanMarks }): DeviationRow[] {
  const out: DeviationRow[] = [];
  const levels = opts.levels ?? Infinity;
  // `levels` counts from the top of the rows sent (a root is level 0), whatever depth the root has in the organisation.
  const walk = (n: FigureNode, level: number) => {
    if (level >= levels) return;
    out.push(nodeRow(n, opts.groups, opts.marks));
    if (opts.groups && level + 1 < levels) for (const g of GROUP_ORDER) if (!isZero(n.groups[GROUP_INDEX[g]]!)) out.push(groupRow(n, g));
    for (const c of n.children) walk(c, level + 1);
  };
  if (opts.root) walk(opts.root, 0);
  else for (const r of tree.roots) walk(r, 0);
  if (opts.root) out[0]!.parentKey = null;
  return out;
}

/** The rows of the accounts below a node or one of its account-group rows. */
export function accountRows(db: Db, tree: FigureTree, parentKey: string): DeviationRow[] {
  const [nodePart, groupPart] = parentKey.split('/');
  const node = tree.byKey.get(nodePart!);
  if (!node) return [];
  const group = groupPart?.startsWith('g:') ? (groupPart.slice(2) as GroupKey) : null;
  return accountFigures(db, tree, node, group).map((a) => ({
    key: `${parentKey}/a:${encodeURIComponent(a.account)}`,
    parentKey,
    kind: 'account' as const,
    code: a.account,
    name: a.name,
    level: null,
    depth: node.depth + (group ? 2 : 1),
    hasChildren: false,
    ...figureRow({ ...a.figures, forecastYear: null }),
    forecastSource: null,
    forecastPending: null,
    commentRequired: false,
    commentStatus: null,
    commentShort: '',
    rollup: null,
    actionPlan: null,
  }));
}

export function totalRow(tree: FigureTree): DeviationRow {
  return {
    key: 'total',
    parentKey: null,
    kind: 'node',
    code: '',
    name: 'Totalt',
    level: null,
    depth: 0,
    hasChildren: false,
    ...figureRow(tree.total),
    forecastSource: null,
    forecastPending: null,
    commentRequired: false,
    commentStatus: null,
    commentShort: '',
    rollup: tree.roots.reduce<StatusCounts | null>((acc, r) => {
      if (!acc) return { ...r.rollup };
      for (const k of Object.keys(acc) as (keyof StatusCounts)[]) acc[k] += r.rollup[k];
      return acc;
    }, null),
    actionPlan: null,
  };
}

/** One row per node as `ramkoll deviations` prints it. */
export interface CliDeviationRow {
  code: string;
  name: string;
  level: OrgLevel | 'direct' | 'unknown';
  parent: string | null;
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  deviationAcc: number;
  actualAccLastYear: number;
  forecastYear: number | null;
  deviationForecast: number | null;
  commentStatus: CommentStatus | 'missing' | null;
}

const RANK: Record<OrgLevel, number> = { administration: 0, sector: 1, operation: 2, unit: 3 };

/**
 * The nodes down to `level` (all when null), tree order. Direct and unknown
 * rows count one level below their parent, so the rows printed for any level
 * still add up to their parents.
 */
export function cliRows(tree: FigureTree, level: OrgLevel | null): CliDeviationRow[] {
  const out: CliDeviationRow[] = [];
  const max = level === null ? Infinity : RANK[level];
  const walk = (n: FigureNode, rank: number) => {
    if (rank > max) return;
    const f = n.figures;
    out.push({
      code: n.code,
      name: n.name,
      level: n.kind === 'node' ? n.level : n.kind,
      parent: n.parent?.code ?? null,
      budgetYear: f.budgetYear,
      budgetAcc: f.budgetAcc,
      actualAcc: f.actualAcc,
      deviationAcc: f.budgetAcc - f.actualAcc,
      actualAccLastYear: f.actualAccLastYear,
      forecastYear: f.forecastYear,
      deviationForecast: f.forecastYear === null ? null : f.budgetYear - f.forecastYear,
      commentStatus: n.kind === 'node' ? (n.comment?.status ?? (n.commentRequired ? 'missing' : null)) : null,
    });
    for (const c of n.children) walk(c, c.kind === 'node' ? RANK[c.level] : rank + 1);
  };
  for (const r of tree.roots) walk(r, r.kind === 'node' ? RANK[r.level] : 1);
  return out;
}

/**
 * The rows for a list of keys, in that order (what the grid shows: export
 * takes the visible rows). Unknown keys are skipped.
 */
export function rowsForKeys(db: Db, tree: FigureTree, keys: readonly string[]): DeviationRow[] {
  const accountsOf = new Map<string, Map<string, DeviationRow>>();
  const out: DeviationRow[] = [];
  for (const key of keys) {
    const parts = key.split('/');
    const node = tree.byKey.get(parts[0]!);
    if (!node) continue;
    if (parts.length === 1) {
      out.push(nodeRow(node, true));
      continue;
    }
    const last = parts[parts.length - 1]!;
    if (last.startsWith('g:')) {
      const g = last.slice(2) as GroupKey;
      if (g in GROUP_INDEX) out.push(groupRow(node, g));
      continue;
    }
    const parentKey = parts.slice(0, -1).join('/');
    let byKey = accountsOf.get(parentKey);
    if (!byKey) accountsOf.set(parentKey, (byKey = new Map(accountRows(db, tree, parentKey).map((r) => [r.key, r]))));
    const row = byKey.get(key);
    if (row) out.push(row);
  }
  return out;
}
