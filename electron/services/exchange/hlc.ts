/**
 * Versions of exchanged fields: a hybrid logical clock timestamp (wall-clock
 * milliseconds and a counter) followed by the site that made the change,
 * written with fixed widths, "1795579290529-00000003-<site id>", so that
 * plain string comparison orders them: later time first, then counter, then
 * site id as the tie-break every site agrees on. A change's version is always
 * greater than the version its editor saw, because the clock never goes back
 * and is moved past every version received.
 */

export const VERSION_PATTERN = /^(\d{13})-(\d{8})-([0-9A-Za-z-]{1,64})$/;

export interface ParsedVersion {
  ms: number;
  counter: number;
  site: string;
}

// The fields of one row share their version: a merge asks for the same one several times in a row.
let lastVersion = '';
let lastParsed: Readonly<ParsedVersion> = { ms: 0, counter: 0, site: '' };

export function parseVersion(version: string): Readonly<ParsedVersion> {
  if (version === lastVersion) return lastParsed;
  const m = VERSION_PATTERN.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  lastParsed = Object.freeze({ ms: Number(m[1]), counter: Number(m[2]), site: m[3]! });
  lastVersion = version;
  return lastParsed;
}

export function isVersion(v: unknown): v is string {
  return typeof v === 'string' && VERSION_PATTERN.test(v);
}

export function siteOfVersion(version: string): string {
  return parseVersion(version).site;
}

/** When the change was made, as an ISO time. */
let lastTimeOf = '';
let lastTime = '';

export function timeOfVersion(version: string): string {
  if (version !== lastTimeOf) {
    lastTime = new Date(parseVersion(version).ms).toISOString();
    lastTimeOf = version;
  }
  return lastTime;
}

export function newerVersion(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** SQL: the wall clock in milliseconds (constant within one statement, so a bulk update counts up). */
export const NOW_MS_SQL = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/** The largest counter the fixed width holds. */
export const MAX_COUNTER = 99_999_999;

/**
 * How far ahead of this computer's clock a received version may be. Clocks
 * of office computers differ by minutes; a day covers a wrong time zone too.
 * A version further ahead is refused: taking it in would move this site's
 * clock with it, and every later version made here would be as far ahead
 * (to its recipients, a clock from the future).
 */
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** How many milliseconds the version lies ahead of `nowMs` (negative: behind). */
export function aheadOf(version: string, nowMs: number): number {
  return parseVersion(version).ms - nowMs;
}

/**
 * SQL: advances the clock for one new version. When the counter is full
 * within one millisecond, the clock moves to the next millisecond instead
 * of overflowing its width (SQLite reads the old row in every expression).
 */
export const TICK_SQL = `UPDATE xchg_clock SET counter = CASE WHEN ${NOW_MS_SQL} > ms THEN 0 WHEN counter >= ${MAX_COUNTER} THEN 0 ELSE counter + 1 END, ms = CASE WHEN ${NOW_MS_SQL} > ms THEN ${NOW_MS_SQL} WHEN counter >= ${MAX_COUNTER} THEN ms + 1 ELSE ms END WHERE id = 1;`;

/** SQL: the clock's current version, over an alias of xchg_clock. */
export const versionSql = (clock: string) => `printf('%013d-%08d-%s', ${clock}.ms, ${clock}.counter, ${clock}.site)`;
