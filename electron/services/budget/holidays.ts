/**
 * Swedish public holidays (helgdagar, lagen 1989:253) and the days that are
 * work-free by custom and collective agreements (midsommarafton, julafton,
 * nyårsafton), for the working-days periodisation. Dates are computed per
 * year, including Easter (Gregorian computus) and the movable midsummer and
 * All Saints' days.
 */

/** Easter Sunday of a Gregorian year as [month (1-12), day]. */
export function easterSunday(year: number): [number, number] {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

/** The first date from `from` (inclusive) that falls on `weekday` (0 = Sunday). */
function firstWeekdayFrom(from: Date, weekday: number): Date {
  return addDays(from, (weekday - from.getUTCDay() + 7) % 7);
}

export interface Holiday {
  /** ISO date. */
  date: string;
  name: string;
}

/** The holidays and customary work-free days of a year, in date order. */
export function swedishHolidays(year: number): Holiday[] {
  const [em, ed] = easterSunday(year);
  const easter = utc(year, em, ed);
  const midsummerDay = firstWeekdayFrom(utc(year, 6, 20), 6);
  const days: [Date, string][] = [
    [utc(year, 1, 1), 'Nyårsdagen'],
    [utc(year, 1, 6), 'Trettondedag jul'],
    [addDays(easter, -2), 'Långfredagen'],
    [easter, 'Påskdagen'],
    [addDays(easter, 1), 'Annandag påsk'],
    [utc(year, 5, 1), 'Första maj'],
    [addDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [addDays(easter, 49), 'Pingstdagen'],
    [utc(year, 6, 6), 'Sveriges nationaldag'],
    [addDays(midsummerDay, -1), 'Midsommarafton'],
    [midsummerDay, 'Midsommardagen'],
    [firstWeekdayFrom(utc(year, 10, 31), 6), 'Alla helgons dag'],
    [utc(year, 12, 24), 'Julafton'],
    [utc(year, 12, 25), 'Juldagen'],
    [utc(year, 12, 26), 'Annandag jul'],
    [utc(year, 12, 31), 'Nyårsafton'],
  ];
  return days.map(([d, name]) => ({ date: d.toISOString().slice(0, 10), name })).sort((a, b) => a.date.localeCompare(b.date));
}

/** Working days (Monday-Friday that are not holidays or customary free days) per month. */
export function workingDaysPerMonth(year: number): number[] {
  const free = new Set(swedishHolidays(year).map((h) => h.date));
  const counts = new Array<number>(12).fill(0);
  for (let d = utc(year, 1, 1); d.getUTCFullYear() === year; d = addDays(d, 1)) {
    const wd = d.getUTCDay();
    if (wd === 0 || wd === 6 || free.has(d.toISOString().slice(0, 10))) continue;
    counts[d.getUTCMonth()]! += 1;
  }
  return counts;
}
