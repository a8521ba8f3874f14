import type { GridApi } from 'ag-grid-community';
import type { KeyboardEvent as ReactKeyboardEvent, RefObject } from 'react';
import { goToEdge } from '../../../grid/edges';
import { leaveGridOnTab } from '../../../grid/tab-out';
import type { Cell, CellBlock } from './cell-range';
import { planPaste, type Plan } from './edits';
import type { GridRow, LinesModel } from './model';

export interface GridKeysInput {
  api: RefObject<GridApi<GridRow> | null>;
  model: LinesModel;
  editable: boolean;
  range: RefObject<{ anchor: Cell; focus: Cell } | null>;
  displayedColumns: () => string[];
  extendTo: (cell: Cell, move: boolean) => void;
  rangeBounds: () => CellBlock | null;
  isEditing: () => boolean;
  undoRedo: (which: 'undo' | 'redo') => void;
  enqueue: (label: string, plan: () => Plan | null) => unknown;
}

/** The keys of the lines grid, as in Excel: to the edge, grow the block, undo and redo, Delete empties the cells. */
export function onLinesGridKey(e: ReactKeyboardEvent<HTMLDivElement>, k: GridKeysInput): void {
  if (k.isEditing()) return;
  leaveGridOnTab(e);
  if (e.isPropagationStopped()) return;
  // Ctrl+Home/End and Ctrl+arrows to the edge, as in Excel; with Shift the block grows to there.
  const edge = goToEdge(k.api.current, e);
  if (edge) {
    if (e.shiftKey) k.extendTo(edge, true);
    return;
  }
  const ctrl = e.ctrlKey || e.metaKey;
  if (e.shiftKey && !ctrl && !e.altKey && e.key.startsWith('Arrow') && k.range.current) {
    e.preventDefault();
    e.stopPropagation();
    const cols = k.displayedColumns();
    const f = k.range.current.focus;
    const ci = cols.indexOf(f.col);
    const rows = k.api.current?.getDisplayedRowCount() ?? 0;
    const next = {
      row: Math.max(0, Math.min(rows - 1, f.row + (e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0))),
      col: cols[Math.max(0, Math.min(cols.length - 1, ci + (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0)))] ?? f.col,
    };
    k.extendTo(next, true);
    return;
  }
  if (ctrl && !e.altKey && (e.key === 'z' || e.key === 'Z') && !e.shiftKey) {
    e.preventDefault();
    e.stopPropagation();
    k.undoRedo('undo');
  } else if (ctrl && !e.altKey && (e.key === 'y' || e.key === 'Y' || ((e.key === 'z' || e.key === 'Z') && e.shiftKey))) {
    e.preventDefault();
    e.stopPropagation();
    k.undoRedo('redo');
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && k.editable && !ctrl) {
    // Like Excel: Delete empties the chosen amount cells (to 0), as one step.
    const b = k.rangeBounds();
    if (!b) return;
    e.preventDefault();
    e.stopPropagation();
    const cols = b.cols.filter((c) => c === 'year' || /^m\d+$/.test(c));
    if (cols.length === 0) return;
    const model = k.model;
    k.enqueue('Töm celler', () => {
      const lines = model.lineRowsFrom(b.top, b.bottom - b.top + 1).filter((l) => (model.rowIndexOf(l.id) ?? Infinity) <= b.bottom);
      return planPaste(model, [['0']], b.top, cols, lines.length);
    });
  }
}
