/**
 * Property test of our xlsx reader: random sheets (numbers, strings with XML
 * specials and non-ASCII, dates in several formats and both date systems,
 * booleans, rich text, formulas with cached number, text and date results,
 * gaps between cells and rows) written by ExcelJS (with shared strings, and
 * streamed with inline strings) must read back as exactly what was written;
 * and as ExcelJS read them, apart from the cells ExcelJS read wrongly
 * (formula dates as serial numbers, `str` text decoded twice, inline rich
 * text as its last run), which are modelled here.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Cell, CellFormulaValue, Row } from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SheetScanner, SheetTooWide, SheetXmlError } from '../../electron/services/files/xlsx-sheet';
import type { SheetRowValues } from '../../electron/services/files/xlsx-stream';
import { readDateStyles, readSharedStrings, XmlTextError } from '../../electron/services/files/xlsx-xml';
import { inspectZip } from '../../electron/services/files/zip-guard';
import { holds, plain, readExcelJSAgreeing, readOurs } from '../support/xlsx-read';
import { part, writeZip } from '../support/zip-bombs';
import { tempDir } from '../support/tmp';

type Value =
  | { kind: 'number'; v: number }
  | { kind: 'text'; v: string }
  | { kind: 'date'; v: Date; fmt: string }
  | { kind: 'bool'; v: boolean }
  | { kind: 'rich'; runs: string[] }
  | { kind: 'formula'; result: number | string | Date };

const textChars = fc.constantFrom('a', 'Z', '0', ' ', '<', '>', '&', '"', "'", ';', '#', 'å', 'Ä', 'ö', '€', '😀', '\n', '\t', 'x');
const text = fc.oneof(
  fc.array(textChars, { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
  fc.constantFrom('&amp;', '&lt;b&gt;', '&#229;', ' ledande', 'avslutande ', '1100', '-12,50'),
);
const number = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
  fc.integer({ min: -99999999, max: 99999999 }).map((x) => x / 100),
);
// Whole minutes from 1901 to 2100: what a ledger holds, and exact through Excel's serial days.
const date = fc.integer({ min: Date.UTC(1901, 0, 1) / 60000, max: Date.UTC(2100, 0, 1) / 60000 }).map((m) => new Date(m * 60000));
const value: fc.Arbitrary<Value> = fc.oneof(
  number.map((v) => ({ kind: 'number' as const, v })),
  text.map((v) => ({ kind: 'text' as const, v })),
  fc.record({ v: date, fmt: fc.constantFrom('yyyy-mm-dd', 'd/m/yyyy', 'mmm yyyy', 'yyyy-mm-dd hh:mm', '[$-41D]d mmmm yyyy') }).map((d) => ({ kind: 'date' as const, ...d })),
  fc.boolean().map((v) => ({ kind: 'bool' as const, v })),
  fc.array(text, { minLength: 2, maxLength: 3 }).map((runs) => ({ kind: 'rich' as const, runs })),
  fc.oneof(number, text, date).map((result) => ({ kind: 'formula' as const, result })),
);
/** Rows of (column, value), with gaps: row numbers and columns chosen sparsely. */
type Sheet = { gap: number; cells: { gap: number; value: Value }[] }[];
const sheet: fc.Arbitrary<Sheet> = fc.array(
  fc.record({ gap: fc.integer({ min: 1, max: 3 }), cells: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), value }), { minLength: 1, maxLength: 6 }) }),
  { minLength: 1, maxLength: 12 },
);

const xmlDecodedAgain = (s: string) => s.replace(/&([a-z]*);/g, (m) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[m] ?? m);
const serial = (d: Date, date1904: boolean) => parseFloat(String(25569 + d.getTime() / 86400000 - (date1904 ? 1462 : 0)));

/** What a cell holds (ours), and what ExcelJS's reader gave for it. */
function expected(v: Value, inline: boolean, date1904: boolean): { ours: string | number; exceljs: string | number } {
  const same = (x: string | number) => ({ ours: x, exceljs: x });
  const day = (d: Date) => `datum ${d.toISOString()}`;
  switch (v.kind) {
    case 'number':
      return same(v.v);
    case 'text':
      return { ours: v.v, exceljs: inline ? xmlDecodedAgain(v.v) : v.v };
    case 'date':
      return same(day(v.v));
    case 'bool':
      return same(v.v ? 'SANT' : 'FALSKT');
    case 'rich':
      return { ours: v.runs.join(''), exceljs: inline ? xmlDecodedAgain(v.runs[v.runs.length - 1]!) : v.runs.join('') };
    case 'formula':
      if (v.result instanceof Date) return { ours: day(v.result), exceljs: serial(v.result, date1904) };
      if (typeof v.result === 'string') return { ours: v.result, exceljs: xmlDecodedAgain(v.result) };
      return same(v.result);
  }
}

