import type { CellClassParams, ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { DeviationRow } from '../../../electron/api/contract/index';
import { formatMoney, type MoneyUnit } from '../../format';
import { textWidth } from '../../grid/measure';
import { rollupText, type CommentState } from './labels';

export type DeviationColumn = ColDef<DeviationRow> & { colId: string };

const percent = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const STATUS_ORDER: Record<CommentState, number> = { missing: 0, returned: 1, draft: 2, ready: 3, approved: 4 };

export function share(r: DeviationRow | undefined): number | null {
  if (!r || r.budgetAcc === 0) return null;
  return r.deviationAcc / Math.abs(r.budgetAcc);
}

/** "−2,3 %": the sign, the figure and the percent sign kept on one line. */
export function shareText(s: number): string {
  return `${percent.format(100 * s)}\u00a0%`;
}

export function deviationClass(v: unknown): string {
  if (typeof v !== 'number' || v === 0) return 'num';
  return v > 0 ? 'num favourable' : 'num unfavourable';
}

const COUNTED_AS = { approved: 'senast godkänd prognos', earlier: 'controllerns tidigare prognos', below: 'summan av raderna under', default: 'utfall ack + återstående budget' } as const;

/** Why a node's prognos differs from what its chef wrote. */
export function pendingText(p: NonNullable<DeviationRow['forecastPending']>, unit: MoneyUnit): string {
  return `Chefens prognos är inte godkänd än: räknas som ${COUNTED_AS[p.counted]}. Arbetsprognos ${formatMoney(p.workingOre, unit)}.`;
}

/** Column widths that fit the window and the figures (fitDeviationColumns). */
export interface DeviationWidths {
  name: number;
  money: number;
  share: number;
  status: number;
  /** Åtgärdsplan: "saknas" or the plan's status. */
  plan: number;
  rollup: number;
  comment: number;
}

export interface ColumnOptions {
  unit: MoneyUnit;
  widths: DeviationWidths;
  /** The flat list of Största avvikelser: no tree, sorted across it. */
  flat: boolean;
  treeCell: ColDef<DeviationRow>['cellRenderer'];
  statusCell: ColDef<DeviationRow>['cellRenderer'];
  /** The Åtgärdsplan cell (DeviationGrid's PlanCell); null where only the column list is needed. */
  planCell?: ColDef<DeviationRow>['cellRenderer'];
  treeKeys?: ColDef<DeviationRow>['suppressKeyboardEvent'];
}

/**
 * Uppföljning's columns. Ansvar and the accumulated figures (Budget ack,
 * Utfall ack, Avvikelse ack) are pinned to the left: they stay in view when
 * the grid scrolls sideways and when the side panel is open. The rest follow
 * in an order the user can change (Kolumner).
 */
export function deviationColumns(o: ColumnOptions): DeviationColumn[] {
  const { unit, widths: w } = o;
  const money = (field: keyof DeviationRow, headerName: string, extra: Partial<ColDef<DeviationRow>> = {}): DeviationColumn => ({
    field,
    colId: field,
    headerName,
    type: 'rightAligned',
    width: w.money,
    cellClass: 'num',
    valueFormatter: (p: ValueFormatterParams<DeviationRow>) => formatMoney(p.value as number | null, unit),
    ...extra,
  });
  const pinned = { pinned: 'left' as const, lockPinned: true, lockVisible: true };
  return [
    {
      colId: 'name',
      headerName: 'Ansvar',
      field: 'name',
      ...pinned,
      width: w.name,
      cellRenderer: o.treeCell,
      tooltipValueGetter: (p) => (p.data ? `${p.data.code} ${p.data.name}`.trim() : undefined),
      comparator: (_a, _b, na, nb) => (na.data?.code ?? '').localeCompare(nb.data?.code ?? '', 'sv', { numeric: true }),
      ...(o.treeKeys ? { suppressKeyboardEvent: o.treeKeys } : {}),
    },
    money('budgetAcc', 'Budget ack', pinned),
    money('actualAcc', 'Utfall ack', pinned),
    money('deviationAcc', 'Avvikelse ack', { ...pinned, cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value), ...(o.flat ? { sort: 'asc' as const } : {}) }),
    {
      colId: 'deviationShare',
      headerName: 'Avvikelse %',
      type: 'rightAligned',
      width: w.share,
      valueGetter: (p) => share(p.data),
      valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : shareText(p.value as number)),
      cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value),
    },
    money('budgetYear', 'Budget helår'),
    money('forecastYear', 'Prognos helår', {
      headerTooltip: 'Helårsprognos: satt, summan av raderna under, eller utfall ack + återstående budget. En chefs prognos räknas när den är godkänd.',
      // A chef's prognos not approved yet: the figure is what counts instead, marked, with the working prognos in the tooltip.
      valueFormatter: (p: ValueFormatterParams<DeviationRow>) => `${formatMoney(p.value as number | null, unit)}${p.data?.forecastPending ? ' (ej godkänd)' : ''}`,
      tooltipValueGetter: (p) => (p.data?.forecastPending ? pendingText(p.data.forecastPending, unit) : undefined),
    }),
    money('deviationForecast', 'Avvikelse prognos', { headerTooltip: 'Avvikelse mot prognos: budget helår − prognos helår', cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value) }),
    {
      colId: 'commentStatus',
      headerName: 'Status',
      field: 'commentStatus',
      width: w.status,
      cellRenderer: o.statusCell,
      comparator: (a, b) => (a === null ? 9 : STATUS_ORDER[a as CommentState]) - (b === null ? 9 : STATUS_ORDER[b as CommentState]),
    },
    {
      colId: 'actionPlan',
      headerName: 'Åtgärdsplan',
      headerTooltip: 'Åtgärdsplan vid stora avvikelser (ogynnsamma och över nivåns tröskel): saknas, eller planens status. Enter öppnar planen under Åtgärdsplaner.',
      field: 'actionPlan',
      width: w.plan,
      cellRenderer: o.planCell ?? null,
      // Saknas first, then the plan's round as for the comments.
      comparator: (a, b) => (a === null || a === undefined ? 9 : STATUS_ORDER[a as CommentState]) - (b === null || b === undefined ? 9 : STATUS_ORDER[b as CommentState]),
    },
    { colId: 'commentShort', headerName: 'Kommentar', field: 'commentShort', width: w.comment, tooltipField: 'commentShort' },
    {
      colId: 'rollup',
      headerName: 'Under',
      headerTooltip: 'Kommentarer som krävs eller är skrivna, nivån själv och allt under den: hur många som är godkända',
      width: w.rollup,
      valueGetter: (p) => (p.data && p.data.hasChildren ? rollupText(p.data.rollup) : ''),
    },
    money('actualAccLastYear', 'Utfall ack fg år'),
  ];
}

