/**
 * Readers for the produced report files, independent of the code that
 * writes them: pdftotext (poppler-utils) for PDF, ExcelJS for xlsx, a small
 * zip reader of our own for the Word XML, and the expected rounding.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';

/** öre → the unit, half away from zero, with BigInt (no floating point): tkr 0 decimals, mnkr 1. */
export function expectedInUnit(ore: number, unit: 'tkr' | 'mnkr' | 'kr'): number {
  const step = unit === 'tkr' ? 100_000n : unit === 'mnkr' ? 10_000_000n : 100n;
  const n = BigInt(ore);
  const abs = n < 0n ? -n : n;
  let q = abs / step;
  if ((abs % step) * 2n >= step) q += 1n;
  const v = Number(n < 0n ? -q : q);
  return unit === 'mnkr' ? v / 10 : v;
}

/** Swedish number text ("−2 312", "1 234,5") as a number; null when it is not one. */
export function swedishNumber(text: string): number | null {
  const t = text.replace(/[\u00a0\u202f ]/g, '').replace(/\u2212/g, '-').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

export function hasPdfTools(): boolean {
  return spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined;
}

export function pdfText(file: string, layout = true): string {
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`pdftotext: ${r.stderr}`);
  return r.stdout;
}

export function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
}

/** Whitespace (line breaks, non-breaking spaces) collapsed to single spaces, for finding running text. */
export function flat(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** The numbers on the first text line (of pdftotext -layout) that starts with `label`, in column order. */
export function pdfRowNumbers(text: string, label: string, after?: string): number[] | null {
  const start = after ? text.indexOf(after) : 0;
  if (start < 0) return null;
  for (const line of text.slice(start).split('\n')) {
    const t = line.trim();
    if (!(t === label || t.startsWith(`${label} `))) continue;
    // Columns are two or more spaces apart; digit groups one (non-breaking) space.
    const cells = t.split(/ {2,}/).slice(1);
    const numbers = cells.map(swedishNumber).filter((v): v is number => v !== null);
    if (numbers.length > 0) return numbers;
  }
  return null;
}

export type SheetRows = (ExcelJS.CellValue | null)[][];

export async function xlsxSheets(file: string): Promise<{ wb: ExcelJS.Workbook; sheets: Map<string, SheetRows> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = new Map<string, SheetRows>();
  wb.eachSheet((ws) => {
    const rows: SheetRows = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const values: (ExcelJS.CellValue | null)[] = [];
      for (let c = 1; c <= ws.columnCount; c++) values.push(row.getCell(c).value ?? null);
      rows[n - 1] = values;
    });
    sheets.set(ws.name, rows);
  });
  return { wb, sheets };
}

/** The numeric cells of the first row of a sheet whose first cell starts with `label`. */
export function xlsxRowNumbers(rows: SheetRows, label: string): number[] | null {
  for (const r of rows) {
    if (typeof r?.[0] !== 'string' || !r[0].startsWith(label)) continue;
    const numbers = r.slice(1).filter((v): v is number => typeof v === 'number');
    if (numbers.length > 0) return numbers;
  }
  return null;
}

/** The entries of a zip file (stored or deflated), by name. */
export function unzip(file: string): Map<string, Buffer> {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let k = 0; k < count; k++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: the w:t runs, w:br and w:tab as space. */
function runsText(xml: string): string {
  let out = '';
  const re = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out += m[1] !== undefined ? unescapeXml(m[1]) : ' ';
  return out;
}

export interface DocxContent {
  xml: string;
  /** Every paragraph's text, in order. */
  paragraphs: string[];
  /** Every table row as its cells' texts. */
  rows: string[][];
  /** Paragraphs with a heading style: [style, text]. */
  headings: [string, string][];
  tablesWithHeaderRows: number;
  charts: string[];
}

export function docxContent(file: string): DocxContent {
  const entries = unzip(file);
  const xml = entries.get('word/document.xml')!.toString('utf8');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => runsText(m[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => runsText(c[0])));
  const headings = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => [/<w:pStyle w:val="([^"]+)"\/>/.exec(m[0])?.[1] ?? '', runsText(m[0])] as [string, string])
    .filter(([s]) => /^(Heading\d|Title)$/.test(s));
  return {
    xml,
    paragraphs,
    rows,
    headings,
    tablesWithHeaderRows: (xml.match(/<w:tblHeader\/>/g) ?? []).length,
    charts: [...entries.keys()].filter((k) => /^word\/charts\/chart\d+\.xml$/.test(k)),
  };
}

/** The numbers of the first table row whose first cell starts with `label`. */
export function docxRowNumbers(rows: string[][], label: string): number[] | null {
  for (const r of rows) {
    if (!r[0]?.startsWith(label)) continue;
    const numbers = r.slice(1).map(swedishNumber).filter((v): v is number => v !== null);
    if (numbers.length > 0) return numbers;
  }
  return null;
}

/**
 * LibreOffice's binary when it can convert this kind of file here: a tiny
 * text file (Writer) or CSV file (Calc) is converted first, so a missing
 * component is told apart from a report LibreOffice cannot read.
 */
export function libreOfficeFor(kind: 'docx' | 'xlsx', workDir: string): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status !== 0) continue;
    const probe = path.join(workDir, kind === 'docx' ? 'probe.txt' : 'probe.csv');
    fs.writeFileSync(probe, kind === 'docx' ? 'prov\n' : 'a;b\n1;2\n');
    const r = spawnSync(bin, [`-env:UserInstallation=file://${path.join(workDir, 'lo-probe')}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, probe], { encoding: 'utf8', timeout: 120_000 });
    const ok = r.status === 0 && fs.existsSync(probe.replace(/\.(txt|csv)$/, '.pdf'));
    return ok ? bin : null;
  }
  return null;
}

/**
 * "Åtgärder för budget i balans" counted once, worked out from the database
 * apart from the report code: the approved comments' effects on the ansvar
 * tree, where a branch counts the larger of a level's own effect and what
 * is counted below it (a level's effect is for its whole area), and a
 * negative effect or sum below is simply added. `naive` is every effect added.
 */
export function effectsCountedOnce(file: string, period: number): { counted: number; naive: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const nodes = db
      .prepare(
        `SELECT v.id, v.parent_id AS parent FROM dimension_value v JOIN dimension d ON d.id = v.dimension_id
         WHERE d.kind = 'responsibility' AND v.deleted_at IS NULL`,
      )
      .all() as { id: string; parent: string | null }[];
    const effects = db
      .prepare(
        `SELECT c.responsibility_id AS id, c.action_effect_ore AS effect FROM deviation_comment c JOIN reporting_occasion o ON o.id = c.occasion_id
         WHERE o.period = ? AND o.deleted_at IS NULL AND c.status = 'approved' AND c.deleted_at IS NULL AND c.action_effect_ore IS NOT NULL`,
      )
      .all(period) as { id: string; effect: number }[];
    const own = new Map(effects.map((e) => [e.id, e.effect]));
    const children = new Map<string | null, string[]>();
    for (const n of nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
    const branch = (id: string): number => {
      const below = (children.get(id) ?? []).reduce((s, c) => s + branch(c), 0);
      const e = own.get(id);
      if (e === undefined) return below;
      return e >= 0 && below >= 0 ? Math.max(e, below) : e + below;
    };
    return { counted: (children.get(null) ?? []).reduce((s, r) => s + branch(r), 0), naive: effects.reduce((s, e) => s + e.effect, 0) };
  } finally {
    db.close();
  }
}
