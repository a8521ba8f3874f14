import type ExcelJS from 'exceljs';
import { RamkollError } from '../../db/errors';
import { DEFAULT_ZIP_LIMITS, guardedZipStream, inspectZip, verifyZip, type ZipLimits } from '../../electron/services/files/zip-guard';

import type { SheetCell, SheetRowValues, XlsxStreamResult } from '../../electron/services/files/xlsx-stream';

/** The value of an ExcelJS cell as text, number or date; formulas give their cached result. */
export function sheetCell(value: ExcelJS.CellValue | undefined): SheetCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'SANT' : 'FALSKT';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return sheetCell((value as { result?: ExcelJS.CellValue }).result);
    if ('text' in value && typeof value.text === 'string') return value.text;
  }
  return '';
}

interface ReaderInternals {
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

function sheetNames(reader: ReaderInternals): { all: string[]; byFileNo: Map<string, string> } {
  const sheets = reader.model?.sheets ?? [];
  const rels = reader.workbookRels ?? [];
  const byFileNo = new Map<string, string>();
  for (const s of sheets) {
    const target = rels.find((r) => r.Id === s.rId)?.Target ?? '';
    const m = /sheet(\d+)\.xml$/.exec(target);
    if (m) byFileNo.set(m[1]!, s.name);
  }
  return { all: sheets.map((s) => s.name), byFileNo };
}

/**
 * The ledger import's xlsx reading as it was before our own reader (xlsx-sheet.ts): kept here, unchanged,
 * for the tests that compare the two cell by cell.
 *
 * Streams one sheet of an xlsx file (ExcelJS's streaming WorkbookReader):
 * rows arrive in batches and are never all in memory, so a sheet of
 * hundreds of thousands of rows reads in seconds. The zip container is
 * checked for bombs first, and ExcelJS reads the entries as this module
 * inflates them, never beyond the sizes the container declares (zip-guard.ts);
 * rows and columns are capped.
 */
export async function streamXlsxExcelJS(
  file: string,
  displayName: string,
  sheet: string | null,
  onBatch: (rows: SheetRowValues[]) => void | false,
  /** Without a sheet named: is this (the first rows of a sheet) the table? Else the first sheet with content is read. */
  isTable: (firstRows: SheetRowValues[]) => boolean = () => true,
  limits: { maxRows: number; maxColumns: number; zip?: ZipLimits } = { maxRows: 5_000_000, maxColumns: 500 },
): Promise<XlsxStreamResult> {
  const entries = inspectZip(file, displayName, limits.zip ?? DEFAULT_ZIP_LIMITS);
  await verifyZip(file, displayName, entries);
  const { default: Excel } = await import('exceljs');
  const zip = guardedZipStream(file, displayName, entries);
  const reader = new Excel.stream.xlsx.WorkbookReader(zip.stream, {
    sharedStrings: 'cache',
    // Styles tell which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let chosen: string | null = null;
  let names: string[] = [];
  let rows = 0;
  let stopped = false;
  let fallback: { name: string; rows: SheetRowValues[] } | null = null;
  try {
    for await (const ws of reader) {
      const info = sheetNames(reader as unknown as ReaderInternals);
      names = info.all;
      const id = String((ws as unknown as { id: string | number }).id);
      const name = info.byFileNo.get(id) ?? `Blad${id}`;
      if (stopped) break;
      if (chosen !== null) continue;
      if (sheet !== null && name !== sheet) continue;
      let batch: SheetRowValues[] = [];
      let any = false;
      // Without a named sheet, the first rows decide whether this sheet is the table.
      let deciding = sheet === null;
      let rejected = false;
      for await (const row of ws) {
        if (rejected) continue;
        const values = row.values as ExcelJS.CellValue[];
        if (values.length - 1 > limits.maxColumns) {
          throw new RamkollError('BAD_FILE', `${displayName}, blad ${name}, rad ${row.number}: raden har fler än ${limits.maxColumns} kolumner.`, [
            { file: displayName, line: row.number, message: `fler än ${limits.maxColumns} kolumner` },
          ]);
        }
        const cells: SheetCell[] = new Array<SheetCell>(Math.max(0, values.length - 1));
        let empty = true;
        for (let i = 1; i < values.length; i++) {
          const c = sheetCell(values[i]);
          cells[i - 1] = c;
          if (c !== '') empty = false;
        }
        if (empty) continue;
        any = true;
        if (++rows > limits.maxRows) {
          throw new RamkollError('BAD_FILE', `${displayName}: bladet ${name} har fler än ${limits.maxRows} rader.`, [{ file: displayName, message: 'för många rader' }]);
        }
        batch.push({ line: row.number, cells });
        if (deciding && batch.length >= 30) {
          deciding = false;
          if (!isTable(batch)) {
            fallback ??= { name, rows: batch };
            rejected = true;
            batch = [];
            continue;
          }
        }
        if (!deciding && batch.length >= 2000) {
          const out = batch;
          batch = [];
          if (onBatch(out) === false) {
            stopped = true;
            break;
          }
        }
      }
      if (rejected || (deciding && batch.length > 0 && !isTable(batch))) {
        if (!rejected) fallback ??= { name, rows: batch };
        continue;
      }
      if (!stopped && batch.length > 0 && onBatch(batch) === false) stopped = true;
      // An empty first sheet does not count as the one chosen (unless named).
      if (any || sheet !== null) chosen = name;
    }
  } catch (e) {
    // The file changed under the reader: that, not what the reader made of it, is the problem.
    const guarded = zip.failure();
    if (guarded) throw guarded;
    if (e instanceof RamkollError) throw e;
    throw new RamkollError('BAD_FILE', `${displayName}: Excel-filen kunde inte läsas (${(e as Error).message}). Öppna den i Excel och spara om den som .xlsx.`, [
      { file: displayName, message: 'kunde inte läsas som xlsx' },
    ]);
  } finally {
    zip.stream.destroy();
  }
  const guarded = zip.failure();
  if (guarded) throw guarded;
  if (chosen === null && sheet === null && fallback !== null) {
    // No sheet looks like the table: the first one with content is read, and its header problem reported.
    onBatch(fallback.rows);
    chosen = fallback.name;
  }
  if (names.length === 0) throw new RamkollError('BAD_FILE', `${displayName}: arbetsboken har inga blad.`, [{ file: displayName, message: 'inga blad' }]);
  if (sheet !== null && chosen === null) {
    throw new RamkollError('BAD_FILE', `${displayName}: bladet "${sheet}" finns inte. Bladen heter: ${names.join(', ')}.`, [{ file: displayName, message: `bladet ${sheet} saknas` }]);
  }
  return { sheetNames: names, sheet: chosen ?? names[0]! };
}
