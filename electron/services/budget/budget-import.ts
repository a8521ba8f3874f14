import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { RESPONSIBILITY } from '../dimensions';
import { normaliseHeader, readTableFile, type TableFile } from '../files/table';
import type { SheetRow } from '../files/xlsx';
import { naturalId, newId } from '../ids';
import { columnLetter } from '../masterdata/header';
import { parseOre } from '../money';
import { fileProblems } from '../problems';
import { getSetting } from '../settings';
import { exportProfileByName, type ExportLayout } from './export-layout';
import { assertVersionEditable, insertBudgetLines, insertVersionRow, type NewBudgetLine } from './lines';
import { Periodiser } from './periodisation';
import { Accounts, kronor, loadVersion, Org, type PlanningMeta } from './planning-common';
import { isSieFile, readSieBudgetLines } from './budget-import-sie';
import { assertNewCodings, codingText } from './unique-coding';
import { canonicalDims } from '../coding';
import { TEXT_LIMITS } from '../text-limits';

/**
 * What a column of a detaljbudget file holds. Kodsträng columns (konto,
 * ansvar, other dimensions) plus either a year amount, twelve month columns,
 * or (one row per period) a period and an amount.
 */
type Role =
  | { kind: 'account' }
  | { kind: 'responsibility' }
  | { kind: 'dim'; code: string }
  | { kind: 'year' }
  | { kind: 'month'; month: number; year: number | null }
  | { kind: 'period' }
  | { kind: 'periodAmount' }
  | { kind: 'profile' }
  | { kind: 'note' };

interface Column {
  index: number;
  header: string;
  role: Role;
}

const ACCOUNT_NAMES = ['konto', 'kontonummer', 'kontonr', 'konto nr', 'kontokod', 'account'];
const RESPONSIBILITY_NAMES = ['ansvar', 'ansvarskod', 'ansvarsnummer', 'ansvar kod', 'kostnadsstalle', 'resultatenhet', 'ansvarsenhet', 'responsibility'];
const YEAR_NAMES = ['belopp', 'arsbelopp', 'budget', 'helar', 'summa', 'budget helar', 'helarsbelopp', 'arsbudget', 'budgetbelopp', 'total', 'totalt'];
const PERIOD_NAMES = ['period', 'manad', 'budgetperiod'];
const PROFILE_NAMES = ['profil', 'periodisering', 'periodiseringsprofil', 'fordelning'];
const NOTE_NAMES = ['text', 'kommentar', 'anteckning', 'beskrivning', 'notering'];
const DIMENSION_SYNONYMS: Record<string, string[]> = {
  verksamhetskod: ['verksamhet', 'vht', 'verksamhetskod'],
  aktivitet: ['akt'],
  projekt: ['proj', 'projektkod'],
  motpart: ['motpartskod', 'motp', 'motpart'],
};
const MONTH_WORDS = [
  ['jan', 'januari'],
  ['feb', 'februari'],
  ['mar', 'mars'],
  ['apr', 'april'],
  ['maj'],
  ['jun', 'juni'],
  ['jul', 'juli'],
  ['aug', 'augusti'],
  ['sep', 'sept', 'september'],
  ['okt', 'oktober'],
  ['nov', 'november'],
  ['dec', 'december'],
];

/** The month a header names: "Jan", "januari", "M01", "Månad 3", "Period 12", "202603", "2026-03". */
export function monthOfHeader(norm: string): { month: number; year: number | null } | null {
  const w = MONTH_WORDS.findIndex((names) => names.includes(norm));
  if (w >= 0) return { month: w + 1, year: null };
  let m = /^(?:m|man|manad|period|p) ?(\d{1,2})$/.exec(norm);
  if (m) {
    const month = Number(m[1]);
    return month >= 1 && month <= 12 ? { month, year: null } : null;
  }
  m = /^(\d{4}) ?(\d{2})$/.exec(norm);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { month, year: Number(m[1]) } : null;
  }
  return null;
}

