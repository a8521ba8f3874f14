import type { CellFocusedEvent, CellMouseDownEvent, Column, GridApi, IRowNode } from 'ag-grid-community';
import { useCallback, useRef, type RefObject } from 'react';
import type { GridRow } from './model';

export interface Cell {
  row: number;
  col: string;
}

/** The chosen block of cells, from the cell where it started to the one it reaches. */
export interface CellBlock {
  top: number;
  bottom: number;
  cols: string[];
  /** The columns from the block's first to the last shown (where a pasted block may reach). */
  from: string[];
}

/**
 * The block of cells the user chose with Shift+arrow or Shift+click (the
 * grid's free version has no range selection), drawn by the cell renderers
 * through inRange.
 */
export function useCellRange(api: RefObject<GridApi<GridRow> | null>) {
  const range = useRef<{ anchor: Cell; focus: Cell } | null>(null);
  const expected = useRef<Cell[]>([]);

  const displayedColumns = useCallback((): string[] => (api.current?.getAllDisplayedColumns() ?? []).map((c: Column) => c.getColId()).filter((c) => c !== 'ag-Grid-SelectionColumn'), [api]);

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

  const rangeBounds = (): CellBlock | null => {
    const r = range.current;
    if (!r) return null;
    const cols = displayedColumns();
    const c1 = cols.indexOf(r.anchor.col);
    const c2 = cols.indexOf(r.focus.col);
    return { top: Math.min(r.anchor.row, r.focus.row), bottom: Math.max(r.anchor.row, r.focus.row), cols: cols.slice(Math.min(c1, c2), Math.max(c1, c2) + 1), from: cols.slice(Math.min(c1, c2)) };
  };

  return { range, displayedColumns, inRange, onCellFocused, extendTo, onCellMouseDown, rangeBounds };
}
