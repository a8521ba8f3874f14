import { AgGridReact } from 'ag-grid-react';
import type {
  CellClassParams,
  CellKeyDownEvent,
  ColDef,
  GridApi,
  GridReadyEvent,
  ICellRendererParams,
  IRowNode,
  PostSortRowsParams,
  RowClassParams,
  SelectionChangedEvent,
  SuppressKeyboardEventParams,
  ValueFormatterParams,
} from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent, type MutableRefObject } from 'react';
import type { DeviationRow } from '../../../electron/api/contract/followup';
import { formatMoney, roundedUnits, type MoneyUnit } from '../../format';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../grid/setup';
import { leaveGridOnTab } from '../../grid/tab-out';
import { rollupText, STATUS_NAME, StatusBadge, type CommentState } from './labels';
import { hierarchyOrder, toTsv } from './tree';

/** What the page can ask of the grid. */
export interface GridHandle {
  /** Keys of the rows as shown, in order (for export). */
  displayedKeys(): string[];
  /** Copies the selected cells (or the focused one) as tab-separated text. */
  copy(): void;
  focusRow(key: string): void;
}

/**
 * What is expanded, as a small store the tree cells subscribe to: they
 * redraw themselves, so the grid never re-creates a cell (and never loses
 * the keyboard focus) when a row opens or closes.
 */
