import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { normaliseHeader, readTableFile } from '../files/table';
import { cell, columnName, locateColumns, type ColumnSpec, type LocatedTable } from '../masterdata/header';
import { fileProblems } from '../problems';
import { getSetting } from '../settings';
import type { Actor } from './access';
import { KOLADA_KEY, writableSeries, writeValue } from './chain';
import { parseDecimal } from './decimal';
import { isChef } from '../../../shared/roles';
import { setSetting } from '../settings';
import { comparisonChange, defaultName, kindOfCode, kindOfName, parseGender, writeComparison, type ComparisonRow } from './comparison-rows';
import { KOLADA_JSON_FIELDS, readKoladaJson } from './kolada-json';
import type { SheetRow } from '../files/xlsx';

export interface IndicatorImportRequest {
  path: string;
  sheet?: string;
  /** The kommun whose rows are the kommun's own in a file with several (name or Kolada id); default the database's kommun (its Kolada id, else its name). */
  kommun?: string;
  dryRun: boolean;
}

export interface IndicatorImportResult {
  fileName: string;
  /** Rows read below the header. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not written to the kommun's own values, and why: another kommun, a breakdown by kön (both kept as comparison rows), no value published. */
  skipped: { otherKommun: number; notTotal: number; empty: number };
  /**
   * The rows kept for comparison (indicator_comparison_value): other kommuner, the region,
   * riket, kommungrupper, and the kommun's own values by kön; how many of each kind (rows
   * per kommun, region, riket, grupp) and how the table changes.
   */
  comparison: { rows: number; municipalities: number; byKind: Record<ComparisonRow['kind'], number>; created: number; updated: number; unchanged: number };
  /** Values per series key in the file. */
  series: { key: string; values: number; from: string; to: string }[];
  notes: string[];
  applied: boolean;
}

type Col = 'key' | 'kommun' | 'kommunCode' | 'year' | 'date' | 'value' | 'gender' | 'note';

const COLUMNS: readonly ColumnSpec<Col>[] = [
  { key: 'key', label: 'Nyckeltal', names: ['nyckeltal', 'nyckeltal id', 'nyckeltalsid', 'kpi', 'kpi id', 'kpi nyckel', 'nyckel', 'key', 'id', 'styrtal', 'serie', 'kod', 'matetal'], required: true },
  { key: 'value', label: 'Värde', names: ['varde', 'value', 'utfall', 'varde totalt', 'totalt', 'matvarde'], required: true },
  { key: 'kommun', label: 'Kommun', names: ['kommun', 'kommunnamn', 'municipality', 'municipality title', 'kommun region', 'organisation'], required: false },
  { key: 'kommunCode', label: 'Kommun-id', names: ['kommun id', 'kommunkod', 'kommun kod', 'municipality id', 'kommunid', 'kommun region id'], required: false },
  { key: 'year', label: 'År', names: ['ar', 'year', 'artal', 'period'], required: false },
  { key: 'date', label: 'Datum', names: ['datum', 'date', 'matdatum', 'avser datum', 'mattidpunkt'], required: false },
  { key: 'gender', label: 'Kön', names: ['kon', 'gender'], required: false },
  { key: 'note', label: 'Kommentar', names: ['kommentar', 'anmarkning', 'not', 'notering'], required: false },
];

/** The JSON reader's rows as a located table: its header names the fields, as messages do. */
const JSON_COLUMNS: Partial<Record<Col, number>> = { key: 0, kommunCode: 1, kommun: 2, year: 3, gender: 4, value: 5 };
const JSON_FIELD: Partial<Record<Col, string>> = { key: 'kpi', kommunCode: 'municipality', kommun: 'municipality_title', year: 'period', gender: 'gender', value: 'value' };

/** The ways a kommun may be named in a column: "Exempelby kommun", "Exempelby", its code. */
function kommunNames(kommun: string): Set<string> {
  const n = normaliseHeader(kommun);
  return new Set([n, n.replace(/ kommun$/, ''), n.replace(/s kommun$/, '')].filter((x) => x !== ''));
}

/**
 * Imports dated styrtal values from CSV or Excel, e.g. a Kolada export (key,
 * kommun, year, value). Every row is checked first; any problem stops the
 * import with all of them listed (file, line, column) and nothing changed.
 * Otherwise a backup is taken and the values are written in one transaction.
 * A yearly value is dated the year's last day.
 */
