import type { MonthGeometry } from './month-geometry';
import type { BarGeometry } from './bar-geometry';

/**
 * The report as a neutral document: sections of headings, paragraphs,
 * tables with typed cells and charts. Every format (HTML for the PDF, the
 * Excel workbook, the Word document, the app's preview) walks the same
 * document, so they show the same figures, rounded and signed once here.
 */
export type Cell = { kind: 'text'; text: string } | AmountCell;

/**
 * A number in the report. Colour means unfavourable, never merely negative:
 * only deviations (budget − utfall/prognos, negative is unfavourable) and
 * comparisons whose unfavourable direction is known carry `unfavourableWhen`;
 * budget, outcome, forecast and revenue amounts are neutral whatever their sign.
 */
export interface AmountCell {
  kind: 'amount';
  value: number | null;
  decimals: number;
  text: string;
  /** Which sign of the value is unfavourable in this column (Excel colours by it in the number format). */
  unfavourableWhen?: 'negative' | 'positive';
  /** This value is unfavourable: shown in red. */
  unfavourable?: boolean;
}

export interface TableColumn {
  title: string;
  numeric: boolean;
  /** Relative width, in characters. */
  width: number;
}

export interface TableRow {
  cells: Cell[];
  emphasis?: 'total' | 'sum';
  indent?: number;
}

export interface TableBlock {
  kind: 'table';
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
}

/** Budget, utfall and prognos per month as bars, the accumulated deviation as a line (month-geometry.ts). */
export interface MonthChartBlock {
  kind: 'month-chart';
  title: string;
  categories: string[];
  /** Values in the display unit: the bars' with the presentation's sign, the deviation positive when favourable. */
  series: { name: string; role: 'budget' | 'actual' | 'forecast' | 'deviation'; values: (number | null)[] }[];
  /** The drawing (its labels are in geometry.unit, chosen for the scale). */
  geometry: MonthGeometry;
  unit: string;
}

export interface BarChartBlock {
  kind: 'bar-chart';
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  geometry: BarGeometry;
  unit: string;
}

/** A stretch of a written text (a text section): bold or not. */
export interface TextRun {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3 | 4; text: string }
  /** A paragraph of a written text, with its bold runs (shared/rich-text.ts). */
  | { kind: 'rich'; runs: TextRun[] }
  /** A bulleted list of a written text. */
  | { kind: 'bullets'; items: TextRun[][] }
  | { kind: 'paragraph'; text: string; tone?: 'note' | 'lead' | 'warning' }
  | { kind: 'labelled'; label: string; text: string }
  | { kind: 'facts'; items: { label: string; value: string }[] }
  | TableBlock
  | MonthChartBlock
  | BarChartBlock;

export interface DocSection {
  id: string;
  title: string;
  /** Excel sheet name (31 characters at most, no []:*?/\). */
  sheet: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  kommun: string;
  logo: string | null;
  front: { label: string; value: string }[];
  /** "Belopp i tkr. …" */
  unitNote: string;
  /** "Utfall saknas för november–december; rapporten är preliminär." on the front page (and in Rapporter), or null. */
  notice: string | null;
  sections: DocSection[];
  /** File name without extension, e.g. "delarsrapport-augusti-2026-socialforvaltningen". */
  fileStem: string;
}