function classify(norm: string, dimensions: Map<string, string>): Role | null {
  if (ACCOUNT_NAMES.includes(norm)) return { kind: 'account' };
  if (RESPONSIBILITY_NAMES.includes(norm)) return { kind: 'responsibility' };
  const dim = dimensions.get(norm);
  if (dim) return { kind: 'dim', code: dim };
  if (YEAR_NAMES.includes(norm)) return { kind: 'year' };
  if (PERIOD_NAMES.includes(norm)) return { kind: 'period' };
  if (PROFILE_NAMES.includes(norm)) return { kind: 'profile' };
  if (NOTE_NAMES.includes(norm)) return { kind: 'note' };
  const month = monthOfHeader(norm);
  if (month) return { kind: 'month', ...month };
  return null;
}

interface Located {
  columns: Column[];
  /** Rows after the header (all rows for a layout without header). */
  rows: SheetRow[];
  headerLine: number | null;
  long: boolean;
}

function dimensionNames(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of db.all(db.q.selectFrom('dimension').select(['code', 'name']).where('deleted_at', 'is', null))) {
    if (d.code === RESPONSIBILITY) continue;
    out.set(normaliseHeader(d.code), d.code);
    out.set(normaliseHeader(d.name), d.code);
    for (const s of DIMENSION_SYNONYMS[d.code] ?? []) out.set(s, d.code);
  }
  return out;
}

/** Finds the header row (title rows above it are skipped) by the column names a detaljbudget usually has. */
function locateByHeaders(table: TableFile, dimensions: Map<string, string>): Located {
  let best: { row: SheetRow; columns: Column[]; score: number } | null = null;
  for (const row of table.rows.slice(0, 20)) {
    const columns: Column[] = [];
    const taken = new Set<string>();
    row.cells.forEach((cell, index) => {
      const role = classify(normaliseHeader(cell), dimensions);
      if (!role) return;
      const key = role.kind === 'month' ? `month:${role.month}` : role.kind === 'dim' ? `dim:${role.code}` : role.kind;
      if (taken.has(key)) return;
      taken.add(key);
      columns.push({ index, header: cell, role });
    });
    const has = (k: Role['kind']) => columns.some((c) => c.role.kind === k);
    const amounts = has('year') || has('month') || (has('period') && has('year'));
    const score = columns.length;
    if (has('account') && has('responsibility') && amounts) {
      // In a file with one row per period the amount column is called "Belopp" too.
      const long = has('period');
      const cols = long ? columns.map((c) => (c.role.kind === 'year' ? { ...c, role: { kind: 'periodAmount' } as Role } : c)).filter((c) => c.role.kind !== 'month') : columns;
      return { columns: cols, rows: table.rows.filter((r) => r.line > row.line), headerLine: row.line, long };
    }
    if (!best || score > best.score) best = { row, columns, score };
  }
  const found = new Set(best?.columns.map((c) => c.role.kind) ?? []);
  const missing: { label: string; names: string[] }[] = [];
  if (!found.has('account')) missing.push({ label: 'Konto', names: ACCOUNT_NAMES });
  if (!found.has('responsibility')) missing.push({ label: 'Ansvar', names: RESPONSIBILITY_NAMES });
  if (!found.has('year') && !found.has('month')) missing.push({ label: 'Belopp eller månader', names: ['belopp', 'arsbelopp', 'jan', 'feb', '…', 'dec', '202601', '…'] });
  const seen = best ? best.row.cells.filter((c) => c !== '').join(', ') : '';
  throw new RamkollError(
    'BAD_FILE',
    `${table.fileName}: hittar ingen rubrikrad för en detaljbudget. Saknade kolumner: ${missing.map((m) => m.label).join(', ')}.` + (seen ? ` Rubrikerna i filen är: ${seen}.` : ''),
    missing.map((m) => ({ file: table.fileName, ...(best ? { line: best.row.line } : {}), column: m.label, message: `kolumnen ${m.label} saknas (godtagna rubriker: ${m.names.join(', ')})` })),
  );
}

