import { RamkollError } from '../../../db/errors';
import { normaliseHeader } from '../files/table';
import type { SheetCell } from '../files/xlsx-stream';
import { columnLetter } from '../masterdata/header';
import { headerVerdict, type HeaderVerdict } from './headers';
import { explainMissing, refineByContent, titleYear, type Refined } from './detect';
import { FIELD_LABELS, LEDGER_FIELDS, type ColumnRef, type LedgerField, type MappingProfile } from './profile';
import type { ColumnNote, ResolvedMapping } from './types';
import { cellDisplay, monthFromName, periodFromCell } from './values';

export { HEADER_NAMES } from './headers';

type Row = { line: number; cells: SheetCell[] };

// The mapping's types live in types.ts, so that detect.ts can use them without importing this module back.
export type { ColumnNote, MissingColumn, ResolvedMapping } from './types';

function findHeader(headers: string[], ref: ColumnRef, used: Set<number>): number | undefined {
  if (typeof ref === 'number') return ref;
  const want = normaliseHeader(ref);
  const i = headers.findIndex((h, idx) => !used.has(idx) && normaliseHeader(h) === want);
  return i < 0 ? undefined : i;
}

/** A header candidate: one row, or two rows joined. */
interface Candidate {
  line: number;
  from: number;
  headers: string[];
  /** The cells of the (lower) header row as they are: a report across the year has months or dates there. */
  cells: SheetCell[];
}

function text(c: SheetCell | undefined): string {
  return c === undefined ? '' : cellDisplay(c).trim();
}

/** A row that can be the upper of two header rows: text only, no numbers or codes. */
function headerLike(row: Row): boolean {
  let any = false;
  for (const c of row.cells) {
    if (c === '') continue;
    if (typeof c !== 'string' || !/[a-zåäö]/i.test(c) || /\d{3}/.test(c)) return false;
    any = true;
  }
  return any;
}

function joined(upper: Row, lower: Row): Candidate {
  const width = Math.max(upper.cells.length, lower.cells.length);
  const headers: string[] = [];
  let carried = '';
  for (let j = 0; j < width; j++) {
    const up0 = text(upper.cells[j]);
    const lo = text(lower.cells[j]);
    // A group title spans the columns after it ("Ansvar" over "Kod" and "Namn"), as a merged cell does.
    if (up0 !== '') carried = up0;
    const up = up0 !== '' ? up0 : lo !== '' ? carried : '';
    if (up !== '' && lo !== '') {
      const both = `${up} ${lo}`;
      headers.push(headerVerdict(both).kind !== 'unknown' || headerVerdict(lo).kind === 'unknown' ? both : lo);
    } else headers.push(lo || up);
  }
  return { line: lower.line, from: upper.line, headers, cells: lower.cells };
}

const WIDE_WORDS = /^(?:utfall|belopp|summa av belopp|summa av utfall|summa|period)\s+/i;

/** The period a column header names, for a report with months as columns: 202603, "2026-03", "mars 2026", a date, or "Mars" with the year known. */
export function periodOfHeader(cell: SheetCell, year: number | null): number | null {
  if (cell === '') return null;
  if (typeof cell === 'number' && !(cell >= 200001 && cell <= 210012)) return null;
  const p = periodFromCell(typeof cell === 'string' ? cell.replace(WIDE_WORDS, '') : cell);
  if (p !== null || typeof cell !== 'string') return p;
  const month = monthFromName(cell.replace(WIDE_WORDS, ''));
  return month !== null && year !== null ? year * 100 + month : null;
}

interface Evaluated {
  cand: Candidate;
  verdicts: HeaderVerdict[];
  columns: Partial<Record<LedgerField, number>>;
  /** Fields given by the profile (not detected). */
  explicit: Set<LedgerField>;
  extraDims: Record<string, number>;
  nameColumns: ResolvedMapping['nameColumns'];
  periodColumns: [number, number][];
  missingRefs: string[];
  score: number;
  ok: boolean;
}

