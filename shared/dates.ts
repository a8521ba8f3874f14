/**
 * Dates and times as people see them in Ramkoll: Swedish calendar dates in
 * Europe/Stockholm, written ÅÅÅÅ-MM-DD (times ÅÅÅÅ-MM-DD HH:MM), whatever the
 * machine's time zone or the browser's locale. Pure TypeScript: no node:, no
 * DOM, no Electron, so that the renderer, the services and the CLI share it.
 */

export const TIME_ZONE = 'Europe/Stockholm';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Numeric parts only ('sv-SE' writes them with Latin digits); hourCycle h23 so midnight is 00, not 24. */
const PARTS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall-clock time in Stockholm at an instant. */
export function stockholmParts(at: Date): LocalParts {
  const out: Record<string, number> = {};
  for (const p of PARTS.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second!, millisecond: at.getUTCMilliseconds() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isoDateOf(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The Swedish calendar date of an instant, ÅÅÅÅ-MM-DD. */
export function stockholmDate(at: Date): string {
  const p = stockholmParts(at);
  return isoDateOf(p.year, p.month, p.day);
}

/** The Swedish calendar year of an instant. */
export function stockholmYear(at: Date): number {
  return stockholmParts(at).year;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written ÅÅÅÅ-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The date `days` after (or before) an ÅÅÅÅ-MM-DD date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Year, month (1-12) and day of an ÅÅÅÅ-MM-DD date. */
export function dateParts(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/**
 * The instant at which Stockholm's clocks show the given date and time. In
 * the hour that does not exist when summer time starts, the time an hour
 * later; in the hour that repeats when it ends, the first of the two.
 */
export function stockholmInstant(date: string, hour = 0, minute = 0, second = 0, millisecond = 0): Date {
  const { year, month, day } = dateParts(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  let t = wall;
  // Two rounds settle the offset (+1 or +2 hours) also next to a change of summer time.
  for (let i = 0; i < 2; i++) {
    const p = stockholmParts(new Date(t));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, millisecond);
    t += wall - shown;
  }
  return new Date(t);
}

/**
 * A date for people: ÅÅÅÅ-MM-DD. A timestamp (ISO text with a time, or a
 * Date) gives its Stockholm date; a plain ÅÅÅÅ-MM-DD date is shown as it is.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && ISO_DATE.test(value)) return value;
  const at = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) return String(value);
  return stockholmDate(at);
}

/** A time for people: ÅÅÅÅ-MM-DD HH:MM in Stockholm. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const at = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) return String(value);
  const p = stockholmParts(at);
  return `${isoDateOf(p.year, p.month, p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

export type DateParse = { ok: true; value: string } | { ok: false; message: string };

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/**
 * Reads a date a person typed: ÅÅÅÅ-MM-DD (also ÅÅÅÅMMDD, and / or . as
 * separators, with one-digit month and day). Anything else gets a Swedish
 * message that says how to write it.
 */
export function parseDate(text: string): DateParse {
  const t = text.trim();
  const example = 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-18.';
  if (t === '') return { ok: false, message: `Datum saknas. ${example}` };
  const m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return { ok: false, message: `"${t}" är inget datum. ${example}` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2199) return { ok: false, message: `Året ${y} ligger utanför 1900–2199. ${example}` };
  if (mo < 1 || mo > 12) return { ok: false, message: `Månaden ${m[2]} finns inte: månaden är 01–12. ${example}` };
  const last = daysInMonth(y, mo);
  if (d < 1 || d > last) return { ok: false, message: `${isoDateOf(y, mo, d)} finns inte: ${MONTHS[mo - 1]} ${y} har ${last} dagar.` };
  return { ok: true, value: isoDateOf(y, mo, d) };
}