function roleOfField(field: string): Role | null {
  if (field === 'account') return { kind: 'account' };
  if (field === 'responsibility') return { kind: 'responsibility' };
  if (field === 'year_amount') return { kind: 'year' };
  if (field === 'period') return { kind: 'period' };
  if (field === 'period_amount') return { kind: 'periodAmount' };
  if (field.startsWith('dim:')) return { kind: 'dim', code: field.slice(4) };
  if (field.startsWith('month:')) return { kind: 'month', month: Number(field.slice(6)), year: null };
  return null;
}

/** Columns as a saved layout says: by header text when it has headers, else by position. */
function locateByLayout(table: TableFile, layout: ExportLayout, profileName: string): Located {
  const wanted = layout.columns.map((c, i) => ({ c, i, role: roleOfField(c.field) })).filter((x) => x.role !== null);
  if (!layout.header) {
    return { columns: wanted.map((w) => ({ index: w.i, header: w.c.header || w.c.field, role: w.role! })), rows: table.rows, headerLine: null, long: layout.shape === 'long' };
  }
  for (const row of table.rows.slice(0, 20)) {
    const norms = row.cells.map(normaliseHeader);
    const columns: Column[] = [];
    for (const w of wanted) {
      const index = norms.indexOf(normaliseHeader(w.c.header));
      if (index >= 0) columns.push({ index, header: row.cells[index]!, role: w.role! });
    }
    if (columns.length === wanted.length) return { columns, rows: table.rows.filter((r) => r.line > row.line), headerLine: row.line, long: layout.shape === 'long' };
  }
  const headers = wanted.map((w) => w.c.header).join(', ');
  throw new RamkollError('BAD_FILE', `${table.fileName}: hittar inte rubrikerna i profilen "${profileName}" (${headers}). Kontrollera att filen är gjord med den profilen eller läs in den utan profil.`, [
    { file: table.fileName, line: table.rows[0]?.line ?? 1, message: `rubrikerna ${headers} saknas` },
  ]);
}

export interface BudgetImportRequest {
  path: string;
  sheet?: string;
  /** Saved CSV layout to read the file by; without it the columns are found by their headers. */
  profile?: string;
  /** An editable version to import into; without it a new working version is created. */
  versionId?: string;
  /** Year of a new version; default the year of the file's month columns, else the active year. */
  year?: number;
  versionName?: string;
  /** Replace the version's lines instead of adding to them. */
  replace?: boolean;
  dryRun?: boolean;
}

export interface BudgetImportResult {
  fileName: string;
  /** Data rows read from the file. */
  rows: number;
  /** Budget lines the file gives (one per row, or per kodsträng in a file with one row per period). */
  lines: number;
  totalOre: number;
  perMonthOre: number[];
  year: number;
  versionId: string | null;
  versionName: string;
  createdVersion: boolean;
  replacedLines: number;
  applied: boolean;
  notes: string[];
}

interface ParsedLine extends NewBudgetLine {
  line: number;
}

const MAX_PROBLEMS = 500;

/** What a file gives: budget lines (located by file line) and, where the file says, its year. */
interface ReadLines {
  fileName: string;
  parsed: ParsedLine[];
  fileYear: number | null;
  /** Data rows read (table rows, or #PBUDGET rows). */
  dataRows: number;
  notes: string[];
  /** The header row of a table, to name in messages about the whole file. */
  headerLine: number | null;
}

/** A detaljbudget from the #PBUDGET rows of a SIE file; a saved column layout does not apply to it. */
async function readSie(db: Db, req: BudgetImportRequest): Promise<ReadLines> {
  const r = await readSieBudgetLines(db, req.path);
  const notes = req.profile ? [`Kolumnlayouten "${req.profile}" gäller inte SIE-filer och användes inte.`, ...r.notes] : r.notes;
  return { fileName: r.fileName, parsed: r.lines, fileYear: r.year, dataRows: r.rows, notes, headerLine: null };
}

