import { AgGridReact } from 'ag-grid-react';
import type { CellEditRequestEvent, CellFocusedEvent, CellMouseDownEvent, ColumnMovedEvent, ColumnResizedEvent, GridApi, GridReadyEvent, SelectionChangedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BudgetGrid, LineChange, LineTuple } from '../../../../electron/api/contract/index';
import { flushSync } from 'react-dom';
import { useAppCommand } from '../../../app-events';
import { GRID_CLASS, GRID_THEME, TAB_EDITS_IN_GRID } from '../../../grid/setup';
import { peekSession, setSessionValue } from '../../../state/session';
import { lineActions } from './actions';
import { useCellRange } from './cell-range';
import { useLinesClipboard } from './clipboard';
import { planEdit, type UnknownCode } from './edits';
import { BulkBar } from './BulkBar';
import { Filters } from './Filters';
import { DEFAULT_COL_DEF, getRowId, LOCALE_TEXT, MARK, ROW_CLASS_RULES, ROW_SELECTION, SELECTION_COLUMN, TEXT_INPUTS } from './grid-options';
import { onLinesGridKey } from './keys';
import { useLinesColumns } from './layout';
import { LinesBanners } from './LinesBanners';
import { LinesModel, Reference, type GridRow, type Line } from './model';
import { LinesToolbar, useLinesPanels } from './LinesToolbar';
import { NewLineForm } from './NewLineForm';
import { useLinesTotals } from './totals';
import { useLineWrites } from './writes';

export interface LinesEditorProps {
  grid: BudgetGrid;
  editable: boolean;
  /** The lines changed (count in the version list). */
  onChanged(): void;
  onReload(): void;
  /** The periodisation profiles, shown in a panel of the toolbar. */
  profilesPanel?: ReactNode;
}

/**
 * The spreadsheet of budget lines: editing, paste, undo, filters, subtotals
 * and totals. The parts live beside it: the chosen block of cells
 * (cell-range.ts), the columns (layout.ts), the totals (totals.ts), the
 * queue of writes and undo (writes.ts), copy and paste (clipboard.ts), the
 * keys (keys.ts) and the toolbar's actions (actions.ts).
 */
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
  const [panels, setPanels] = useLinesPanels();
  const [selected, setSelected] = useState<Line[]>([]);
  const { totals, showTotals, showAll } = useLinesTotals(grid, model, api);
  const cells = useCellRange(api);
  const { wrapper, layout, columns, prefs, savePrefs, saveFromGrid, seeDimsOf } = useLinesColumns({ grid, ref, model, totals, editable, inRange: cells.inRange, api });

  // The rest of the lines arrived (the first ones were shown while they came): show them all.
  const shownModel = useRef(model);
  useEffect(() => {
    if (shownModel.current === model) return;
    shownModel.current = model;
    cells.range.current = null;
    showAll();
    if (!grid.partial) MARK('all-lines-shown');
  }, [model, showAll, grid.partial, cells.range]);

  const writes = useLineWrites({ versionId, model, api, showTotals, seeDimsOf, onChanged, onReload });
  const { enqueue, undoRedo, setStatus, setErrors } = writes;

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
  const { onCellFocused, onCellMouseDown } = cells;

  const onSelectionChanged = (e: SelectionChangedEvent<GridRow>) => {
    const rows = e.api.getSelectedRows().filter((r): r is Line => r.kind === 'line');
    // Marking the first rows opens the actions on them.
    if (rows.length > 0 && selected.length === 0 && editable) setPanels((p) => (p.bulk ? p : { ...p, bulk: true }));
    setSelected(rows);
  };

  const isEditing = () => (api.current?.getEditingCells().length ?? 0) > 0;
  const keys = { api, model, editable, range: cells.range, displayedColumns: cells.displayedColumns, extendTo: cells.extendTo, rangeBounds: cells.rangeBounds, isEditing, undoRedo, enqueue };
  useLinesClipboard({ wrapper, model, editable, enqueue, isEditing, rangeBounds: cells.rangeBounds, setStatus, setErrors });

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
  const { bulk, addLine, findLine, focusLine } = lineActions({ api, model, ref, selected, enqueue });

  // The forms and the grid get callbacks that never change, so typing in the grid does not draw them again.
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

  const onFilter = useCallback(() => {
    model.rebuild();
    cells.range.current = null;
    showAll();
  }, [model, showAll, cells.range]);

  return (
    <div className="lines-editor fill">
      <LinesToolbar
        panels={panels}
        onPanels={setPanels}
        editable={editable}
        undo={writes.undoLabel}
        onUndo={() => undoRedo('undo')}
        onRedo={() => undoRedo('redo')}
        busy={writes.busy > 0}
        selectedCount={selected.length}
        totals={totals}
        columns={columns}
        prefs={prefs}
        onColumns={savePrefs}
        newLine={<NewLineForm refData={ref} grid={grid} onAdd={stable.addLine} findLine={stable.findLine} onGoTo={stable.goToLine} />}
        filters={<Filters model={model} refData={ref} onChange={onFilter} disabled={grid.partial} />}
        bulkBar={<BulkBar count={selected.length} profiles={grid.profiles} onScale={stable.scale} onProfile={stable.profile} onDuplicate={stable.duplicate} onRemove={stable.remove} />}
        profiles={profilesPanel}
        status={writes.status}
      />
      <LinesBanners pending={writes.pending} errors={writes.errors} onConfirm={writes.confirmPending} onCancel={() => writes.setPending(null)} />
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
        onKeyDownCapture={(e) => onLinesGridKey(e, keys)}
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