export async function importIndicatorValues(db: Db, req: IndicatorImportRequest, actor: Actor, progress: (done: number, total: number) => void = () => {}): Promise<IndicatorImportResult> {
  const json = /\.json$/i.test(req.path);
  const t = json ? jsonTable(readKoladaJson(req.path)) : await csvTable(req.path, req.sheet);
  const plan = planImport(db, t, json, req.kommun, actor);
  const { result, planned, comparisons } = plan;
  const count = (w: 'created' | 'updated' | 'unchanged') => result[w]++;
  if (req.dryRun) {
    for (const p of planned) {
      const old = db.first(db.q.selectFrom('indicator_value').select(['value', 'note', 'deleted_at']).where('series_key', '=', p.key).where('measured_on', '=', p.date));
      count(!old || old.deleted_at !== null ? 'created' : old.value === p.value && old.note === p.note ? 'unchanged' : 'updated');
    }
    for (const c of comparisons) result.comparison[comparisonChange(db, c)]++;
    return result;
  }
  await db.backup('fore-styrtal');
  db.tx(() => applyImport(db, plan, actor, progress));
  return { ...result, applied: true };
}

/**
 * A Kolada API file's rows (kolada-json.ts) read in inside the caller's
 * transaction, as the import does after its checks: the demo's comparison
 * file goes this way. Any problem throws, located, before anything is written.
 */
export function writeKoladaRows(db: Db, file: { fileName: string; rows: SheetRow[] }, actor: Actor): IndicatorImportResult {
  const plan = planImport(db, jsonTable(file), true, undefined, actor);
  applyImport(db, plan, actor, () => {});
  return { ...plan.result, applied: true };
}

interface Plan {
  result: IndicatorImportResult;
  planned: { line: number; key: string; date: string; value: string; note: string }[];
  comparisons: (ComparisonRow & { line: number })[];
  learntCode: string | null;
}