class ExpandedStore {
  private listeners = new Set<() => void>();
  constructor(public value: ReadonlySet<string>) {}
  set(value: ReadonlySet<string>) {
    if (value === this.value) return;
    this.value = value;
    this.listeners.forEach((l) => l());
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  get = () => this.value;
}

interface GridContext {
  expanded: ExpandedStore;
  toggle(key: string): void;
}

interface Props {
  rows: DeviationRow[];
  total: DeviationRow;
  visible: ReadonlySet<string>;
  expanded: ReadonlySet<string>;
  unit: MoneyUnit;
  selectedKey: string | null;
  onToggle(key: string, open?: boolean): void;
  onSelect(key: string | null): void;
  handleRef: MutableRefObject<GridHandle | null>;
  onReady?(): void;
}

const percent = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const STATUS_ORDER: Record<CommentState, number> = { missing: 0, returned: 1, draft: 2, ready: 3, approved: 4 };

function share(r: DeviationRow | undefined): number | null {
  if (!r || r.budgetAcc === 0) return null;
  return r.deviationAcc / Math.abs(r.budgetAcc);
}

function deviationClass(v: unknown): string {
  if (typeof v !== 'number' || v === 0) return 'num';
  return v > 0 ? 'num favourable' : 'num unfavourable';
}

function rowLabel(r: DeviationRow): string {
  return r.kind === 'node' || r.kind === 'account' ? `${r.code} ${r.name}` : r.name;
}

function TreeCell(p: ICellRendererParams<DeviationRow, unknown, GridContext>) {
  const expanded = useSyncExternalStore(p.context.expanded.subscribe, p.context.expanded.get);
  const r = p.data;
  if (!r) return null;
  if (p.node.rowPinned) return <span className="tree-name">{r.name}</span>;
  const open = expanded.has(r.key);
  return (
    <span className="tree-cell" style={{ paddingLeft: r.depth * 16 }}>
      {r.hasChildren ? (
        <button
          type="button"
          className="tree-toggle"
          tabIndex={-1}
          aria-expanded={open}
          aria-label={`${open ? 'Fäll ihop' : 'Fäll ut'} ${rowLabel(r)}`}
          onClick={(e) => {
            e.stopPropagation();
            p.context.toggle(r.key);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tree-spacer" aria-hidden="true" />
      )}
      {(r.kind === 'node' || r.kind === 'account') && <span className="tree-code">{r.code}</span>}
      <span className="tree-name">{r.name}</span>
    </span>
  );
}

function StatusCell(p: ICellRendererParams<DeviationRow>) {
  const r = p.data;
  if (!r || !r.commentStatus) return null;
  return (
    <span title={r.commentRequired ? 'Kommentar krävs: avvikelsen når tröskeln för nivån' : undefined}>
      <StatusBadge status={r.commentStatus} />
      {r.commentRequired && <span className="required-mark" aria-label="krävs"> *</span>}
    </span>
  );
}

type Cell = { row: number; col: string };

/** What the tree column does with a key, or null when the grid's own navigation should have it. */
function treeKey(r: DeviationRow | undefined, key: string, expanded: ReadonlySet<string>): 'open' | 'close' | 'parent' | 'toggle' | null {
  if (!r) return null;
  const open = expanded.has(r.key);
  if ((key === 'ArrowRight' || key === '+') && r.hasChildren && !open) return 'open';
  if ((key === 'ArrowLeft' || key === '-') && r.hasChildren && open) return 'close';
  if (key === 'ArrowLeft' && r.parentKey !== null) return 'parent';
  if (key === ' ' && r.hasChildren) return 'toggle';
  return null;
}

/**
 * The deviation grid: ag-grid-community over flat rows with parent links,
 * with an expand/collapse tree column, an external filter for what is
 * expanded and filtered, sorting within siblings, a pinned total row, and
 * cell-block selection (Shift+arrows or Shift+click) copied as
 * tab-separated text.
 */
export function DeviationGrid({ rows, total, visible, expanded, unit, selectedKey, onToggle, onSelect, handleRef, onReady }: Props) {
  const apiRef = useRef<GridApi<DeviationRow> | null>(null);
  const visibleRef = useRef(visible);
  const unitRef = useRef(unit);
  const context = useRef<GridContext>({ expanded: new ExpandedStore(expanded), toggle: (key) => onToggle(key) });
  const container = useRef<HTMLDivElement | null>(null);
  const range = useRef<{ anchor: Cell | null; focus: Cell | null; multi: boolean }>({ anchor: null, focus: null, multi: false });
  const copyRequested = useRef(false);
  const selectingFromProps = useRef(false);

  context.current.toggle = (key) => onToggle(key);
  unitRef.current = unit;

  useEffect(() => {
    visibleRef.current = visible;
    context.current.expanded.set(expanded);
    apiRef.current?.onFilterChanged();
  }, [visible, expanded]);

  useEffect(() => {
    const api = apiRef.current;
    if (!api) return;
    const node = selectedKey ? api.getRowNode(selectedKey) : undefined;
    const current = api.getSelectedNodes()[0];
    if (node === current) return;
    selectingFromProps.current = true;
    if (node) node.setSelected(true, true);
    else api.deselectAll();
    selectingFromProps.current = false;
  }, [selectedKey, rows]);

  const inRange = useCallback((rowIndex: number | null, colId: string | undefined): boolean => {
    const { anchor, focus, multi } = range.current;
    if (!multi || !anchor || !focus || rowIndex === null || !colId || !apiRef.current) return false;
    const cols = apiRef.current.getAllDisplayedColumns().map((c) => c.getColId());
    const [c1, c2] = [cols.indexOf(anchor.col), cols.indexOf(focus.col)].sort((a, b) => a - b) as [number, number];
    const ci = cols.indexOf(colId);
    return rowIndex >= Math.min(anchor.row, focus.row) && rowIndex <= Math.max(anchor.row, focus.row) && ci >= c1 && ci <= c2;
  }, []);

  const columns = useMemo<ColDef<DeviationRow>[]>(() => {
    const money = (field: keyof DeviationRow, headerName: string, extra: Partial<ColDef<DeviationRow>> = {}): ColDef<DeviationRow> => ({
      field,
      colId: field,
      headerName,
      type: 'rightAligned',
      width: 116,
      cellClass: 'num',
      valueFormatter: (p: ValueFormatterParams<DeviationRow>) => formatMoney(p.value as number | null, unit),
      ...extra,
    });
    const list: ColDef<DeviationRow>[] = [
      {
        colId: 'name',
        headerName: 'Ansvar',
        field: 'name',
        pinned: 'left' as const,
        width: 340,
        cellRenderer: TreeCell,
        comparator: (_a, _b, na, nb) => (na.data?.code ?? '').localeCompare(nb.data?.code ?? '', 'sv', { numeric: true }),
        suppressKeyboardEvent: (p: SuppressKeyboardEventParams<DeviationRow>) => treeKey(p.data, p.event.key, context.current.expanded.value) !== null,
      },
      money('budgetYear', 'Budget helår'),
      money('budgetAcc', 'Budget ack'),
      money('actualAcc', 'Utfall ack'),
      money('deviationAcc', 'Avvikelse ack', { cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value) }),
      {
        colId: 'deviationShare',
        headerName: 'Avvikelse %',
        type: 'rightAligned',
        width: 104,
        valueGetter: (p) => share(p.data),
        valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : `${percent.format(100 * (p.value as number))} %`),
        cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value),
      },
      money('actualAccLastYear', 'Utfall ack fg år'),
      money('forecastYear', 'Prognos helår', { headerTooltip: 'Helårsprognos: satt, summan av raderna under, eller utfall ack + återstående budget' }),
      money('deviationForecast', 'Avvikelse budget–prognos', { width: 132, cellClass: (p: CellClassParams<DeviationRow>) => deviationClass(p.value) }),
      {
        colId: 'commentStatus',
        headerName: 'Status',
        field: 'commentStatus',
        width: 128,
        cellRenderer: StatusCell,
        comparator: (a, b) => (a === null ? 9 : STATUS_ORDER[a as CommentState]) - (b === null ? 9 : STATUS_ORDER[b as CommentState]),
      },
      {
        colId: 'rollup',
        headerName: 'Under',
        headerTooltip: 'Kommentarer som krävs eller är skrivna, nivån själv och allt under den: hur många som är godkända',
        width: 138,
        valueGetter: (p) => (p.data && p.data.hasChildren ? rollupText(p.data.rollup) : ''),
      },
      { colId: 'commentShort', headerName: 'Kommentar', field: 'commentShort', minWidth: 220, flex: 1, tooltipField: 'commentShort' },
    ];
    return list.map((c) => ({
      sortable: true,
      ...c,
      cellClassRules: { 'in-range': (p: CellClassParams<DeviationRow>) => inRange(p.node.rowIndex, p.colDef.colId) },
    }));
  }, [unit, inRange]);

