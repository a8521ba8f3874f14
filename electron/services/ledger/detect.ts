import type { SheetCell } from '../files/xlsx-stream';
import { columnLetter } from '../masterdata/header';
import { HEADER_NAMES, speaksOfTime, type HeaderVerdict } from './headers';
import type { MissingColumn, ResolvedMapping } from './types';
import type { LedgerField } from './profile';
import { cellDisplay, oreFromCell, signFromCell, timeKindOf, type TimeKind } from './values';

/**
 * The second half of detection: what the first data rows say about the
 * columns the headers left open. A header says "Månad" but the cells are
 * real dates: the column is the period. A "Period" of 1–12 beside "År" is
 * the month. A "D/K" column that holds something else is no sign column.
 * Content only overrides a header when it clearly says something else, so a
 * "Period" column with bad values still gets each bad value reported.
 */

type Row = { line: number; cells: SheetCell[] };
const TIME_FIELDS = ['period', 'year', 'month', 'date'] as const;
type TimeField = (typeof TIME_FIELDS)[number];

/** A few different values of a column, to show in a message. */
function examples(sample: Row[], j: number, n = 2): string[] {
  return [...new Set(values(sample, j).map((v) => cellDisplay(v)))].slice(0, n);
}

function values(sample: Row[], j: number): SheetCell[] {
  const out: SheetCell[] = [];
  for (const r of sample) {
    const v = r.cells[j];
    if (v !== undefined && v !== '' && !(typeof v === 'string' && v.trim() === '')) out.push(v);
  }
  return out;
}

/** The year a title line above the header names, when it names exactly one ("Utfall januari–mars 2026"). */
export function titleYear(rows: Row[], headerFrom: number): number | null {
  const years = new Set<number>();
  for (const r of rows) {
    if (r.line >= headerFrom) break;
    for (const c of r.cells) {
      if (c instanceof Date) years.add(c.getUTCFullYear());
      else if (typeof c === 'string') for (const m of c.matchAll(/(?<!\d)(20\d{2})(?!\d)/g)) years.add(Number(m[1]));
    }
  }
  return years.size === 1 ? [...years][0]! : null;
}

/** What a column's cells are, when at least four in five agree. */
function dominantKind(vals: SheetCell[], spreadsheet: boolean): TimeKind | 'none' | null {
  if (vals.length === 0) return null;
  const n = { date: 0, period: 0, month: 0, year: 0 };
  for (const v of vals) {
    const k = timeKindOf(v, spreadsheet);
    if (k) n[k]++;
  }
  const enough = (x: number) => x * 5 >= vals.length * 4;
  if (enough(n.date + n.period)) return n.date >= n.period ? 'date' : 'period';
  if (enough(n.month)) return 'month';
  if (enough(n.year)) return 'year';
  return 'none';
}

/**
 * A column of periods or dates by its cells alone: date cells, YYYYMM or
 * YYYYMMDD, "2026-03", "2026-03-31". A spreadsheet's plain numbers are not
 * read as date serials here (any amount column would be), nor 1–12 as months.
 */
function saysPeriodByContent(vals: SheetCell[]): boolean {
  if (vals.length === 0) return false;
  const n = vals.filter((v) => {
    const k = timeKindOf(v, false);
    return k === 'date' || k === 'period';
  }).length;
  return n * 5 >= vals.length * 4;
}

export interface Refined {
  columns: Partial<Record<LedgerField, number>>;
  year: number | null;
  creditSigned: boolean;
  /** Column -> why it was read as it was, where the content decided. */
  why: Map<number, string>;
  /** Columns whose header speaks of time but whose cells are no period, month or date: [column, examples]. */
  timeTrouble: [number, string[]][];
}

interface RefineInput {
  headers: string[];
  verdicts: HeaderVerdict[];
  columns: Partial<Record<LedgerField, number>>;
  explicit: Set<LedgerField>;
  sample: Row[];
  year: number | null;
}

const SAY_ORDER = { period: 0, month: 1, year: 2, date: 3 } as const;

