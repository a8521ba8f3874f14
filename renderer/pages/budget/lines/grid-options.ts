import type { ColDef, GetRowIdParams, RowClassRules, RowSelectionOptions, SelectionColumnDef } from 'ag-grid-community';
import { SWEDISH_GRID_TEXT } from '../../../grid/setup';
import { SELECTION_WIDTH } from './columns';
import type { GridRow } from './model';

/** Timing marks the benchmark reads; each name is kept once, so a long session does not pile them up. */
export const MARK = (name: string) => {
  performance.clearMarks(`ramkoll:${name}`);
  performance.mark(`ramkoll:${name}`);
};

// The grid's options are constants: a new object on every render would make the grid redo its work for 50 000 rows.
export const DEFAULT_COL_DEF: ColDef<GridRow> = { sortable: false, suppressHeaderMenuButton: true, resizable: true };
export const ROW_SELECTION: RowSelectionOptions<GridRow> = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  selectAll: 'filtered',
  isRowSelectable: (n) => n.data?.kind === 'line',
  enableClickSelection: false,
  hideDisabledCheckboxes: true,
};
export const SELECTION_COLUMN: SelectionColumnDef = { pinned: 'left', width: SELECTION_WIDTH };
export const getRowId = (p: GetRowIdParams<GridRow>) => p.data.id;
// Rules, not getRowClass: the grid applies them again when a row's data changes (an undo takes a line back to manual at once).
export const ROW_CLASS_RULES: RowClassRules<GridRow> = {
  'row-subtotal': (p) => p.data?.kind === 'sum',
  'row-total': (p) => p.data?.kind === 'total',
  'row-manual': (p) => p.data?.kind === 'line' && p.data.manual,
};

/** Inputs that have their own typing to undo. */
export const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'tel', 'url', 'password']);

export const LOCALE_TEXT: Record<string, string> = {
  ...SWEDISH_GRID_TEXT,
  ariaRowToggleSelection: 'Tryck mellanslag för att markera eller avmarkera raden',
  ariaRowSelectAll: 'Tryck mellanslag för att markera alla rader i urvalet',
  ariaRowSelectionDisabled: 'Raden kan inte markeras',
  ariaChecked: 'markerad',
  ariaUnchecked: 'inte markerad',
  ariaInputEditor: 'Redigera cellen',
  ariaLabelSelectField: 'Välj profil',
};
