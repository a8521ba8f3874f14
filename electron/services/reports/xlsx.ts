import type ExcelJS from 'exceljs';
import { setText } from '../files/xlsx-text';
import type { BarChartBlock, Block, Cell, DocSection, MonthChartBlock, ReportDocument, TableBlock, TableColumn } from './document';

/**
 * The report as an Excel workbook: a front sheet and one sheet per section,
 * bold shaded headers, amounts as numbers in the report's unit with
 * thousands grouping (red only where a deviation or comparison is
 * unfavourable, never merely for a minus sign), frozen header rows, column widths,
 * A4 print setup fitted to the page width with the table header repeated.
 * ExcelJS cannot draw charts: a chart's data is written as a table instead.
 * Every text cell is written as text, and one that a spreadsheet would run
 * as a formula (=, +, -, @) is written as a text cell (setText), so it shows
 * as written and never runs.
 */
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const WARNING = { font: { bold: true, color: { argb: 'FF5C3D00' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF6E0' } } as ExcelJS.Fill };
const BLUE = 'FF0F3A5F';
const GREY = 'FF566474';

/** Neutral for amounts; a deviation's or comparison's unfavourable sign in red, so the colour follows the value if it is edited. */
export function numFmt(decimals: number, unfavourableWhen?: 'negative' | 'positive'): string {
  const n = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  if (unfavourableWhen === 'negative') return `${n};[Red]-${n};0`;
  if (unfavourableWhen === 'positive') return `[Red]${n};-${n};0`;
  return `${n};-${n};0`;
}

function safeSheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Blad';
  let out = base;
  for (let i = 2; used.has(out.toLowerCase()); i++) out = `${base.slice(0, 28)} ${i}`;
  used.add(out.toLowerCase());
  return out;
}

class SheetWriter {
  row = 1;
  frozen = 0;
  printTitle: number | null = null;
  widths: number[] = [];

  constructor(
    readonly ws: ExcelJS.Worksheet,
    readonly span: number,
  ) {}

  private merged(text: string, opts: { font?: Partial<ExcelJS.Font>; wrap?: boolean; from?: number; height?: number; fill?: ExcelJS.Fill }): void {
    const from = opts.from ?? 1;
    const cell = this.ws.getCell(this.row, from);
    setText(cell, text);
    if (opts.font) cell.font = opts.font;
    if (opts.fill) cell.fill = opts.fill;
    cell.alignment = { vertical: 'top', wrapText: opts.wrap ?? true };
    if (this.span > from) this.ws.mergeCells(this.row, from, this.row, this.span);
    // Excel does not grow merged rows to their text: an estimate from the length.
    const chars = Math.max(20, this.totalWidth(from));
    const lines = text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / chars)), 0);
    this.ws.getRow(this.row).height = opts.height ?? Math.max(15, lines * 13);
    this.row++;
  }

  private totalWidth(from: number): number {
    let w = 0;
    for (let c = from; c <= this.span; c++) w += this.widths[c - 1] ?? 12;
    return w;
  }

  title(text: string, note: string): void {
    this.merged(text, { font: { bold: true, size: 14, color: { argb: BLUE } }, wrap: false, height: 22 });
    this.merged(note, { font: { italic: true, color: { argb: GREY } } });
    this.row++;
  }

  /** A written text's line: a rich-text cell when part of it is bold (a rich text is never taken for a formula). */
  private runs(runs: readonly { text: string; bold: boolean }[], prefix = ''): void {
    const plain = prefix + runs.map((r) => r.text).join('');
    const row = this.row;
    this.merged(plain, {});
    if (runs.some((r) => r.bold)) this.ws.getCell(row, 1).value = { richText: [...(prefix ? [{ text: prefix }] : []), ...runs.map((r) => ({ text: r.text, ...(r.bold ? { font: { bold: true } } : {}) }))] };
  }

  block(b: Block): void {
    switch (b.kind) {
      case 'rich':
        this.runs(b.runs);
        return;
      case 'bullets':
        for (const i of b.items) this.runs(i, '• ');
        return;
      case 'heading':
        this.row += b.level <= 3 ? 1 : 0;
        this.merged(b.text, { font: { bold: true, size: b.level === 2 ? 13 : b.level === 3 ? 12 : 11, color: { argb: BLUE } }, wrap: false, height: 18 });
        return;
      case 'paragraph':
        this.merged(b.text, b.tone === 'note' ? { font: { italic: true, color: { argb: GREY } } } : b.tone === 'warning' ? WARNING : {});
        return;
      case 'labelled': {
        const label = this.ws.getCell(this.row, 1);
        setText(label, b.label);
        label.font = { bold: true };
        label.alignment = { vertical: 'top' };
        this.merged(b.text, { from: this.span > 1 ? 2 : 1 });
        return;
      }
      case 'facts':
        this.merged(b.items.map((i) => `${i.label}: ${i.value}`).join(' · '), {});
        return;
      case 'table':
        this.table(b);
        return;
      case 'month-chart':
        this.chartData(b);
        return;
      case 'bar-chart':
        this.chartData(b);
        return;
    }
  }

  private cell(row: number, col: number, c: Cell, bold: boolean, indent = 0): void {
    const cell = this.ws.getCell(row, col);
    if (c.kind === 'text') {
      setText(cell, c.text);
      cell.alignment = { vertical: 'top', wrapText: true, ...(indent && col === 1 ? { indent } : {}) };
    } else {
      cell.value = c.value;
      cell.numFmt = numFmt(c.decimals, c.unfavourableWhen);
      cell.alignment = { vertical: 'top', horizontal: 'right' };
    }
    if (bold) cell.font = { bold: true };
  }

  table(t: TableBlock): void {
    if (t.caption) this.merged(t.caption, { font: { bold: true }, wrap: false });
    const header = this.ws.getRow(this.row);
    t.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      setText(cell, c.title);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = { bottom: { style: 'thin', color: { argb: 'FF8A9BB0' } } };
      cell.alignment = { vertical: 'bottom', wrapText: true, horizontal: c.numeric ? 'right' : 'left' };
    });
    // Tall enough for the longest title wrapped in its column.
    header.height = Math.max(30, 14 * Math.max(...t.columns.map((c) => Math.ceil(c.title.length / Math.max(6, Math.min(60, c.width) - 2)))));
    // A written text's table (no caption) sits inside the text: freezing at it would hide the text above.
    if (this.frozen === 0 && t.caption) {
      this.frozen = this.row;
      this.printTitle = this.row;
    }
    this.row++;
    for (const r of t.rows) {
      const bold = r.emphasis !== undefined;
      r.cells.forEach((c, i) => this.cell(this.row, i + 1, c, bold, r.indent ?? 0));
      if (r.emphasis === 'total') {
        for (let i = 1; i <= t.columns.length; i++) this.ws.getCell(this.row, i).border = { top: { style: 'thin', color: { argb: 'FF8A9BB0' } } };
      }
      const longest = Math.max(...r.cells.map((c, i) => (c.kind === 'text' ? Math.ceil(c.text.length / Math.max(8, t.columns[i]!.width)) : 1)));
      if (longest > 1) this.ws.getRow(this.row).height = Math.min(400, longest * 13);
      this.row++;
    }
    this.row++;
  }

  private chartData(c: MonthChartBlock | BarChartBlock): void {
    const decimals = c.kind === 'month-chart' ? (c.unit === 'mnkr' ? 1 : 0) : c.unit === 'mnkr' ? 1 : 0;
    const t: TableBlock = {
      kind: 'table',
      caption: `${c.title} – diagrammets underlag (diagrammet finns i PDF- och Word-versionen)`,
      columns: [{ title: '', numeric: false, width: 30 }, ...c.series.map((s) => ({ title: s.name, numeric: true, width: 14 }))],
      rows: c.categories.map((cat, i) => ({
        cells: [
          { kind: 'text', text: cat },
          ...c.series.map((s): Cell => {
            const v = s.values[i] ?? null;
            // The bar charts and the month chart's deviation are budget − utfall/prognos: their negatives are unfavourable.
            return { kind: 'amount', value: v, decimals, text: '', ...(c.kind === 'bar-chart' || ('role' in s && s.role === 'deviation') ? { unfavourableWhen: 'negative' as const } : {}) };
          }),
        ],
      })),
    };
    this.table(t);
  }
}