export function refineByContent(input: RefineInput): Refined {
  const { headers, verdicts, explicit, sample } = input;
  const columns = { ...input.columns };
  const why = new Map<number, string>();
  const timeTrouble: [number, string[]][] = [];
  const spreadsheet = sample.some((r) => r.cells.some((c) => typeof c !== 'string'));
  const show = (v: SheetCell) => `"${cellDisplay(v)}"`;

  if (columns.sign !== undefined && !explicit.has('sign')) {
    const vals = values(sample, columns.sign);
    const bad = vals.filter((v) => signFromCell(v) === null);
    if (bad.length > 0) {
      why.set(columns.sign, `${bad.slice(0, 2).map(show).join(', ')} är inga tecken (+/−, D/K)`);
      delete columns.sign;
    }
  }

  let creditSigned = false;
  if (columns.credit !== undefined && columns.debit !== undefined) {
    const credits = values(sample, columns.credit)
      .map((v) => oreFromCell(v, 'auto'))
      .filter((x) => !Number.isNaN(x) && x !== 0);
    if (credits.length > 0 && credits.every((x) => x < 0)) {
      creditSigned = true;
      why.set(columns.credit, 'kreditbeloppen står med minus; de räknas som de står');
    }
  }

  let year: number | null = null;
  if (!TIME_FIELDS.some((f) => explicit.has(f))) {
    const other = new Set(Object.entries(columns).filter(([f]) => !(TIME_FIELDS as readonly string[]).includes(f)).map(([, i]) => i));
    const named = new Map<number, TimeField>();
    for (const f of TIME_FIELDS) if (columns[f] !== undefined) named.set(columns[f], f);
    type Cand = { j: number; say: TimeField; field: TimeField | null; rank: number; positive: boolean };
    const cands: Cand[] = [];
    headers.forEach((h, j) => {
      if (other.has(j)) return;
      const v = verdicts[j];
      const byName = v?.kind === 'field' && (TIME_FIELDS as readonly string[]).includes(v.field) ? (v.field as TimeField) : null;
      const say = speaksOfTime(h) ?? byName;
      if (say === null) return;
      const kind = dominantKind(values(sample, j), spreadsheet);
      let field: TimeField | null = null;
      if (kind === 'date' || kind === 'period') field = say === 'date' ? 'date' : 'period';
      else if (kind === 'month' || kind === 'year') field = kind;
      if (kind === 'none' && !named.has(j)) timeTrouble.push([j, examples(sample, j).map((x) => `"${x}"`)]);
      const rank = v?.kind === 'field' ? v.rank : 1000;
      // Content that clearly says something wins; a column with bad values keeps its header's meaning (each value is then reported).
      cands.push({ j, say, field: field ?? named.get(j) ?? null, rank, positive: field !== null });
    });
    const pick = (f: TimeField) =>
      cands
        .filter((c) => c.field === f)
        .sort((a, b) => Number(b.positive) - Number(a.positive) || SAY_ORDER[a.say] - SAY_ORDER[b.say] || a.rank - b.rank || a.j - b.j)[0];
    for (const f of TIME_FIELDS) delete columns[f];
    const period = pick('period');
    const date = pick('date');
    if (period) columns.period = period.j;
    if (date) columns.date = date.j;
    // No header speaks of time: a column whose header says nothing (or is empty) but whose cells are clearly periods or dates is the period ("Tid" holding 2026-03).
    if (!period && !date && cands.every((c) => c.field !== 'month')) {
      const byContent = headers
        .map((_, j) => j)
        .filter((j) => !other.has(j) && verdicts[j]?.kind === 'unknown' && saysPeriodByContent(values(sample, j)));
      if (byContent.length === 1) {
        columns.period = byContent[0]!;
        why.set(byContent[0]!, 'rubriken säger inget, men kolumnen har perioder eller datum; perioden tas härifrån');
      }
    }
    if (!period && !date) {
      const month = pick('month');
      const yearCol = pick('year');
      if (month) columns.month = month.j;
      if (month && yearCol) columns.year = yearCol.j;
      if (month && !yearCol) year = input.year;
    }
    const content: Record<TimeField, string> = {
      period: 'kolumnen har perioder eller datum; perioden tas härifrån',
      date: 'kolumnen har datum; perioden tas av datumet',
      month: 'kolumnen har månader (1–12 eller namn); månaden tas härifrån',
      year: 'kolumnen har årtal; året tas härifrån',
    };
    for (const c of cands) {
      const got = (Object.entries(columns) as [LedgerField, number][]).find(([, i]) => i === c.j)?.[0] as TimeField | undefined;
      if (got && c.positive && got !== named.get(c.j)) why.set(c.j, content[got]);
      else if (!got && (period || date)) why.set(c.j, `perioden tas från kolumnen ${headers[(period ?? date)!.j]}`);
    }
    if (columns.month !== undefined && columns.year === undefined && year !== null) {
      why.set(columns.month, `månader utan år; året ${year} står i rubriken ovanför`);
    }
  }
  return { columns, year, creditSigned, why, timeTrouble };
}

