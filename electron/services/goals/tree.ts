import type { Db } from '../../../db/index';
import type { GoalAssessmentTable, IndicatorTable, OrgLevel } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { ancestryIn, permissions, type Actor, type GoalPermissions } from './access';
import { compareDecimal } from './decimal';
import { occasionByPeriod, type GoalOccasion } from './occasions';
import { compareGoals, loadGoals, loadIndicators, loadSeries, validIn, type GoalRecord, type SeriesPoint } from './store';
import { goalDeadlines, isOverdue, type GoalDeadlines } from './deadlines';
import { ASSESSED_LEVELS, type CommentStatus, type GoalLevel, type GoalStatus, type IndicatorDirection, type IndicatorSource } from './types';
import { stockholmDate } from '../../../shared/dates';

export interface IndicatorView {
  id: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  source: IndicatorSource;
  seriesKey: string;
  sourceNote: string;
  /** Values are exact decimal text ('87.3'). */
  start: { value: string; year: number } | null;
  target: { value: string; year: number };
  /** The latest value dated on or before the occasion's last day. */
  latest: SeriesPoint | null;
  /** Every value up to the occasion, oldest first (for the trend). */
  series: SeriesPoint[];
  /** The latest value against the one before it, in the styrtal's direction. */
  trend: 'better' | 'worse' | 'same' | null;
  /** Whether the latest value has reached the target (in the styrtal's direction). */
  targetReached: boolean | null;
}

export interface AssessmentView {
  id: string;
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
  roundStatus: CommentStatus;
  returnNote: string | null;
  author: string;
  updatedAt: string;
  updatedBySite: string;
}

export interface GoalRow {
  id: string;
  parentId: string | null;
  level: GoalLevel;
  depth: number;
  code: string;
  title: string;
  description: string;
  owner: { id: string; code: string; name: string; level: OrgLevel | null };
  /** The owner's ansvar code and its ancestors', top down: a filter on an ansvar keeps rows whose path has it. */
  ownerPath: string[];
  validFromYear: number;
  validToYear: number | null;
  childCount: number;
  indicators: IndicatorView[];
  assessment: AssessmentView | null;
  /** The level's deadline at the occasion (the controller's, else the calendar's for its reporters), ISO date or null. */
  deadline: string | null;
  /** An aktivitet's plan: responsible person, start and end (ISO dates), cost in öre; empty/null on other levels. */
  activity: { responsible: string; startOn: string | null; endOn: string | null; costOre: number | null };
  /** Past the deadline and not yet marked klar or godkänd, while the occasion is open (a locked one has been reported: nothing is late any more). */
  overdue: boolean;
  may: GoalPermissions;
}

export type StatusKey = GoalStatus | 'unassessed';

export interface LevelCounts {
  level: Exclude<GoalLevel, 'council'>;
  total: number;
  /** Goals per status; 'unassessed' has no assessment or no status set yet. */
  byStatus: Record<StatusKey, number>;
  /** Goals per round status; 'none' has no assessment at the occasion. */
  byRound: Record<CommentStatus | 'none', number>;
}

export interface OwnerOption {
  code: string;
  name: string;
  level: OrgLevel | null;
  depth: number;
}

export interface GoalTree {
  occasion: GoalOccasion;
  rows: GoalRow[];
  /** The ansvar that own goals, with their ancestors, in the organisation's order: the owner filter's choices. */
  owners: OwnerOption[];
  counts: LevelCounts[];
  /** The deadline per goal level (and for the uppdrag) at the occasion. */
  deadlines: GoalDeadlines;
  /** The controller sets the deadlines per goal level (goals/deadlines.ts). */
  mayEditDeadlines: boolean;
}

function trendOf(series: SeriesPoint[], direction: IndicatorDirection): IndicatorView['trend'] {
  if (series.length < 2) return null;
  const c = compareDecimal(series[series.length - 1]!.value, series[series.length - 2]!.value);
  if (c === 0) return 'same';
  return (c > 0) === (direction === 'higher') ? 'better' : 'worse';
}

function indicatorView(ind: IndicatorTable, series: SeriesPoint[]): IndicatorView {
  const latest = series.length > 0 ? series[series.length - 1]! : null;
  const c = latest ? compareDecimal(latest.value, ind.target_value) : null;
  return {
    id: ind.id,
    name: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    source: ind.source,
    seriesKey: ind.series_key,
    sourceNote: ind.source_note,
    start: ind.start_value === null || ind.start_year === null ? null : { value: ind.start_value, year: ind.start_year },
    target: { value: ind.target_value, year: ind.target_year },
    latest,
    series,
    trend: trendOf(series, ind.direction),
    targetReached: c === null ? null : ind.direction === 'higher' ? c >= 0 : c <= 0,
  };
}

export function emptyCounts(level: LevelCounts['level']): LevelCounts {
  return {
    level,
    total: 0,
    byStatus: { met: 0, partly_met: 0, not_met: 0, not_started: 0, done: 0, in_progress: 0, unassessed: 0 },
    byRound: { draft: 0, ready: 0, approved: 0, returned: 0, none: 0 },
  };
}

