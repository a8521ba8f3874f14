import type { GridApi } from 'ag-grid-community';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

export interface EdgeCell {
  row: number;
  col: number;
}

/**
 * Where Excel's keys to the edge go from `at` in a block of `rows` × `cols`
 * cells: Ctrl+Home the first cell, Ctrl+End the last, Ctrl+arrow the edge
 * in that direction (the row or the column kept). Null for any other key.
 */
export function edgeTarget(key: string, at: EdgeCell, rows: number, cols: number): EdgeCell | null {
  if (rows <= 0 || cols <= 0) return null;
  switch (key) {
    case 'Home':
      return { row: 0, col: 0 };
    case 'End':
      return { row: rows - 1, col: cols - 1 };
    case 'ArrowUp':
      return { row: 0, col: at.col };
    case 'ArrowDown':
      return { row: rows - 1, col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: 0 };
    case 'ArrowRight':
      return { row: at.row, col: cols - 1 };
    default:
      return null;
  }
}

const EDGE_KEYS = new Set(['Home', 'End', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);

/** Is this Ctrl (or ⌘) with a key that goes to an edge, with or without Shift? */
export function isEdgeKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && EDGE_KEYS.has(e.key);
}

/** The displayed data columns (not the checkbox column), left to right. */
export function dataColumns<R>(api: GridApi<R>): string[] {
  return api
    .getAllDisplayedColumns()
    .map((c) => c.getColId())
    .filter((c) => c !== 'ag-Grid-SelectionColumn');
}

/**
 * The cell Ctrl+Home/End or Ctrl+arrow leads to from the focused cell of
 * the grid's rows (the pinned total rows are not part of the block), as a
 * row index and column id; null when no cell has the focus or the key is
 * not one of them.
 */
export function edgeCellOf<R>(api: GridApi<R>, key: string): { row: number; col: string } | null {
  const f = api.getFocusedCell();
  if (!f || f.rowPinned) return null;
  const cols = dataColumns(api);
  const at = { row: f.rowIndex, col: Math.max(0, cols.indexOf(f.column.getColId())) };
  const t = edgeTarget(key, at, api.getDisplayedRowCount(), cols.length);
  return t ? { row: t.row, col: cols[t.col]! } : null;
}

/** Does the page's focus sit in this cell (row index and column id) of a grid? */
function hasDomFocus(cell: { row: number; col: string }): boolean {
  const c = document.activeElement?.closest('.ag-cell');
  return !!c && c.getAttribute('col-id') === cell.col && c.closest('.ag-row')?.getAttribute('row-index') === String(cell.row);
}

/**
 * Moves the focus to a cell, scrolling it into view first. A row scrolled
 * into view is drawn a frame or more later (much later on a busy machine),
 * and a cell not yet drawn cannot take the browser's focus: the focus is
 * given again each frame until the cell has it, for up to a second, unless
 * the user has moved on.
 */
export function focusCell<R>(api: GridApi<R>, cell: { row: number; col: string }): void {
  api.ensureIndexVisible(cell.row);
  api.ensureColumnVisible(cell.col);
  api.setFocusedCell(cell.row, cell.col);
  const until = performance.now() + 1000;
  const again = () => {
    const f = api.getFocusedCell();
    if (!f || f.rowIndex !== cell.row || f.column.getColId() !== cell.col || hasDomFocus(cell)) return;
    api.setFocusedCell(cell.row, cell.col);
    if (performance.now() < until) requestAnimationFrame(again);
  };
  requestAnimationFrame(again);
}

/**
 * Ctrl+Home, Ctrl+End and Ctrl+arrows in a grid (on its container's
 * onKeyDownCapture), as in Excel. Returns the cell moved to, or null when
 * the key was not one of them (the grid handles it). With Shift the caller
 * extends its block of marked cells to the returned cell itself.
 */
export function goToEdge<R>(api: GridApi<R> | null, e: ReactKeyboardEvent): { row: number; col: string } | null {
  if (!api || !isEdgeKey(e) || api.getEditingCells().length > 0) return null;
  const cell = edgeCellOf(api, e.key);
  if (!cell) return null;
  e.preventDefault();
  e.stopPropagation();
  if (!e.shiftKey) focusCell(api, cell);
  return cell;
}
