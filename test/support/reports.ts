/**
 * Readers for the produced report files, independent of the code that
 * writes them: pdftotext (poppler-utils) for PDF, ExcelJS for xlsx, a small
 * zip reader of our own for the Word XML, and the expected rounding.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

function pdftotext(file: string, args: string[]): string {
  const r = spawnSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`pdftotext: ${r.stderr}`);
  // Ligatures (ﬁ, ﬂ) as their letters and no soft hyphens: which of them a PDF holds depends on the fonts installed.
  return r.stdout.normalize('NFKC').replace(/\u00ad/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The PDF as lines of table cells, read from pdftotext's word boxes rather
 * than its -layout text: words closer than about half a line's height are
 * one cell (a number's digit groups, a name's words), wider gaps separate
 * cells, and cells are joined by three spaces. The gap between two cells is
 * the table's padding (4 mm) whatever the font, and a space is a third of
 * one, so reading rows this way does not change when other fonts are
 * installed (with -layout, a narrower font could leave a single space
 * between two numbers, and the row would read as one number).
 */
function pdfCells(file: string): string {
  const html = pdftotext(file, ['-bbox']);
  const out: string[] = [];
  for (const page of html.split(/<page\b/).slice(1)) {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!),
    }));
    words.sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1) || a.x0 - b.x0);
    const lines: (typeof words)[] = [];
    for (const w of words) {
      const line = lines[lines.length - 1];
      const mid = (w.y0 + w.y1) / 2;
      if (line && Math.abs(mid - (line[0]!.y0 + line[0]!.y1) / 2) < (w.y1 - w.y0) * 0.4) line.push(w);
      else lines.push([w]);
    }
    for (const line of lines) {
      line.sort((a, b) => a.x0 - b.x0);
      let text = '';
      line.forEach((w, i) => {
        if (i > 0) text += w.x0 - line[i - 1]!.x1 > (w.y1 - w.y0) * 0.55 ? '   ' : ' ';
        text += w.text;
      });
      out.push(text);
    }
  }
  return out.join('\n');
}

/**
 * The text of a PDF. `layout` (the default): lines of cells as pdfCells
 * reads them, for pdfRowNumbers; otherwise the running text in reading
 * order, for finding sentences (compare them with `words`, not by layout).
 */
export function pdfText(file: string, layout = true): string {
  return layout ? pdfCells(file) : pdftotext(file, []);
}

/**
 * Text with no whitespace at all, for finding a sentence in a PDF's running
 * text: where its lines break (and so whether a hyphenated word is split
 * across two) depends on the widths of the fonts installed.
 */
export function words(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00a0\u202f\u00ad]+/g, '');
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
 * Converts a file to PDF with LibreOffice (headless) in `outDir` and returns
 * the path it really wrote, read from its own "convert A -> B" line and
 * checked on disk. LibreOffice runs with its own profile (`profile`, never the
 * user's ~/.config/libreoffice, which a running office would lock), and
 * exits 0 even when it wrote nothing (a profile being made on its first
 * start, a file it could not load): then it is asked once more, and a file
 * that still is not there is an error that shows what LibreOffice said.
 */
export function libreOfficePdf(bin: string, file: string, outDir: string, profile: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const said: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = spawnSync(bin, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, file], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    said.push(`exit ${r.status}${r.error ? ` (${r.error.message})` : ''}: ${r.stdout}${r.stderr}`);
    const written = /->\s*(.+?\.pdf)\s+using filter/.exec(r.stdout)?.[1] ?? path.join(outDir, `${path.basename(file).replace(/\.[^.]+$/, '')}.pdf`);
    if (r.status === 0 && fs.existsSync(written) && fs.statSync(written).size > 0) return written;
  }
  throw new Error(`LibreOffice wrote no PDF for ${file}:\n${said.join('\n')}`);
}

/**
 * LibreOffice's binary when it can convert this kind of file here: a tiny
 * text file (Writer) or CSV file (Calc) is converted first, so a missing
 * component is told apart from a report LibreOffice cannot read. The probe
 * also makes the profile (`profile`) the real conversions then use. Found
 * on PATH (a PATH without it is how its absence is tested).
 */
export function libreOfficeFor(kind: 'docx' | 'xlsx', workDir: string, profile: string): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) continue;
    const probe = path.join(workDir, `probe-${kind}.${kind === 'docx' ? 'txt' : 'csv'}`);
    fs.writeFileSync(probe, kind === 'docx' ? 'prov\n' : 'a;b\n1;2\n');
    try {
      libreOfficePdf(bin, probe, path.join(workDir, `probe-${kind}`), profile);
      return bin;
    } catch {
      return null;
    }
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
