import { AgGridReact } from 'ag-grid-react';
import type {
  CellClassParams,
  CellKeyDownEvent,
  ColumnMovedEvent,
  ColumnResizedEvent,
  GridApi,
  GridReadyEvent,
  ICellRendererParams,
  IRowNode,
  PostSortRowsParams,
  RowClassParams,
  SelectionChangedEvent,
  SortChangedEvent,
  SuppressKeyboardEventParams,
} from 'ag-grid-community';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type MutableRefObject,
} from 'react';
import type { DeviationRow } from '../../../electron/api/contract/index';
import type { GridColumnPref } from '../../../electron/api/contract/index';
import { formatMoney, roundedUnits, type MoneyUnit } from '../../format';
import { goToEdge } from '../../grid/edges';
import { arrangeColumns, columnsFromGrid } from '../../grid/layout';
import { fontOf } from '../../grid/measure';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_LEAVES_GRID } from '../../grid/setup';
import { leaveGridOnTab } from '../../grid/tab-out';
import { peekSession, setSessionValue, useSessionState } from '../../state/session';
import { deviationColumns, fitDeviationColumns, share, shareText } from './deviation-columns';
import { rollupText, STATUS_NAME, StatusBadge } from './labels';
import { hierarchyOrder, toTsv } from './tree';
import { openActionPlanAt } from './goto';

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
  /** Största avvikelser: a flat list, no tree to open. */
  flat: boolean;
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
  /** Största avvikelser: the rows as one list, sorted across the tree. */
  flat: boolean;
  /** The user's columns (renderer/grid/layout.ts) and where a change of them goes. */
  prefs: readonly GridColumnPref[] | null | undefined;
  onPrefs(prefs: GridColumnPref[]): void;
  /** The side panel is open beside the grid. */
  panelOpen: boolean;
}

/** Sort per view, and the row at the top, kept for the session. */
type SortModel = { colId: string; sort: 'asc' | 'desc' }[];

function rowLabel(r: DeviationRow): string {
  return r.kind === 'node' || r.kind === 'account' ? `${r.code} ${r.name}` : r.name;
}