/** Every ansvar node in the organisation's order with its path, for choosing a goal's owner. */
export interface OrgOption extends OwnerOption {
  /** The node's code and its ancestors', top down. */
  path: string[];
}

export function orgOptions(db: Db): OrgOption[] {
  const org = OrgTree.load(db);
  const out: OrgOption[] = [];
  const walk = (code: string | null, depth: number, path: string[]) => {
    for (const n of org.children.get(code) ?? []) {
      const p = [...path, n.code];
      out.push({ code: n.code, name: n.name, level: n.level, depth, path: p });
      walk(n.code, depth + 1, p);
    }
  };
  walk(null, 0, []);
  return out;
}

/** Everyone may read; an actor only decides which buttons the rows offer. */
const READER: Actor = { role: 'controller', scopeCode: null, siteId: '', user: '', now: new Date(0) };

/**
 * The goal chain as it stands at a reporting occasion: the goals valid in
 * its year, depth first (flat rows with parent links, for a grid), each with
 * its styrtal up to the occasion's last day and its assessment, plus the
 * number of goals per status at each level.
 */
export function goalTree(db: Db, period: number, opts: { actor?: Actor; today?: string } = {}): GoalTree {
  const occasion = occasionByPeriod(db, period);
  const org = OrgTree.load(db);
  const goals = loadGoals(db).filter((g) => validIn(g, occasion.year));
  const indicatorsByGoal = new Map<string, IndicatorTable[]>();
  for (const ind of loadIndicators(db)) {
    const list = indicatorsByGoal.get(ind.goal_id) ?? [];
    list.push(ind);
    indicatorsByGoal.set(ind.goal_id, list);
  }
  const series = loadSeries(db, occasion.endDate);
  const assessments = new Map<string, GoalAssessmentTable>(
    db.all(db.q.selectFrom('goal_assessment').selectAll().where('occasion_id', '=', occasion.id).where('deleted_at', 'is', null)).map((a) => [a.goal_id, a]),
  );
  const children = new Map<string | null, GoalRecord[]>();
  const ids = new Set(goals.map((g) => g.id));
  for (const g of goals) {
    // A goal whose parent is not valid this year would hang loose; the chain rules prevent it, but show it at the top rather than lose it.
    const key = g.parent_id !== null && ids.has(g.parent_id) ? g.parent_id : null;
    const list = children.get(key) ?? [];
    list.push(g);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort(compareGoals);

  const deadlines = goalDeadlines(db, occasion);
  const actor = opts.actor ?? READER;
  const today = opts.today ?? stockholmDate(actor.now);
  const rows: GoalRow[] = [];
  const counts = new Map(ASSESSED_LEVELS.map((l) => [l, emptyCounts(l as LevelCounts['level'])]));
  const visit = (g: GoalRecord, depth: number) => {
    const a = assessments.get(g.id);
    const deadline = deadlines[g.level].date;
    rows.push({
      id: g.id,
      parentId: g.parent_id,
      level: g.level,
      depth,
      code: g.code,
      title: g.title,
      description: g.description,
      owner: { id: g.owner_id, code: g.owner_code, name: g.owner_name, level: g.owner_level },
      ownerPath: [...ancestryIn(org, g.owner_code)].reverse(),
      validFromYear: g.valid_from_year,
      validToYear: g.valid_to_year,
      childCount: children.get(g.id)?.length ?? 0,
      indicators: (indicatorsByGoal.get(g.id) ?? []).map((ind) => indicatorView(ind, series.get(ind.series_key) ?? [])),
      assessment: a
        ? { id: a.id, status: a.status, forecast: a.forecast, text: a.text, roundStatus: a.round_status, returnNote: a.return_note, author: a.author, updatedAt: a.updated_at, updatedBySite: a.updated_by_site }
        : null,
      deadline,
      activity: { responsible: g.responsible, startOn: g.start_on, endOn: g.end_on, costOre: g.cost_ore },
      overdue: isOverdue(deadline, a?.round_status ?? null, occasion, today),
      may: permissions(actor, g.level, ancestryIn(org, g.owner_code)),
    });
    const c = g.level === 'council' ? undefined : counts.get(g.level);
    if (c) {
      c.total++;
      c.byStatus[a?.status ?? 'unassessed']++;
      c.byRound[a?.round_status ?? 'none']++;
    }
    for (const child of children.get(g.id) ?? []) visit(child, depth + 1);
  };
  for (const g of children.get(null) ?? []) visit(g, 0);
  const used = new Set(rows.flatMap((r) => r.ownerPath));
  const owners: OwnerOption[] = [];
  const walk = (code: string | null, depth: number) => {
    for (const n of org.children.get(code) ?? []) {
      if (!used.has(n.code)) continue;
      owners.push({ code: n.code, name: n.name, level: n.level, depth });
      walk(n.code, depth + 1);
    }
  };
  walk(null, 0);
  return { occasion, rows, owners, counts: [...counts.values()], deadlines, mayEditDeadlines: actor.role === 'controller' };
}
