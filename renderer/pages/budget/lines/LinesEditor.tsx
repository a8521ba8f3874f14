import { AgGridReact } from 'ag-grid-react';
import type {
  CellEditRequestEvent,
  CellFocusedEvent,
  CellMouseDownEvent,
  ColDef,
  Column,
  ColumnMovedEvent,
  ColumnResizedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowClassRules,
  RowSelectionOptions,
  SelectionChangedEvent,
  SelectionColumnDef,
} from 'ag-grid-community';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import type { ApplyResult, BudgetGrid, LineChange, LineTuple } from '../../../../electron/api/contract/index';
import { flushSync } from 'react-dom';
import { ApiError, call } from '../../../api';
import { useAppCommand } from '../../../app-events';
import { formatOre } from '../../../amount';
import { GRID_CLASS, GRID_THEME, SWEDISH_GRID_TEXT, TAB_EDITS_IN_GRID } from '../../../grid/setup';
import { leaveGridOnTab } from '../../../grid/tab-out';
import { goToEdge } from '../../../grid/edges';
import { arrangeColumns, columnsFromGrid, useGridLayout } from '../../../grid/layout';
import { fontOf, widestOre } from '../../../grid/measure';
import { peekSession, sessionValue, setSessionValue } from '../../../state/session';
import { fitLineColumns, lineColumns, SELECTION_WIDTH } from './columns';
import { copyBlock, duplicateMessage, isEditableColumn, planEdit, planPaste, type Plan, type UnknownCode } from './edits';
import { BulkBar } from './BulkBar';
import { Filters } from './Filters';
import { codingLabel, LinesModel, Reference, type GridRow, type Line, type SumRow } from './model';
import { LinesToolbar, useLinesPanels } from './LinesToolbar';
import { NewLineForm } from './NewLineForm';
import { formatTsv, parseTsv } from './tsv';
import { putChanges, stepFrom, UndoStack } from './undo';

interface Cell {
  row: number;
  col: string;
}

interface Pending {
  label: string;
  changes: LineChange[];
  unknown: UnknownCode[];
  after?: ((r: ApplyResult) => void) | undefined;
}

export interface LinesEditorProps {
  grid: BudgetGrid;
  editable: boolean;
  /** The lines changed (count in the version list). */
  onChanged(): void;
  onReload(): void;
  /** The periodisation profiles, shown in a panel of the toolbar. */
  profilesPanel?: ReactNode;
}

/** Timing marks the benchmark reads; each name is kept once, so a long session does not pile them up. */
const MARK = (name: string) => {
  performance.clearMarks(`ramkoll:${name}`);
  performance.mark(`ramkoll:${name}`);
};

// The grid's options are constants: a new object on every render would make the grid redo its work for 50 000 rows.
const DEFAULT_COL_DEF: ColDef<GridRow> = { sortable: false, suppressHeaderMenuButton: true, resizable: true };
const ROW_SELECTION: RowSelectionOptions<GridRow> = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  selectAll: 'filtered',
  isRowSelectable: (n) => n.data?.kind === 'line',
  enableClickSelection: false,
  hideDisabledCheckboxes: true,
};
const SELECTION_COLUMN: SelectionColumnDef = { pinned: 'left', width: SELECTION_WIDTH };
const getRowId = (p: GetRowIdParams<GridRow>) => p.data.id;
// Rules, not getRowClass: the grid applies them again when a row's data changes (an undo takes a line back to manual at once).
const ROW_CLASS_RULES: RowClassRules<GridRow> = {
  'row-subtotal': (p) => p.data?.kind === 'sum',
  'row-total': (p) => p.data?.kind === 'total',
  'row-manual': (p) => p.data?.kind === 'line' && p.data.manual,
};
/** What the undo button and its title say: the step's label. */
const undoLabels = (u: UndoStack) => ({ undo: u.peekUndo()?.label ?? null, redo: u.peekRedo()?.label ?? null });


/** Inputs that have their own typing to undo. */
const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'tel', 'url', 'password']);

const LOCALE_TEXT: Record<string, string> = {
  ...SWEDISH_GRID_TEXT,
  ariaRowToggleSelection: 'Tryck mellanslag för att markera eller avmarkera raden',
  ariaRowSelectAll: 'Tryck mellanslag för att markera alla rader i urvalet',
  ariaRowSelectionDisabled: 'Raden kan inte markeras',
  ariaChecked: 'markerad',
  ariaUnchecked: 'inte markerad',
  ariaInputEditor: 'Redigera cellen',
  ariaLabelSelectField: 'Välj profil',
};

