import { StringDecoder } from 'node:string_decoder';
import { RamkollError } from '../../../db/errors';
import { SheetScanner, SheetTooWide, SheetXmlError, type SheetCell, type SheetContext } from './xlsx-sheet';
import { readDateStyles, readRelations, readSharedStrings, readWorkbook, XmlTextError } from './xlsx-xml';
import { DEFAULT_ZIP_LIMITS, inflated, inspectZip, verifyZip, type ZipEntry, type ZipLimits } from './zip-guard';

export type { SheetCell };

export interface SheetRowValues {
  /** Row number as Excel shows it (1-based). */
  line: number;
  cells: SheetCell[];
}

export interface XlsxStreamResult {
  sheetNames: string[];
  sheet: string;
}

/** The worksheet parts ExcelJS's reader took as sheets (and so does the ledger import): xl/worksheets/sheetN.xml. */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

interface SheetPart {
  entry: ZipEntry;
  name: string;
}

async function readPart(file: string, displayName: string, entry: ZipEntry | undefined, read: (xml: string) => void): Promise<void> {
  if (entry === undefined) return;
  // Decoded piece by piece: the bytes are never held twice.
  const decoder = new StringDecoder('utf8');
  let xml = '';
  for await (const chunk of inflated(file, displayName, entry)) xml += decoder.write(chunk);
  xml += decoder.end();
  try {
    read(xml);
  } catch (e) {
    if (!(e instanceof XmlTextError)) throw e;
    throw new RamkollError('BAD_FILE', `${displayName}: delen ${entry.name} kunde inte läsas (${e.message}). Öppna filen i Excel och spara om den som .xlsx.`, [
      { file: displayName, message: `${entry.name}: ${e.message}` },
    ]);
  }
}

/**
 * The sheets in the order the reader met them: a sheet stored after both the
 * shared strings and the workbook's relations first, then the ones stored
 * before them, each group in the zip's order (how ExcelJS's streaming reader
 * went through the file, which decides which sheet is "the first with content").
 */
function sheetParts(entries: readonly ZipEntry[], names: Map<string, string>): SheetPart[] {
  const now: SheetPart[] = [];
  const later: SheetPart[] = [];
  let strings = false;
  let rels = false;
  for (const entry of entries) {
    if (entry.name === 'xl/sharedStrings.xml') strings = true;
    else if (entry.name === 'xl/_rels/workbook.xml.rels') rels = true;
    else {
      const m = SHEET_PART.exec(entry.name);
      if (m) (strings && rels ? now : later).push({ entry, name: names.get(entry.name) ?? `Blad${m[1]}` });
    }
  }
  return [...now, ...later];
}

/**
 * Streams one sheet of an xlsx file: rows arrive in batches and are never all
 * in memory. The zip container is checked for bombs first and every entry
 * inflated once to check its size (zip-guard.ts); the sheet is then inflated
 * again as it is read, never beyond the size the container declares, and
 * scanned by our own reader (xlsx-sheet.ts): a third to a half of the
 * processor time ExcelJS's reader took, which built an object per tag and a
 * styled cell object per cell. Rows and columns are capped.
 */
