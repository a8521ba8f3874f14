import type { CommentStatus, GoalLevel, GoalStatus, OrgLevel } from '../../../db/schema';

export type { AssessmentAction, CommentStatus, GoalLevel, GoalStatus, IndicatorDirection, IndicatorSource } from '../../../db/schema';

/** Top down: inriktningsmål > nämndmål > delmål > aktivitet. */
export const GOAL_LEVELS: readonly GoalLevel[] = ['council', 'board', 'sub', 'activity'];

export const GOAL_LEVEL_NAMES: Record<GoalLevel, { one: string; many: string }> = {
  council: { one: 'inriktningsmål', many: 'inriktningsmål' },
  board: { one: 'nämndmål', many: 'nämndmål' },
  sub: { one: 'delmål', many: 'delmål' },
  activity: { one: 'aktivitet', many: 'aktiviteter' },
};

/** Levels the förvaltning follows up (inriktningsmål are KF's and followed up there). */
export const ASSESSED_LEVELS: readonly GoalLevel[] = ['board', 'sub', 'activity'];

/** The parent's level of each level below the top. */
export const PARENT_LEVEL: Record<GoalLevel, GoalLevel | null> = { council: null, board: 'council', sub: 'board', activity: 'sub' };

/**
 * Which ansvar levels may own a goal of each level: KF's goals sit with the
 * förvaltning, nämndmål with the förvaltning or a sektor, delmål with a
 * sektor or verksamhet, aktiviteter with a verksamhet or enhet.
 */
export const OWNER_LEVELS: Record<GoalLevel, readonly OrgLevel[]> = {
  council: ['administration'],
  board: ['administration', 'sector'],
  sub: ['sector', 'operation'],
  activity: ['operation', 'unit'],
};

/** Statuses of goals and of activities (ej påbörjat/ej påbörjad is one value). */
export const GOAL_STATUSES: readonly GoalStatus[] = ['met', 'partly_met', 'not_met', 'not_started'];
export const ACTIVITY_STATUSES: readonly GoalStatus[] = ['done', 'in_progress', 'not_started'];

export function statusesFor(level: GoalLevel): readonly GoalStatus[] {
  return level === 'activity' ? ACTIVITY_STATUSES : GOAL_STATUSES;
}

export const STATUS_NAMES: Record<GoalStatus, { goal: string; activity: string }> = {
  met: { goal: 'uppfyllt', activity: 'uppfyllt' },
  partly_met: { goal: 'delvis uppfyllt', activity: 'delvis uppfyllt' },
  not_met: { goal: 'ej uppfyllt', activity: 'ej uppfyllt' },
  not_started: { goal: 'ej påbörjat', activity: 'ej påbörjad' },
  done: { goal: 'genomförd', activity: 'genomförd' },
  in_progress: { goal: 'pågår', activity: 'pågår' },
};

export function statusName(status: GoalStatus, level: GoalLevel): string {
  return level === 'activity' ? STATUS_NAMES[status].activity : STATUS_NAMES[status].goal;
}

export const ROUND_STATUS_NAMES: Record<CommentStatus, string> = {
  draft: 'utkast',
  ready: 'klar',
  approved: 'godkänd',
  returned: 'återskickad',
};

/**
 * Who reports on each level, and by which of the occasion's deadlines:
 * enheter on aktiviteter, verksamheter on delmål, sektorchefer on nämndmål.
 */
export const REPORTING_ORG_LEVEL: Record<Exclude<GoalLevel, 'council'>, OrgLevel> = {
  activity: 'unit',
  sub: 'operation',
  board: 'sector',
};

/** The level that approves: the one above the reporting level. */
export const APPROVING_ORG_LEVEL: Record<Exclude<GoalLevel, 'council'>, OrgLevel> = {
  activity: 'operation',
  sub: 'sector',
  board: 'administration',
};
