import type { CellClassParams, ColDef, EditableCallbackParams, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { formatOre } from '../../../amount';
import { MONTH_NAMES, MONTH_SHORT } from './edits';
import { parseDimsText, type GridRow, type Reference } from './model';

export interface ColumnOptions {
  ref: Reference;
  /** Dimension codes (other than ansvar) that occur on the lines or are chosen to be shown. */
  dims: readonly string[];
  editable: boolean;
  inRange(rowIndex: number | null, colId: string): boolean;
}

const isLine = (p: { data: GridRow | undefined }) => p.data?.kind === 'line';

/** The columns of the budget lines grid. Column ids are what edits.ts reads and writes. */
export function lineColumns(o: ColumnOptions): ColDef<GridRow>[] {
  const { ref } = o;
  const editable = (p: EditableCallbackParams<GridRow>) => o.editable && isLine(p);
  const rangeRule = (colId: string) => ({ 'cell-in-range': (p: CellClassParams<GridRow>) => o.inRange(p.node.rowIndex, colId) });
  const money = (colId: string, headerName: string, get: (r: GridRow) => number, extra: Partial<ColDef<GridRow>> = {}): ColDef<GridRow> => ({
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
  const cols: ColDef<GridRow>[] = [
    {
      colId: 'resp',
      headerName: 'Ansvar',
      valueGetter: (p) => (p.data ? (p.data.kind === 'line' ? p.data.resp : p.data.label) : null),
      valueFormatter: (p) => (p.data?.kind === 'line' ? ref.respLabel(p.value as string) : String(p.value ?? '')),
      // Sum rows write their label across Ansvar and Konto (the pinned part, left of the year amount).
      colSpan: (p) => (p.data?.kind === 'line' ? 1 : 2),
      cellClassRules: rangeRule('resp'),
      editable,
      pinned: 'left',
      width: 230,
    },
    {
      colId: 'acc',
      headerName: 'Konto',
      valueGetter: (p) => (p.data?.kind === 'line' ? p.data.acc : ''),
      valueFormatter: (p) => (p.data?.kind === 'line' ? ref.accLabel(p.value as string) : ''),
      cellClassRules: rangeRule('acc'),
      editable,
      pinned: 'left',
      width: 220,
    },
    ...o.dims.map(
      (d): ColDef<GridRow> => ({
        colId: `dim:${d}`,
        headerName: ref.dimensionNames.get(d) ?? d,
        valueGetter: (p) => (p.data?.kind === 'line' ? (parseDimsText(p.data.dims)[d] ?? '') : ''),
        valueFormatter: (p) => {
          const v = p.value as string;
          const name = ref.dimValues.get(d)?.get(v);
          return v === '' ? '' : name ? `${v} ${name}` : v;
        },
        cellClassRules: rangeRule(`dim:${d}`),
        editable,
        width: 130,
      }),
    ),
    money('year', 'Årsbelopp', (r) => r.year, { width: 130, headerClass: 'col-year', cellClass: 'num col-year', pinned: 'left' }),
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
      width: 160,
    },
    ...MONTH_SHORT.map((name, i) => money(`m${i + 1}`, name, (r) => r.m[i]!, { headerTooltip: MONTH_NAMES[i] })),
    {
      colId: 'manual',
      headerName: 'Manuell',
      headerTooltip: 'Raden har månader inskrivna för hand; välj profil igen för att fördela om årsbeloppet',
      valueGetter: (p) => (p.data?.kind === 'line' && p.data.manual ? 'manuell' : ''),
      cellClass: 'manual-mark',
      cellClassRules: rangeRule('manual'),
      width: 95,
    },
  ];
  return cols;
}