function evaluate(cand: Candidate, profile: MappingProfile, year: number | null): Evaluated {
  const headers = cand.headers;
  const used = new Set<number>();
  const columns: Partial<Record<LedgerField, number>> = {};
  const explicit = new Set<LedgerField>();
  const missingRefs: string[] = [];
  let score = 0;
  for (const field of LEDGER_FIELDS) {
    const ref = profile.columns[field];
    if (ref === undefined) continue;
    const i = findHeader(headers, ref, used);
    if (i === undefined) missingRefs.push(`${FIELD_LABELS[field]} ("${ref}")`);
    else {
      columns[field] = i;
      explicit.add(field);
      used.add(i);
      if (typeof ref === 'string') score += 2;
    }
  }
  const extraDims: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [dim, ref] of Object.entries(profile.extraDims)) {
    const i = findHeader(headers, ref, used);
    if (i === undefined) missingRefs.push(`${dim} ("${ref}")`);
    else {
      extraDims[dim] = i;
      used.add(i);
    }
  }
  const verdicts = headers.map((h) => headerVerdict(h));
  const nameColumns: ResolvedMapping['nameColumns'] = {};
  const periodColumns: [number, number][] = [];
  if (profile.autoDetect) {
    for (const field of LEDGER_FIELDS) {
      if (explicit.has(field)) continue;
      let best = -1;
      let rank = Infinity;
      verdicts.forEach((v, j) => {
        if (v.kind === 'field' && v.field === field && !used.has(j) && v.rank < rank) {
          best = j;
          rank = v.rank;
        }
      });
      if (best >= 0) {
        columns[field] = best;
        used.add(best);
        score++;
      }
    }
    // A huvudbok's Saldo beside Debet and Kredit is the running balance, not the row's amount.
    if (columns.amount !== undefined && !explicit.has('amount') && columns.debit !== undefined && columns.credit !== undefined) {
      if (/saldo/.test(normaliseHeader(headers[columns.amount]!))) delete columns.amount;
    }
    if (columns.amount === undefined && columns.debit === undefined && columns.credit === undefined) {
      cand.cells.forEach((c, j) => {
        if (used.has(j) || verdicts[j]?.kind !== 'unknown') return;
        const p = periodOfHeader(c, year);
        if (p !== null && !periodColumns.some(([, q]) => q === p)) periodColumns.push([j, p]);
      });
      if (periodColumns.length > 0) score++;
    }
  }
  verdicts.forEach((v, j) => {
    if (v.kind === 'name' && nameColumns[v.of] === undefined && !used.has(j)) {
      nameColumns[v.of] = j;
      // Names count too: two header rows ("Ansvar" over "Kod" and "Benämning") explain more than the top row alone.
      score++;
    }
  });
  const ok = columns.account !== undefined && (columns.amount !== undefined || columns.debit !== undefined || columns.credit !== undefined || periodColumns.length > 0);
  return { cand, verdicts, columns, explicit, extraDims, nameColumns, periodColumns, missingRefs, score, ok };
}

function candidatesOf(rows: Row[], profile: MappingProfile): Candidate[] {
  const single = (r: Row): Candidate => ({ line: r.line, from: r.line, headers: r.cells.map((c) => text(c)), cells: r.cells });
  if (profile.headerRow !== null) return rows.filter((r) => r.line === profile.headerRow).map(single);
  const out: Candidate[] = [];
  const head = rows.slice(0, 30);
  head.forEach((r, i) => {
    out.push(single(r));
    const above = head[i - 1];
    if (above && headerLike(above)) out.push(joined(above, r));
  });
  return out;
}

/**
 * Finds the header row among the first rows (title rows above it are left
 * out; two header rows are read together), resolves the profile's columns
 * against it and, where the profile leaves it to detection, reads the first
 * data rows to tell what the time columns hold (a "Månad" column of real
 * dates is the period), whether a sign column is one, and whether credit is
 * written negative. Fails with a message that says what is missing and what
 * the file has instead.
 */
