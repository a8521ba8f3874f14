import { RamkollError } from '../../../db/errors';
import { normaliseHeader } from '../files/table';
import type { SheetCell } from '../files/xlsx-stream';
import { columnLetter } from '../masterdata/header';
import { FIELD_LABELS, LEDGER_FIELDS, type ColumnRef, type LedgerField, type MappingProfile } from './profile';
import { cellDisplay } from './values';

/**
 * Recognises the columns of an export from their headers. The names are the
 * ones Swedish ekonomisystem exports use, normalised (lower case, no
 * diacritics or punctuation: "Kontonr." -> "kontonr"); for each field the
 * earlier names win when several columns would fit.
 */
export const HEADER_NAMES: Record<LedgerField, readonly string[]> = {
  account: ['konto', 'kontonr', 'kontonummer', 'konto nr', 'kontokod', 'konto kod', 'konto id', 'kto', 'baskonto', 'huvudkonto', 'account'],
  responsibility: [
    'ansvar',
    'ansvarskod',
    'ansvarsnr',
    'ansvar kod',
    'ansvar nr',
    'ansv',
    'ansvarsomrade',
    'kostnadsstalle',
    'kst',
    'resultatenhet',
    'resultatstalle',
    'responsibility',
  ],
  activityCode: ['verksamhet', 'vht', 'verksamhetskod', 'vht kod', 'vhtkod', 'verks', 'verksamhet kod', 'verksamhetsomrade'],
  activity: ['aktivitet', 'akt', 'aktivitetskod', 'aktivitet kod'],
  project: ['projekt', 'proj', 'projektnr', 'projektnummer', 'projektkod', 'projekt kod', 'project'],
  counterparty: ['motpart', 'mp', 'motpartskod', 'motpart kod', 'motp', 'intern motpart', 'internmotpart'],
  period: ['period', 'per', 'bokforingsperiod', 'redovisningsperiod', 'ar manad', 'armanad', 'aaaamm', 'yyyymm', 'period aaaamm', 'bokf period'],
  year: ['ar', 'rakenskapsar', 'bokforingsar', 'budgetar', 'year'],
  month: ['manad', 'man', 'manadsnr', 'manad nr', 'month'],
  date: ['bokforingsdatum', 'bokf datum', 'bokfdatum', 'verifikationsdatum', 'ver datum', 'verdatum', 'transaktionsdatum', 'datum', 'date'],
  amount: [
    'belopp',
    'belopp kr',
    'belopp sek',
    'beloppsek',
    'bokfort belopp',
    'utfall',
    'utfall kr',
    'utfall period',
    'periodens utfall',
    'periodutfall',
    'saldo',
    'periodsaldo',
    'netto',
    'amount',
  ],
  debit: ['debet', 'debet kr', 'debit'],
  credit: ['kredit', 'kredit kr', 'credit'],
  voucher: ['verifikationsnummer', 'verifikationsnr', 'verifikation', 'vernr', 'ver nr', 'verifikat', 'voucher'],
  text: ['text', 'transaktionstext', 'verifikationstext', 'vertext', 'beskrivning', 'fritext'],
  counterpartyName: ['leverantor', 'leverantorsnamn', 'leverantor namn', 'kund', 'kundnamn', 'kund leverantor', 'motpartsnamn'],
};

/** Columns that hold the names of codes ("Konto text", "Ansvar(T)"), kept for the unknown-code list. */
const NAME_HEADERS = {
  account: ['kontotext', 'konto text', 'kontonamn', 'konto namn', 'konto t', 'kontobenamning', 'konto benamning', 'benamning konto'],
  responsibility: ['ansvarstext', 'ansvar text', 'ansvarsnamn', 'ansvar namn', 'ansvar t', 'ansvarsbenamning', 'ansvar benamning', 'kostnadsstalle namn'],
} as const;

export interface ResolvedMapping {
  /** Line of the header row, or null when the file has none (columns by position). */
  headerLine: number | null;
  /** Header texts by column index ('' where none). */
  headers: string[];
  columns: Partial<Record<LedgerField, number>>;
  /** Further dimensions: dimension code -> column index. */
  extraDims: Record<string, number>;
  nameColumns: { account?: number; responsibility?: number };
}

function findHeader(headers: string[], ref: ColumnRef, used: Set<number>): number | undefined {
  if (typeof ref === 'number') return ref;
  const want = normaliseHeader(ref);
  const i = headers.findIndex((h, idx) => !used.has(idx) && normaliseHeader(h) === want);
  return i < 0 ? undefined : i;
}

function autoColumns(headers: string[], taken: Set<number>, skip: ReadonlySet<LedgerField>): Partial<Record<LedgerField, number>> {
  const norm = headers.map((h) => normaliseHeader(h));
  const out: Partial<Record<LedgerField, number>> = {};
  for (const field of LEDGER_FIELDS) {
    if (skip.has(field)) continue;
    for (const name of HEADER_NAMES[field]) {
      const i = norm.findIndex((h, idx) => h === name && !taken.has(idx));
      if (i >= 0) {
        out[field] = i;
        taken.add(i);
        break;
      }
    }
  }
  return out;
}

