import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { stockholmDate } from '../../../shared/dates';
import { listOccasions, type Occasion } from '../followup/calendar';
import { commentRoundStatus } from '../followup/round';
import { toStep, type PlanningStep } from './steps';

/** A reporting occasion in the årshjul, with how its comment round stands against today. */
export interface CalendarOccasion extends Occasion {
  /** Per level: the deadline has passed (today is after it). */
  passed: Record<OrgLevel, boolean>;
  /** Per level: required comments not klar or godkänd after the deadline (0 for a locked occasion or one without outcome). */
  overdueComments: Record<OrgLevel, number>;
  /** Some required comment is overdue. */
  late: boolean;
}

/** The årshjul of a calendar year: its reporting occasions and the budget process's steps due in it. */
export interface YearCalendar {
  year: number;
  today: string;
  occasions: CalendarOccasion[];
  /** Steps whose due date falls in the year, whatever budget year they plan, in date order. */
  steps: PlanningStep[];
  /** How many of the year's occasions and steps are late today. */
  lateCount: number;
}

const LEVELS: readonly OrgLevel[] = ['unit', 'operation', 'sector', 'administration'];

/**
 * The whole årshjul of a year, as `ramkoll calendar` lists it: the follow-up
 * occasions (late when a required comment is overdue, as Översikt's comment
 * round counts it) and the planning steps (late when due before today and
 * not done), both measured against the one clock.
 */
export function yearCalendar(db: Db, year: number, now: Date): YearCalendar {
  const today = stockholmDate(now);
  const round = new Map(commentRoundStatus(db, year, now).occasions.map((o) => [o.id, o]));
  const occasions = listOccasions(db, year).map((o): CalendarOccasion => {
    const r = round.get(o.id);
    const passed = Object.fromEntries(LEVELS.map((l) => [l, o.deadlines[l] !== null && today > o.deadlines[l]])) as Record<OrgLevel, boolean>;
    const overdueComments = Object.fromEntries(LEVELS.map((l) => [l, r?.levels.find((x) => x.level === l)?.overdue ?? 0])) as Record<OrgLevel, number>;
    return { ...o, passed, overdueComments, late: LEVELS.some((l) => overdueComments[l] > 0) };
  });
  const steps = db
    .all(
      db.q
        .selectFrom('planning_step')
        .select(['id', 'year', 'kind', 'title', 'due_on', 'actor', 'note', 'done_on'])
        .where('deleted_at', 'is', null)
        .where('due_on', '>=', `${year}-01-01`)
        .where('due_on', '<=', `${year}-12-31`)
        .orderBy('due_on')
        .orderBy('created_at')
        .orderBy('id'),
    )
    .map((r) => toStep(r, today));
  return { year, today, occasions, steps, lateCount: occasions.filter((o) => o.late).length + steps.filter((s) => s.late).length };
}