function columnWidths(section: DocSection): number[] {
  const widths: number[] = [];
  const take = (cols: readonly TableColumn[]) => cols.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Math.min(60, c.width))));
  for (const b of section.blocks) {
    if (b.kind === 'table') take(b.columns);
    if (b.kind === 'month-chart' || b.kind === 'bar-chart') take([{ title: '', numeric: false, width: 30 }, ...b.series.map(() => ({ title: '', numeric: true, width: 14 }))]);
  }
  if (widths.length === 0) widths.push(20, 100);
  if (widths.length === 1) widths.push(100);
  widths[0] = Math.max(widths[0]!, 20);
  return widths;
}

function setupSheet(ws: ExcelJS.Worksheet, w: SheetWriter, widths: number[], title: string): void {
  ws.columns = widths.map((width) => ({ width }));
  ws.views = [{ state: 'frozen', ySplit: w.frozen > 0 ? w.frozen : 2, xSplit: 0 }];
  ws.pageSetup = {
    paperSize: 9,
    orientation: widths.length > 6 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    ...(w.printTitle ? { printTitlesRow: `${w.printTitle}:${w.printTitle}` } : {}),
  };
  ws.headerFooter = { oddFooter: `&L${title.replace(/&/g, '&&')}&RSida &P av &N` };
}

export async function writeReportXlsx(doc: ReportDocument): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Ramkoll';
  wb.title = `${doc.title} – ${doc.subtitle}`;
  const used = new Set<string>();

  const front = wb.addWorksheet(safeSheetName('Framsida', used));
  const fw = new SheetWriter(front, 2);
  fw.widths = [22, 90];
  fw.title(doc.title, doc.subtitle);
  for (const f of doc.front) {
    const l = front.getCell(fw.row, 1);
    setText(l, f.label);
    l.font = { bold: true };
    const v = front.getCell(fw.row, 2);
    setText(v, f.value);
    v.alignment = { wrapText: true, vertical: 'top' };
    fw.row++;
  }
  fw.row++;
  if (doc.notice) {
    fw.block({ kind: 'paragraph', text: doc.notice, tone: 'warning' });
    fw.row++;
  }
  fw.block({ kind: 'paragraph', text: doc.unitNote, tone: 'note' });
  setupSheet(front, fw, fw.widths, doc.title);

  for (const s of doc.sections) {
    const ws = wb.addWorksheet(safeSheetName(s.sheet, used));
    const widths = columnWidths(s);
    const w = new SheetWriter(ws, widths.length);
    w.widths = widths;
    w.title(s.title, `${doc.title}, ${doc.subtitle}. ${doc.unitNote}`);
    for (const b of s.blocks) w.block(b);
    setupSheet(ws, w, widths, `${doc.title} – ${s.title}`);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
