import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus, GoalDeadlineLevel, GoalDeadlineTable, OrgLevel } from '../../../db/schema';
import { naturalId } from '../ids';
import type { Actor } from './access';
import { occasionByPeriod, type GoalOccasion } from './occasions';

/** Top down, as the Mål page lists them. */
export const DEADLINE_LEVELS: readonly GoalDeadlineLevel[] = ['activity', 'sub', 'board', 'council', 'assignment'];

export const DEADLINE_LEVEL_NAMES: Record<GoalDeadlineLevel, string> = {
  activity: 'Aktiviteter',
  sub: 'Delmål',
  board: 'Nämndmål',
  council: 'KF:s inriktningsmål och styrtal',
  assignment: 'Uppdrag',
};

/**
 * Without a deadline of its own a goal level is due when its reporters' ansvar
 * level is in the calendar: enheter report aktiviteter, verksamheter delmål,
 * sektorer nämndmål, the förvaltning KF's goals. An uppdrag is due when its
 * owner's level is.
 */
const CALENDAR_LEVEL: Record<Exclude<GoalDeadlineLevel, 'assignment'>, OrgLevel> = { activity: 'unit', sub: 'operation', board: 'sector', council: 'administration' };

export interface LevelDeadline {
  level: GoalDeadlineLevel;
  name: string;
  /** ISO date; null when neither the controller nor the calendar gives one. */
  date: string | null;
  /** 'set': the controller's deadline for the level; 'calendar': the calendar's for the reporting ansvar level. */
  source: 'set' | 'calendar' | null;
}

export type GoalDeadlines = Record<GoalDeadlineLevel, LevelDeadline>;

export const goalDeadlineId = (occasionId: string, level: GoalDeadlineLevel) => naturalId('goal_deadline', `${occasionId}\u0000${level}`);

export function goalDeadlines(db: Db, occasion: GoalOccasion): GoalDeadlines {
  const set = new Map(
    (db.prepare('SELECT level, due_on FROM goal_deadline WHERE occasion_id = ? AND deleted_at IS NULL').all(occasion.id) as Pick<GoalDeadlineTable, 'level' | 'due_on'>[]).map((r) => [r.level, r.due_on]),
  );
  const out = {} as GoalDeadlines;
  for (const level of DEADLINE_LEVELS) {
    const own = set.get(level);
    const calendar = level === 'assignment' ? (occasion.deadlines.sector ?? occasion.deadlines.administration) : occasion.deadlines[CALENDAR_LEVEL[level]];
    out[level] = { level, name: DEADLINE_LEVEL_NAMES[level], date: own ?? calendar, source: own ? 'set' : calendar ? 'calendar' : null };
  }
  return out;
}

/** An uppdrag's deadline: the level's own, else the calendar's for its owner's ansvar level. */
export function assignmentDeadline(d: GoalDeadlines, occasion: GoalOccasion, ownerLevel: OrgLevel | null): string | null {
  if (d.assignment.source === 'set') return d.assignment.date;
  return (ownerLevel ? occasion.deadlines[ownerLevel] : null) ?? d.assignment.date;
}

/** Past the deadline and not yet klar or godkänd, while the occasion is open (a locked occasion has been reported). */
export function isOverdue(deadline: string | null, round: CommentStatus | null, occasion: GoalOccasion, today: string): boolean {
  return deadline !== null && round !== 'ready' && round !== 'approved' && !occasion.locked && today > deadline;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Sets (or with null removes) the controller's deadline for a goal level at an occasion. */
export function setGoalDeadline(db: Db, actor: Actor, input: { period: number; level: GoalDeadlineLevel; date: string | null }): GoalDeadlines {
  if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', 'Sista dag per målnivå sätts av controllern; du ser dem på sidan Mål.');
  const occasion = occasionByPeriod(db, input.period);
  if (occasion.locked) throw new RamkollError('CONFLICT', `${occasion.name} är låst; sista dagarna kan inte längre ändras.`);
  const date = input.date === null || input.date.trim() === '' ? null : input.date.trim();
  if (date !== null && (!ISO.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)) {
    throw new RamkollError('INVALID_INPUT', `Sista dag "${date}" ska skrivas ÅÅÅÅ-MM-DD, t.ex. ${occasion.year}-09-05.`, [{ column: 'Sista dag', value: date, message: 'ogiltigt datum' }]);
  }
  if (date !== null && date < occasion.endDate) {
    throw new RamkollError('INVALID_INPUT', `Sista dag ${date} ligger före periodens slut (${occasion.endDate}); välj en dag efter att ${occasion.periodName} har stängts.`, [{ column: 'Sista dag', value: date, message: 'före periodens slut' }]);
  }
  const id = goalDeadlineId(occasion.id, input.level);
  const at = actor.now.toISOString();
  db.tx(() => {
    const old = db.prepare('SELECT * FROM goal_deadline WHERE id = ?').get(id) as GoalDeadlineTable | undefined;
    if (date === null) {
      if (old && old.deleted_at === null) db.run(db.q.updateTable('goal_deadline').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    } else if (old) {
      if (old.due_on !== date || old.deleted_at !== null) db.run(db.q.updateTable('goal_deadline').set({ due_on: date, deleted_at: null, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    } else {
      db.run(db.q.insertInto('goal_deadline').values({ id, occasion_id: occasion.id, level: input.level, due_on: date, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }));
    }
  });
  return goalDeadlines(db, occasion);
}