  const cellText = useCallback((r: DeviationRow, colId: string): string => {
    const u = unitRef.current;
    const moneyText = (v: number | null) => (v === null ? '' : String(roundedUnits(v, u)));
    switch (colId) {
      case 'name':
        return rowLabel(r);
      case 'deviationShare': {
        const s = share(r);
        return s === null ? '' : percent.format(100 * s).replace(/\s/g, '');
      }
      case 'commentStatus':
        return r.commentStatus ? STATUS_NAME[r.commentStatus] : '';
      case 'rollup':
        return r.hasChildren ? rollupText(r.rollup) : '';
      case 'commentShort':
        return r.commentShort;
      default:
        return moneyText(r[colId as keyof DeviationRow] as number | null);
    }
  }, []);

  const selectionTsv = useCallback((): string => {
    const api = apiRef.current;
    const single = focusedCell();
    const { anchor, focus } = range.current.multi ? range.current : { anchor: single, focus: single };
    if (!api || !anchor || !focus) return '';
    const cols = api.getAllDisplayedColumns().map((c) => c.getColId());
    const [c1, c2] = [cols.indexOf(anchor.col), cols.indexOf(focus.col)].sort((a, b) => a - b) as [number, number];
    const out: string[][] = [];
    for (let i = Math.min(anchor.row, focus.row); i <= Math.max(anchor.row, focus.row); i++) {
      const r = api.getDisplayedRowAtIndex(i)?.data;
      if (r) out.push(cols.slice(c1, c2 + 1).map((c) => cellText(r, c)));
    }
    return toTsv(out);
  }, [cellText]);

