/**
 * Helpers for the xlsx reader tests: read a file with our reader and with
 * ExcelJS's (as the ledger import did before), and write small xlsx files
 * from hand-written XML.
 */
import path from 'node:path';
import { streamXlsx, type SheetCell, type SheetRowValues } from '../../electron/services/files/xlsx-stream';
import { streamXlsxExcelJS } from './xlsx-exceljs';
import { part, writeZip, type ZipPart } from './zip-bombs';

export interface ReadResult {
  rows: SheetRowValues[];
  sheet?: string;
  sheetNames?: string[];
  error?: string;
  details?: unknown;
}

/** Dates as text, so that results compare with toEqual and print readably. */
export function plain(rows: SheetRowValues[]): { line: number; cells: (string | number)[] }[] {
  return rows.map((r) => ({ line: r.line, cells: r.cells.map((c: SheetCell) => (c instanceof Date ? `datum ${c.toISOString()}` : c)) }));
}

async function read(
  reader: typeof streamXlsx,
  file: string,
  sheet: string | null,
  isTable?: (rows: SheetRowValues[]) => boolean,
  limits?: { maxRows: number; maxColumns: number },
): Promise<ReadResult> {
  const rows: SheetRowValues[] = [];
  try {
    const r = await reader(file, path.basename(file), sheet, (b) => void rows.push(...b), isTable, limits);
    return { rows, sheet: r.sheet, sheetNames: r.sheetNames };
  } catch (e) {
    return { rows, error: (e as Error).message, details: (e as { details?: unknown }).details };
  }
}

export const readOurs = (file: string, sheet: string | null = null, isTable?: (rows: SheetRowValues[]) => boolean, limits?: { maxRows: number; maxColumns: number }) =>
  read(streamXlsx, file, sheet, isTable, limits);
export const readExcelJS = (file: string, sheet: string | null = null, isTable?: (rows: SheetRowValues[]) => boolean, limits?: { maxRows: number; maxColumns: number }) =>
  read(streamXlsxExcelJS, file, sheet, isTable, limits);

/**
 * ExcelJS's reading, read again (at most twice more) while it does not agree:
 * its streaming reader, the oracle here, has now and then returned a different
 * row count for the same file on a busy machine (seen in full runs, never
 * alone), while ours reads the same every time. A reading that never agrees
 * is still returned, and the test's comparison then fails as before.
 */
export async function readExcelJSAgreeing(file: string, sheet: string | null, agrees: (r: ReadResult) => boolean): Promise<ReadResult> {
  let r = await readExcelJS(file, sheet);
  for (let i = 0; i < 2 && !agrees(r); i++) r = await readExcelJS(file, sheet);
  return r;
}

/** Whether `check` holds without throwing (an expect() inside a retry's condition). */
export function holds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

export interface HandMade {
  /** Sheet XML (sheetData and all) by sheet name, in workbook order; the files are sheet1.xml, sheet2.xml … */
  sheets: [string, string][];
  strings?: string[];
  /** The `<si>` elements as written (rich text, phonetic runs …), instead of `strings`. */
  rawStrings?: string;
  /** numFmtId of each cellXfs entry, and custom formats. */
  styles?: { xfs: number[]; formats?: Record<number, string> };
  date1904?: boolean;
  /** Where shared strings and the workbook's relations go in the zip: after the sheets (as Excel stores them) or before. */
  sideFirst?: boolean;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Wraps rows in a worksheet element. */
export const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;

export function writeHandMade(file: string, h: HandMade): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const book = part(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${h.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>` +
      h.sheets.map(([name], i) => `<sheet name="${esc(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  const rels = part(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      h.sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      '</Relationships>',
  );
  const side: ZipPart[] = [rels];
  if (h.strings || h.rawStrings !== undefined) {
    const si = h.rawStrings ?? h.strings!.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('');
    side.push(part('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${si}</sst>`));
  }
  const formats = Object.entries(h.styles?.formats ?? {});
  const styles = part(
    'xl/styles.xml',
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}>` +
      (formats.length ? `<numFmts count="${formats.length}">${formats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('')}</numFmts>` : '') +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs>${(h.styles?.xfs ?? [0]).map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('')}</cellXfs></styleSheet>`,
  );
  const sheets = h.sheets.map(([, xml], i) => part(`xl/worksheets/sheet${i + 1}.xml`, xml));
  const parts = [part('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), book, styles];
  writeZip(file, h.sideFirst ? [...parts, ...side, ...sheets] : [...parts, ...sheets, ...side]);
}
