/**
 * Builds hostile xlsx files for the reader tests, without any zip library:
 * honest zip bombs, and zips whose directory lies about the sizes of what
 * they hold. Big inflated contents are made by repeating one deflate block
 * flushed with Z_FULL_FLUSH (each such piece stands alone), so a gigabyte of
 * XML takes a few MB and a few milliseconds to write.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Raw deflate data of the entry. */
  deflated: Buffer;
  /** What the zip directory (and local header) says the entry inflates to. */
  declaredSize: number;
}

/** A deflate stream of head + piece × times + tail, built without deflating the whole. */
export function repeatedDeflate(head: string, piece: string, times: number, tail: string): { deflated: Buffer; size: number } {
  const flushed = (s: string) => zlib.deflateRawSync(Buffer.from(s, 'utf8'), { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 });
  // Pieces of about 4 MB compress to a few KB each.
  const per = Math.max(1, Math.floor((4 * 1024 * 1024) / Buffer.byteLength(piece)));
  const block = flushed(piece.repeat(per));
  const parts: Buffer[] = [flushed(head)];
  let left = times;
  while (left >= per) {
    parts.push(block);
    left -= per;
  }
  if (left > 0) parts.push(flushed(piece.repeat(left)));
  parts.push(zlib.deflateRawSync(Buffer.from(tail, 'utf8')));
  return { deflated: Buffer.concat(parts), size: Buffer.byteLength(head) + Buffer.byteLength(piece) * times + Buffer.byteLength(tail) };
}

export function part(name: string, text: string): ZipPart {
  const data = Buffer.from(text, 'utf8');
  return { name, deflated: zlib.deflateRawSync(data), declaredSize: data.length };
}

/** Writes a zip of deflated entries whose sizes are whatever each part declares. */
export function writeZip(file: string, parts: readonly ZipPart[]): void {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(p.deflated.length, 20);
    c.writeUInt32LE(p.declaredSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    out.push(local, name, p.deflated);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...out, cd, end]));
}

/** The parts every xlsx needs besides its sheet (and shared strings). */
export function xlsxFrame(withSharedStrings: boolean): ZipPart[] {
  return [
    part(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (withSharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        '</Types>',
    ),
    part(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    part(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        (withSharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
        '</Relationships>',
    ),
  ];
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A sheet of the given rows of text, as an honest part. */
export function sheetPart(rows: string[][]): ZipPart {
  const col = (i: number) => String.fromCharCode(65 + i);
  const xml = rows.map((r, n) => `<row r="${n + 1}">${r.map((v, i) => inline(`${col(i)}${n + 1}`, v)).join('')}</row>`).join('');
  return part('xl/worksheets/sheet1.xml', SHEET_HEAD + xml + SHEET_TAIL);
}

/**
 * A shared-strings part of `count` strings of `length` characters: what a
 * reader that caches shared strings keeps in memory. `declaredSize` set
 * makes the zip directory lie about it.
 */
export function sharedStringsBomb(count: number, length: number, declaredSize?: number): ZipPart {
  const head = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`;
  const { deflated, size } = repeatedDeflate(head, `<si><t>${'x'.repeat(length)}</t></si>`, count, '</sst>');
  return { name: 'xl/sharedStrings.xml', deflated, declaredSize: declaredSize ?? size };
}

/** A sheet of a header row and then `rows` identical data rows; `declaredSize` set makes the directory lie. */
export function sheetBomb(header: string[], row: string[], rows: number, declaredSize?: number): ZipPart {
  const col = (i: number) => String.fromCharCode(65 + i);
  const head = `${SHEET_HEAD}<row>${header.map((v, i) => inline(`${col(i)}1`, v)).join('')}</row>`;
  const { deflated, size } = repeatedDeflate(head, `<row>${row.map((v) => `<c t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`, rows, SHEET_TAIL);
  return { name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: declaredSize ?? size };
}
