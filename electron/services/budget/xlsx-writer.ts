import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * A small writer of Office Open XML workbooks for the detaljbudget export:
 * the sheet XML is written as text and zipped with node's zlib. exceljs
 * builds a model object and a style lookup for every cell, which for 50 000
 * lines × 18 columns was most of the export's 4–5 seconds; here a cell is a
 * few bytes of text. The workbook has exactly the parts Excel, LibreOffice
 * and exceljs need: content types, relationships, workbook, styles, sheets
 * and document properties.
 */

/** Cell styles of styles.xml, by index. */
export const STYLE = { normal: 0, money: 1, header: 2, text: 3, bold: 4, boldMoney: 5 } as const;

const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';

export type CellValue = string | number | { formula: string; result: number } | null;
export interface Cell {
  value: CellValue;
  style?: number;
}
export interface SheetColumn {
  width: number;
  style?: number;
}
export interface Sheet {
  name: string;
  columns: SheetColumn[];
  /** Rows of cells; a row is written as it comes (an iterable, so a caller can produce rows as they are needed). */
  rows: Iterable<(Cell | CellValue)[]>;
  /** Style of the first row's cells. */
  headerStyle?: number;
  frozenHeader?: boolean;
  autoFilter?: boolean;
  /** Style of whole rows by 1-based row number (the total row). */
  rowStyles?: Map<number, number>;
}

// Characters XML 1.0 does not allow; a name from an ekonomisystem may hold one.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export function xmlText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function cellXml(ref: string, cell: Cell | CellValue, rowStyle: number | undefined): string {
  const c: Cell = cell !== null && typeof cell === 'object' && 'value' in cell ? cell : { value: cell };
  const style = c.style ?? rowStyle;
  const s = style ? ` s="${style}"` : '';
  const v = c.value;
  if (v === null || v === '') return style ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number') return `<c r="${ref}"${s}><v>${v}</v></c>`;
  if (typeof v === 'string') {
    const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
  }
  return `<c r="${ref}"${s}><f>${xmlText(v.formula)}</f><v>${v.result}</v></c>`;
}

function sheetXml(sheet: Sheet): Buffer[] {
  const letters = sheet.columns.map((_, i) => columnLetter(i + 1));
  const lastCol = letters[letters.length - 1]!;
  const parts: string[] = [];
  const chunks: Buffer[] = [];
  const flush = () => {
    chunks.push(Buffer.from(parts.join(''), 'utf8'));
    parts.length = 0;
  };
  parts.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    '<sheetViews><sheetView workbookViewId="0">',
    sheet.frozenHeader ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' : '',
    '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>',
    ...sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}"${c.style ? ` style="${c.style}"` : ''} customWidth="1"/>`),
    '</cols><sheetData>',
  );
  let r = 0;
  for (const row of sheet.rows) {
    r++;
    const rowStyle = r === 1 ? sheet.headerStyle : sheet.rowStyles?.get(r);
    parts.push(`<row r="${r}"${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ''}>`);
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      // A cell of a styled column keeps the column's style unless it has its own.
      const own = cell !== null && typeof cell === 'object' && 'value' in cell ? cell.style : undefined;
      parts.push(cellXml(`${letters[i]!}${r}`, cell, own ?? rowStyle ?? sheet.columns[i]?.style));
    }
    parts.push('</row>');
    if (parts.length > 20_000) flush();
  }
  parts.push('</sheetData>');
  if (sheet.autoFilter) parts.push(`<autoFilter ref="A1:${lastCol}1"/>`);
  parts.push('</worksheet>');
  flush();
  return chunks;
}

const CRC = (b: Buffer, crc = 0) => zlib.crc32(b, crc);

/** A zip archive of the entries, deflated (level 1: the sheet is large and repetitive, and speed counts more than the last percent). */
function zip(entries: { name: string; data: Buffer[] }[], at: Date): Buffer {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    let crc = 0;
    let size = 0;
    for (const d of e.data) {
      crc = CRC(d, crc);
      size += d.length;
    }
    const packed = zlib.deflateRawSync(Buffer.concat(e.data, size), { level: 1 });
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    local.copy(dir, 8, 6, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    out.push(local, name, packed);
    offset += local.length + name.length + packed.length;
  }
  const centralSize = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...central, end]);
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${xmlText(MONEY_FORMAT)}"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const text = (s: string) => [Buffer.from(s, 'utf8')];

/** Writes the sheets as an .xlsx file. */
export function writeXlsx(file: string, sheets: Sheet[], meta: { creator: string; created: Date }): void {
  const sheetEntries = sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s) }));
  const filters = sheets
    .map((s, i) => (s.autoFilter ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(s.name.replace(/'/g, "''"))}'!$A$1:$${columnLetter(s.columns.length)}$1</definedName>` : ''))
    .join('');
  const entries = [
    {
      name: '[Content_Types].xml',
      data: text(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
          .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
          .join(
            '',
          )}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: text(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
      ),
    },
    {
      name: 'docProps/core.xml',
      data: text(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${xmlText(meta.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${meta.created.toISOString()}</dcterms:created></cp:coreProperties>`,
      ),
    },
    { name: 'docProps/app.xml', data: text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(meta.creator)}</Application></Properties>`) },
    {
      name: 'xl/workbook.xml',
      data: text(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${sheets
          .map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('')}</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: text(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
          .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
          .join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/styles.xml', data: text(STYLES) },
    ...sheetEntries,
  ];
  fs.writeFileSync(file, zip(entries, meta.created));
}
