/**
 * When the demo förvaltning stands: the demo is built as of a date (the
 * program's today), so that it always looks like a förvaltning on that day.
 *
 * The rule: the books of a month close on the 10th of the month after
 * (BOOKS_CLOSE_DAY); only closed months have outcome. The demo's year is the
 * year of the latest closed month, unless no reporting occasion of that year
 * has closed yet (the calendar's first is February), in which case it is the
 * year before, then complete. The open comment round is the latest occasion
 * whose month has closed; every occasion before it has been reported and is
 * locked. Its deadlines are the calendar's: on most days some have passed and
 * some are coming; in the weeks after a month without an occasion (July,
 * November, January) all have passed and the round is late, waiting for the
 * nämnd.
 *
 * On 2026-12-06: October closed on 10 November, November closes on 10
 * December, so the demo year is 2026 with outcome January–October and
 * October as the open round.
 */
import { RamkollError } from '../../../db/errors';
import { addDays, isoDateOf, stockholmInstant } from '../../../shared/dates';
import { defaultCalendar } from '../followup/calendar';

export const BOOKS_CLOSE_DAY = 10;

export interface DemoTimeline {
  /** The date the demo stands on, ÅÅÅÅ-MM-DD. */
  asOf: string;
  /** The budget year. */
  year: number;
  /** Months of the year with outcome, from January (1–12). */
  outcomeMonths: number;
  /** The period (ÅÅÅÅMM) of the open comment round. */
  openPeriod: number;
}

/** The date a period's books close: the BOOKS_CLOSE_DAY of the month after, ÅÅÅÅ-MM-DD. */
export function closingDate(period: number): string {
  const y = Math.floor(period / 100);
  const m = period % 100;
  return m === 12 ? isoDateOf(y + 1, 1, BOOKS_CLOSE_DAY) : isoDateOf(y, m + 1, BOOKS_CLOSE_DAY);
}

/** The latest period whose books have closed on the given date. */
export function lastClosedPeriod(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // On or after the 10th the month before has closed; before it, the month before that.
  const back = d >= BOOKS_CLOSE_DAY ? 1 : 2;
  const z = y * 12 + (m - 1) - back;
  return Math.floor(z / 12) * 100 + (z % 12) + 1;
}

/** The first month of the year that has a reporting occasion in the default calendar. */
function firstOccasionMonth(year: number): number {
  return Math.min(...defaultCalendar(year).map((o) => o.period % 100));
}

/** The year the demo would show on a date, by the rule above. */
function naturalYear(date: string): number {
  const closed = lastClosedPeriod(date);
  const y = Math.floor(closed / 100);
  return closed % 100 >= firstOccasionMonth(y) ? y : y - 1;
}

/**
 * The demo's timeline on `today`; `year` asks for another budget year. An
 * earlier year is shown as it stood on its last day as the demo's year (the
 * whole year closed, its årsbokslut the open round). A later year has no
 * closed month yet and is refused: the demo never has outcome in the future.
 */
export function demoTimeline(today: string, year?: number): DemoTimeline {
  const natural = naturalYear(today);
  let asOf = today;
  if (year !== undefined && year > natural) {
    throw new RamkollError(
      'INVALID_INPUT',
      `Demoförvaltningen för ${year} kan inte skapas per ${today}: ingen månad av ${year} med ett uppföljningstillfälle är bokförd ännu (en månad stängs den ${BOOKS_CLOSE_DAY}:e i månaden efter), och demon visar aldrig utfall i framtiden. Välj ${natural} eller ett tidigare år.`,
    );
  }
  if (year !== undefined && year < natural) {
    // The day before the year after became the demo's year.
    asOf = addDays(closingDate((year + 1) * 100 + firstOccasionMonth(year + 1)), -1);
  }
  const y = year ?? natural;
  const closed = lastClosedPeriod(asOf);
  const outcomeMonths = Math.floor(closed / 100) === y ? closed % 100 : 12;
  const occasions = defaultCalendar(y)
    .map((o) => o.period)
    .filter((p) => p <= y * 100 + outcomeMonths);
  return { asOf, year: y, outcomeMonths, openPeriod: Math.max(...occasions) };
}

/** The instant the demo stands on: `now` when the demo is of today, else the end of the working day of its date. */
export function demoInstant(t: DemoTimeline, now: Date, today: string): Date {
  return t.asOf === today ? now : stockholmInstant(t.asOf, 17, 0);
}