export function resolveMapping(rows: Row[], profile: MappingProfile, fileName: string): ResolvedMapping {
  if (profile.headerRow === 0) {
    const bad = Object.entries(profile.columns).filter(([, r]) => typeof r === 'string');
    if (bad.length > 0) {
      throw new RamkollError('BAD_FILE', `${fileName}: profilen säger att filen saknar rubrikrad, så kolumnerna måste anges med nummer, inte rubrik (${bad.map(([f]) => FIELD_LABELS[f as LedgerField]).join(', ')}).`);
    }
    const width = Math.max(0, ...rows.map((r) => r.cells.length));
    const headers = Array.from({ length: width }, () => '');
    const r = evaluate({ line: 0, from: 0, headers, cells: headers }, { ...profile, autoDetect: false }, null);
    const notes = Object.entries(r.columns).map(([f, i]) => ({ index: i, read: FIELD_LABELS[f as LedgerField], why: 'profilen anger kolumnen' }));
    return { headerLine: null, headerFrom: null, headers, columns: r.columns, extraDims: r.extraDims, nameColumns: {}, periodColumns: [], year: null, creditSigned: false, notes, missing: [] };
  }
  const candidates = candidatesOf(rows, profile);
  if (profile.headerRow !== null && candidates.length === 0) {
    throw new RamkollError('BAD_FILE', `${fileName}: rad ${profile.headerRow}, som profilen anger som rubrikrad, är tom eller finns inte.`);
  }
  let best: Evaluated | null = null;
  let likely: Evaluated | null = null;
  for (const cand of candidates) {
    const e = evaluate(cand, profile, titleYear(rows, cand.from));
    if (e.ok && (!best || e.score > best.score)) best = e;
    if (!likely || e.score > likely.score) likely = e;
  }
  if (!best) throw noHeader(fileName, candidates, likely, rows);
  const e = best;
  const headers = e.cand.headers;
  if (e.missingRefs.length > 0) {
    throw new RamkollError(
      'BAD_FILE',
      `${fileName}, rad ${e.cand.line}: kolumnerna som profilen anger finns inte: ${e.missingRefs.join(', ')}. Rubrikerna i filen är: ${headers.filter((h) => h).join(', ')}.`,
      e.missingRefs.map((m) => ({ file: fileName, line: e.cand.line, column: m, message: `kolumnen ${m} finns inte` })),
    );
  }
  const sample = rows.filter((r) => r.line > e.cand.line).slice(0, 25);
  const year = titleYear(rows, e.cand.from);
  const refined: Refined = refineByContent({ headers, verdicts: e.verdicts, columns: e.columns, explicit: e.explicit, sample, year });
  const m: ResolvedMapping = {
    headerLine: e.cand.line,
    headerFrom: e.cand.from,
    headers,
    columns: refined.columns,
    extraDims: e.extraDims,
    nameColumns: e.nameColumns,
    periodColumns: e.periodColumns,
    year: refined.year,
    creditSigned: refined.creditSigned,
    notes: [],
    missing: [],
  };
  m.notes = columnNotes(m, e.verdicts, refined.why);
  m.missing = explainMissing(m, e.verdicts, sample, refined.timeTrouble);
  return m;
}

function columnNotes(m: ResolvedMapping, verdicts: HeaderVerdict[], why: Map<number, string>): ColumnNote[] {
  const notes: ColumnNote[] = [];
  const byIndex = new Map<number, string>();
  for (const [f, i] of Object.entries(m.columns) as [LedgerField, number][]) byIndex.set(i, FIELD_LABELS[f]);
  for (const [dim, i] of Object.entries(m.extraDims)) byIndex.set(i, dim);
  for (const [i, p] of m.periodColumns) byIndex.set(i, `Belopp för ${String(p).slice(0, 4)}-${String(p).slice(4)}`);
  if (m.nameColumns.account !== undefined) byIndex.set(m.nameColumns.account, 'Namn på konto');
  if (m.nameColumns.responsibility !== undefined) byIndex.set(m.nameColumns.responsibility, 'Namn på ansvar');
  m.headers.forEach((h, i) => {
    const read = byIndex.get(i) ?? null;
    const v = verdicts[i];
    let reason = why.get(i);
    if (reason === undefined) {
      if (read !== null) reason = h ? `rubriken "${h}"` : 'kolumnens plats';
      else if (v?.kind === 'ignored' || v?.kind === 'refused') reason = v.why;
      else if (v?.kind === 'field' || v?.kind === 'name') reason = 'en annan kolumn passar bättre';
      else reason = h ? 'okänd rubrik' : 'ingen rubrik';
    }
    notes.push({ index: i, read, why: reason });
  });
  return notes;
}

/**
 * Excel's "Formaterad text (blankstegsavgränsad)" (.prn) and report prints
 * to text: columns by position, no delimiter. The header row is then one
 * cell of header words ("Ansvar Konto Period   Belopp"). Not read (the
 * amounts' own spaces make the columns a guess), but said plainly.
 */
function fixedWidthHeader(rows: Row[]): { line: number; words: string[] } | null {
  for (const r of rows.slice(0, 20)) {
    const texts = r.cells.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (texts.length !== 1) continue;
    const words = texts[0]!.trim().split(/\s+/);
    const verdicts = words.map((w) => headerVerdict(w));
    // Every word a header ("Konto och belopp per ansvar" is a title, not a header).
    if (verdicts.some((v) => v.kind !== 'field' && v.kind !== 'name')) continue;
    const fields = new Set(verdicts.flatMap((v) => (v.kind === 'field' ? [v.field] : [])));
    if (words.length >= 3 && fields.has('account') && (fields.has('amount') || fields.has('debit') || fields.has('credit'))) return { line: r.line, words };
  }
  return null;
}

