import { parseOre, type DecimalSeparator } from '../money';
import type { SheetCell } from '../files/xlsx-stream';

/**
 * Reading the values of one ledger row: periods in every form the
 * ekonomisystem exports write them, amounts exact to the öre, and codes
 * with or without their names ("4010 Förbrukningsmaterial").
 */

const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

function validPeriod(year: number, month: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return year * 100 + month;
}

function validDate(year: number, month: number, day: number): number | null {
  const p = validPeriod(year, month);
  if (p === null || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? p : null;
}

/** The month (1-12) of a Swedish month name or its first three letters; null otherwise. */
export function monthFromName(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (t.length < 3) return null;
  const i = MONTHS_SV.findIndex((m) => m === t || (t.length === 3 && m.startsWith(t)) || (t === 'sept' && m === 'september'));
  return i < 0 ? null : i + 1;
}

/** Excel's day 1 is 1900-01-01 (with its 1900 leap-year bug); serials from 2000 to 2100. */
function periodFromSerial(serial: number): number | null {
  if (!Number.isFinite(serial) || serial < 36526 || serial > 73415) return null;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000);
  return validPeriod(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/**
 * A period as YYYYMM from a cell: 202601, "2026-01", "2026/1", "20260131",
 * "2026-01-31", "2026-01-31 00:00", "januari 2026", "jan 2026", a date cell,
 * or (in spreadsheets) an Excel date serial. null when it is none of these.
 */
export function periodFromCell(v: SheetCell, spreadsheet = false): number | null {
  if (v instanceof Date) return validPeriod(v.getUTCFullYear(), v.getUTCMonth() + 1);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return spreadsheet ? periodFromSerial(v) : null;
    if (v >= 200001 && v <= 210012) return validPeriod(Math.floor(v / 100), v % 100);
    if (v >= 20000101 && v <= 21001231) return validDate(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
    return spreadsheet ? periodFromSerial(v) : null;
  }
  // Fast path for the common "202603": no regular expression, no allocation.
  if (v.length === 6) {
    let n = 0;
    for (let i = 0; i < 6; i++) {
      const c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9) {
        n = -1;
        break;
      }
      n = n * 10 + c;
    }
    if (n >= 0) return validPeriod(Math.floor(n / 100), n % 100);
  }
  const s = v.trim();
  let m = /^(\d{4})(\d{2})$/.exec(s);
  if (m) return validPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/.exec(s);
  if (m) return validPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?)?$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([a-zåäö]+\.?)\s*[-\s]\s*(\d{4})$/i.exec(s);
  if (m) {
    const month = monthFromName(m[1]!);
    return month === null ? null : validPeriod(Number(m[2]), month);
  }
  // "2026 mars", "2026-mar"; and Excel's "mmm-yy" as a date column saved as text shows it ("mar-26").
  m = /^(\d{4})\s*[-\s]\s*([a-zåäö]+)\.?$/i.exec(s) ?? /^([a-zåäö]+)\.?-(\d{2})$/i.exec(s);
  if (m) {
    const [a, b] = /^\d/.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
    const month = monthFromName(b);
    return month === null ? null : validPeriod(a.length === 2 ? 2000 + Number(a) : Number(a), month);
  }
  return null;
}

/** What a cell says about time, for telling a column's kind from its content. */
export type TimeKind = 'date' | 'period' | 'month' | 'year';

export function timeKindOf(v: SheetCell, spreadsheet: boolean): TimeKind | null {
  if (v instanceof Date) return 'date';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return spreadsheet && periodFromSerial(v) !== null ? 'date' : null;
    if (v >= 1 && v <= 12) return 'month';
    if (v >= 2000 && v <= 2100) return 'year';
    if (v >= 200001 && v <= 210012) return periodFromCell(v) !== null ? 'period' : null;
    if (v >= 20000101 && v <= 21001231) return periodFromCell(v) !== null ? 'date' : null;
    return spreadsheet && periodFromSerial(v) !== null ? 'date' : null;
  }
  const s = v.trim();
  if (s === '') return null;
  if (/^\d{1,2}$/.test(s) || monthFromName(s) !== null) return monthFromCell(s) !== null ? 'month' : null;
  if (/^\d{4}$/.test(s)) return yearFromCell(s) !== null ? 'year' : null;
  if (periodFromCell(s) === null) return null;
  return /^\d{8}$|^\d{4}-\d{1,2}-\d{1,2}/.test(s) ? 'date' : 'period';
}