function TreeCell(p: ICellRendererParams<DeviationRow, unknown, GridContext>) {
  const expanded = useSyncExternalStore(p.context.expanded.subscribe, p.context.expanded.get);
  const r = p.data;
  if (!r) return null;
  if (p.node.rowPinned) return <span className="tree-name">{r.name}</span>;
  if (p.context.flat) {
    return (
      <span className="tree-cell">
        {(r.kind === 'node' || r.kind === 'account') && <span className="tree-code">{r.code}</span>}
        <span className="tree-name">{r.name}</span>
      </span>
    );
  }
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

/** Åtgärdsplan: "saknas" for a large deviation without one, else the plan's status; a click (or Enter in the cell) opens it under Åtgärdsplaner. */
function PlanCell(p: ICellRendererParams<DeviationRow>) {
  const r = p.data;
  if (!r || !r.actionPlan) return null;
  const missing = r.actionPlan === 'missing';
  return (
    <button
      type="button"
      className="plan-mark"
      tabIndex={-1}
      data-testid={`plan-mark-${r.code}`}
      title={`${missing ? 'Åtgärdsplan saknas: stor ogynnsam avvikelse' : `Åtgärdsplan ${STATUS_NAME[r.actionPlan]}`}. Enter öppnar planen under Åtgärdsplaner.`}
      onClick={() => openActionPlanAt(r.code)}
    >
      {missing ? <span className="plan-missing">saknas</span> : <StatusBadge status={r.actionPlan} />}
    </button>
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
export function DeviationGrid({ rows, total, visible, expanded, unit, selectedKey, onToggle, onSelect, handleRef, onReady, flat, prefs, onPrefs, panelOpen }: Props) {
  const apiRef = useRef<GridApi<DeviationRow> | null>(null);
  const visibleRef = useRef(visible);
  const unitRef = useRef(unit);
  const context = useRef<GridContext>({ expanded: new ExpandedStore(expanded), toggle: (key) => onToggle(key), flat });
  const container = useRef<HTMLDivElement | null>(null);
  const range = useRef<{ anchor: Cell | null; focus: Cell | null; multi: boolean }>({ anchor: null, focus: null, multi: false });
  const copyRequested = useRef(false);
  const selectingFromProps = useRef(false);

  context.current.toggle = (key) => onToggle(key);
  context.current.flat = flat;
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

  // The grid's width and the figures decide the columns' widths (deviation-columns.ts).
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const widths = useMemo(() => {
    const moneyTexts = new Set<string>();
    const extremes = { hi: 0, lo: 0 };
    for (const r of [...rows, total])
      for (const v of [r.budgetYear, r.budgetAcc, r.actualAcc, r.deviationAcc, r.actualAccLastYear, r.forecastYear ?? 0, r.deviationForecast ?? 0]) {
        if (v > extremes.hi) extremes.hi = v;
        if (v < extremes.lo) extremes.lo = v;
      }
    moneyTexts.add(formatMoney(extremes.hi, unit));
    moneyTexts.add(formatMoney(extremes.lo, unit));
    const names = rows.filter((r) => r.kind !== 'group' && r.kind !== 'account').map((r) => ({ depth: flat ? 0 : r.depth, text: r.kind === 'node' ? `${r.code} ${r.name}` : r.name }));
    return fitDeviationColumns({ width, font: (size, weight) => fontOf(container.current, size, weight), moneyTexts: [...moneyTexts], names, panelOpen });
  }, [rows, total, unit, width, flat, panelOpen]);

  // The sort of each view, kept for the session; Största avvikelser starts with the most unfavourable first.
  const [sortModel, setSortModel] = useSessionState<SortModel>(`followup.sort.${flat ? 'flat' : 'tree'}`, () => (flat ? [{ colId: 'deviationAcc', sort: 'asc' }] : []));
  const columns = useMemo(() => {
    const list = deviationColumns({
      unit,
      widths,
      flat,
      treeCell: TreeCell,
      statusCell: StatusCell,
      planCell: PlanCell,
      treeKeys: (p: SuppressKeyboardEventParams<DeviationRow>) => !flat && treeKey(p.data, p.event.key, context.current.expanded.value) !== null,
    }).map((c) => {
      const sorted = sortModel.findIndex((m) => m.colId === c.colId);
      return {
        sortable: true,
        ...c,
        sort: sorted >= 0 ? sortModel[sorted]!.sort : null,
        sortIndex: sorted >= 0 ? sorted : null,
        cellClassRules: { 'in-range': (p: CellClassParams<DeviationRow>) => inRange(p.node.rowIndex, p.colDef.colId) },
      };
    });
    return arrangeColumns(list, prefs);
  }, [unit, inRange, widths, flat, sortModel, prefs]);
  const topKey = `followup.top.${flat ? 'flat' : 'tree'}`;
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;
  const saveColumns = (resized: string[] = []) => {
    if (apiRef.current) onPrefs(columnsFromGrid(apiRef.current, prefsRef.current, resized));
  };

  const cellText = useCallback((r: DeviationRow, colId: string): string => {
    const u = unitRef.current;
    const moneyText = (v: number | null) => (v === null ? '' : String(roundedUnits(v, u)));
    switch (colId) {
      case 'name':
        return rowLabel(r);
      case 'deviationShare': {
        const s = share(r);
        return s === null ? '' : shareText(s).replace(/\s/g, '').replace('%', '');
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
    // Ctrl+Home/End and Ctrl+arrows to the edge, as in Excel; with Shift the block of cells grows to there.
    const edge = goToEdge(apiRef.current, e);
    if (edge) {
      if (e.shiftKey) {
        const start = range.current.multi ? range.current.anchor : focusedCell();
        if (start) setRange({ anchor: start, focus: edge, multi: true });
      } else if (range.current.multi) setRange({ anchor: null, focus: null, multi: false });
      return;
    }
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
      // In the Åtgärdsplan column Enter goes to the node's plan; elsewhere it opens the row's panel.
      if (e.column.getColId() === 'actionPlan' && e.data.actionPlan) openActionPlanAt(e.data.code);
      else onSelect(e.data.key);
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
      className={`${GRID_CLASS} grid-box grid-deviations`}
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
        enableCellTextSelection={false}
        tooltipShowDelay={400}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        isExternalFilterPresent={() => true}
        doesExternalFilterPass={(node: IRowNode<DeviationRow>) => node.data !== undefined && visibleRef.current.has(node.data.key)}
        postSortRows={(p: PostSortRowsParams<DeviationRow>) => {
          // Största avvikelser is one list sorted across the tree; the tree sorts within siblings.
          if (context.current.flat) return;
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
          // A row chosen before the grid was there (opened from Översikt) is selected and shown;
          // otherwise the grid is back at the row that was at the top when the page was left.
          const chosen = selectedKey ? e.api.getRowNode(selectedKey) : undefined;
          const top = peekSession<string>(topKey);
          const node = chosen ?? (top ? e.api.getRowNode(top) : undefined);
          if (chosen) {
            selectingFromProps.current = true;
            chosen.setSelected(true, true);
            selectingFromProps.current = false;
          }
          if (node && node.rowIndex !== null) e.api.ensureNodeVisible(node, chosen ? 'middle' : 'top');
          onReady?.();
        }}
        onBodyScrollEnd={() => {
          const api = apiRef.current;
          const first = api?.getDisplayedRowAtIndex(api.getFirstDisplayedRowIndex())?.data?.key;
          if (first) setSessionValue(topKey, first);
        }}
        onSortChanged={(e: SortChangedEvent<DeviationRow>) => {
          const model = e.api
            .getColumnState()
            .filter((c) => c.sort)
            .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
            .map((c) => ({ colId: c.colId, sort: c.sort! }));
          setSortModel(model);
        }}
        onColumnMoved={(e: ColumnMovedEvent<DeviationRow>) => {
          if (e.finished && e.source === 'uiColumnMoved') saveColumns();
        }}
        onColumnResized={(e: ColumnResizedEvent<DeviationRow>) => {
          if (e.finished && e.source === 'uiColumnResized' && e.column) saveColumns([e.column.getColId()]);
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
