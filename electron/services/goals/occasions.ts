import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OccasionKind, OrgLevel, ReportingOccasionTable } from '../../../db/schema';
import { periodName } from '../fiscal';
import { stockholmParts } from '../../../shared/dates';

/** The occasions at which goals are followed up: tertial 1, the delårsrapport and the årsbokslut. */
export const GOAL_OCCASION_KINDS: readonly OccasionKind[] = ['tertial', 'interim', 'annual'];

export interface GoalOccasion {
  id: string;
  year: number;
  period: number;
  kind: OccasionKind;
  name: string;
  /** "april 2026" */
  periodName: string;
  /** Last day of the period (ISO date): styrtal values up to it count for the occasion. */
  endDate: string;
  /** The calendar's deadlines per organisational level (ISO dates), null where the calendar has none. */
  deadlines: Record<OrgLevel, string | null>;
  locked: boolean;
  /** Whether goals are normally followed up at this kind of occasion. */
  goalOccasion: boolean;
}

/** A deadline column may hold a date or a date-time; the day is what counts. */
const day = (v: string | null) => (v === null || v === '' ? null : v.slice(0, 10));

export function lastDayOfPeriod(period: number): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

export function toGoalOccasion(r: ReportingOccasionTable): GoalOccasion {
  return {
    id: r.id,
    year: r.year,
    period: r.period,
    kind: r.kind,
    name: r.name,
    periodName: periodName(r.period),
    endDate: lastDayOfPeriod(r.period),
    deadlines: { unit: day(r.deadline_unit), operation: day(r.deadline_operation), sector: day(r.deadline_sector), administration: day(r.deadline_administration) },
    locked: r.locked_at !== null,
    goalOccasion: GOAL_OCCASION_KINDS.includes(r.kind),
  };
}

/** The year's occasions, goal occasions (tertial, delår, helår) first when asked for, in period order. */
export function listOccasions(db: Db, year: number, opts: { all?: boolean } = {}): GoalOccasion[] {
  let q = db.q.selectFrom('reporting_occasion').selectAll().where('deleted_at', 'is', null).where('year', '=', year);
  if (!opts.all) q = q.where('kind', 'in', [...GOAL_OCCASION_KINDS]);
  return db.all(q.orderBy('period')).map(toGoalOccasion);
}

/** The occasion of a period (UNIQUE per period), or a message naming the ones there are. */
export function occasionByPeriod(db: Db, period: number): GoalOccasion {
  // Prepared SQL: every assessment step looks its occasion up (the demo's round takes hundreds), and compiling
  // the query builder's statement each time cost more than running it.
  const row = db.prepare('SELECT * FROM reporting_occasion WHERE period = ? AND deleted_at IS NULL').get(period) as ReportingOccasionTable | undefined;
  if (row) return toGoalOccasion(row);
  const year = Math.floor(period / 100);
  const there = listOccasions(db, year, { all: true });
  const list = there.length > 0 ? ` Uppföljningstillfällen ${year}: ${there.map((o) => `${o.period} (${o.name})`).join(', ')}.` : ` Det finns inga uppföljningstillfällen för ${year}; lägg in kalendern under Uppföljning.`;
  throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för period ${period}.${list}`);
}

/** The year's goal occasion to show when none is named: the latest begun by `now`, else the first (as the Mål page opens). */
export function currentGoalPeriod(db: Db, year: number, now: Date): number {
  const periods = listOccasions(db, year).map((o) => o.period);
  if (periods.length === 0) throw new RamkollError('NOT_FOUND', `Det finns inget tertial, delår eller årsbokslut för ${year}; lägg in kalendern under Uppföljning eller ange --occasion.`);
  const p = stockholmParts(now);
  const begun = periods.filter((x) => x <= p.year * 100 + p.month);
  return begun.length > 0 ? begun[begun.length - 1]! : periods[0]!;
}