/** A year 2000-2100 from a cell. */
export function yearFromCell(v: SheetCell): number | null {
  const n = typeof v === 'number' ? v : /^\d{4}$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : null;
}

/** A month 1-12 from a cell: 3, "03", "mars", "mar". */
export function monthFromCell(v: SheetCell): number | null {
  if (v instanceof Date) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 12 ? v : null;
  const s = v.trim();
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= 12 ? n : null;
  }
  return monthFromName(s);
}

/** The day (ISO date) of a date cell, for transaction detail; null when it has none. */
export function isoDateFromCell(v: SheetCell, spreadsheet = false): string | null {
  let y: number, mo: number, d: number;
  if (v instanceof Date) {
    y = v.getUTCFullYear();
    mo = v.getUTCMonth() + 1;
    d = v.getUTCDate();
  } else if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 20000101 && v <= 21001231) {
      y = Math.floor(v / 10000);
      mo = Math.floor(v / 100) % 100;
      d = v % 100;
    } else if (spreadsheet && v >= 36526 && v <= 73415) {
      const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000);
      y = t.getUTCFullYear();
      mo = t.getUTCMonth() + 1;
      d = t.getUTCDate();
    } else return null;
  } else {
    const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T].*)?$/.exec(v.trim());
    if (!m) return null;
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  }
  if (validDate(y, mo, d) === null) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An amount in öre from a cell. Text goes through parseOre (decimal comma or
 * point, space/NBSP groups, U+2212, parentheses, trailing minus). A real
 * number from a spreadsheet is rounded to the öre only if it is an öre
 * amount to begin with (Excel's binary noise like 1234.5600000000002 is
 * fine, 12.345 is not). NaN when it is not an amount.
 */
/**
 * The common shapes "-12 345,67", "12345.5", "800" read without allocating;
 * NaN means "not this simple shape" (the caller then uses parseOre, which
 * knows every form).
 */
export function simpleOre(s: string, decimal: DecimalSeparator): number {
  const n = s.length;
  let i = 0;
  let negative = false;
  if (n > 0 && s.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  let group = -1; // digits since the last group space; -1: none seen
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
      if (group >= 0) group++;
    } else if (c === 32 || c === 160) {
      if (digits === 0 || (group >= 0 && group !== 3)) return NaN;
      group = 0;
    } else break;
  }
  if (digits === 0 || (group >= 0 && group !== 3) || digits > 15) return NaN;
  let fraction = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (!((c === 44 && decimal !== '.') || (c === 46 && decimal !== ',' && group < 0))) return NaN;
    const left = n - i - 1;
    if (left < 1 || left > 2) return NaN;
    const d1 = s.charCodeAt(i + 1) - 48;
    const d2 = left === 2 ? s.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
    fraction = d1 * 10 + d2;
  }
  const ore = whole * 100 + fraction;
  // Fifteen digits of kronor can pass 2^53 öre: refuse, as parseOre does, rather than round.
  if (!Number.isSafeInteger(ore)) return NaN;
  return negative ? (ore === 0 ? 0 : -ore) : ore;
}

export function oreFromCell(v: SheetCell, decimal: DecimalSeparator): number {
  if (typeof v === 'string') {
    const fast = simpleOre(v, decimal);
    if (!Number.isNaN(fast)) return fast;
  }
  if (typeof v === 'number') {
    const scaled = v * 100;
    const ore = Math.round(scaled);
    if (!Number.isSafeInteger(ore) || Math.abs(scaled - ore) > 0.01) return NaN;
    return ore === 0 ? 0 : ore;
  }
  if (v instanceof Date) return NaN;
  const ore = parseOre(v, decimal);
  return Number.isNaN(ore) ? oreWithCurrency(v, decimal) : ore;
}