const LIST = (f: LedgerField) => HEADER_NAMES[f].slice(0, 4).map((n) => n[0]!.toUpperCase() + n.slice(1)).join(', ');

/** The required columns the detection could not place, each with what the file has instead. */
export function explainMissing(m: ResolvedMapping, verdicts: HeaderVerdict[], sample: Row[], timeTrouble: [number, string[]][]): MissingColumn[] {
  const used = new Set<number>([...Object.values(m.columns), ...Object.values(m.extraDims), ...m.periodColumns.map(([i]) => i)]);
  if (m.nameColumns.account !== undefined) used.add(m.nameColumns.account);
  if (m.nameColumns.responsibility !== undefined) used.add(m.nameColumns.responsibility);
  const loose = m.headers
    .map((h, j) => ({ h, j }))
    .filter(({ h, j }) => h !== '' && !used.has(j) && verdicts[j]?.kind === 'unknown')
    .map(({ h, j }) => {
      const ex = examples(sample, j);
      return `${columnLetter(j)} "${h}"${ex.length ? ` (t.ex. ${ex.join(', ')})` : ''}`;
    });
  const unplaced = loose.length > 0 ? `; kolumner som inte lästes: ${loose.join(', ')}` : '';
  const all = `; rubrikerna i filen är ${m.headers.filter((h) => h).join(', ') || '(inga)'}`;
  const out: MissingColumn[] = [];
  const c = m.columns;
  if (c.account === undefined) out.push({ field: 'account', message: `kolumnen saknas i mappningen: Konto – ingen kolumn har en rubrik som ${LIST('account')}${unplaced}${all}` });
  if (c.responsibility === undefined) {
    out.push({ field: 'responsibility', message: `kolumnen saknas i mappningen: Ansvar – ingen kolumn har en rubrik som Ansvar, Ansvarskod, Kostnadsställe, Kst eller Resultatenhet${unplaced}${all}` });
  }
  if (c.amount === undefined && c.debit === undefined && c.credit === undefined && m.periodColumns.length === 0) {
    out.push({ field: 'amount', message: `kolumnen saknas i mappningen: Belopp – ingen kolumn har en rubrik som Belopp, Utfall eller Debet och Kredit${unplaced}${all}` });
  }
  const hasPeriod = c.period !== undefined || c.date !== undefined || (c.month !== undefined && (c.year !== undefined || m.year !== null)) || m.periodColumns.length > 0;
  if (!hasPeriod) {
    let why: string;
    if (c.month !== undefined) {
      const ex = examples(sample, c.month).map((x) => `"${x}"`);
      why = `kolumnen ${columnLetter(c.month)} "${m.headers[c.month]}" har månader utan år (${ex.join(', ')}), och ingen kolumn År eller rubrikrad ovanför säger vilket år`;
    } else if (timeTrouble.length > 0) {
      why = timeTrouble.map(([j, ex]) => `kolumnen ${columnLetter(j)} "${m.headers[j]}" har ${ex.join(', ')}, som varken är perioder, månader eller datum`).join('; ');
    } else why = 'ingen kolumn har en rubrik som Period, Månad, År och Månad, Datum eller Bokf.datum';
    out.push({ field: 'period', message: `kolumnen saknas i mappningen: Period – ${why}; välj en period för hela filen eller kolumnen i mappningen${unplaced}${all}` });
  }
  return out;
}