async function write(file: string, rows: Sheet, streamed: boolean, date1904: boolean): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const put = (cell: Cell, v: Value) => {
    if (v.kind === 'date') {
      cell.value = v.v;
      cell.numFmt = v.fmt;
    } else if (v.kind === 'rich') cell.value = { richText: v.runs.map((t, i) => ({ text: t, ...(i === 0 ? { font: { bold: true } } : {}) })) };
    else if (v.kind === 'formula') {
      cell.value = { formula: 'A1+0', result: v.result } as CellFormulaValue;
      if (v.result instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    } else cell.value = v.v;
  };
  const place = (add: (line: number, col: number, v: Value) => void) => {
    let line = 0;
    for (const r of rows) {
      line += r.gap;
      let col = 0;
      for (const c of r.cells) add(line, (col += c.gap), c.value);
    }
  };
  if (streamed) {
    const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('Utfall');
    let open: { line: number; row: Row } | null = null;
    place((line, col, v) => {
      if (open?.line !== line) {
        open?.row.commit();
        open = { line, row: ws.getRow(line) };
      }
      put(open.row.getCell(col), v);
    });
    (open as { row: Row } | null)?.row.commit();
    ws.commit();
    await wb.commit();
  } else {
    const wb = new Excel.Workbook();
    if (date1904) wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Utfall');
    place((line, col, v) => put(ws.getRow(line).getCell(col), v));
    await wb.xlsx.writeFile(file);
  }
}

type Plain = { line: number; cells: (string | number)[] }[];

/** The rows a sheet holds (ours) and the rows ExcelJS's reader gave. */
function expectedRows(rows: Sheet, streamed: boolean, date1904: boolean): { ours: Plain; theirs: Plain } {
  const ours: Plain = [];
  const theirs: Plain = [];
  let line = 0;
  for (const r of rows) {
    line += r.gap;
    const a: (string | number)[] = [];
    const b: (string | number)[] = [];
    let col = 0;
    for (const c of r.cells) {
      col += c.gap;
      while (a.length < col - 1) {
        a.push('');
        b.push('');
      }
      const e = expected(c.value, streamed, date1904);
      a[col - 1] = e.ours;
      b[col - 1] = e.exceljs;
    }
    ours.push({ line, cells: a });
    theirs.push({ line, cells: b });
  }
  return { ours, theirs };
}