const CURRENCY_AFTER = /(?<![a-zåäö])\s*(?:kr|sek|kronor)\.?\s*$|\s*:-\s*$/i;
const CURRENCY_BEFORE = /^\s*(?:sek|kr)\.?\s*(?=[-−+(\d])/i;
/** A lone dash is how Qlik and Excel's accounting format show nothing (or zero). */
const DASH_ONLY = /^\s*[-−–]\s*(?:kr|sek)?\s*$/i;

/** "1 234,50 kr", "SEK 1 234,50", "1 234:-", "- kr": the amount without its currency (never "tkr": that is thousands). */
function oreWithCurrency(v: string, decimal: DecimalSeparator): number {
  if (DASH_ONLY.test(v)) return 0;
  const bare = v.replace(CURRENCY_AFTER, '').replace(CURRENCY_BEFORE, '');
  return bare === v || bare.trim() === '' ? NaN : parseOre(bare, decimal);
}

/** +1 or -1 from a sign column: "+", "-", "D", "K", "Debet", "Kredit"; null otherwise. */
export function signFromCell(v: SheetCell): 1 | -1 | null {
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s === '+' || s === 'd' || s === 'debet' || s === 'dr' || s === 'deb') return 1;
  if (s === '-' || s === '−' || s === '–' || s === 'k' || s === 'kredit' || s === 'cr' || s === 'kr' || s === 'kred') return -1;
  return null;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const CODE = /^[0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö._/-]{0,29}$/;
const CODE_AND_NAME = /^([0-9A-Za-zÅÄÖåäö][0-9A-Za-zÅÄÖåäö._/-]{0,29})(?:\s+[-–:]?\s*|\s*[-–:]\s+)(\S.*)$/;

export interface CodeCell {
  code: string;
  /** The name written beside the code in the same cell, if any. */
  name: string | null;
}

/**
 * A code from a cell: "4010", 4010, or "4010 Förbrukningsmaterial" /
 * "4010 - Förbrukningsmaterial" (code and name in one cell). null when the
 * cell holds no code.
 */
export function codeFromCell(v: SheetCell): CodeCell | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? { code: String(v), name: null } : null;
  if (typeof v === 'string' && v.length > 0 && v.length <= 30 && allDigits(v)) return { code: v, name: null };
  if (v instanceof Date) return null;
  const s = v.trim();
  if (s === '') return null;
  if (CODE.test(s)) return { code: s, name: null };
  const m = CODE_AND_NAME.exec(s);
  return m ? { code: m[1]!, name: m[2]!.trim() } : null;
}

/** Kommun-Bas accounts are 4 or 5 digits; some systems write 3 or 6. */
export function isAccountCode(code: string): boolean {
  return /^\d{3,6}$/.test(code);
}

const BUILT_IN_TOTAL_WORDS = ['summa', 'delsumma', 'totalsumma', 'slutsumma', 'totalt', 'total', 'subtotal', 's:a', 'summering', 'grand total'];
/** Words that end a subtotal label: Excel's Delsumma and pivot tables write "31101 Summa", Power BI "Total". */
const TRAILING_TOTAL_WORDS = ['summa', 'totalt', 'total', 'totalsumma', 'delsumma'];

/** A test for total and subtotal rows: a text cell that starts with one of the words, or ends with a trailing one. */
export function totalRowMatcher(extra: readonly string[]): (text: string) => boolean {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const words = [...BUILT_IN_TOTAL_WORDS, ...extra.map((w) => w.toLowerCase())];
  const re = new RegExp(`^\\s*(?:${words.map(escape).join('|')})(?![a-zåäö])`, 'i');
  const end = new RegExp(`\\s(?:${TRAILING_TOTAL_WORDS.map(escape).join('|')})\\s*:?\\s*$`, 'i');
  return (text) => re.test(text) || end.test(text);
}

/** A cell as text for messages and previews. */
export function cellDisplay(v: SheetCell | undefined): string {
  if (v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v);
  return v;
}