/** The spreadsheet of budget lines: editing, paste, undo, filters, subtotals and totals. */
export function LinesEditor({ grid, editable: canEdit, onChanged, onReload, profilesPanel }: LinesEditorProps) {
  const versionId = grid.version.id;
  // While the rest of a big version is on its way, the first rows are shown but not edited.
  const editable = canEdit && !grid.partial;
  const ref = useMemo(() => new Reference(grid), [grid]);
  const model = useMemo(() => {
    const m = new LinesModel(ref, JSON.parse(grid.linesJson) as LineTuple[]);
    MARK('lines-model');
    return m;
  }, [ref, grid.linesJson]);
  const api = useRef<GridApi<GridRow> | null>(null);
  // Kept for the session per version: switching tabs or pages and coming back can still undo (renderer/state/session.ts).
  const undo = useRef(sessionValue(`budget.undo:${versionId}`, () => new UndoStack()));
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const range = useRef<{ anchor: Cell; focus: Cell } | null>(null);
  const expected = useRef<Cell[]>([]);
  const [undoLabel, setUndoLabel] = useState<{ undo: string | null; redo: string | null }>(() => undoLabels(undo.current));
  const [panels, setPanels] = useLinesPanels();
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [selected, setSelected] = useState<Line[]>([]);
  const [busy, setBusy] = useState(0);
  const [totals, setTotals] = useState<{ shown: SumRow; version: { year: number; m: number[] }; filtered: boolean }>(() => ({
    shown: { ...model.total, year: grid.totals.yearOre, count: grid.versionLineCount },
    version: { year: grid.totals.yearOre, m: grid.totals.months },
    filtered: false,
  }));

  // A column per other dimension that some line uses; a line that brings a new one adds its column.
  const [dimsSeen, setDimsSeen] = useState(0);
  const dims = useMemo(() => {
    void dimsSeen;
    const present = new Set<string>();
    for (const l of model.lines.values()) if (l.dims !== '') for (const part of l.dims.split('|')) present.add(part.slice(0, part.indexOf('=')));
    return grid.reference.dimensions.map((d) => d.code).filter((c) => present.has(c));
  }, [model, grid.reference.dimensions, dimsSeen]);
  const dimsRef = useRef(dims);
  dimsRef.current = dims;

  const displayedColumns = useCallback((): string[] => (api.current?.getAllDisplayedColumns() ?? []).map((c: Column) => c.getColId()).filter((c) => c !== 'ag-Grid-SelectionColumn'), []);

  const inRange = useCallback(
    (rowIndex: number | null, colId: string) => {
      const r = range.current;
      if (!r || rowIndex === null) return false;
      if (r.anchor.row === r.focus.row && r.anchor.col === r.focus.col) return false;
      const cols = displayedColumns();
      const c = cols.indexOf(colId);
      const c1 = cols.indexOf(r.anchor.col);
      const c2 = cols.indexOf(r.focus.col);
      return rowIndex >= Math.min(r.anchor.row, r.focus.row) && rowIndex <= Math.max(r.anchor.row, r.focus.row) && c >= Math.min(c1, c2) && c <= Math.max(c1, c2);
    },
    [displayedColumns],
  );

  // The grid's width decides how the columns share it (columns.ts: fitLineColumns).
  const wrapper = useRef<HTMLDivElement>(null);
  const [gridWidth, setGridWidth] = useState(0);
  useLayoutEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    setGridWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setGridWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The widest figures (largest and most negative, sums included) decide how wide the amount columns are.
  const widest = useMemo(() => {
    void totals;
    const m = { hi: 0, lo: 0 };
    const y = { hi: 0, lo: 0 };
    const take = (t: { hi: number; lo: number }, v: number) => {
      if (v > t.hi) t.hi = v;
      else if (v < t.lo) t.lo = v;
    };
    // The rows shown (lines and subtotals) and the total rows under them; a new filter or grouping measures again.
    for (const r of [...model.rows, model.total, { year: model.versionTotal.year, m: model.versionTotal.m }]) {
      take(y, r.year);
      for (const v of r.m) take(m, v);
    }
    const texts = (t: { hi: number; lo: number }) => [formatOre(widestOre(t.hi)), formatOre(widestOre(t.lo))];
    return JSON.stringify({ months: texts(m), years: texts(y) });
  }, [model, totals]);
  const layout = useMemo(() => {
    const w = JSON.parse(widest) as { months: string[]; years: string[] };
    return fitLineColumns({
      width: gridWidth,
      selection: editable,
      font: (size, weight) => fontOf(wrapper.current, size, weight),
      dimNames: dims.map((d) => ref.dimensionNames.get(d) ?? d),
      monthTexts: w.months,
      yearTexts: w.years,
    });
  }, [gridWidth, dims, ref, widest, editable]);
  // The user's choice of columns (which, in which order, how wide), saved in the settings.
  const [prefs, savePrefs] = useGridLayout('budget.lines');
  const baseColumns = useMemo(() => lineColumns({ ref, dims, editable, inRange, layout }), [ref, dims, editable, inRange, layout]);
  const columns = useMemo(() => arrangeColumns(baseColumns, prefs), [baseColumns, prefs]);
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;
  const saveFromGrid = useCallback(
    (resized: string[] = []) => {
      if (api.current) savePrefs(columnsFromGrid(api.current, prefsRef.current, resized));
    },
    [savePrefs],
  );

  const pinned = useCallback((): SumRow[] => {
    // Only some lines are here yet: the total is the database's, not the sum of what is shown.
    if (grid.partial) return [{ kind: 'total', id: 'total', label: 'Summa hela versionen', year: grid.totals.yearOre, m: [...grid.totals.months], count: grid.versionLineCount }];
    const rows: SumRow[] = [model.total];
    if (model.isFiltered()) rows.push({ kind: 'total', id: 'total-version', label: 'Summa hela versionen', year: model.versionTotal.year, m: [...model.versionTotal.m], count: model.lines.size });
    return rows;
  }, [model, grid]);

  /** The pinned total rows: updated in place when there are as many as before (cheaper than new rows). */
  const showTotals = useCallback(() => {
    const a = api.current;
    const rows = pinned();
    if (a) {
      if (a.getPinnedBottomRowCount() === rows.length) rows.forEach((r, i) => a.getPinnedBottomRow(i)?.setData(r));
      else a.setGridOption('pinnedBottomRowData', rows);
    }
    setTotals(
      grid.partial
        ? { shown: rows[0]!, version: { year: grid.totals.yearOre, m: grid.totals.months }, filtered: false }
        : { shown: model.total, version: { ...model.versionTotal, m: [...model.versionTotal.m] }, filtered: model.isFiltered() },
    );
  }, [model, pinned, grid]);

  const showAll = useCallback(() => {
    api.current?.setGridOption('rowData', model.rows);
    showTotals();
  }, [model, showTotals]);

  // The rest of the lines arrived (the first ones were shown while they came): show them all.
  const shownModel = useRef(model);
  useEffect(() => {
    if (shownModel.current === model) return;
    shownModel.current = model;
    range.current = null;
    showAll();
    if (!grid.partial) MARK('all-lines-shown');
  }, [model, showAll, grid.partial]);

  /**
   * When the user pauses, the totals the grid worked out are checked against
   * the database's own sums; if someone else (an import, another window)
   * changed the version, the lines are read again.
   */
  const verifyTimer = useRef<number | undefined>(undefined);
  const scheduleVerify = useCallback(() => {
    window.clearTimeout(verifyTimer.current);
    verifyTimer.current = window.setTimeout(() => {
      const task = async () => {
        try {
          const t = await call('budget.lines.totals', { versionId });
          const same = t.lines === model.lines.size && t.yearOre === model.versionTotal.year && t.months.every((m, i) => m === model.versionTotal.m[i]);
          if (!same) {
            setStatus('Budgetversionen har ändrats utanför tabellen; raderna har lästs in på nytt.');
            onReload();
          }
        } catch {
          // A version removed meanwhile shows its own message on the next change.
        }
      };
      queue.current = queue.current.then(task, task);
    }, 1500);
  }, [model, versionId, onReload]);
  useEffect(() => () => window.clearTimeout(verifyTimer.current), []);

  const refreshUndo = () => setUndoLabel({ undo: undo.current.peekUndo()?.label ?? null, redo: undo.current.peekRedo()?.label ?? null });

  /** Takes what the database returned into the model and the grid; the totals come from the model (checked later, see scheduleVerify). */
  const takeResult = useCallback(
    (result: ApplyResult) => {
      const changed = model.apply(result.rows, result.deleted);
      if (result.rows.some((t) => t[3] !== '' && t[3].split('|').some((part) => !dimsRef.current.includes(part.slice(0, part.indexOf('=')))))) setDimsSeen((n) => n + 1);
      const a = api.current;
      if (changed === null) a?.setGridOption('rowData', model.rows);
      else if (changed.length > 0) a?.applyTransaction({ update: changed });
      showTotals();
      MARK('totals-updated');
      scheduleVerify();
    },
    [model, showTotals, scheduleVerify],
  );

  const showError = (e: unknown) => {
    if (e instanceof ApiError) setErrors([e.message, ...e.shape.details.filter((d) => d.text !== e.message).map((d) => d.text)].slice(0, 12));
    else setErrors([e instanceof Error ? e.message : String(e)]);
  };

  /**
   * Runs one step: plans it against the model as it is when its turn comes
   * (steps run one after another, so a quick second edit sees the first),
   * writes it in one transaction and records it for undo.
   */
  const enqueue = useCallback(
    (label: string, plan: () => Plan | null, opts: { allowUnknown?: boolean; after?: (r: ApplyResult) => void } = {}) => {
      const task = async () => {
        const p = plan();
        if (!p) return;
        if (p.errors.length > 0) {
          setErrors(p.errors.slice(0, 12).concat(p.errors.length > 12 ? [`… och ${p.errors.length - 12} fel till.`] : []));
          setStatus(`${label}: inget ändrades.`);
          return;
        }
        if (p.changes.length === 0) return;
        if (p.unknown.length > 0 && !opts.allowUnknown) {
          setPending({ label, changes: p.changes, unknown: p.unknown, after: opts.after });
          return;
        }
        const snapshot = new Map<string, Line>();
        for (const c of p.changes) {
          const id = 'id' in c ? c.id : c.op === 'duplicate' ? c.fromId : null;
          const l = id === null ? undefined : model.lines.get(id);
          if (l) snapshot.set(l.id, l);
        }
        setBusy((b) => b + 1);
        try {
          MARK('apply-sent');
          const result = await call('budget.lines.apply', { versionId, changes: p.changes, allowUnknownCodes: opts.allowUnknown ?? false, withTotals: false });
          MARK('apply-returned');
          takeResult(result);
          const step = stepFrom(label, snapshot, result);
          if (step) undo.current.push(step);
          refreshUndo();
          setErrors([]);
          setStatus(`${label}: sparat.`);
          opts.after?.(result);
          if (result.created.length > 0 || result.deleted.length > 0) onChanged();
        } catch (e) {
          showError(e);
          setStatus(`${label}: inget ändrades.`);
        } finally {
          setBusy((b) => b - 1);
        }
      };
      queue.current = queue.current.then(task, task);
      return queue.current;
    },
    [model, versionId, takeResult, onChanged],
  );

  const undoRedo = useCallback(
    (which: 'undo' | 'redo') => {
      const task = async () => {
        const step = which === 'undo' ? undo.current.peekUndo() : undo.current.peekRedo();
        if (!step) return;
        setBusy((b) => b + 1);
        try {
          const changes = which === 'undo' ? putChanges(step.before, step.after) : putChanges(step.after, step.before);
          const result = await call('budget.lines.apply', { versionId, changes, allowUnknownCodes: true, withTotals: false });
          takeResult(result);
          if (which === 'undo') undo.current.markUndone();
          else undo.current.markRedone();
          refreshUndo();
          setErrors([]);
          setStatus(`${which === 'undo' ? 'Ångrade' : 'Gjorde om'}: ${step.label}.`);
          onChanged();
        } catch (e) {
          showError(e);
        } finally {
          setBusy((b) => b - 1);
        }
      };
      queue.current = queue.current.then(task, task);
    },
    [versionId, takeResult, onChanged],
  );

  // --- the grid's events ---

  // Where the grid was scrolled to, kept for the session per version (back from another tab or page, the same rows are in view).
  const topKey = `budget.lines.top:${versionId}`;
  const onGridReady = (e: GridReadyEvent<GridRow>) => {
    MARK('grid-ready');
    api.current = e.api;
    showAll();
    MARK('grid-rows-set');
    if (!grid.partial) MARK('all-lines-shown');
    const top = peekSession<number>(topKey);
    if (top !== undefined && top > 0) e.api.ensureIndexVisible(Math.min(top, e.api.getDisplayedRowCount() - 1), 'top');
  };
  const onBodyScrollEnd = () => {
    const a = api.current;
    if (a) setSessionValue(topKey, a.getFirstDisplayedRowIndex());
  };

  const onCellEditRequest = (e: CellEditRequestEvent<GridRow>) => {
    MARK('edit-start');
    const colId = e.column.getColId();
    const row = e.data;
    if (row.kind !== 'line') return;
    const text = e.newValue === null || e.newValue === undefined ? '' : String(e.newValue);
    enqueue(`Ändra ${colId === 'year' ? 'årsbelopp' : colId === 'profile' ? 'profil' : 'cell'}`, () => {
      const line = model.lines.get(row.id);
      return line ? planEdit(model, line, colId, text) : null;
    });
  };

  const refreshRange = (old: { anchor: Cell; focus: Cell } | null) => {
    const a = api.current;
    if (!a) return;
    const rows = new Set<number>();
    for (const r of [old, range.current]) if (r) for (let i = Math.min(r.anchor.row, r.focus.row); i <= Math.max(r.anchor.row, r.focus.row); i++) rows.add(i);
    const nodes = [...rows].map((i) => a.getDisplayedRowAtIndex(i)).filter((n): n is IRowNode<GridRow> => !!n);
    a.refreshCells({ rowNodes: nodes, force: true });
  };

  const onCellFocused = (e: CellFocusedEvent<GridRow>) => {
    if (e.rowIndex === null || e.rowPinned || !e.column) return;
    const col = typeof e.column === 'string' ? e.column : e.column.getColId();
    if (col === 'ag-Grid-SelectionColumn') return;
    const cell = { row: e.rowIndex, col };
    // The grid reports focus a little later (after the next key, when typed quickly); a focus we moved ourselves to extend the block keeps it.
    const at = expected.current.findIndex((x) => x.row === cell.row && x.col === cell.col);
    if (at >= 0) {
      expected.current.splice(0, at + 1);
      return;
    }
    expected.current = [];
    const old = range.current;
    range.current = { anchor: cell, focus: cell };
    refreshRange(old);
  };

  /** Shift+arrow and Shift+click: the block grows from where it started (the grid's free version has no range selection). */
  const extendTo = (cell: Cell, move: boolean) => {
    const old = range.current;
    range.current = { anchor: old?.anchor ?? cell, focus: cell };
    expected.current.push(cell);
    const a = api.current;
    if (move && a) {
      a.ensureIndexVisible(cell.row);
      a.ensureColumnVisible(cell.col);
      a.setFocusedCell(cell.row, cell.col);
    }
    refreshRange(old);
  };

  const onCellMouseDown = (e: CellMouseDownEvent<GridRow>) => {
    const shift = (e.event as MouseEvent | undefined)?.shiftKey === true;
    if (!shift || e.rowIndex === null || e.rowPinned) return;
    const col = e.column.getColId();
    if (col !== 'ag-Grid-SelectionColumn') extendTo({ row: e.rowIndex, col }, false);
  };

  const onSelectionChanged = (e: SelectionChangedEvent<GridRow>) => {
    const rows = e.api.getSelectedRows().filter((r): r is Line => r.kind === 'line');
    // Marking the first rows opens the actions on them.
    if (rows.length > 0 && selected.length === 0 && editable) setPanels((p) => (p.bulk ? p : { ...p, bulk: true }));
    setSelected(rows);
  };

  const isEditing = () => (api.current?.getEditingCells().length ?? 0) > 0;

  const rangeBounds = () => {
    const r = range.current;
    if (!r) return null;
    const cols = displayedColumns();
    const c1 = cols.indexOf(r.anchor.col);
    const c2 = cols.indexOf(r.focus.col);
    return { top: Math.min(r.anchor.row, r.focus.row), bottom: Math.max(r.anchor.row, r.focus.row), cols: cols.slice(Math.min(c1, c2), Math.max(c1, c2) + 1), from: cols.slice(Math.min(c1, c2)) };
  };

  const onKeyDownCapture = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (isEditing()) return;
    leaveGridOnTab(e);
    if (e.isPropagationStopped()) return;
    // Ctrl+Home/End and Ctrl+arrows to the edge, as in Excel; with Shift the block grows to there.
    const edge = goToEdge(api.current, e);
    if (edge) {
      if (e.shiftKey) extendTo(edge, true);
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    if (e.shiftKey && !ctrl && !e.altKey && e.key.startsWith('Arrow') && range.current) {
      e.preventDefault();
      e.stopPropagation();
      const cols = displayedColumns();
      const f = range.current.focus;
      const ci = cols.indexOf(f.col);
      const rows = api.current?.getDisplayedRowCount() ?? 0;
      const next = {
        row: Math.max(0, Math.min(rows - 1, f.row + (e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0))),
        col: cols[Math.max(0, Math.min(cols.length - 1, ci + (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0)))] ?? f.col,
      };
      extendTo(next, true);
      return;
    }
    if (ctrl && !e.altKey && (e.key === 'z' || e.key === 'Z') && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      undoRedo('undo');
    } else if (ctrl && !e.altKey && (e.key === 'y' || e.key === 'Y' || ((e.key === 'z' || e.key === 'Z') && e.shiftKey))) {
      e.preventDefault();
      e.stopPropagation();
      undoRedo('redo');
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && editable && !ctrl) {
      // Like Excel: Delete empties the chosen amount cells (to 0), as one step.
      const b = rangeBounds();
      if (!b) return;
      e.preventDefault();
      e.stopPropagation();
      const cols = b.cols.filter((c) => c === 'year' || /^m\d+$/.test(c));
      if (cols.length === 0) return;
      enqueue('Töm celler', () => {
        const lines = model.lineRowsFrom(b.top, b.bottom - b.top + 1).filter((l) => (model.rowIndexOf(l.id) ?? Infinity) <= b.bottom);
        return planPaste(model, [['0']], b.top, cols, lines.length);
      });
    }
  };

  // Copy and paste go through the browser's clipboard events: they work in
  // the app without any clipboard permission, and carry Excel's plain text.
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const onCopy = (e: ClipboardEvent) => {
      if (isEditing()) return;
      const b = rangeBounds();
      if (!b) return;
      const block = copyBlock(model, b.top, b.bottom, b.cols);
      e.clipboardData?.setData('text/plain', formatTsv(block));
      e.preventDefault();
      setStatus(`Kopierade ${block.length} × ${b.cols.length} celler.`);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditing()) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const b = rangeBounds();
      if (!b) return;
      e.preventDefault();
      if (!editable) {
        setErrors(['Versionen är låst och kan inte ändras.']);
        return;
      }
      const block = parseTsv(text);
      if (block.length === 0) return;
      const single = block.length === 1 && block[0]!.length === 1;
      const cols = (single && b.cols.length * (b.bottom - b.top + 1) > 1 ? b.cols : b.from).filter((c) => c !== 'ag-Grid-SelectionColumn');
      enqueue(single ? 'Fyll celler' : `Klistra in ${block.length} × ${Math.max(...block.map((r) => r.length))}`, () => {
        const fill = single ? model.lineRowsFrom(b.top, b.bottom - b.top + 1).filter((l) => (model.rowIndexOf(l.id) ?? Infinity) <= b.bottom).length : 1;
        if (cols.some((c) => !isEditableColumn(c)) && !single) {
          const bad = cols.slice(0, Math.max(...block.map((r) => r.length))).find((c) => !isEditableColumn(c));
          if (bad) return { changes: [], errors: [`Blocket når kolumnen ${bad === 'manual' ? 'Manuell' : bad}, som räknas fram och inte kan klistras in i.`], unknown: [], lines: [], rows: 0, cols: 0 };
        }
        return planPaste(model, block, b.top, cols, fill);
      });
    };
    el.addEventListener('copy', onCopy);
    el.addEventListener('paste', onPaste);
    return () => {
      el.removeEventListener('copy', onCopy);
      el.removeEventListener('paste', onPaste);
    };
    // rangeBounds and isEditing read refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, editable, enqueue]);

  /**
   * Ångra and Gör om in the menu (and their keys outside the grid) act on
   * the grid's steps, unless a text field outside the grid has the focus or
   * a cell is being typed in: then they undo the typing, as in any field.
   */
  const menuUndoRedo = (which: 'undo' | 'redo'): boolean => {
    if (!editable || isEditing()) return false;
    const el = document.activeElement;
    const textField = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_INPUTS.has(el.type)) || (el instanceof HTMLElement && el.isContentEditable);
    if (textField && !wrapper.current?.contains(el)) return false;
    undoRedo(which);
    return true;
  };
  useAppCommand('undo', () => menuUndoRedo('undo'));
  useAppCommand('redo', () => menuUndoRedo('redo'));
  // Redigera › Sök: the kodsträng search is in the Urval panel, which is opened first.
  useAppCommand('find', () => {
    // Drawn at once, so the field can take the focus now (the shell's command is not a React event).
    flushSync(() => setPanels((p) => (p.filter ? p : { ...p, filter: true })));
    document.getElementById('filter-text')?.focus();
    return true;
  });

  // --- actions from the toolbar, the form and the bulk bar ---

  const focusLine = (id: string, col = 'year') => {
    const idx = model.rowIndexOf(id);
    const a = api.current;
    if (idx === undefined || !a) return;
    a.ensureIndexVisible(idx, 'middle');
    a.ensureColumnVisible(col);
    // The grid draws new rows over the next frames; focus the cell once it is there.
    let tries = 0;
    const tryFocus = () => {
      a.setFocusedCell(idx, col);
      const el = document.activeElement;
      const there = el instanceof HTMLElement && el.getAttribute('col-id') === col && el.closest(`[row-id="${CSS.escape(id)}"]`) !== null;
      if (!there && ++tries < 20) {
        requestAnimationFrame(tryFocus);
        return;
      }
      const node = a.getDisplayedRowAtIndex(idx);
      if (node) a.flashCells({ rowNodes: [node] });
    };
    requestAnimationFrame(tryFocus);
  };

  const targetLines = (): Line[] => {
    if (selected.length > 0) return selected.map((l) => model.lines.get(l.id)).filter((l): l is Line => !!l);
    const focused = api.current?.getFocusedCell();
    const row = focused ? model.rows[focused.rowIndex] : undefined;
    return row?.kind === 'line' ? [row] : [];
  };

  const planFor = (changes: (l: Line) => LineChange[]) => (): Plan => {
    const lines = targetLines();
    return { changes: lines.flatMap(changes), errors: lines.length === 0 ? ['Markera rader först (kryssrutan till vänster), eller ställ dig på en rad.'] : [], unknown: [], lines, rows: lines.length, cols: 0 };
  };

  /** Copies to another ansvar, each named before it is sent if its kodsträng is taken (one line per kodsträng). */
  const planCopies = (responsibility: string) => (): Plan => {
    const plan = planFor((l) => [{ op: 'duplicate', fromId: l.id, responsibility }])();
    const seen = new Set<string>();
    for (const l of plan.lines) {
      const key = `${l.acc}\t${l.dims}`;
      const holder = model.lineWithCoding(responsibility, l.acc, l.dims);
      if (holder) plan.errors.push(duplicateMessage(responsibility, l.acc, l.dims, holder));
      else if (seen.has(key)) plan.errors.push(`Två av raderna skulle få kodsträngen ${codingLabel(responsibility, l.acc, l.dims)}: en kodsträng kan bara finnas på en rad i en budgetversion.`);
      seen.add(key);
    }
    return plan.errors.length > 0 ? { ...plan, changes: [] } : plan;
  };

  const bulk = {
    scale: (ppm: number, text: string) => enqueue(`${ppm >= 0 ? 'Höj' : 'Sänk'} med ${text} %`, planFor((l) => [{ op: 'scale', id: l.id, ppm }])),
    profile: (profileId: string) => enqueue(`Sätt profil ${ref.profileName(profileId)}`, planFor((l) => [{ op: 'profile', id: l.id, profileId }])),
    duplicate: (responsibility: string) =>
      enqueue(`Kopiera rader till ansvar ${responsibility}`, planCopies(responsibility), {
        after: (r) => {
          if (r.created[0]) focusLine(r.created[0], 'acc');
        },
      }),
    remove: () => {
      enqueue('Ta bort rader', planFor((l) => [{ op: 'delete', id: l.id }]), { after: () => api.current?.deselectAll() });
    },
  };

  const addLine = (change: Extract<LineChange, { op: 'create' }>, unknown: UnknownCode[]) =>
    enqueue('Ny rad', () => ({ changes: [change], errors: [], unknown, lines: [], rows: 1, cols: 0 }), {
      after: (r) => {
        if (r.created[0]) focusLine(r.created[0]);
      },
    });

  // The forms and the grid get callbacks that never change, so typing in the grid does not draw them again.
  const findLine = (resp: string, acc: string, dims: string) => model.lineWithCoding(resp, acc, dims);
  const latest = useRef({ bulk, addLine, onCellEditRequest, onGridReady, onCellFocused, onCellMouseDown, onSelectionChanged, onBodyScrollEnd, saveFromGrid, findLine, focusLine });
  latest.current = { bulk, addLine, onCellEditRequest, onGridReady, onCellFocused, onCellMouseDown, onSelectionChanged, onBodyScrollEnd, saveFromGrid, findLine, focusLine };
  const events = useMemo(
    () => ({
      onCellEditRequest: (e: CellEditRequestEvent<GridRow>) => latest.current.onCellEditRequest(e),
      onGridReady: (e: GridReadyEvent<GridRow>) => latest.current.onGridReady(e),
      onFirstDataRendered: () => MARK('lines-shown'),
      onCellFocused: (e: CellFocusedEvent<GridRow>) => latest.current.onCellFocused(e),
      onCellMouseDown: (e: CellMouseDownEvent<GridRow>) => latest.current.onCellMouseDown(e),
      onSelectionChanged: (e: SelectionChangedEvent<GridRow>) => latest.current.onSelectionChanged(e),
      onBodyScrollEnd: () => latest.current.onBodyScrollEnd(),
      // A column dragged to another place or made wider by the user is remembered (renderer/grid/layout.ts).
      onColumnMoved: (e: ColumnMovedEvent<GridRow>) => {
        if (e.finished && e.source === 'uiColumnMoved') latest.current.saveFromGrid();
      },
      onColumnResized: (e: ColumnResizedEvent<GridRow>) => {
        if (e.finished && e.source === 'uiColumnResized' && e.column) latest.current.saveFromGrid([e.column.getColId()]);
      },
    }),
    [],
  );
  const stable = useMemo(
    () => ({
      scale: (ppm: number, text: string) => void latest.current.bulk.scale(ppm, text),
      profile: (profileId: string) => void latest.current.bulk.profile(profileId),
      duplicate: (responsibility: string) => void latest.current.bulk.duplicate(responsibility),
      remove: () => latest.current.bulk.remove(),
      addLine: (change: Extract<LineChange, { op: 'create' }>, unknown: UnknownCode[]) => latest.current.addLine(change, unknown),
      findLine: (resp: string, acc: string, dims: string) => latest.current.findLine(resp, acc, dims),
      goToLine: (id: string) => latest.current.focusLine(id, 'acc'),
    }),
    [],
  );

  const confirmPending = () => {
    const p = pending;
    setPending(null);
    if (p) void enqueue(p.label, () => ({ changes: p.changes, errors: [], unknown: p.unknown, lines: [], rows: 0, cols: 0 }), { allowUnknown: true, after: p.after });
  };

  const onFilter = useCallback(() => {
    model.rebuild();
    range.current = null;
    showAll();
  }, [model, showAll]);

  return (
    <div className="lines-editor fill">
      <LinesToolbar
        panels={panels}
        onPanels={setPanels}
        editable={editable}
        undo={undoLabel}
        onUndo={() => undoRedo('undo')}
        onRedo={() => undoRedo('redo')}
        busy={busy > 0}
        selectedCount={selected.length}
        totals={totals}
        columns={columns}
        prefs={prefs}
        onColumns={savePrefs}
        newLine={<NewLineForm refData={ref} grid={grid} onAdd={stable.addLine} findLine={stable.findLine} onGoTo={stable.goToLine} />}
        filters={<Filters model={model} refData={ref} onChange={onFilter} disabled={grid.partial} />}
        bulkBar={<BulkBar count={selected.length} profiles={grid.profiles} onScale={stable.scale} onProfile={stable.profile} onDuplicate={stable.duplicate} onRemove={stable.remove} />}
        profiles={profilesPanel}
        status={status}
      />
      {pending && (
        <div className="banner banner-warning" role="alertdialog" aria-labelledby="pending-title">
          <p id="pending-title">
            <strong>Koder som saknas i grunddata:</strong> {pending.unknown.map((u) => `${u.column} ${u.code}`).join(', ')}. Kontrollera att koderna är rätt skrivna. Ska raden sparas ändå?
          </p>
          <button type="button" onClick={confirmPending} autoFocus>
            Spara ändå
          </button>{' '}
          <button type="button" onClick={() => setPending(null)}>
            Avbryt
          </button>
        </div>
      )}
      {errors.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="lines-errors">
          {errors.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </div>
      )}
      {grid.partial && (
        <p className="loading" role="status">
          Visar de första {grid.lineCount.toLocaleString('sv-SE')} raderna; läser in alla {grid.versionLineCount.toLocaleString('sv-SE')} …
        </p>
      )}
      <div
        ref={wrapper}
        className={`${GRID_CLASS} grid-lines grid-fill${layout.mode === 'compact' ? ` compact compact-${layout.fontSize}` : ''}`}
        data-testid="lines-grid"
        data-layout={layout.mode}
        onKeyDownCapture={onKeyDownCapture}
      >
        <AgGridReact<GridRow>
          {...TAB_EDITS_IN_GRID}
          theme={GRID_THEME}
          columnDefs={columns}
          defaultColDef={DEFAULT_COL_DEF}
          getRowId={getRowId}
          rowHeight={layout.mode === 'compact' ? 26 : 30}
          headerHeight={layout.mode === 'compact' ? 30 : 34}
          rowClassRules={ROW_CLASS_RULES}
          readOnlyEdit
          onCellEditRequest={events.onCellEditRequest}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          rowSelection={editable ? ROW_SELECTION : undefined}
          selectionColumnDef={SELECTION_COLUMN}
          onGridReady={events.onGridReady}
          onFirstDataRendered={events.onFirstDataRendered}
          onCellFocused={events.onCellFocused}
          onCellMouseDown={events.onCellMouseDown}
          onSelectionChanged={events.onSelectionChanged}
          onBodyScrollEnd={events.onBodyScrollEnd}
          onColumnMoved={events.onColumnMoved}
          onColumnResized={events.onColumnResized}
          tooltipShowDelay={500}
          localeText={LOCALE_TEXT}
        />
      </div>
    </div>
  );
}