function unzipText(file: string): Map<string, string> {
  const bytes = fs.readFileSync(file);
  return new Map(
    inspectZip(file, 'prov.xlsx').map((e) => {
      const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressed);
      return [e.name, (e.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8')];
    }),
  );
}

const colNo = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

interface Rewrite {
  dropRefs: boolean;
  spaces: boolean;
  comments: boolean;
  cdata: boolean;
  charRefs: boolean;
}

/** The same sheet as another writer may put it: without the r it can do without, pretty-printed, with comments, CDATA and character references. */
function rewrite(xml: string, how: Rewrite): string {
  let out = xml;
  if (how.dropRefs) {
    let line = 0;
    let col = 0;
    out = out.replace(/<(row|c)\b([^>]*)>/g, (tag: string, name: string, attrs: string) => {
      if (name === 'row') {
        const r = Number(/\br="(\d+)"/.exec(attrs)?.[1]);
        col = 0;
        const follows = r === line + 1;
        line = r;
        return follows ? tag.replace(/ r="\d+"/, '') : tag;
      }
      const c = colNo(/\br="([A-Z]+)\d+"/.exec(attrs)?.[1] ?? '');
      const follows = c === col + 1;
      col = c;
      return follows ? tag.replace(/ r="[A-Z]+\d+"/, '') : tag;
    });
  }
  if (how.cdata) out = out.replace(/<v>([^<&]*)<\/v>/g, '<v><![CDATA[$1]]></v>');
  if (how.charRefs) out = out.replace(/&amp;/g, '&#38;').replace(/&lt;/g, '&#x3C;').replace(/&gt;/g, '&#62;').replace(/&quot;/g, '&#x22;');
  if (how.comments) out = out.replace(/<\/c>/g, '</c><!-- <c r="A1"><v>9</v></c> -->');
  if (how.spaces) out = out.replace(/(<\/c>|<\/row>|<row[^>]*>|<sheetData>)/g, '$1\n  ');
  return out;
}

describe('random sheets written by ExcelJS read back exactly', () => {
  it('as written, and as ExcelJS read them except where it read wrongly', async () => {
    const dir = tempDir('ramkoll-xlsx-prop-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sheet, fc.boolean(), fc.boolean(), async (rows, streamed, date1904) => {
        const use1904 = date1904 && !streamed;
        const file = path.join(dir, `prov-${n++}.xlsx`);
        await write(file, rows, streamed, use1904);
        const { ours, theirs } = expectedRows(rows, streamed, use1904);
        const read = await readOurs(file);
        expect(read.error).toBeUndefined();
        expect(plain(read.rows)).toEqual(ours);
        // ExcelJS is read again if it disagrees (readExcelJSAgreeing says why).
        const exceljs = await readExcelJSAgreeing(file, null, (t) => holds(() => expect(plain(t.rows)).toEqual(theirs)));
        expect(plain(exceljs.rows)).toEqual(theirs);
      }),
      { numRuns: Number(process.env.RAMKOLL_PROPERTY_RUNS ?? 40), endOnFailure: true },
    );
  }, 120_000);

  it('the same when rewritten as other writers write (no r, whitespace, comments, CDATA, character references) and when read in random pieces', async () => {
    const dir = tempDir('ramkoll-xlsx-prop-');
    let n = 0;
    const how = fc.record({ dropRefs: fc.boolean(), spaces: fc.boolean(), comments: fc.boolean(), cdata: fc.boolean(), charRefs: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(sheet, fc.boolean(), how, fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 12 }), async (rows, streamed, h, cuts) => {
        const file = path.join(dir, `prov-${n++}.xlsx`);
        await write(file, rows, streamed, false);
        const { ours } = expectedRows(rows, streamed, false);
        const parts = unzipText(file);
        const xml = rewrite(parts.get('xl/worksheets/sheet1.xml')!, h);
        parts.set('xl/worksheets/sheet1.xml', xml);
        const again = path.join(dir, `om-${n}.xlsx`);
        writeZip(
          again,
          [...parts].map(([name, text]) => part(name, text)),
        );
        expect(plain((await readOurs(again)).rows)).toEqual(ours);
        // The scanner fed the sheet's bytes in pieces cut anywhere, inside tags, entities and characters.
        const ctx = { strings: readSharedStrings(parts.get('xl/sharedStrings.xml') ?? ''), dateStyles: readDateStyles(parts.get('xl/styles.xml')!), date1904: false, maxColumns: 500 };
        const got: SheetRowValues[] = [];
        const scanner = new SheetScanner(ctx, (line, cells) => void got.push({ line, cells }));
        const bytes = Buffer.from(xml, 'utf8');
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const next = Math.min(bytes.length, at + cuts[k % cuts.length]!);
          scanner.push(bytes.subarray(at, next));
          at = next;
        }
        scanner.end();
        expect(plain(got)).toEqual(ours);
      }),
      { numRuns: Number(process.env.RAMKOLL_PROPERTY_RUNS ?? 40), endOnFailure: true },
    );
  }, 120_000);

  it('a damaged sheet or shared-strings part either reads or gets the reader’s own error, never another exception', async () => {
    const dir = tempDir('ramkoll-xlsx-prop-');
    let n = 0;
    const damage = fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), put: fc.constantFrom('', '<', '>', '&', '"', "'", '/', '<c r="', '<row>', '</c>', '<v>', ']]>', '<![CDATA[', '<!--', '&#', '&#x', '=', 'ä') }), {
      minLength: 1,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(sheet, damage, async (rows, cuts) => {
        const file = path.join(dir, `prov-${n++}.xlsx`);
        await write(file, rows, false, false);
        const parts = unzipText(file);
        const harm = (xml: string) => cuts.reduce((x, c) => x.slice(0, c.at % (x.length + 1)) + c.put + x.slice((c.at % (x.length + 1)) + c.cut), xml);
        const ctx = { strings: [] as (string | null)[], dateStyles: readDateStyles(parts.get('xl/styles.xml')!), date1904: false, maxColumns: 500 };
        try {
          ctx.strings = readSharedStrings(harm(parts.get('xl/sharedStrings.xml') ?? ''));
        } catch (e) {
          expect(e).toBeInstanceOf(XmlTextError);
        }
        const scanner = new SheetScanner(ctx, () => {});
        try {
          scanner.push(Buffer.from(harm(parts.get('xl/worksheets/sheet1.xml')!), 'utf8'));
          scanner.end();
        } catch (e) {
          if (!(e instanceof SheetXmlError) && !(e instanceof SheetTooWide)) throw e;
        }
      }),
      { numRuns: Number(process.env.RAMKOLL_PROPERTY_RUNS ?? 40) * 5, endOnFailure: true },
    );
  }, 120_000);
});
