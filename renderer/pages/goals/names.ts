import type { CommentStatus, GoalLevel, GoalStatus, IndicatorView, StatusKey } from '../../../electron/api/contract/index';
import { formatDate as formatShownDate, formatDateTime } from '../../../shared/dates';

export const LEVEL_NAME: Record<GoalLevel, string> = { council: 'Inriktningsmål', board: 'Nämndmål', sub: 'Delmål', activity: 'Aktivitet' };
export const LEVEL_PLURAL: Record<GoalLevel, string> = { council: 'Inriktningsmål', board: 'Nämndmål', sub: 'Delmål', activity: 'Aktiviteter' };

export const GOAL_STATUSES: readonly GoalStatus[] = ['met', 'partly_met', 'not_met', 'not_started'];
export const ACTIVITY_STATUSES: readonly GoalStatus[] = ['done', 'in_progress', 'not_started'];

export const statusesFor = (level: GoalLevel) => (level === 'activity' ? ACTIVITY_STATUSES : GOAL_STATUSES);

export function statusName(status: StatusKey, level: GoalLevel): string {
  switch (status) {
    case 'met':
      return 'uppfyllt';
    case 'partly_met':
      return 'delvis uppfyllt';
    case 'not_met':
      return 'ej uppfyllt';
    case 'not_started':
      return level === 'activity' ? 'ej påbörjad' : 'ej påbörjat';
    case 'done':
      return 'genomförd';
    case 'in_progress':
      return 'pågår';
    case 'unassessed':
      return level === 'activity' ? 'ej bedömd' : 'ej bedömt';
  }
}

/** Colour classes: green for met/done, amber for partly/in progress, red for not met, grey for not started. */
export function statusClass(status: StatusKey): string {
  return `goal-status status-${status.replace('_', '-')}`;
}

export const ROUND_NAME: Record<CommentStatus, string> = { draft: 'utkast', ready: 'klar', approved: 'godkänd', returned: 'återskickad' };

/** Who approves each level: the level above the reporting one. */
export const APPROVER_NAME: Record<GoalLevel, string> = { activity: 'verksamhet', sub: 'sektor', board: 'förvaltning', council: 'förvaltning' };
/** Who reports on each level, for the deadline text. */
export const REPORTER_NAME: Record<GoalLevel, string> = { activity: 'enheterna', sub: 'verksamheterna', board: 'sektorcheferna', council: 'förvaltningen' };

/** Exact decimal text ('1234.5') shown the Swedish way ('1 234,5'), without ever going through a float. */
export function formatValue(value: string): string {
  const neg = value.startsWith('-');
  const [int, frac] = (neg ? value.slice(1) : value).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${neg ? '\u2212' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** A date as every date in Ramkoll: ÅÅÅÅ-MM-DD. */
export const formatDate = (iso: string): string => formatShownDate(iso);

/** A time as every time in Ramkoll: ÅÅÅÅ-MM-DD HH:MM, Swedish time. */
export const formatTime = (iso: string): string => formatDateTime(iso);

/** A Kolada value is yearly (dated 31 December): show the year; own measurements their date. */
export function formatValueDate(ind: Pick<IndicatorView, 'source'>, date: string): string {
  return ind.source === 'kolada' && date.endsWith('-12-31') ? date.slice(0, 4) : formatDate(date);
}

export const withUnit = (value: string, unit: string) => (unit ? `${formatValue(value)} ${unit}` : formatValue(value));

/** The level a goal's sub-goals have. */
export const CHILD_LEVEL: Record<GoalLevel, GoalLevel | null> = { council: 'board', board: 'sub', sub: 'activity', activity: null };

/** Which ansvar levels may own a goal of each level (the service checks the same). */
export const OWNER_LEVELS: Record<GoalLevel, readonly string[]> = {
  council: ['administration'],
  board: ['administration', 'sector'],
  sub: ['sector', 'operation'],
  activity: ['operation', 'unit'],
};

/** "Nytt delmål", "Ny aktivitet". */
export const newGoalName = (level: GoalLevel) => (level === 'activity' ? 'Ny aktivitet' : `Nytt ${LEVEL_NAME[level].toLowerCase()}`);
