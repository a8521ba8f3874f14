import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { SheetRow } from '../files/xlsx';
import { readTableFile } from '../files/table';
import { newId } from '../ids';
import { parseOre } from '../money';
import type { MappingProfile } from '../ledger/profile';
import { personnelColumns, PERSONNEL_LABELS, type PersonnelField, type PersonnelMapping } from './columns';
import { ancestorsOf, orgNodes } from './nodes';
import { personnelSnapshot, personnelWarnings, rememberPersonnelImport } from './replace';

/** One imported row's figures, integers as stored (migrations/0021_personnel.ts). */
export interface PersonnelValues {
  employees: number | null;
  permanent: number | null;
  temporary: number | null;
  fteCenti: number | null;
  sickBp: number | null;
  sickWomenBp: number | null;
  sickMenBp: number | null;
  sickTo29Bp: number | null;
  sick30to49Bp: number | null;
  sickFrom50Bp: number | null;
  longSickBp: number | null;
  costOre: number | null;
}

export interface PersonnelImportResult {
  file: string;
  format: string;
  rowsRead: number;
  /** Total and heading rows passed over ("Totalt", "Summa"). */
  rowsSkipped: number;
  periods: number[];
  nodes: string[];
  /** Rows the import replaced (earlier imports of the same periods). */
  replaced: number;
  ignoredColumns: string[];
  dryRun: boolean;
  /** What the user must see before the figures are written (personnel/replace.ts). */
  warnings: string[];
  /** Warnings and `confirm: false`: nothing was written. */
  needsConfirmation: boolean;
}

export interface PersonnelImportRequest {
  path: string;
  /** A profile with `personnel` columns (services/ledger/profile.ts); without one the headers are recognised. */
  profile?: MappingProfile | null;
  /** The month of every row, for an export without a period column. */
  period?: number | null;
  sheet?: string | null;
  dryRun?: boolean;
  /**
   * The UI's answer to the warnings: false writes nothing while there are
   * any (needsConfirmation), true writes all the same. Left out (the CLI),
   * the file's months are replaced as before.
   */
  confirm?: boolean;
}

const VALUE_FIELDS: [PersonnelField, keyof PersonnelValues, 'count' | 'centi' | 'percent' | 'ore'][] = [
  ['employees', 'employees', 'count'],
  ['permanent', 'permanent', 'count'],
  ['temporary', 'temporary', 'count'],
  ['fte', 'fteCenti', 'centi'],
  ['sick', 'sickBp', 'percent'],
  ['sickWomen', 'sickWomenBp', 'percent'],
  ['sickMen', 'sickMenBp', 'percent'],
  ['sickTo29', 'sickTo29Bp', 'percent'],
  ['sick30to49', 'sick30to49Bp', 'percent'],
  ['sickFrom50', 'sickFrom50Bp', 'percent'],
  ['longSick', 'longSickBp', 'percent'],
  ['cost', 'costOre', 'ore'],
];

