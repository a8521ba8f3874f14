import fs from 'node:fs';
import type { WorkBook } from '@e965/xlsx';
import { RamkollError } from '../../../db/errors';
import type { SheetCell, SheetRowValues, XlsxStreamResult } from './xlsx-stream';

/** The signature of an OLE2 compound file, the container of old .xls (BIFF) workbooks. */
export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Largest .xls read. A BIFF8 sheet holds at most 65,536 rows × 256 columns
 * and a real export of a full sheet is some tens of MB; SheetJS reads the
 * whole workbook into memory, so the file size is what bounds it.
 */
export const MAX_XLS_BYTES = 64 * 1024 * 1024;

/**
 * Reads one sheet of an old-format .xls workbook (BIFF5/BIFF8) with SheetJS
 * (the @e965/xlsx republish of SheetJS 0.20.3, which has the fixes for
 * CVE-2023-30533 and CVE-2024-22363; the npm "xlsx" 0.18.5 build does not).
 * An .xls sheet has at most 65,536 rows, so reading it whole is fine; dates
 * are taken from the serial number and the cell's date format, never through
 * the local time zone. Only an OLE2 compound file is handed to SheetJS:
 * given anything else (an xlsx, which is a zip, or HTML) it would read it
 * by its own rules and without the zip guard.
 */
export async function readXls(
  file: string,
  displayName: string,
  sheet: string | null,
  onBatch: (rows: SheetRowValues[]) => void | false,
  isTable: (firstRows: SheetRowValues[]) => boolean = () => true,
): Promise<XlsxStreamResult> {
  const size = fs.statSync(file).size;
  if (size > MAX_XLS_BYTES) {
    throw new RamkollError('BAD_FILE', `${displayName} är ${Math.round(size / 1048576)} MB; en .xls-fil tas emot upp till ${MAX_XLS_BYTES / 1048576} MB. Spara den som .xlsx eller CSV.`, [
      { file: displayName, message: 'för stor .xls-fil' },
    ]);
  }
  const bytes = fs.readFileSync(file);
  if (!bytes.subarray(0, CFB_SIGNATURE.length).equals(CFB_SIGNATURE)) {
    throw new RamkollError('BAD_FILE', `${displayName} är ingen Excel-fil i det gamla formatet (.xls). Öppna den i Excel och spara den som .xlsx eller CSV.`, [
      { file: displayName, message: 'inte en .xls-fil' },
    ]);
  }
  const XLSX = await import('@e965/xlsx');
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellText: false });
  } catch (e) {
    throw new RamkollError('BAD_FILE', `${displayName}: filen kunde inte läsas som en Excel-fil (.xls): ${(e as Error).message}. Öppna den i Excel och spara om den som .xlsx.`, [
      { file: displayName, message: 'kunde inte läsas som xls' },
    ]);
  }
  const names = wb.SheetNames;
  if (names.length === 0) throw new RamkollError('BAD_FILE', `${displayName}: arbetsboken har inga blad.`, [{ file: displayName, message: 'inga blad' }]);
  let chosen: string | null = null;
  let fallback: { name: string; rows: SheetRowValues[] } | null = null;
  for (const name of names) {
    if (sheet !== null && name !== sheet) continue;
    const ws = wb.Sheets[name];
    const data = (ws as unknown as { '!data'?: ({ t: string; v?: unknown; z?: string | number }[] | undefined)[] } | undefined)?.['!data'] ?? [];
    const rows: SheetRowValues[] = [];
    data.forEach((row, r) => {
      if (!row) return;
      const cells: SheetCell[] = [];
      let empty = true;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        let v: SheetCell = '';
        if (cell) {
          if (cell.t === 'n' && typeof cell.v === 'number') {
            if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
              const d = XLSX.SSF.parse_date_code(cell.v);
              v = new Date(Date.UTC(d.y, d.m - 1, d.d));
            } else v = cell.v;
          } else if (cell.t === 's' && typeof cell.v === 'string') v = cell.v;
          else if (cell.t === 'b') v = cell.v ? 'SANT' : 'FALSKT';
          else if (cell.t === 'd' && cell.v instanceof Date) v = cell.v;
        }
        cells[c] = v;
        if (v !== '') empty = false;
      }
      if (!empty) rows.push({ line: r + 1, cells });
    });
    if (rows.length === 0 && sheet === null) continue;
    if (sheet === null && !isTable(rows.slice(0, 30))) {
      fallback ??= { name, rows };
      continue;
    }
    chosen = name;
    for (let i = 0; i < rows.length; i += 2000) if (onBatch(rows.slice(i, i + 2000)) === false) break;
    break;
  }
  if (chosen === null && sheet === null && fallback !== null) {
    onBatch(fallback.rows.slice(0, 30));
    chosen = fallback.name;
  }
  if (sheet !== null && chosen === null) {
    throw new RamkollError('BAD_FILE', `${displayName}: bladet "${sheet}" finns inte. Bladen heter: ${names.join(', ')}.`, [{ file: displayName, message: `bladet ${sheet} saknas` }]);
  }
  return { sheetNames: names, sheet: chosen ?? names[0]! };
}
