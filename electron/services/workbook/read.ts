import type ExcelJS from 'exceljs';
import { RamkollError } from '../../../db/errors';
import { guardedZipStream, inspectZip, TABLE_ZIP_LIMITS, verifyZip, type ZipLimits } from '../files/zip-guard';

/** A cell as read: its value (a formula's cached result), an error value (#DIV/0!), or a formula no program computed. */
export type RawCell = string | number | boolean | Date | { error: string } | { uncomputed: string };

export interface RawSheet {
  name: string;
  /** Row number → column number (1-based) → cell; empty cells are absent. */
  rows: Map<number, Map<number, RawCell>>;
}

/** A workbook small enough for a chef: a few thousand rows at most. */
const WORKBOOK_ZIP_LIMITS: ZipLimits = { ...TABLE_ZIP_LIMITS, maxTotalUncompressed: 64 * 1024 * 1024, maxSideEntry: 32 * 1024 * 1024 };
const MAX_ROWS = 100_000;

function raw(value: ExcelJS.CellValue): RawCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return { error: String(value.error) };
    if ('formula' in value || 'sharedFormula' in value) {
      const v = value as { formula?: string; sharedFormula?: string; result?: ExcelJS.CellValue };
      // Excel, LibreOffice and Google Sheets save the computed value with the formula: that value is what the chef saw.
      if (v.result === undefined || v.result === null) return { uncomputed: v.formula ?? v.sharedFormula ?? '' };
      return raw(v.result);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
  }
  return null;
}

async function bytesOf(file: string, displayName: string): Promise<Buffer> {
  const entries = inspectZip(file, displayName, WORKBOOK_ZIP_LIMITS);
  await verifyZip(file, displayName, entries);
  // The reader gets the entries inflated here (never beyond what the directory declares), as the ledger's reader does.
  const zip = guardedZipStream(file, displayName, entries);
  const parts: Buffer[] = [];
  for await (const chunk of zip.stream) parts.push(chunk as Buffer);
  const failure = zip.failure();
  if (failure) throw failure;
  return Buffer.concat(parts);
}

/** Every sheet of an xlsx file, whatever program saved it: shared or inline strings, numbers, dates, formulas by their cached values. */
export async function readWorkbookFile(file: string, displayName: string): Promise<Map<string, RawSheet>> {
  const bytes = await bytesOf(file, displayName);
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new RamkollError('BAD_FILE', `${displayName}: filen kunde inte läsas som Excel-arbetsbok (${(e as Error).message}). Öppna den i Excel och spara om den som .xlsx.`, [
      { file: displayName, message: 'kunde inte läsas som xlsx' },
    ]);
  }
  const sheets = new Map<string, RawSheet>();
  let count = 0;
  wb.eachSheet((ws) => {
    const rows = new Map<number, Map<number, RawCell>>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (++count > MAX_ROWS) throw new RamkollError('BAD_FILE', `${displayName}: arbetsboken har fler än ${MAX_ROWS} rader.`, [{ file: displayName, message: 'för många rader' }]);
      const cells = new Map<number, RawCell>();
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = raw(cell.value);
        if (v !== null && v !== '') cells.set(c, v);
      });
      if (cells.size > 0) rows.set(r, cells);
    });
    sheets.set(ws.name, { name: ws.name, rows });
  });
  return sheets;
}