export async function streamXlsx(
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
  const byName = new Map(entries.map((e) => [e.name, e]));
  let book: ReturnType<typeof readWorkbook> = { sheets: [], date1904: false };
  let rels = new Map<string, string>();
  const ctx: SheetContext = { strings: [], dateStyles: [], date1904: false, maxColumns: limits.maxColumns };
  await readPart(file, displayName, byName.get('xl/workbook.xml'), (xml) => (book = readWorkbook(xml)));
  await readPart(file, displayName, byName.get('xl/_rels/workbook.xml.rels'), (xml) => (rels = readRelations(xml)));
  await readPart(file, displayName, byName.get('xl/styles.xml'), (xml) => (ctx.dateStyles = readDateStyles(xml)));
  await readPart(file, displayName, byName.get('xl/sharedStrings.xml'), (xml) => (ctx.strings = readSharedStrings(xml)));
  ctx.date1904 = book.date1904;
  const partNames = new Map<string, string>();
  for (const s of book.sheets) {
    const target = rels.get(s.rel);
    if (target !== undefined) partNames.set(target, s.name);
  }
  const parts = sheetParts(entries, partNames);
  if (parts.length === 0 || book.sheets.length === 0) throw new RamkollError('BAD_FILE', `${displayName}: arbetsboken har inga blad.`, [{ file: displayName, message: 'inga blad' }]);
  const names = book.sheets.map((s) => s.name);

  let chosen: string | null = null;
  let rows = 0;
  let stopped = false;
  let fallback: { name: string; rows: SheetRowValues[] } | null = null;
  for (const { entry, name } of parts) {
    if (stopped || chosen !== null) break;
    if (sheet !== null && name !== sheet) continue;
    let batch: SheetRowValues[] = [];
    let any = false;
    // Without a named sheet, the first rows decide whether this sheet is the table.
    let deciding = sheet === null;
    let rejected = false;
    const scanner = new SheetScanner(ctx, (line, cells) => {
      if (rejected || stopped) return;
      any = true;
      if (++rows > limits.maxRows) {
        throw new RamkollError('BAD_FILE', `${displayName}: bladet ${name} har fler än ${limits.maxRows} rader.`, [{ file: displayName, message: 'för många rader' }]);
      }
      batch.push({ line, cells });
      if (deciding && batch.length >= 30) {
        deciding = false;
        if (!isTable(batch)) {
          fallback ??= { name, rows: batch };
          rejected = true;
          batch = [];
          return;
        }
      }
      if (!deciding && batch.length >= 2000) {
        const out = batch;
        batch = [];
        if (onBatch(out) === false) stopped = true;
      }
    });
    try {
      for await (const chunk of inflated(file, displayName, entry)) {
        scanner.push(chunk);
        if (rejected || stopped) break;
      }
      if (!rejected && !stopped) scanner.end();
    } catch (e) {
      // Once the sheet is set aside or the reader has what it wants, the rest of the chunk does not matter.
      if ((rejected || stopped) && (e instanceof SheetTooWide || e instanceof SheetXmlError)) continue;
      if (e instanceof SheetTooWide) {
        throw new RamkollError('BAD_FILE', `${displayName}, blad ${name}, rad ${e.line}: raden har fler än ${limits.maxColumns} kolumner.`, [
          { file: displayName, line: e.line, message: `fler än ${limits.maxColumns} kolumner` },
        ]);
      }
      if (e instanceof SheetXmlError) {
        throw new RamkollError('BAD_FILE', `${displayName}, blad ${name}, ${e.where}: ${e.message}. Öppna filen i Excel och spara om den som .xlsx.`, [
          { file: displayName, ...(e.line !== null ? { line: e.line } : {}), message: `blad ${name}, ${e.where}: ${e.message}` },
        ]);
      }
      throw e;
    }
    if (rejected || (deciding && batch.length > 0 && !isTable(batch))) {
      if (!rejected) fallback ??= { name, rows: batch };
      continue;
    }
    if (!stopped && batch.length > 0 && onBatch(batch) === false) stopped = true;
    // An empty first sheet does not count as the one chosen (unless named).
    if (any || sheet !== null) chosen = name;
  }
  if (chosen === null && sheet === null && fallback !== null) {
    // No sheet looks like the table: the first one with content is read, and its header problem reported.
    const f: { name: string; rows: SheetRowValues[] } = fallback;
    onBatch(f.rows);
    chosen = f.name;
  }
  if (sheet !== null && chosen === null) {
    throw new RamkollError('BAD_FILE', `${displayName}: bladet "${sheet}" finns inte. Bladen heter: ${names.join(', ')}.`, [{ file: displayName, message: `bladet ${sheet} saknas` }]);
  }
  return { sheetNames: names, sheet: chosen ?? names[0]! };
}
