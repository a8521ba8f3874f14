import type ExcelJS from 'exceljs';
import { RamkollError } from '../../../db/errors';
import { checkZipContainer } from './zip-guard';

export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  line: number;
  cells: string[];
}

export interface XlsxTable {
  sheetNames: string[];
  sheet: string;
  rows: SheetRow[];
}

/** The text a cell shows, without Excel's number formatting (codes stay "3110", amounts "1234.5"). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'SANT' : 'FALSKT';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return '';
}

/** Reads one sheet of a small xlsx file into text rows (master data, mapping previews). */
export async function readXlsx(file: string, displayName: string, sheetName?: string): Promise<XlsxTable> {
  checkZipContainer(file, displayName);
  // Loaded on first use: the library is large and most commands never need it.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new RamkollError('BAD_FILE', `${displayName}: Excel-filen kunde inte läsas (${(e as Error).message}). Öppna den i Excel och spara om den som .xlsx.`, [
      { file: displayName, message: 'kunde inte läsas som xlsx' },
    ]);
  }
  const sheetNames = wb.worksheets.map((w) => w.name);
  if (sheetNames.length === 0) throw new RamkollError('BAD_FILE', `${displayName}: arbetsboken har inga blad.`);
  let ws: ExcelJS.Worksheet | undefined;
  if (sheetName !== undefined) {
    ws = wb.getWorksheet(sheetName);
    if (!ws) throw new RamkollError('BAD_FILE', `${displayName}: bladet "${sheetName}" finns inte. Bladen heter: ${sheetNames.join(', ')}.`);
  } else {
    ws = wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0]!;
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    // row.values is 1-based: index 0 is always empty.
    const cells = values.slice(1).map((v) => cellText(v).trim());
    rows.push({ line: rowNumber, cells });
  });
  return { sheetNames, sheet: ws.name, rows };
}
