import type { CellClassParams, ColDef, EditableCallbackParams, ITooltipParams, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { formatOre } from '../../../amount';
import { textWidth } from '../../../grid/measure';
import { MONTH_NAMES, MONTH_SHORT } from './edits';
import { parseDimsText, type GridRow, type Reference } from './model';

/**
 * How the columns share the grid's width. The grid shows the kodsträng,
 * Årsbelopp and at least six months without scrolling sideways, down to a
 * 14-inch screen at 150 % (about 870 CSS pixels for the grid):
 * - wide: codes with names, the other dimensions pinned beside them;
 * - medium: codes with names cut to fit (the whole name as a tooltip), the
 *   other dimensions after the months;
 * - compact: codes only (names as tooltips) in a smaller font.
 * Figures are as wide as the widest of them, measured in the grid's font.
 */
export interface LineColumnLayout {
  mode: 'wide' | 'medium' | 'compact';
  fontSize: number;
  resp: number;
  acc: number;
  dim: number;
  year: number;
  month: number;
  profile: number;
  manual: number;
}

export interface FitInput {
  /** The grid's inner width in CSS pixels. */
  width: number;
  /** Whether the grid has its checkbox column (a version that can be changed). */
  selection: boolean;
  /** The CSS font of the grid at a size and weight. */
  font(size: number, weight?: number): string;
  /** Dimension names of the dimension columns. */
  dimNames: readonly string[];
  /** The widest figures of the months and of the year amounts as shown (the largest and the most negative, totals included). */
  monthTexts: readonly string[];
  yearTexts: readonly string[];
}

/** The checkbox column and the vertical scrollbar. */
export const SELECTION_WIDTH = 36;
const SCROLLBAR = 17;
const MONTHS_SHOWN = 6;

export function fitLineColumns(f: FitInput): LineColumnLayout {
  const size = (fontSize: number, pad: number) => {
    const cell = (t: string) => textWidth(t, f.font(fontSize)) + 2 * pad + 3;
    const head = (t: string) => textWidth(t, f.font(fontSize, 600)) + 2 * pad + 8;
    const month = Math.max(...f.monthTexts.map(cell), ...MONTH_SHORT.map(head));
    // A manual line's year amount has a pencil before it (styles.css: .row-manual).
    const year = Math.max(...f.yearTexts.map((t) => cell(`✎ ${t}`)), head('Årsbelopp'));
    const code = Math.max(head('Ansvar'), cell('888888'));
    const acc = Math.max(head('Konto'), cell('88888'));
    const dim = Math.max(...f.dimNames.map(head), cell('8888'), 60);
    return { month, year, code, acc, dim, profile: Math.max(head('Profil'), cell('Jämn fördelning')), manual: Math.max(head('Manuell'), cell('✎ manuell')) };
  };
  const room = f.width - (f.selection ? SELECTION_WIDTH : 0) - SCROLLBAR;
  const normal = size(13, 8);
  const left = room - normal.year - MONTHS_SHOWN * normal.month;
  const dims = f.dimNames.length;
  const wideDim = Math.max(normal.dim, 130);
  if (left >= 230 + 220 + dims * wideDim) {
    return { mode: 'wide', fontSize: 13, resp: 230, acc: 220, dim: wideDim, year: normal.year, month: normal.month, profile: normal.profile, manual: normal.manual };
  }
  if (left >= 2 * 110) {
    const resp = Math.min(230, Math.floor(left * 0.53));
    return { mode: 'medium', fontSize: 13, resp, acc: Math.min(220, left - resp), dim: wideDim, year: normal.year, month: normal.month, profile: normal.profile, manual: normal.manual };
  }
  // Codes only, in the largest of the smaller sizes that still shows six months (12 px with Segoe UI; the wider DejaVu Sans may need 11).
  for (const fontSize of [12, 11]) {
    const c = size(fontSize, 5);
    const fits = c.code + c.acc + c.year + MONTHS_SHOWN * c.month <= room;
    if (fits || fontSize === 11) return { mode: 'compact', fontSize, resp: c.code, acc: c.acc, dim: c.dim, year: c.year, month: c.month, profile: c.profile, manual: c.manual };
  }
  throw new Error('unreachable');
}

export interface ColumnOptions {
  ref: Reference;
  /** Dimension codes (other than ansvar) that occur on the lines or are chosen to be shown. */
  dims: readonly string[];
  editable: boolean;
  inRange(rowIndex: number | null, colId: string): boolean;
  layout: LineColumnLayout;
}

const isLine = (p: { data: GridRow | undefined }) => p.data?.kind === 'line';

/** The columns of the budget lines grid. Column ids are what edits.ts reads and writes. */
export function lineColumns(o: ColumnOptions): (ColDef<GridRow> & { colId: string })[] {
  const { ref } = o;
  const editable = (p: EditableCallbackParams<GridRow>) => o.editable && isLine(p);
  const rangeRule = (colId: string) => ({ 'cell-in-range': (p: CellClassParams<GridRow>) => o.inRange(p.node.rowIndex, colId) });
  const money = (colId: string, headerName: string, get: (r: GridRow) => number, extra: Partial<ColDef<GridRow>> = {}): ColDef<GridRow> & { colId: string } => ({
    colId,
    headerName,
    valueGetter: (p: ValueGetterParams<GridRow>) => (p.data ? get(p.data) : null),
    valueFormatter: (p: ValueFormatterParams<GridRow>) => (p.value === null || p.value === undefined ? '' : formatOre(p.value as number)),
    type: 'rightAligned',
    cellClass: 'num',
    cellClassRules: rangeRule(colId),
    editable,
    cellEditor: 'agTextCellEditor',
    cellEditorParams: { useFormatter: true },
    width: 128,
    ...extra,
  });
  const dimColumn = (d: string, pinned: boolean): ColDef<GridRow> & { colId: string } => ({
    colId: `dim:${d}`,
    headerName: ref.dimensionNames.get(d) ?? d,
    valueGetter: (p) => (p.data?.kind === 'line' ? (parseDimsText(p.data.dims)[d] ?? '') : ''),
    valueFormatter: (p) => {
      const v = p.value as string;
      const name = ref.dimValues.get(d)?.get(v);
      return v === '' ? '' : name && o.layout.mode !== 'compact' ? `${v} ${name}` : v;
    },
    tooltipValueGetter: (p) => {
      const v = p.value as string;
      const name = ref.dimValues.get(d)?.get(v);
      return v && name ? `${v} ${name}` : undefined;
    },
    cellClassRules: rangeRule(`dim:${d}`),
    editable,
    ...(pinned ? { pinned: 'left' as const, lockPinned: true } : {}),
    width: o.layout.dim,
  });
  const { layout } = o;
  const codesOnly = layout.mode === 'compact';
  // The whole name where the cell shows only the code or cuts the name.
  const nameTip = (label: (code: string) => string) => (p: ITooltipParams<GridRow>) => (p.data?.kind === 'line' ? label(p.value as string) : p.data ? p.data.label : undefined);
  const cols: (ColDef<GridRow> & { colId: string })[] = [
    {
      colId: 'resp',
      headerName: 'Ansvar',
      valueGetter: (p) => (p.data ? (p.data.kind === 'line' ? p.data.resp : p.data.label) : null),
      valueFormatter: (p) => (p.data?.kind === 'line' ? (codesOnly ? (p.value as string) : ref.respLabel(p.value as string)) : String(p.value ?? '')),
      tooltipValueGetter: nameTip((c) => ref.respLabel(c)),
      // Sum rows write their label across Ansvar and Konto (the pinned part, left of the year amount).
      colSpan: (p) => (p.data?.kind === 'line' ? 1 : 2),
      cellClassRules: rangeRule('resp'),
      editable,
      pinned: 'left',
      lockPinned: true,
      lockVisible: true,
      width: layout.resp,
    },
    {
      colId: 'acc',
      headerName: 'Konto',
      valueGetter: (p) => (p.data?.kind === 'line' ? p.data.acc : ''),
      valueFormatter: (p) => (p.data?.kind === 'line' ? (codesOnly ? (p.value as string) : ref.accLabel(p.value as string)) : ''),
      tooltipValueGetter: (p) => (p.data?.kind === 'line' ? ref.accLabel(p.value as string) : undefined),
      cellClassRules: rangeRule('acc'),
      editable,
      pinned: 'left',
      lockPinned: true,
      lockVisible: true,
      width: layout.acc,
    },
    ...(layout.mode === 'wide' ? o.dims.map((d) => dimColumn(d, true)) : []),
    money('year', 'Årsbelopp', (r) => r.year, { width: layout.year, headerClass: 'col-year', cellClass: 'num col-year', pinned: 'left', lockPinned: true, lockVisible: true }),
    ...MONTH_SHORT.map((name, i) => money(`m${i + 1}`, name, (r) => r.m[i]!, { headerTooltip: MONTH_NAMES[i], width: layout.month })),
    ...(layout.mode === 'wide' ? [] : o.dims.map((d) => dimColumn(d, false))),
    {
      colId: 'profile',
      headerName: 'Profil',
      valueGetter: (p) => (p.data?.kind === 'line' ? p.data.profileId : null),
      // The select editor formats its list with this too, without a row.
      valueFormatter: (p) => (typeof p.value === 'string' ? ref.profileName(p.value) : p.data?.kind === 'line' ? ref.profileName(null) : ''),
      cellClassRules: rangeRule('profile'),
      editable,
      cellEditor: 'agSelectCellEditor',
      cellEditorParams: { values: [...ref.profiles.keys()] },
      width: layout.profile,
    },
    {
      colId: 'manual',
      headerName: 'Manuell',
      headerTooltip: 'Raden har månader inskrivna för hand; välj profil igen för att fördela om årsbeloppet',
      valueGetter: (p) => (p.data?.kind === 'line' && p.data.manual ? 'manuell' : ''),
      valueFormatter: (p) => (p.value ? '✎ manuell' : ''),
      cellClass: 'manual-mark',
      cellClassRules: rangeRule('manual'),
      width: layout.manual,
    },
  ];
  return cols;
}
