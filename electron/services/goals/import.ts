import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { normaliseHeader, readTableFile } from '../files/table';
import { cell, columnName, locateColumns, type ColumnSpec } from '../masterdata/header';
import { fileProblems } from '../problems';
import { getSetting } from '../settings';
import type { Actor } from './access';
import { KOLADA_KEY, writableSeries, writeValue } from './chain';
import { parseDecimal } from './decimal';
import { isChef } from '../../../shared/roles';

export interface IndicatorImportRequest {
  path: string;
  sheet?: string;
  /** The kommun whose rows to take from a file with several (name or Kolada code); default the database's kommun. */
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
  /** Rows left out, and why: another kommun, a breakdown by gender, no value published. */
  skipped: { otherKommun: number; notTotal: number; empty: number };
  /** Values per series key in the file. */
  series: { key: string; values: number; from: string; to: string }[];
  notes: string[];
  applied: boolean;
}

type Col = 'key' | 'kommun' | 'year' | 'date' | 'value' | 'gender' | 'note';

const COLUMNS: readonly ColumnSpec<Col>[] = [
  { key: 'key', label: 'Nyckeltal', names: ['nyckeltal', 'nyckeltal id', 'nyckeltalsid', 'kpi', 'kpi id', 'kpi nyckel', 'nyckel', 'key', 'id', 'styrtal', 'serie', 'kod', 'matetal'], required: true },
  { key: 'value', label: 'Värde', names: ['varde', 'value', 'utfall', 'varde totalt', 'totalt', 'matvarde'], required: true },
  { key: 'kommun', label: 'Kommun', names: ['kommun', 'kommunnamn', 'kommun id', 'kommunkod', 'kommun kod', 'municipality', 'municipality id'], required: false },
  { key: 'year', label: 'År', names: ['ar', 'year', 'artal', 'period'], required: false },
  { key: 'date', label: 'Datum', names: ['datum', 'date', 'matdatum', 'avser datum', 'mattidpunkt'], required: false },
  { key: 'gender', label: 'Kön', names: ['kon', 'gender'], required: false },
  { key: 'note', label: 'Kommentar', names: ['kommentar', 'anmarkning', 'not', 'notering'], required: false },
];

const TOTAL_WORDS = new Set(['', 't', 'totalt', 'total', 'alla', 'samtliga']);

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
  const table = await readTableFile(req.path, req.sheet !== undefined ? { sheet: req.sheet } : {});
  const t = locateColumns(table, COLUMNS, 'styrtalsvärden');
  const file = table.fileName;
  if (t.columns.year === undefined && t.columns.date === undefined) {
    throw new RamkollError('BAD_FILE', `${file}: kolumnen År eller Datum saknas; varje värde behöver veta vilket år eller datum det gäller. Rubrikerna i filen är: ${t.headers.filter((h) => h !== '').join(', ')}.`, [
      { file, line: t.headerLine, column: 'År', message: 'kolumnen År eller Datum saknas (godtagna rubriker: år, year, datum, date)' },
    ]);
  }
  const errors: ProblemDetail[] = [];
  const problem = (line: number, key: Col, label: string, value: string, message: string) => errors.push({ file, line, column: columnName(t, key, label), value, message });

  const kommun = req.kommun ?? getSetting(db, 'kommun.name');
  const ours = kommunNames(kommun);
  const writable = writableSeries(db, actor);
  const seen = new Map<string, number>();
  const planned: { line: number; key: string; date: string; value: string; note: string }[] = [];
  const skipped = { otherKommun: 0, notTotal: 0, empty: 0 };
  const otherKommuner = new Set<string>();

  for (const row of t.rows) {
    const kommunCell = cell(t, row, 'kommun');
    if (t.columns.kommun !== undefined && kommunCell !== '' && !ours.has(normaliseHeader(kommunCell))) {
      skipped.otherKommun++;
      otherKommuner.add(kommunCell);
      continue;
    }
    if (!TOTAL_WORDS.has(normaliseHeader(cell(t, row, 'gender')))) {
      skipped.notTotal++;
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
  if (skipped.otherKommun > 0) notes.push(`${skipped.otherKommun} rader gällde andra kommuner (${[...otherKommuner].slice(0, 5).join(', ')}${otherKommuner.size > 5 ? ', …' : ''}) och lästes inte in.`);
  if (skipped.notTotal > 0) notes.push(`${skipped.notTotal} rader var uppdelade på kön; bara totalen (T) läses in.`);
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
  };
  const count = (w: 'created' | 'updated' | 'unchanged') => result[w]++;
  if (req.dryRun) {
    for (const p of planned) {
      const old = db.first(db.q.selectFrom('indicator_value').select(['value', 'note', 'deleted_at']).where('series_key', '=', p.key).where('measured_on', '=', p.date));
      count(!old || old.deleted_at !== null ? 'created' : old.value === p.value && old.note === p.note ? 'unchanged' : 'updated');
    }
    return result;
  }
  await db.backup('fore-styrtal');
  db.tx(() => {
    planned.forEach((p, i) => {
      count(writeValue(db, actor, p.key, p.date, p.value, p.note));
      if (i % 500 === 0) progress(i, planned.length);
    });
  });
  progress(planned.length, planned.length);
  return { ...result, applied: true };
}