/** Every row checked and sorted into the kommun's own values and comparison rows; all problems at once, nothing written. */
function planImport(db: Db, t: Located, json: boolean, askedKommun: string | undefined, actor: Actor): Plan {
  const file = t.fileName;
  if (t.columns.year === undefined && t.columns.date === undefined) {
    throw new RamkollError('BAD_FILE', `${file}: kolumnen År eller Datum saknas; varje värde behöver veta vilket år eller datum det gäller. Rubrikerna i filen är: ${t.headers.filter((h) => h !== '').join(', ')}.`, [
      { file, line: t.headerLine, column: 'År', message: 'kolumnen År eller Datum saknas (godtagna rubriker: år, year, datum, date)' },
    ]);
  }
  const errors: ProblemDetail[] = [];
  const problem = (line: number, key: Col, label: string, value: string, message: string) =>
    errors.push({ file, line, column: json ? (JSON_FIELD[key] ?? label) : columnName(t, key, label), value, message });

  const savedCode = getSetting(db, 'kommun.code');
  const asked = askedKommun?.trim();
  const ourCode = asked !== undefined ? (kindOfCode(asked) === 'kommun' ? asked : '') : savedCode;
  const kommun = asked ?? (json && savedCode !== '' ? savedCode : getSetting(db, 'kommun.name'));
  const ours = kommunNames(kommun);
  if (json && ourCode === '') {
    throw new RamkollError('INVALID_INPUT', `${file}: en Kolada-fil i JSON har bara kommunernas id; ange kommunens Kolada-id (fyra siffror, t.ex. 2083) med --kommun eller under Mål › Jämförelse.`, [
      { file, column: 'municipality', message: 'kommunens Kolada-id är okänt' },
    ]);
  }
  // A file that names kommuner is a Kolada file: the others' rows are kept to compare with.
  const keepsComparison = t.columns.kommun !== undefined || t.columns.kommunCode !== undefined;
  const comparisons: (ComparisonRow & { line: number })[] = [];
  const seenComparison = new Map<string, number>();
  let learntCode: string | null = null;
  const writable = writableSeries(db, actor);
  const seen = new Map<string, number>();
  const planned: { line: number; key: string; date: string; value: string; note: string }[] = [];
  const skipped = { otherKommun: 0, notTotal: 0, empty: 0 };
  const otherKommuner = new Set<string>();

  for (const row of t.rows) {
    const nameCell = cell(t, row, 'kommun');
    const codeCell = cell(t, row, 'kommunCode') || (kindOfCode(nameCell) !== null ? nameCell : '');
    const name = codeCell === nameCell || nameCell === '' ? defaultName(codeCell) : nameCell;
    const isOurs = (codeCell === '' && nameCell === '') || (ourCode !== '' && codeCell === ourCode) || (nameCell !== '' && ours.has(normaliseHeader(nameCell)));
    if (isOurs && savedCode === '' && kindOfCode(codeCell) === 'kommun') learntCode = codeCell;
    const gender = parseGender(cell(t, row, 'gender'));
    if (gender === null) {
      problem(row.line, 'gender', 'Kön', cell(t, row, 'gender'), 'kön ska vara T (totalt), K (kvinnor) eller M (män)');
      continue;
    }
    let key = cell(t, row, 'key');
    if (KOLADA_KEY.test(key.toUpperCase())) key = key.toUpperCase();
    if (key === '') {
      problem(row.line, 'key', 'Nyckeltal', '', 'nyckeltalet saknas');
      continue;
    }
    const access = writable.get(key);
    if (access === undefined) {
      problem(row.line, 'key', 'Nyckeltal', key, `inget styrtal följer ${key}; lägg till styrtalet på ett mål först, eller ta bort raden`);
      continue;
    }
    if (!access) {
      problem(row.line, 'key', 'Nyckeltal', key, `du får inte ändra värdena för ${key}: styrtalet hör till mål utanför det du får ändra (${isChef(actor.role) ? `din sektor ${actor.scopeCode}` : 'din roll'})`);
      continue;
    }
    let date: string | null = null;
    const dateCell = cell(t, row, 'date');
    const yearCell = cell(t, row, 'year');
    if (dateCell !== '') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateCell);
      const ok = m && new Date(`${dateCell}T00:00:00Z`).toISOString().slice(0, 10) === dateCell && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
      if (!ok) {
        problem(row.line, 'date', 'Datum', dateCell, 'datumet ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-04-30');
        continue;
      }
      date = dateCell;
    } else if (yearCell !== '') {
      if (!/^\d{4}$/.test(yearCell) || Number(yearCell) < 2000 || Number(yearCell) > 2100) {
        problem(row.line, 'year', 'År', yearCell, 'året ska vara fyra siffror mellan 2000 och 2100');
        continue;
      }
      date = `${yearCell}-12-31`;
    } else {
      problem(row.line, t.columns.date !== undefined ? 'date' : 'year', t.columns.date !== undefined ? 'Datum' : 'År', '', 'år eller datum saknas');
      continue;
    }
    const valueCell = cell(t, row, 'value');
    // Kolada leaves a value empty where it is not published; that is not an error.
    if (valueCell === '' || valueCell === '..' || valueCell === '-') {
      skipped.empty++;
      continue;
    }
    const value = parseDecimal(valueCell);
    if (!value.ok) {
      problem(row.line, 'value', 'Värde', valueCell, value.message);
      continue;
    }
    if (keepsComparison && !(isOurs && gender === 'T')) {
      const code = codeCell || nameCell;
      const kind = kindOfCode(codeCell) ?? kindOfName(nameCell);
      if (!date.endsWith('-12-31')) {
        problem(row.line, t.columns.date !== undefined ? 'date' : 'year', 'År', date, 'jämförelsevärden gäller ett år; ange året (ÅÅÅÅ), inte ett datum under året');
        continue;
      }
      const where = `${key}, ${name}, ${date.slice(0, 4)}, kön ${gender}`;
      const dupC = seenComparison.get(`${key}\u0000${code}\u0000${date}\u0000${gender}`);
      if (dupC !== undefined) {
        problem(row.line, 'key', 'Nyckeltal', key, `${where} finns redan på rad ${dupC}`);
        continue;
      }
      seenComparison.set(`${key}\u0000${code}\u0000${date}\u0000${gender}`, row.line);
      comparisons.push({ line: row.line, seriesKey: key, code, name, kind, year: Number(date.slice(0, 4)), gender, value: value.value });
      if (!isOurs) {
        skipped.otherKommun++;
        otherKommuner.add(name);
      } else skipped.notTotal++;
      continue;
    }
    if (gender !== 'T') {
      skipped.notTotal++;
      continue;
    }
    const dup = seen.get(`${key}\u0000${date}`);
    if (dup !== undefined) {
      problem(row.line, 'key', 'Nyckeltal', key, `${key} har redan ett värde för ${date} på rad ${dup}`);
      continue;
    }
    seen.set(`${key}\u0000${date}`, row.line);
    planned.push({ line: row.line, key, date, value: value.value, note: cell(t, row, 'note').slice(0, 500) });
  }
  if (errors.length === 0 && planned.length === 0) {
    const why =
      skipped.otherKommun > 0 && t.rows.length === skipped.otherKommun
        ? `ingen rad gäller ${kommun} (kolumnen Kommun har ${[...otherKommuner].slice(0, 5).join(', ')}); ange kommunen med --kommun om den heter något annat i filen`
        : 'filen har inga värden att läsa in';
    errors.push({ file, line: t.headerLine, message: why });
  }
  if (errors.length > 0) throw fileProblems(file, errors);

  const bySeries = new Map<string, { values: number; from: string; to: string }>();
  for (const p of planned) {
    const s = bySeries.get(p.key) ?? { values: 0, from: p.date, to: p.date };
    s.values++;
    if (p.date < s.from) s.from = p.date;
    if (p.date > s.to) s.to = p.date;
    bySeries.set(p.key, s);
  }
  const notes: string[] = [];
  if (skipped.otherKommun > 0) notes.push(`${skipped.otherKommun} rader gällde andra kommuner, regionen, riket eller kommungrupper (${[...otherKommuner].slice(0, 5).join(', ')}${otherKommuner.size > 5 ? ', …' : ''}) och sparades som jämförelsevärden.`);
  if (skipped.notTotal > 0) notes.push(`${skipped.notTotal} rader för kommunen var uppdelade på kön (kvinnor, män) och sparades som jämförelsevärden; styrtalets värde är totalen (T).`);
  if (skipped.empty > 0) notes.push(`${skipped.empty} rader saknade värde (inte publicerat) och hoppades över.`);

  const result: IndicatorImportResult = {
    fileName: file,
    rows: t.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped,
    series: [...bySeries].map(([key, s]) => ({ key, ...s })).sort((a, b) => a.key.localeCompare(b.key)),
    notes,
    applied: false,
    comparison: {
      rows: comparisons.length,
      municipalities: new Set(comparisons.map((c) => c.code)).size,
      byKind: { kommun: 0, region: 0, riket: 0, grupp: 0 },
      created: 0,
      updated: 0,
      unchanged: 0,
    },
  };
  for (const c of comparisons) result.comparison.byKind[c.kind]++;
  return { result, planned, comparisons, learntCode };
}

