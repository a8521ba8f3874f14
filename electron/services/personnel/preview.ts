import type { Db } from '../../../db/index';
import { isRamkollError, RamkollError, type ProblemDetail } from '../../../db/errors';
import { readTableFile } from '../files/table';
import type { MappingProfile } from '../ledger/profile';
import { personnelColumns, type PersonnelField, type PersonnelMapping } from './columns';
import { personnelRows, type PersonnelRead } from './import';
import { personnelWarnings } from './replace';

/** A row of the file as the preview shows it, with its problems by column. */
export interface PersonnelPreviewRow {
  line: number;
  cells: string[];
  /** A total row ("Totalt", "Summa") that is passed over. */
  skipped: boolean;
  problems: { index: number | null; message: string }[];
}

/** Per month: rows, antal anställda and årsarbetare (hundredths) as the file has them, to compare with the HR system's report. */
export interface PersonnelPeriodTotal {
  period: number;
  rows: number;
  employees: number | null;
  fteCenti: number | null;
}

/** What an HR export would import, checked without writing (Import › Personalsiffror). */
export interface PersonnelPreview {
  fileName: string;
  format: string;
  sheet: string | null;
  sheetNames: string[];
  /** The header row's line, or null when none was found. */
  headerLine: number | null;
  headers: string[];
  /** The column each figure is read from (a mapping's, else recognised). */
  columns: Partial<Record<PersonnelField, number>>;
  ignoredColumns: string[];
  /** The first rows after the header. */
  rows: PersonnelPreviewRow[];
  /** Every problem, by row and column; nothing can be imported while there are any. */
  problems: ProblemDetail[];
  rowsRead: number;
  rowsSkipped: number;
  periods: number[];
  nodes: string[];
  totals: PersonnelPeriodTotal[];
  /** Stored rows the import would replace. */
  replaced: number;
  warnings: string[];
}

const PREVIEW_ROWS = 60;

const hasFigures = (c: Partial<Record<PersonnelField, number>>) =>
  c.responsibility !== undefined && (c.employees !== undefined || c.fte !== undefined || c.sick !== undefined || c.cost !== undefined);

function sum(values: (number | null)[]): number | null {
  return values.every((v) => v !== null) ? values.reduce<number>((s, v) => s + v!, 0) : null;
}

/**
 * Reads an HR export as the import would and says what it would do: the
 * columns, the first rows with their problems, totals per month and the
 * warnings to confirm. A file with errors gives them all, by row and column,
 * rather than an error; a file that cannot be read at all is an error.
 */
export async function previewPersonnel(db: Db, req: { path: string; profile: MappingProfile | null; period: number | null; sheet: string | null }, now: Date): Promise<PersonnelPreview> {
  const profile = req.profile;
  if (profile && !profile.personnel) {
    throw new RamkollError('INVALID_INPUT', `Profilen "${profile.name}" är en profil för utfall, inte för personalsiffror. Välj en personalmappning.`);
  }
  const mapping: PersonnelMapping = profile?.personnel ?? {};
  const sheet = req.sheet ?? profile?.sheet ?? null;
  const table = await readTableFile(req.path, sheet ? { sheet } : {});
  const headerAt = table.rows.findIndex((r) => hasFigures(personnelColumns(r.cells, mapping).found.columns));
  const header = headerAt >= 0 ? table.rows[headerAt]! : null;
  const found = header ? personnelColumns(header.cells, mapping).found : { columns: {}, ignored: [] };
  let read: PersonnelRead | null = null;
  let problems: ProblemDetail[] = [];
  try {
    read = personnelRows(db, table, { mapping, period: req.period });
  } catch (e) {
    if (!isRamkollError(e) || e.code !== 'BAD_FILE') throw e;
    problems = e.details.length > 0 ? e.details : [{ file: table.fileName, message: e.message }];
  }
  const headers = header?.cells ?? [];
  const indexOf = (column: string | undefined) => {
    if (column === undefined) return null;
    const i = headers.indexOf(column);
    return i < 0 ? null : i;
  };
  const byLine = new Map<number, ProblemDetail[]>();
  for (const p of problems) if (p.line !== undefined) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const dataRows = table.rows.slice(headerAt + 1);
  // Rows with problems first come into view: the ones the user has to find.
  const wanted = new Set([...byLine.keys()].slice(0, PREVIEW_ROWS / 2));
  const shown = dataRows.filter((r, i) => i < PREVIEW_ROWS - wanted.size || wanted.has(r.line)).slice(0, PREVIEW_ROWS);
  const readLines = new Set(read?.rows.map((r) => r.line) ?? []);
  const rows: PersonnelPreviewRow[] = shown.map((r) => ({
    line: r.line,
    cells: r.cells,
    skipped: read !== null && !readLines.has(r.line),
    problems: (byLine.get(r.line) ?? []).map((p) => ({ index: indexOf(p.column), message: p.message })),
  }));
  const periods = read ? [...new Set(read.rows.map((r) => r.period))].sort((a, b) => a - b) : [];
  const totals = periods.map((period) => {
    const of = read!.rows.filter((r) => r.period === period);
    return { period, rows: of.length, employees: sum(of.map((r) => r.values.employees)), fteCenti: sum(of.map((r) => r.values.fteCenti)) };
  });
  const check = read ? personnelWarnings(db, periods, now) : { warnings: [], replaced: 0 };
  return {
    fileName: table.fileName,
    format: table.format,
    sheet: table.sheet ?? null,
    sheetNames: table.sheetNames ?? [],
    headerLine: header?.line ?? null,
    headers,
    columns: found.columns,
    ignoredColumns: found.ignored,
    rows,
    problems,
    rowsRead: read?.rows.length ?? 0,
    rowsSkipped: read?.skipped ?? 0,
    periods,
    nodes: read ? [...new Set(read.rows.map((r) => r.code))].sort() : [],
    totals,
    replaced: check.replaced,
    warnings: check.warnings,
  };
}
