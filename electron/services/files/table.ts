import fs from 'node:fs';
import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv';
import { decode, detectEncoding, looksBinary } from './encoding';
import { CFB_SIGNATURE, readXls } from './xls';
import type { SheetRow } from './xlsx';
import { streamXlsx, type SheetCell, type SheetRowValues } from './xlsx-stream';
import { TABLE_ZIP_LIMITS } from './zip-guard';

export interface TableFile {
  fileName: string;
  format: 'csv' | 'xlsx' | 'xls';
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  sheetNames?: string[];
  /** Non-empty rows with their line (CSV) or row (Excel) numbers, cells trimmed. */
  rows: SheetRow[];
}

export interface ReadTableOptions {
  sheet?: string;
  /** Largest file accepted, in bytes. */
  maxBytes?: number;
}

/** A cell as text: numbers unformatted ("1234.5"), dates as ISO days. */
function cellText(c: SheetCell): string {
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return c;
}

/** Rows of a spreadsheet as trimmed text. */
function textRows(into: SheetRow[]) {
  return (batch: SheetRowValues[]) => {
    for (const r of batch) into.push({ line: r.line, cells: r.cells.map((c) => cellText(c).trim()) });
  };
}

/** Rows of a table file (Excel allows 1,048,576), and columns. */
const TABLE_SHEET_LIMITS = { maxRows: 1_048_576, maxColumns: 500, zip: TABLE_ZIP_LIMITS };

/**
 * Reads a small tabular file (CSV/text, xlsx or old .xls) into rows of text, for master
 * data and mapping previews. The content decides the format (a zip is xlsx
 * whatever its name; an OLE2 compound file is .xls). Every failure is a
 * RamkollError naming the file.
 */
export async function readTableFile(file: string, opts: ReadTableOptions = {}): Promise<TableFile> {
  const fileName = path.basename(file);
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new RamkollError('NOT_FOUND', `Filen ${file} finns inte eller kan inte läsas.`);
  }
  if (!stat.isFile()) throw new RamkollError('BAD_FILE', `${fileName} är ingen vanlig fil.`);
  if (stat.size === 0) throw new RamkollError('BAD_FILE', `${fileName} är tom.`, [{ file: fileName, message: 'filen är tom' }]);
  if (stat.size > maxBytes) {
    throw new RamkollError('BAD_FILE', `${fileName} är ${Math.round(stat.size / 1048576)} MB; högst ${Math.round(maxBytes / 1048576)} MB tas emot här.`);
  }
  const ext = path.extname(file).toLowerCase();
  const head = Buffer.alloc(Math.min(CFB_SIGNATURE.length, stat.size));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  // The head is 8 bytes long (as the OLE2 signature): a zip is known by its first 4.
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const isCfb = head.equals(CFB_SIGNATURE);
  if (isZip || ((ext === '.xlsx' || ext === '.xlsm') && !isCfb)) {
    const rows: SheetRow[] = [];
    const t = await streamXlsx(file, fileName, opts.sheet ?? null, textRows(rows), () => true, TABLE_SHEET_LIMITS);
    return { fileName, format: 'xlsx', sheet: t.sheet, sheetNames: t.sheetNames, rows };
  }
  // Many kommuner still save budgets and Kolada exports in the old Excel format.
  if (isCfb) {
    const rows: SheetRow[] = [];
    const t = await readXls(file, fileName, opts.sheet ?? null, textRows(rows));
    return { fileName, format: 'xls', sheet: t.sheet, sheetNames: t.sheetNames, rows };
  }
  const bytes = fs.readFileSync(file);
  if (ext === '.xls' && /<html|<table|<\?xml/.test(bytes.subarray(0, 2048).toString('latin1').toLowerCase())) {
    throw new RamkollError('BAD_FILE', `${fileName} heter .xls men är en HTML- eller XML-tabell, inte en Excel-fil. Öppna den i Excel och spara som .xlsx eller CSV.`, [
      { file: fileName, message: 'HTML/XML i stället för Excel' },
    ]);
  }
  const enc = detectEncoding(bytes);
  if (looksBinary(bytes, enc)) {
    throw new RamkollError('BAD_FILE', `${fileName} ser inte ut som en textfil (CSV) eller en Excel-fil. Exportera den som CSV eller .xlsx.`, [
      { file: fileName, message: 'binärt innehåll' },
    ]);
  }
  const text = decode(bytes, enc);
  const delimiter = detectDelimiter(text.slice(0, 65536));
  let records;
  try {
    records = parseCsv(text, delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new RamkollError('BAD_FILE', `${fileName}, rad ${e.line}: ${e.message}.`, [{ file: fileName, line: e.line, message: e.message }]);
    }
    throw e;
  }
  const rows = records
    .map((r) => ({ line: r.line, cells: r.fields.map((f) => f.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { fileName, format: 'csv', encoding: enc.encoding, delimiter, rows };
}

/** Lower-case, without diacritics or punctuation: "Överordnad ansvar" -> "overordnad ansvar". */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
