/**
 * The one clock of the program. Every front (the app, its worker thread, the
 * CLI, the test bridge) builds its handler context's `now` from a Clock, and
 * the renderer asks the app for today (channel `system.today`) instead of
 * reading the machine's clock itself.
 *
 * RAMKOLL_TODAY=ÅÅÅÅ-MM-DD pins the Swedish calendar date for a run (a test,
 * a demonstration, a check of how the program behaves on another day). The
 * time of day still runs, so timestamps written one after another still
 * advance and keep their order.
 */
import { isIsoDate, stockholmDate, stockholmInstant, stockholmParts } from './dates';

export const TODAY_VARIABLE = 'RAMKOLL_TODAY';

export interface Clock {
  /** This instant (on the pinned date, if one is pinned). */
  now(): Date;
  /** Today's date in Sweden, ÅÅÅÅ-MM-DD. */
  today(): string;
  /** The pinned date, or null when the machine's clock gives the date. */
  readonly pinned: string | null;
}

/** A pinned date that is not a date: the message says how to write it. */
export class ClockError extends Error {
  override readonly name = 'ClockError';
}

/** The message for a RAMKOLL_TODAY that is not a date, or null when it is fine (or unset). */
export function pinnedDateProblem(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (isIsoDate(value)) return null;
  return `${TODAY_VARIABLE} är "${value}", som inte är ett datum. Ange dagens datum som ÅÅÅÅ-MM-DD (t.ex. ${TODAY_VARIABLE}=2026-08-20) eller ta bort variabeln.`;
}

/**
 * A clock over `realNow` (the machine's clock), with the date pinned when
 * `pinned` is an ÅÅÅÅ-MM-DD date. An empty or absent value pins nothing; any
 * other value throws a ClockError: a silent fallback to the machine's date
 * would make a pinned run quietly depend on the day again.
 */
export function makeClock(pinned: string | undefined | null, realNow: () => Date): Clock {
  const problem = pinnedDateProblem(pinned);
  if (problem) throw new ClockError(problem);
  if (!pinned) {
    return { pinned: null, now: realNow, today: () => stockholmDate(realNow()) };
  }
  const now = () => {
    const p = stockholmParts(realNow());
    return stockholmInstant(pinned, p.hour, p.minute, p.second, p.millisecond);
  };
  return { pinned, now, today: () => pinned };
}

/** A clock that always shows one instant (tests, and contexts built for a fixed moment). */
export function fixedClock(at: Date): Clock {
  return { pinned: stockholmDate(at), now: () => new Date(at.getTime()), today: () => stockholmDate(at) };
}