/** A detaljbudget from Excel or CSV: columns by their headers or by a saved layout, every row checked. */
async function readTable(db: Db, req: BudgetImportRequest, progress: (done: number, total: number | null) => void): Promise<ReadLines> {
  const table = await readTableFile(req.path, req.sheet !== undefined ? { sheet: req.sheet } : {});
  const fileName = table.fileName;
  const layout = req.profile ? exportProfileByName(db, req.profile).layout : null;
  const located = layout ? locateByLayout(table, layout, req.profile!) : locateByHeaders(table, dimensionNames(db));
  const accounts = new Accounts(db);
  const org = new Org(db);

  const problems: ProblemDetail[] = [];
  const problem = (line: number, col: Column | string, value: string, message: string) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const column = typeof col === 'string' ? col : `${col.header || '(utan rubrik)'} (${columnLetter(col.index)})`;
    problems.push({ file: fileName, line, column, ...(value !== '' ? { value } : {}), message });
  };
  const colOf = (kind: Role['kind']) => located.columns.find((c) => c.role.kind === kind);
  const accountCol = colOf('account')!;
  const respCol = colOf('responsibility')!;
  const yearCol = colOf('year');
  const monthCols = located.columns.filter((c): c is Column & { role: { kind: 'month'; month: number; year: number | null } } => c.role.kind === 'month');
  const periodCol = colOf('period');
  const periodAmountCol = colOf('periodAmount');
  const profileCol = colOf('profile');
  const noteCol = colOf('note');
  const dimCols = located.columns.filter((c): c is Column & { role: { kind: 'dim'; code: string } } => c.role.kind === 'dim');

  // The year the file's months belong to, where the headers or periods say.
  const headerYears = new Set(monthCols.map((c) => c.role.year).filter((y): y is number => y !== null));
  if (headerYears.size > 1) problem(located.headerLine ?? 1, monthCols[0]!, '', `månadskolumnerna hör till olika år (${[...headerYears].join(', ')}); en fil ska gälla ett budgetår`);
  let fileYear: number | null = headerYears.size === 1 ? [...headerYears][0]! : null;

  const decimal = layout?.decimal ?? 'auto';
  const unitOre = layout?.amountUnit === 'ore';
  const isExcel = table.format !== 'csv';
  const amountOf = (raw: string): number => {
    if (unitOre) return /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    const ore = parseOre(raw, decimal);
    if (!Number.isNaN(ore) || !isExcel) return ore;
    // Excel stores amounts as binary fractions: 1234.5600000000002 is 1234,56 kr.
    const n = Number(raw);
    if (!Number.isFinite(n)) return NaN;
    const r = Math.round(n * 100);
    return Math.abs(n * 100 - r) < 1e-6 && Number.isSafeInteger(r) ? r : NaN;
  };
  const cellAt = (row: SheetRow, col: Column | undefined) => (col ? (row.cells[col.index] ?? '').trim() : '');

  const year0 = req.year ?? null;
  const periodiser = new Periodiser(db, year0 ?? getSetting(db, 'year.active'));
  const profileIdOf = new Map<string, string>();
  const parsed: ParsedLine[] = [];
  const longLines = new Map<string, ParsedLine>();
  let dataRows = 0;
  const notes: string[] = [];
  let skippedTotals = 0;
  const total = located.rows.length;

  located.rows.forEach((row, i) => {
    if (i % 2000 === 0) progress(i, total);
    let account = cellAt(row, accountCol);
    const responsibility = cellAt(row, respCol);
    // A total row ("Summa", "Totalt") has no account: it is not a budget line.
    if (account === '' && row.cells.some((c) => /^(summa|totalt?)\b/i.test(c))) {
      skippedTotals++;
      return;
    }
    if (account === '' && responsibility === '') {
      problem(row.line, accountCol, '', 'konto och ansvar saknas på raden');
      return;
    }
    dataRows++;
    // "5010 Månadslön": the code is the first word.
    const accountMatch = /^(\d{4,5})(?:\s.*)?$/.exec(account);
    if (accountMatch) account = accountMatch[1]!;
    let ok = true;
    if (account === '') {
      problem(row.line, accountCol, '', 'kontot saknas');
      ok = false;
    } else if (!accounts.byCode.has(account)) {
      problem(row.line, accountCol, account, /^\d{4,5}$/.test(account) ? `konto ${account} finns inte i kontoplanen` : `"${account}" är inget konto (4 eller 5 siffror)`);
      ok = false;
    }
    const respCode = responsibility.split(/\s+/)[0] ?? '';
    if (respCode === '') {
      problem(row.line, respCol, '', 'ansvaret saknas');
      ok = false;
    } else if (!org.tree.byCode.has(respCode)) {
      problem(row.line, respCol, responsibility, `ansvar ${respCode} finns inte i organisationen`);
      ok = false;
    }
    const dims: Record<string, string> = {};
    for (const c of dimCols) {
      const v = cellAt(row, c);
      if (v === '') continue;
      if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/.test(v)) {
        problem(row.line, c, v, 'koden får bara innehålla bokstäver, siffror, punkt, bindestreck och understreck');
        ok = false;
      } else dims[c.role.code] = v;
    }
    let profileId: string | null = null;
    const profileText = cellAt(row, profileCol);
    if (profileText !== '') {
      const key = profileText.toLowerCase();
      if (!profileIdOf.has(key)) {
        try {
          profileIdOf.set(key, periodiser.profileByCode(key).id);
        } catch (e) {
          profileIdOf.set(key, '');
          problem(row.line, profileCol!, profileText, (e as Error).message.replace(/\.$/, ''));
        }
      }
      profileId = profileIdOf.get(key) || null;
      if (profileId === null) ok = false;
    }
    const note = cellAt(row, noteCol) || null;
    if (note !== null && note.length > TEXT_LIMITS.note) {
      problem(row.line, noteCol!, `${note.slice(0, 40)}…`, `anteckningen är ${note.length} tecken; högst ${TEXT_LIMITS.note}`);
      ok = false;
    }

    if (located.long) {
      const pText = cellAt(row, periodCol);
      const m = /^(\d{4})-?(\d{2})$/.exec(pText) ?? /^()(\d{1,2})$/.exec(pText);
      const month = m ? Number(m[2]) : NaN;
      if (!m || month < 1 || month > 12) {
        problem(row.line, periodCol!, pText, 'perioden ska skrivas ÅÅÅÅMM, ÅÅÅÅ-MM eller som månadens nummer 1–12');
        return;
      }
      if (m[1]) {
        const y = Number(m[1]);
        if (fileYear === null) fileYear = y;
        else if (y !== fileYear) {
          problem(row.line, periodCol!, pText, `perioden hör till ${y}, men filen gäller ${fileYear}; en fil ska gälla ett budgetår`);
          return;
        }
      }
      const aText = cellAt(row, periodAmountCol);
      const ore = aText === '' ? 0 : amountOf(aText);
      if (Number.isNaN(ore)) {
        problem(row.line, periodAmountCol!, aText, unitOre ? 'beloppet ska vara ett heltal i öre' : 'är inget belopp (t.ex. 1 234,50)');
        return;
      }
      if (!ok) return;
      const key = `${account}|${respCode}|${Object.keys(dims).sort().map((k) => `${k}=${dims[k]}`).join('|')}`;
      let l = longLines.get(key);
      if (!l) longLines.set(key, (l = { line: row.line, account, responsibility: respCode, dims, yearOre: 0, months: new Array<number>(12).fill(0), note }));
      (l.months as number[])[month - 1]! += ore;
      l.yearOre += ore;
      return;
    }

    let months: number[] | null = null;
    if (monthCols.length > 0) {
      months = new Array<number>(12).fill(0);
      for (const c of monthCols) {
        const t = cellAt(row, c);
        if (t === '') continue;
        const ore = amountOf(t);
        if (Number.isNaN(ore)) {
          problem(row.line, c, t, unitOre ? 'beloppet ska vara ett heltal i öre' : 'är inget belopp (t.ex. 1 234,50)');
          ok = false;
        } else months[c.role.month - 1]! += ore;
      }
    }
    let yearOre: number | null = null;
    const yText = cellAt(row, yearCol);
    if (yText !== '') {
      yearOre = amountOf(yText);
      if (Number.isNaN(yearOre)) {
        problem(row.line, yearCol!, yText, unitOre ? 'beloppet ska vara ett heltal i öre' : 'är inget belopp (t.ex. 1 234,50)');
        ok = false;
        yearOre = null;
      }
    }
    if (!ok) return;
    const monthSum = months ? months.reduce((a, b) => a + b, 0) : null;
    const monthsGiven = months !== null && monthCols.some((c) => cellAt(row, c) !== '');
    if (yearOre !== null && monthsGiven && monthSum !== yearOre) {
      problem(row.line, yearCol!, yText, `årsbeloppet ${kronor(yearOre)} stämmer inte med månaderna, som summerar till ${kronor(monthSum!)}`);
      return;
    }
    if (yearOre === null && !monthsGiven) {
      problem(row.line, yearCol ?? monthCols[0]!, '', 'raden har inget belopp');
      return;
    }
    const line: ParsedLine = monthsGiven
      ? { line: row.line, account, responsibility: respCode, dims, yearOre: monthSum!, months: months!, note }
      : { line: row.line, account, responsibility: respCode, dims, yearOre: yearOre!, profileId, note };
    parsed.push(line);
  });
  // One line per kodsträng in a version: two rows of the file on one kodsträng are refused, naming both.
  const firstRow = new Map<string, number>();
  for (const l of parsed) {
    const dims = canonicalDims(l.dims ?? {});
    const key = `${l.account}\t${l.responsibility}\t${dims}`;
    const earlier = firstRow.get(key);
    if (earlier === undefined) firstRow.set(key, l.line);
    else {
      const kod = codingText(l.account, l.responsibility, dims);
      problem(l.line, accountCol, kod, `samma kodsträng (${kod}) som rad ${earlier}; en kodsträng kan bara finnas på en rad i en budgetversion: slå ihop raderna i filen`);
    }
  }
  // A loop, not a spread: a long-format file may hold more kodsträngar than the call stack takes arguments.
  for (const l of longLines.values()) parsed.push(l);
  if (problems.length === 0 && parsed.length === 0) problem(located.headerLine ?? 1, accountCol, '', 'filen har rubriker men inga budgetrader');
  if (problems.length > 0) throw fileProblems(fileName, problems);
  if (skippedTotals > 0) notes.push(`${skippedTotals} summarad${skippedTotals === 1 ? '' : 'er'} utan kodsträng hoppades över.`);
  return { fileName, parsed, fileYear, dataRows, notes, headerLine: located.headerLine };
}

