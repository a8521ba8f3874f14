import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { normaliseHeader, type TableFile } from '../files/table';
import type { SheetRow } from '../files/xlsx';

export interface ColumnSpec<K extends string> {
  key: K;
  /** How the column is named in messages. */
  label: string;
  /** Accepted header texts, already normalised (see normaliseHeader). */
  names: readonly string[];
  required: boolean;
}

export interface LocatedTable<K extends string> {
  headerLine: number;
  columns: Partial<Record<K, number>>;
  /** Header texts as written, by column index, for messages. */
  headers: string[];
  rows: SheetRow[];
}

/** Excel-style column letter for a 0-based index: 0 -> A, 27 -> AB. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Finds the header row (title rows above it are skipped) and which column
 * holds what. A missing required column is an error that lists what the file
 * has, so the user can rename a header and try again.
 */
export function locateColumns<K extends string>(table: TableFile, specs: readonly ColumnSpec<K>[], what: string): LocatedTable<K> {
  if (table.rows.length === 0) {
    throw new RamkollError('BAD_FILE', `${table.fileName}: filen innehåller inga rader.`, [{ file: table.fileName, message: 'inga rader' }]);
  }
  const required = specs.filter((s) => s.required);
  let best: { row: SheetRow; columns: Partial<Record<K, number>>; found: number } | null = null;
  for (const row of table.rows.slice(0, 20)) {
    const columns: Partial<Record<K, number>> = {};
    let found = 0;
    row.cells.forEach((cell, index) => {
      const norm = normaliseHeader(cell);
      const spec = specs.find((s) => s.names.includes(norm) && columns[s.key] === undefined);
      if (spec) {
        columns[spec.key] = index;
        found++;
      }
    });
    if (!best || found > best.found) best = { row, columns, found };
    if (required.every((s) => columns[s.key] !== undefined)) {
      return { headerLine: row.line, columns, headers: row.cells, rows: table.rows.filter((r) => r.line > row.line) };
    }
  }
  const missing = required.filter((s) => best?.columns[s.key] === undefined);
  const seen = best ? best.row.cells.filter((c) => c !== '').join(', ') : '';
  const details: ProblemDetail[] = missing.map((s) => ({
    file: table.fileName,
    ...(best ? { line: best.row.line } : {}),
    column: s.label,
    message: `kolumnen ${s.label} saknas (godtagna rubriker: ${s.names.join(', ')})`,
  }));
  throw new RamkollError(
    'BAD_FILE',
    `${table.fileName}: hittar ingen rubrikrad för ${what}. Saknade kolumner: ${missing.map((s) => s.label).join(', ')}.` +
      (seen ? ` Rubrikerna i filen är: ${seen}.` : ''),
    details,
  );
}

/** The cell of a column in a row, '' when the column is absent or the row is short. */
export function cell<K extends string>(t: LocatedTable<K>, row: SheetRow, key: K): string {
  const index = t.columns[key];
  return index === undefined ? '' : (row.cells[index] ?? '');
}

/** The column's name for messages: its header text and letter, e.g. 'Överordnad (C)'. */
export function columnName<K extends string>(t: LocatedTable<K>, key: K, fallback: string): string {
  const index = t.columns[key];
  if (index === undefined) return fallback;
  return `${t.headers[index] || fallback} (${columnLetter(index)})`;
}

/** Splits "4010 Förbrukningsmaterial" style cells into code and name. */
export function splitCodeAndName(text: string): { code: string; name: string } | null {
  const m = /^([0-9A-Za-z][0-9A-Za-z._-]*)\s+[-–]?\s*(.+)$/.exec(text.trim());
  return m ? { code: m[1]!, name: m[2]!.trim() } : null;
}