  useEffect(() => {
    const onCopy = (e: ClipboardEvent) => {
      const inside = container.current?.contains(document.activeElement) ?? false;
      if (!inside && !copyRequested.current) return;
      copyRequested.current = false;
      const text = selectionTsv();
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    return () => document.removeEventListener('copy', onCopy);
  }, [selectionTsv]);

  handleRef.current = {
    displayedKeys: () => {
      const keys: string[] = [];
      apiRef.current?.forEachNodeAfterFilterAndSort((n) => {
        if (n.data) keys.push(n.data.key);
      });
      return keys;
    },
    copy: () => {
      copyRequested.current = true;
      document.execCommand('copy');
      copyRequested.current = false;
    },
    focusRow: (key) => {
      const api = apiRef.current;
      const node = api?.getRowNode(key);
      if (!api || !node || node.rowIndex === null) return;
      api.ensureIndexVisible(node.rowIndex);
      api.setFocusedCell(node.rowIndex, 'name');
    },
  };

  // Cell blocks are marked from the browser's own events: the grid reports
  // focus changes asynchronously, too late to tell whether Shift was held.
  const setRange = (next: { anchor: Cell | null; focus: Cell | null; multi: boolean }) => {
    const refresh = next.multi || range.current.multi;
    range.current = next;
    if (refresh) apiRef.current?.refreshCells();
  };
  const focusedCell = (): Cell | null => {
    const f = apiRef.current?.getFocusedCell();
    return f && !f.rowPinned ? { row: f.rowIndex, col: f.column.getColId() } : null;
  };
  const moved = (c: Cell, key: string): Cell => {
    const api = apiRef.current!;
    const cols = api.getAllDisplayedColumns().map((x) => x.getColId());
    let ci = cols.indexOf(c.col);
    let row = c.row;
    if (key === 'ArrowDown') row = Math.min(row + 1, api.getDisplayedRowCount() - 1);
    if (key === 'ArrowUp') row = Math.max(row - 1, 0);
    if (key === 'ArrowRight') ci = Math.min(ci + 1, cols.length - 1);
    if (key === 'ArrowLeft') ci = Math.max(ci - 1, 0);
    return { row, col: cols[ci]! };
  };
  const onKeyDownCapture = (e: ReactKeyboardEvent) => {
    leaveGridOnTab(e);
    if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key) || !apiRef.current) return;
    if (!e.shiftKey) {
      if (range.current.multi) setRange({ anchor: null, focus: null, multi: false });
      return;
    }
    const start = range.current.multi ? range.current.anchor : focusedCell();
    const from = range.current.multi ? range.current.focus : start;
    if (start && from) setRange({ anchor: start, focus: moved(from, e.key), multi: true });
  };
  const onMouseDownCapture = (e: ReactMouseEvent) => {
    const cellEl = (e.target as HTMLElement).closest('.ag-cell');
    const rowIndex = Number(cellEl?.closest('.ag-row')?.getAttribute('row-index'));
    const col = cellEl?.getAttribute('col-id');
    if (!cellEl || !col || !Number.isInteger(rowIndex)) return;
    const here = { row: rowIndex, col };
    if (e.shiftKey) {
      const start = range.current.multi ? range.current.anchor : (focusedCell() ?? here);
      setRange({ anchor: start, focus: here, multi: true });
    } else setRange({ anchor: here, focus: here, multi: false });
  };

  const onCellKeyDown = (e: CellKeyDownEvent<DeviationRow>) => {
    const ev = e.event as KeyboardEvent | undefined;
    if (!ev || !e.data || e.rowPinned) return;
    if (ev.key === 'Enter') {
      onSelect(e.data.key);
      return;
    }
    if (e.column.getColId() !== 'name') return;
    const action = treeKey(e.data, ev.key, context.current.expanded.value);
    if (action === 'open' || action === 'close' || action === 'toggle') {
      ev.preventDefault();
      onToggle(e.data.key, action === 'open' ? true : action === 'close' ? false : undefined);
    } else if (action === 'parent') {
      ev.preventDefault();
      handleRef.current?.focusRow(e.data.parentKey!);
    }
  };

  return (
    <div
      className={`${GRID_CLASS} grid-box`}
      data-testid="deviation-grid"
      ref={container}
      onKeyDownCapture={onKeyDownCapture}
      onMouseDownCapture={onMouseDownCapture}
    >
      <AgGridReact<DeviationRow>
        {...TAB_LEAVES_GRID}
        theme={GRID_THEME}
        rowData={rows}
        pinnedBottomRowData={[total]}
        columnDefs={columns}
        context={context.current}
        getRowId={(p) => p.data.key}
        rowHeight={34}
        suppressColumnVirtualisation
        defaultColDef={{ wrapHeaderText: true, autoHeaderHeight: true }}
        localeText={SWEDISH_GRID_TEXT}
        suppressMovableColumns
        enableCellTextSelection={false}
        tooltipShowDelay={400}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        isExternalFilterPresent={() => true}
        doesExternalFilterPass={(node: IRowNode<DeviationRow>) => node.data !== undefined && visibleRef.current.has(node.data.key)}
        postSortRows={(p: PostSortRowsParams<DeviationRow>) => {
          const ordered = hierarchyOrder(
            p.nodes,
            (n) => n.data!.key,
            (n) => n.data!.parentKey,
            (n) => n.data!.kind === 'group',
          );
          p.nodes.splice(0, p.nodes.length, ...ordered);
        }}
        rowClassRules={{
          'row-kind-group': (p: RowClassParams<DeviationRow>) => p.data?.kind === 'group',
          'row-kind-account': (p: RowClassParams<DeviationRow>) => p.data?.kind === 'account',
          'row-kind-direct': (p: RowClassParams<DeviationRow>) => p.data?.kind === 'direct',
          'row-kind-unknown': (p: RowClassParams<DeviationRow>) => p.data?.kind === 'unknown',
          'row-has-children': (p: RowClassParams<DeviationRow>) => (p.data?.hasChildren ?? false) && !p.node.rowPinned,
        }}
        onGridReady={(e: GridReadyEvent<DeviationRow>) => {
          apiRef.current = e.api;
          e.api.onFilterChanged();
          onReady?.();
        }}
        onSelectionChanged={(e: SelectionChangedEvent<DeviationRow>) => {
          if (selectingFromProps.current) return;
          onSelect(e.api.getSelectedNodes()[0]?.data?.key ?? null);
        }}
        onCellKeyDown={onCellKeyDown}
      />
    </div>
  );
}