export interface FitInput {
  /** The grid's width in CSS pixels. */
  width: number;
  font(size: number, weight?: number): string;
  /** The figures as shown, widest first is not needed: each is measured. */
  moneyTexts: readonly string[];
  /** Ansvar as shown per row: its depth in the tree and its text. */
  names: readonly { depth: number; text: string }[];
  /** The side panel is open beside the grid: only Ansvar and the pinned figures need to be in view. */
  panelOpen: boolean;
}

export const FONT_SIZE = 13;
const PAD = 8;
const SCROLLBAR = 17;
/** The tree cell's toggle and the indentation per level (DeviationGrid's TreeCell). */
const TOGGLE = 24;
const INDENT = 16;
const COMMENT_MIN = 170;

/**
 * Widths for the figures as they are (tkr are narrow, kr wider) and the
 * header words (headers wrap between words, never inside one), and an
 * Ansvar column as wide as its names up to what the window leaves: at
 * 1366 px the whole row to Status and Kommentar is in view without the
 * panel, and with the panel open Ansvar and the pinned figures still are.
 */
export function fitDeviationColumns(f: FitInput): DeviationWidths {
  // The fonts once (each asks the grid's computed style), not once per name measured.
  const cellFont = f.font(FONT_SIZE);
  const headFont = f.font(FONT_SIZE, 600);
  const cell = (t: string) => textWidth(t, cellFont) + 2 * PAD + 3;
  // The widest word of a header, its padding and room for the sort arrow.
  const head = (t: string) => Math.max(...t.split(/\s+/).map((word) => textWidth(word, headFont))) + 2 * PAD + 20;
  const money = Math.max(...f.moneyTexts.map(cell), ...['Budget ack', 'Utfall ack', 'Avvikelse ack', 'Budget helår', 'Prognos helår', 'Avvikelse prognos', 'Utfall ack fg år'].map(head));
  const shareW = Math.max(cell(shareText(-0.999)), head('Avvikelse %'));
  const status = Math.max(head('Status'), cell('återskickad') + 22);
  const plan = Math.max(head('Åtgärdsplan'), cell('återskickad') + 8);
  const rollup = Math.max(head('Under'), cell('12 av 12 godkända'));
  const ideal = Math.min(360, Math.max(200, ...f.names.map((n) => n.depth * INDENT + TOGGLE + cell(n.text))));
  const room = f.width - SCROLLBAR;
  const pinnedFigures = 3 * money;
  let name: number;
  if (f.panelOpen) name = Math.min(ideal, Math.max(160, room - pinnedFigures));
  else {
    const rest = pinnedFigures + shareW + 3 * money + status + plan + COMMENT_MIN;
    name = Math.min(ideal, Math.max(200, room - rest));
  }
  const used = name + pinnedFigures + shareW + 3 * money + status + plan;
  return { name, money, share: shareW, status, plan, rollup, comment: Math.max(COMMENT_MIN, room - used) };
}