function noHeader(fileName: string, candidates: Candidate[], likely: Evaluated | null, rows: Row[]): RamkollError {
  const fixed = fixedWidthHeader(rows);
  if (fixed) {
    const why = `rad ${fixed.line} har rubrikerna ${fixed.words.join(', ')} i en enda kolumn, åtskilda av blanksteg: filen har kolumner i fast bredd (Excels "Formaterad text (blankstegsavgränsad)", .prn) och ingen avgränsare, så ingen kolumn kan placeras`;
    return new RamkollError('BAD_FILE', `${fileName}: ${why}. Spara den som "CSV (semikolonavgränsad)" eller "Text (tabbavgränsad)" i stället.`, [
      { file: fileName, line: fixed.line, column: 'Konto', message: why },
    ]);
  }
  const first = rows.find((r) => r.cells.filter((c) => c !== '').length > 1) ?? rows[0];
  let detail = '';
  // The column the details name, and why: the first required one the likely header row lacks.
  let column = 'Konto';
  let why = 'ingen rubrikrad med Konto och Belopp';
  if (likely && likely.score > 0) {
    const h = likely.cand.headers;
    const reasons: string[] = [];
    if (likely.columns.account === undefined) reasons.push('ingen kolumn har en rubrik som Konto, Kontonr eller Kto');
    if (likely.columns.amount === undefined && likely.columns.debit === undefined && likely.columns.credit === undefined) {
      const refused = likely.verdicts.map((v, j) => (v.kind === 'refused' || v.kind === 'ignored' ? `${columnLetter(j)} "${h[j]}": ${v.why}` : null)).filter((x) => x);
      reasons.push(`ingen kolumn har en rubrik som Belopp, Utfall eller Debet och Kredit${refused.length ? ` (${refused.join('; ')})` : ''}`);
    }
    const months = h.filter((x) => x && monthFromName(x) !== null);
    if (months.length > 0) reasons.push(`kolumnerna ${months.slice(0, 3).join(', ')}${months.length > 3 ? ' …' : ''} är månader, men inget år står i rubriken eller i en titelrad ovanför`);
    const unknown = h.map((x, j) => (x && likely.verdicts[j]?.kind === 'unknown' && monthFromName(x) === null ? `${columnLetter(j)} "${x}"` : null)).filter((x) => x);
    detail = ` Rad ${likely.cand.line} ser ut som rubrikraden, men ${reasons.join(', och ')}.${unknown.length ? ` Okända rubriker: ${unknown.join(', ')}.` : ''}`;
    if (likely.columns.account !== undefined) column = 'Belopp';
    if (reasons.length > 0) why = `${reasons.join(', och ')}${unknown.length ? `; okända rubriker: ${unknown.join(', ')}` : ''}`;
  } else if (first) {
    const seen = first.cells.map(cellDisplay).filter((c) => c !== '').join(', ');
    if (seen) detail = ` Rad ${first.line} har: ${seen}.`;
  }
  const at = likely && likely.score > 0 ? likely.cand.line : first?.line;
  void candidates;
  return new RamkollError(
    'BAD_FILE',
    `${fileName}: hittar ingen rubrikrad med Konto och Belopp (eller Debet och Kredit) bland de första raderna.${detail} Välj kolumnerna i mappningen eller använd en profil.`,
    [{ file: fileName, ...(at !== undefined ? { line: at } : {}), column, message: why }],
  );
}

/** "Belopp (E)": a column's header and letter, for messages. */
export function columnTitle(m: ResolvedMapping, index: number | undefined, fallback: string): string {
  if (index === undefined) return fallback;
  return `${m.headers[index] || fallback} (${columnLetter(index)})`;
}

/** The mapping written back as a profile (columns by header text where there is one), to show, correct and save. */
export function mappingAsProfile(m: ResolvedMapping, base: MappingProfile): MappingProfile {
  const columns: MappingProfile['columns'] = {};
  for (const [field, index] of Object.entries(m.columns) as [LedgerField, number][]) {
    const h = m.headers[index];
    const unique = h && m.headers.filter((x) => normaliseHeader(x) === normaliseHeader(h)).length === 1;
    columns[field] = unique ? h : index;
  }
  const extraDims: Record<string, ColumnRef> = {};
  for (const [dim, index] of Object.entries(m.extraDims)) extraDims[dim] = m.headers[index] || index;
  // Months as columns are found by the detection alone: a profile without it would have no amount.
  return { ...base, columns, extraDims, autoDetect: m.periodColumns.length > 0, headerRow: base.headerRow };
}