/** How many cells of a row are headers we know; the row with most is the header row. */
function headerScore(cells: SheetCell[], profile: MappingProfile): { score: number; ok: boolean } {
  const texts = cells.map((c) => (typeof c === 'string' ? c : ''));
  const used = new Set<number>();
  const explicit = Object.values(profile.columns).filter((r): r is string => typeof r === 'string');
  let score = 0;
  for (const ref of explicit) if (findHeader(texts, ref, used) !== undefined) score += 2;
  const auto = profile.autoDetect ? autoColumns(texts, new Set(), new Set()) : {};
  score += Object.keys(auto).length;
  const resolved = resolveColumns(texts, profile);
  const ok = resolved.columns.account !== undefined && (resolved.columns.amount !== undefined || resolved.columns.debit !== undefined || resolved.columns.credit !== undefined);
  return { score, ok };
}

function resolveColumns(headers: string[], profile: MappingProfile): Pick<ResolvedMapping, 'columns' | 'extraDims' | 'nameColumns'> & { missing: string[] } {
  const used = new Set<number>();
  const columns: Partial<Record<LedgerField, number>> = {};
  const missing: string[] = [];
  for (const field of LEDGER_FIELDS) {
    const ref = profile.columns[field];
    if (ref === undefined) continue;
    const i = findHeader(headers, ref, used);
    if (i === undefined) missing.push(`${FIELD_LABELS[field]} ("${ref}")`);
    else {
      columns[field] = i;
      used.add(i);
    }
  }
  const extraDims: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [dim, ref] of Object.entries(profile.extraDims)) {
    const i = findHeader(headers, ref, used);
    if (i === undefined) missing.push(`${dim} ("${ref}")`);
    else {
      extraDims[dim] = i;
      used.add(i);
    }
  }
  if (profile.autoDetect) {
    const given = new Set(Object.keys(columns) as LedgerField[]);
    Object.assign(columns, autoColumns(headers, used, given));
  }
  const norm = headers.map((h) => normaliseHeader(h));
  const nameColumns: ResolvedMapping['nameColumns'] = {};
  for (const key of ['account', 'responsibility'] as const) {
    const i = norm.findIndex((h, idx) => !used.has(idx) && Object.values(columns).indexOf(idx) < 0 && (NAME_HEADERS[key] as readonly string[]).includes(h));
    if (i >= 0) nameColumns[key] = i;
  }
  return { columns, extraDims, nameColumns, missing };
}

/**
 * Finds the header row among the first rows (title rows above it are left
 * out) and resolves the profile's columns against it. Fails with a message
 * that lists the headers the file has, so the user can correct the mapping.
 */
export function resolveMapping(rows: { line: number; cells: SheetCell[] }[], profile: MappingProfile, fileName: string): ResolvedMapping {
  if (profile.headerRow === 0) {
    const bad = Object.entries(profile.columns).filter(([, r]) => typeof r === 'string');
    if (bad.length > 0) {
      throw new RamkollError('BAD_FILE', `${fileName}: profilen säger att filen saknar rubrikrad, så kolumnerna måste anges med nummer, inte rubrik (${bad.map(([f]) => FIELD_LABELS[f as LedgerField]).join(', ')}).`);
    }
    const width = Math.max(0, ...rows.map((r) => r.cells.length));
    const headers = Array.from({ length: width }, () => '');
    const r = resolveColumns(headers, { ...profile, autoDetect: false });
    return { headerLine: null, headers, columns: r.columns, extraDims: r.extraDims, nameColumns: {} };
  }
  let candidates = rows.slice(0, 30);
  if (profile.headerRow !== null) {
    candidates = rows.filter((r) => r.line === profile.headerRow);
    if (candidates.length === 0) throw new RamkollError('BAD_FILE', `${fileName}: rad ${profile.headerRow}, som profilen anger som rubrikrad, är tom eller finns inte.`);
  }
  let best: { row: (typeof rows)[number]; score: number } | null = null;
  for (const row of candidates) {
    const s = headerScore(row.cells, profile);
    if (s.ok && (!best || s.score > best.score)) best = { row, score: s.score };
  }
  if (!best) {
    const first = candidates.find((r) => r.cells.filter((c) => c !== '').length > 1) ?? candidates[0];
    const seen = first ? first.cells.map(cellDisplay).filter((c) => c !== '').join(', ') : '';
    throw new RamkollError(
      'BAD_FILE',
      `${fileName}: hittar ingen rubrikrad med Konto och Belopp (eller Debet och Kredit) bland de första raderna.` +
        (seen ? ` Rad ${first!.line} har: ${seen}.` : '') +
        ' Välj kolumnerna i mappningen eller använd en profil.',
      [{ file: fileName, ...(first ? { line: first.line } : {}), column: 'Konto', message: 'ingen rubrikrad med Konto och Belopp' }],
    );
  }
  const headers = best.row.cells.map((c) => cellDisplay(c).trim());
  const r = resolveColumns(headers, profile);
  if (r.missing.length > 0) {
    throw new RamkollError(
      'BAD_FILE',
      `${fileName}, rad ${best.row.line}: kolumnerna som profilen anger finns inte: ${r.missing.join(', ')}. Rubrikerna i filen är: ${headers.filter((h) => h).join(', ')}.`,
      r.missing.map((m) => ({ file: fileName, line: best.row.line, column: m, message: `kolumnen ${m} finns inte` })),
    );
  }
  return { headerLine: best.row.line, headers, columns: r.columns, extraDims: r.extraDims, nameColumns: r.nameColumns };
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
  return { ...base, columns, extraDims, autoDetect: false, headerRow: base.headerRow };
}