/** Writes a checked plan (inside the caller's transaction), counting into its result. */
function applyImport(db: Db, { result, planned, comparisons, learntCode }: Plan, actor: Actor, progress: (done: number, total: number) => void): void {
  const importedAt = actor.now.toISOString();
  const total = planned.length + comparisons.length;
  planned.forEach((p, i) => {
    result[writeValue(db, actor, p.key, p.date, p.value, p.note)]++;
    if (i % 500 === 0) progress(i, total);
  });
  comparisons.forEach((c, i) => {
    result.comparison[writeComparison(db, c, importedAt)]++;
    if (i % 500 === 0) progress(planned.length + i, total);
  });
  // The kommun's rows carried its Kolada id (found by name, or given with --kommun): remember it for the next file and the comparison.
  if (learntCode !== null) setSetting(db, 'kommun.code', learntCode);
  progress(total, total);
}

type Located = LocatedTable<Col> & { fileName: string };

/** A CSV or Excel file with its header found. */
async function csvTable(file: string, sheet: string | undefined): Promise<Located> {
  const table = await readTableFile(file, sheet !== undefined ? { sheet } : {});
  return { ...locateColumns(table, COLUMNS, 'styrtalsvärden'), fileName: table.fileName };
}

/** A Kolada JSON file's rows as the located table the rest of the import reads. */
function jsonTable({ fileName, rows }: { fileName: string; rows: SheetRow[] }): Located {
  return { fileName, headerLine: 0, columns: JSON_COLUMNS, headers: [...KOLADA_JSON_FIELDS], rows: rows.slice(1) };
}
