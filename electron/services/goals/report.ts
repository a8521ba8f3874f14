import type { Db } from '../../../db/index';
import type { GoalOccasion } from './occasions';
import { goalRoundReport, type GoalRoundReport } from './report-round';
import { goalTree, type GoalRow, type IndicatorView, type LevelCounts } from './tree';
import { attachComparisons, type ReportComparison } from './report-comparison';
import { ROUND_STATUS_NAMES, statusName, type CommentStatus, type GoalLevel, type GoalStatus } from './types';

/** One styrtal as the report's table shows it: start, target and latest value (exact decimal text). */
export interface ReportIndicator {
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  source: string;
  start: { value: string; year: number } | null;
  target: { value: string; year: number };
  latest: { value: string; date: string } | null;
  targetReached: boolean | null;
  /** The Kolada key or own code the values follow. */
  seriesKey: string;
  /** Beside Kolada's comparison group, region and riket, where comparison rows are imported (report-comparison.ts). */
  comparison: ReportComparison | null;
}

export interface ReportGoal {
  id: string;
  code: string;
  title: string;
  owner: string;
  status: GoalStatus | null;
  /** Swedish, e.g. "delvis uppfyllt"; "ej bedömt" when there is no status. */
  statusText: string;
  forecast: GoalStatus | null;
  forecastText: string | null;
  roundStatus: CommentStatus | null;
  /** "godkänd", "klar", …; "ingen bedömning" when none was written. */
  roundStatusText: string;
  assessment: string;
  indicators: ReportIndicator[];
}

export interface ReportBoardGoal extends ReportGoal {
  subGoals: ReportGoal[];
}

export interface ReportCouncilGoal {
  id: string;
  code: string;
  title: string;
  boardGoals: ReportBoardGoal[];
}

/**
 * What the nämnd report's section "Mål- och resultatuppföljning" needs for
 * one occasion (tertialrapport, delårsrapport, årsbokslut): each nämndmål
 * under its inriktningsmål, with its delmål, their status, styrtal table and
 * assessment text, and the number of goals per status at each level.
 */
export interface GoalReportSection {
  title: 'Mål- och resultatuppföljning';
  occasion: GoalOccasion;
  councilGoals: ReportCouncilGoal[];
  counts: LevelCounts[];
  /** Status names for the counts' columns, in report order. */
  statusOrder: { level: Exclude<GoalLevel, 'council'>; statuses: { key: GoalStatus | 'unassessed'; name: string }[] }[];
  /** Uppdrag, the förvaltning's assessment of KF's goals and styrtal, the aktiviteter's plans (report-round.ts). */
  round: GoalRoundReport;
}

function indicator(i: IndicatorView): ReportIndicator {
  return {
    name: i.name,
    unit: i.unit,
    direction: i.direction,
    source: i.source === 'kolada' ? `Kolada ${i.seriesKey}` : i.sourceNote || `egen mätning (${i.seriesKey})`,
    start: i.start,
    target: i.target,
    latest: i.latest,
    targetReached: i.targetReached,
    seriesKey: i.seriesKey,
    comparison: null,
  };
}

function reportGoal(r: GoalRow): ReportGoal {
  const a = r.assessment;
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    owner: `${r.owner.code} ${r.owner.name}`,
    status: a?.status ?? null,
    statusText: a?.status ? statusName(a.status, r.level) : 'ej bedömt',
    forecast: a?.forecast ?? null,
    forecastText: a?.forecast ? statusName(a.forecast, r.level) : null,
    roundStatus: a?.roundStatus ?? null,
    roundStatusText: a ? ROUND_STATUS_NAMES[a.roundStatus] : 'ingen bedömning',
    assessment: a?.text ?? '',
    indicators: r.indicators.map(indicator),
  };
}

export function goalReportSection(db: Db, period: number): GoalReportSection {
  const tree = goalTree(db, period);
  const councils: ReportCouncilGoal[] = [];
  const boards = new Map<string, ReportBoardGoal>();
  for (const r of tree.rows) {
    if (r.level === 'council') councils.push({ id: r.id, code: r.code, title: r.title, boardGoals: [] });
    else if (r.level === 'board') {
      const b: ReportBoardGoal = { ...reportGoal(r), subGoals: [] };
      boards.set(r.id, b);
      const parent = councils.find((c) => c.id === r.parentId);
      if (parent) parent.boardGoals.push(b);
      else councils.push({ id: '', code: '', title: 'Nämndmål utan inriktningsmål', boardGoals: [b] });
    } else if (r.level === 'sub') {
      boards.get(r.parentId ?? '')?.subGoals.push(reportGoal(r));
    }
  }
  const goalStatuses = ['met', 'partly_met', 'not_met', 'not_started', 'unassessed'] as const;
  const activityStatuses = ['done', 'in_progress', 'not_started', 'unassessed'] as const;
  const names = (level: GoalLevel, keys: readonly (GoalStatus | 'unassessed')[]) =>
    keys.map((key) => ({ key, name: key === 'unassessed' ? (level === 'activity' ? 'ej bedömd' : 'ej bedömt') : statusName(key, level) }));
  const section: GoalReportSection = {
    title: 'Mål- och resultatuppföljning',
    occasion: tree.occasion,
    councilGoals: councils,
    counts: tree.counts,
    round: goalRoundReport(db, period, tree),
    statusOrder: [
      { level: 'board', statuses: names('board', goalStatuses) },
      { level: 'sub', statuses: names('sub', goalStatuses) },
      { level: 'activity', statuses: names('activity', activityStatuses) },
    ],
  };
  attachComparisons(db, councils.flatMap((c) => c.boardGoals.flatMap((b) => [b, ...b.subGoals]).flatMap((g) => g.indicators)));
  return section;
}