/**
 * Reads a detaljbudget from Excel, CSV or SIE (#PBUDGET), checks every row against the
 * kontoplan and the organisation, and (unless it is a dry run) writes it as
 * budget lines: into a new working version, or into an editable one (added,
 * or replacing its lines). Any problem stops the import with every problem
 * located by file, line and column, and the database untouched. Backup
 * first, then one transaction.
 */
export async function importBudget(db: Db, req: BudgetImportRequest, meta: PlanningMeta, progress: (done: number, total: number | null) => void = () => {}): Promise<BudgetImportResult> {
  progress(0, null);
  const read = isSieFile(req.path) ? await readSie(db, req) : await readTable(db, req, progress);
  const { fileName, parsed, fileYear, dataRows, notes, headerLine } = read;
  const total = dataRows;

  // Which version, and which year.
  let version: { id: string; name: string; year: number } | null = null;
  if (req.versionId) {
    const v = loadVersion(db, req.versionId);
    assertVersionEditable(db, v.id);
    version = { id: v.id, name: v.name, year: v.year };
    if (fileYear !== null && fileYear !== v.year) {
      throw new RamkollError('BAD_FILE', `${fileName}: filens månader gäller ${fileYear}, men versionen "${v.name}" är för ${v.year}. Välj en version för ${fileYear} eller låt importen skapa en ny.`, [
        { file: fileName, ...(headerLine !== null ? { line: headerLine } : {}), message: `filen gäller ${fileYear}` },
      ]);
    }
  }
  const year = version?.year ?? fileYear ?? req.year ?? getSetting(db, 'year.active');
  if (req.year !== undefined && fileYear !== null && req.year !== fileYear && !version) {
    throw new RamkollError(
      'INVALID_INPUT',
      `${fileName}: filens månader gäller ${fileYear}, men år ${req.year} angavs. Välj ${fileYear} under Budgetår på sidan Budget (--year ${fileYear} på kommandoraden) och läs in filen igen.`,
    );
  }
  const versionName = version?.name ?? (req.versionName?.trim() || `Import ${fileName}`);
  const perMonthOre = new Array<number>(12).fill(0);
  const defaultProfile = naturalId('profile', 'jamn');
  // The months per month: a dry run spreads the lines for them here; an import adds up the months it writes (below).
  if (req.dryRun) {
    const yearPeriodiser = new Periodiser(db, year);
    for (const l of parsed) {
      const months = l.months ?? yearPeriodiser.periodise(l.profileId ?? defaultProfile, l.yearOre, null).months;
      months.forEach((m, i) => (perMonthOre[i]! += m));
    }
  }
  const totalOre = parsed.reduce((s, l) => s + l.yearOre, 0);
  if (version && !req.replace) assertNewCodings(db, fileName, version, parsed);
  let replacedLines = 0;
  if (version && req.replace) {
    replacedLines = (db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(version.id) as { n: number }).n;
  }
  const result: BudgetImportResult = {
    fileName,
    rows: dataRows,
    lines: parsed.length,
    totalOre,
    perMonthOre,
    year,
    versionId: version?.id ?? null,
    versionName,
    createdVersion: !version,
    replacedLines,
    applied: false,
    notes,
  };
  if (req.dryRun) return result;

  const sha256 = createHash('sha256').update(fs.readFileSync(req.path)).digest('hex');
  await db.backup('fore-budgetimport');
  progress(total, total);
  return db.tx(() => {
    let versionId = version?.id;
    if (!versionId) {
      versionId = insertVersionRow(db, { year, name: versionName, kind: 'draft', basedOnId: null }, meta);
    } else if (req.replace) {
      const tomb = { deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId };
      db.run(db.q.updateTable('personnel_budget_line').set(tomb).where('version_id', '=', versionId).where('deleted_at', 'is', null));
      db.run(db.q.updateTable('budget_line').set(tomb).where('version_id', '=', versionId).where('deleted_at', 'is', null));
    }
    insertBudgetLines(db, versionId, parsed, { siteId: meta.siteId, at: meta.at }, defaultProfile, perMonthOre);
    db.run(
      db.q.insertInto('import_batch').values({
        id: newId(),
        kind: 'budget',
        file_name: fileName,
        file_sha256: sha256,
        profile_name: req.profile ?? null,
        imported_by: meta.user,
        imported_at: meta.at,
        row_count: parsed.length,
        total_ore: totalOre,
        periods: JSON.stringify(Array.from({ length: 12 }, (_, i) => String(year * 100 + i + 1))),
        scope_responsibility_code: null,
        status: 'active',
        undone_at: null,
        summary: JSON.stringify({ versionId, versionName, replacedLines, createdVersion: !version }),
      }),
    );
    return { ...result, versionId, applied: true };
  });
}