/** "12,5", "1 234,25", "5,8 %" as hundredths; NaN when it is not such a number (at most two decimals). */
function hundredths(text: string, percent: boolean): number {
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (percent && s.endsWith('%')) s = s.slice(0, -1);
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function parseValue(text: string, kind: 'count' | 'centi' | 'percent' | 'ore'): { value: number | null } | { problem: string } {
  if (text === '' || text === '-' || text === '–') return { value: null };
  if (kind === 'count') {
    const s = text.replace(/[\s\u00a0\u202f]/g, '');
    return /^\d+$/.test(s) ? { value: Number(s) } : { problem: 'ska vara ett helt antal, t.ex. 42' };
  }
  if (kind === 'ore') {
    const v = parseOre(text);
    return Number.isSafeInteger(v) ? { value: v } : { problem: 'ska vara ett belopp i kronor, t.ex. 1 234 567,50' };
  }
  const v = hundredths(text, kind === 'percent');
  if (Number.isNaN(v)) return { problem: kind === 'percent' ? 'ska vara procent med högst två decimaler, t.ex. 5,8' : 'ska vara ett tal med högst två decimaler, t.ex. 12,75' };
  if (kind === 'percent' && v > 10000) return { problem: 'en andel över 100 %' };
  return { value: v };
}

/** "202610", "2026-10", "2026-10-31" (a date cell), "2026 10". */
function parsePeriod(text: string): number | null {
  const m = /^(\d{4})[-\s/]?(\d{2})(?:-\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 100 + month : null;
}

const TOTAL_ROW = /^(totalt?|summa|total|samtliga|hela)\b/i;

export interface ReadRow {
  line: number;
  period: number;
  responsibilityId: string;
  code: string;
  values: PersonnelValues;
}

/**
 * Reads an HR/payroll export (CSV with the ledger's encoding and delimiter
 * detection, or xlsx/xls) into rows per month and ansvar. Every bad row is
 * named (file, row, column, text); a file with any error is refused whole.
 */
export async function readPersonnelFile(db: Db, req: PersonnelImportRequest): Promise<PersonnelRead> {
  const profile = req.profile ?? null;
  if (profile && !profile.personnel) {
    throw new RamkollError('INVALID_INPUT', `Profilen "${profile.name}" är en profil för utfall, inte för personalsiffror. Välj en personalmappning.`);
  }
  const sheet = req.sheet ?? profile?.sheet ?? null;
  const table = await readTableFile(req.path, sheet ? { sheet } : {});
  return personnelRows(db, table, { mapping: profile?.personnel ?? {}, period: req.period ?? null });
}

export interface PersonnelRead {
  rows: ReadRow[];
  skipped: number;
  ignored: string[];
  fileName: string;
  format: string;
}

/** The rows of a read table (readTableFile's, or the demo's CSV) as figures per month and ansvar; throws with every problem. */
export function personnelRows(db: Db, table: { fileName: string; format: string; rows: SheetRow[] }, req: { mapping: PersonnelMapping; period: number | null }): PersonnelRead {
  const mapping = req.mapping;
  const file = table.fileName;
  const headerAt = table.rows.findIndex((r) => {
    const { found } = personnelColumns(r.cells, mapping);
    const c = found.columns;
    return c.responsibility !== undefined && (c.employees !== undefined || c.fte !== undefined || c.sick !== undefined || c.cost !== undefined);
  });
  if (headerAt < 0) {
    throw new RamkollError(
      'BAD_FILE',
      `${file} har ingen rubrikrad med Ansvar och minst en av Antal anställda, Årsarbetare, Sjukfrånvaro eller Personalkostnad. Kontrollera rubrikerna eller ange en mappning.`,
      [{ file, message: 'rubrikraden saknas' }],
    );
  }
  const header = table.rows[headerAt]!;
  const { found, missing } = personnelColumns(header.cells, mapping);
  const problems: ProblemDetail[] = missing.map((f) => ({ file, line: header.line, column: String(mapping[f]), message: `mappningens kolumn för ${PERSONNEL_LABELS[f]} finns inte i rubrikraden` }));
  const c = found.columns;
  if (c.period === undefined && !req.period) problems.push({ file, line: header.line, message: 'filen har ingen kolumn Period; ange månaden (--period ÅÅÅÅMM)' });
  const nodes = orgNodes(db);
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rows: ReadRow[] = [];
  let skipped = 0;
  const seen = new Map<string, number>();
  const colName = (f: PersonnelField) => header.cells[c[f]!] ?? PERSONNEL_LABELS[f];
  for (const r of table.rows.slice(headerAt + 1)) {
    const cell = (f: PersonnelField) => (c[f] === undefined ? '' : (r.cells[c[f]!] ?? '').trim());
    const code = cell('responsibility');
    if (r.cells.slice(0, 3).some((x) => TOTAL_ROW.test(x)) && !byCode.has(code)) {
      skipped++;
      continue;
    }
    const before = problems.length;
    const node = byCode.get(code);
    if (code === '') problems.push({ file, line: r.line, column: colName('responsibility'), value: '', message: 'ansvar saknas' });
    else if (!node) problems.push({ file, line: r.line, column: colName('responsibility'), value: code, message: `ansvar ${code} finns inte i organisationen` });
    else if (node.level === 'administration') problems.push({ file, line: r.line, column: colName('responsibility'), value: code, message: `${code} är förvaltningen; personalen läses per sektor eller lägre och summeras uppåt` });
    let period = req.period ?? null;
    if (c.period !== undefined) {
      period = parsePeriod(cell('period'));
      if (period === null) problems.push({ file, line: r.line, column: colName('period'), value: cell('period'), message: 'perioden ska skrivas ÅÅÅÅMM, t.ex. 202610' });
    }
    const values = {} as PersonnelValues;
    for (const [field, key, kind] of VALUE_FIELDS) {
      const parsed = parseValue(cell(field), kind);
      if ('problem' in parsed) problems.push({ file, line: r.line, column: colName(field), value: cell(field), message: `${PERSONNEL_LABELS[field]} ${parsed.problem}` });
      else values[key] = parsed.value;
    }
    if (problems.length > before || !node || period === null) continue;
    const key = `${period}:${node.id}`;
    if (seen.has(key)) {
      problems.push({ file, line: r.line, column: colName('responsibility'), value: code, message: `ansvar ${code} och period ${period} står redan på rad ${seen.get(key)}` });
      continue;
    }
    seen.set(key, r.line);
    rows.push({ line: r.line, period, responsibilityId: node.id, code, values });
  }
  // A sektor and a node below it in the same month would be counted twice when summed upwards.
  for (const row of rows) {
    for (const up of ancestorsOf(byId, row.responsibilityId).slice(1)) {
      const line = seen.get(`${row.period}:${up}`);
      if (line !== undefined) {
        problems.push({ file, line: row.line, column: colName('responsibility'), value: row.code, message: `${row.code} ligger under ${byId.get(up)!.code}, som också har en rad (rad ${line}); ta med antingen enheterna eller summan` });
      }
    }
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new RamkollError(
      'BAD_FILE',
      `${file} har ${problems.length} fel och lästes inte in. Första: rad ${first.line ?? '–'}${first.column ? `, kolumn ${first.column}` : ''}${first.value ? ` ("${first.value}")` : ''}: ${first.message}.`,
      problems,
    );
  }
  if (rows.length === 0) throw new RamkollError('BAD_FILE', `${file} har inga rader med personalsiffror.`, [{ file, message: 'inga rader' }]);
  return { rows, skipped, ignored: found.ignored, fileName: file, format: table.format };
}

/** Imports an export: after a backup, in one transaction; the file's months replace what earlier imports wrote for them. */
export async function importPersonnel(db: Db, req: PersonnelImportRequest, w: { siteId: string; now: Date }): Promise<PersonnelImportResult> {
  const read = await readPersonnelFile(db, req);
  const periods = [...new Set(read.rows.map((r) => r.period))].sort((a, b) => a - b);
  const nodes = [...new Set(read.rows.map((r) => r.code))].sort();
  const result: PersonnelImportResult = {
    file: read.fileName,
    format: read.format,
    rowsRead: read.rows.length,
    rowsSkipped: read.skipped,
    periods,
    nodes,
    replaced: 0,
    ignoredColumns: read.ignored,
    dryRun: req.dryRun === true,
    warnings: [],
    needsConfirmation: false,
  };
  const check = personnelWarnings(db, periods, w.now);
  result.replaced = check.replaced;
  result.warnings = check.warnings;
  if (req.dryRun) return result;
  if (req.confirm === false && check.warnings.length > 0) return { ...result, needsConfirmation: true };
  await db.backup('fore-personalimport');
  const at = w.now.toISOString();
  db.tx(() => {
    const previous = personnelSnapshot(db, periods);
    writePersonnelRows(db, read.rows, read.fileName, w.siteId, at);
    rememberPersonnelImport(db, read.rows, read.fileName, at, previous);
  });
  return result;
}

/** Writes read rows, replacing their months (inside the caller's transaction). */
export function writePersonnelRows(db: Db, rows: readonly ReadRow[], source: string, siteId: string, at: string): void {
  const periods = [...new Set(rows.map((r) => r.period))];
  const placeholders = periods.map(() => '?').join(', ');
  // Tombstones rather than deletes, so that a replaced row's removal is a change like any other.
  db.prepare(`UPDATE personnel_figure SET deleted_at = ?, updated_at = ?, updated_by_site = ? WHERE deleted_at IS NULL AND period IN (${placeholders})`).run(at, at, siteId, ...periods);
  const upsert = db.prepare(
    `INSERT INTO personnel_figure (id, period, responsibility_id, employees, permanent, temporary, fte_centi, sick_bp, sick_women_bp, sick_men_bp,
       sick_to29_bp, sick_30to49_bp, sick_from50_bp, long_sick_bp, cost_ore, source, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (period, responsibility_id) DO UPDATE SET employees = excluded.employees, permanent = excluded.permanent, temporary = excluded.temporary,
       fte_centi = excluded.fte_centi, sick_bp = excluded.sick_bp, sick_women_bp = excluded.sick_women_bp, sick_men_bp = excluded.sick_men_bp,
       sick_to29_bp = excluded.sick_to29_bp, sick_30to49_bp = excluded.sick_30to49_bp, sick_from50_bp = excluded.sick_from50_bp,
       long_sick_bp = excluded.long_sick_bp, cost_ore = excluded.cost_ore, source = excluded.source, updated_at = excluded.updated_at,
       updated_by_site = excluded.updated_by_site, deleted_at = NULL`,
  );
  for (const r of rows) {
    const v = r.values;
    upsert.run(newId(), r.period, r.responsibilityId, v.employees, v.permanent, v.temporary, v.fteCenti, v.sickBp, v.sickWomenBp, v.sickMenBp, v.sickTo29Bp, v.sick30to49Bp, v.sickFrom50Bp, v.longSickBp, v.costOre, source.slice(0, 200), at, at, siteId);
  }
}
