import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  DateFilterModule,
  ExternalFilterModule,
  HighlightChangesModule,
  LocaleModule,
  ModuleRegistry,
  NumberEditorModule,
  NumberFilterModule,
  PinnedRowModule,
  RenderApiModule,
  RowApiModule,
  RowAutoHeightModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  type TabToNextCellParams,
} from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';

// The grid's CSS comes from files (theme "legacy"), so the CSP needs no inline styles.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  TextEditorModule,
  NumberEditorModule,
  SelectEditorModule,
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  ExternalFilterModule,
  RowSelectionModule,
  PinnedRowModule,
  CellStyleModule,
  RowStyleModule,
  RowAutoHeightModule,
  TooltipModule,
  LocaleModule,
  HighlightChangesModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
]);

/** Swedish texts for the grid's own labels (every key: locale-sv.ts). */
export { SWEDISH_GRID_TEXT } from './locale-sv';

export const GRID_THEME = 'legacy' as const;
export const GRID_CLASS = 'ag-theme-quartz';

/**
 * For grids that are read, not typed into: Tab leaves the grid (the arrow
 * keys move between cells), so a long grid is one tab stop instead of a trap
 * of hundreds of cells for keyboard users.
 */
export const TAB_LEAVES_GRID = { tabToNextCell: () => false as const };

/**
 * For grids that are typed into: while a cell is being edited, Tab saves it
 * and moves to the next cell, as in Excel. When no cell is being edited
 * (Esc or Enter ends the typing) Tab leaves the grid like any other control,
 * so the grid never traps a keyboard user; the arrow keys move inside it.
 */
export const TAB_EDITS_IN_GRID = {
  tabToNextCell: (p: TabToNextCellParams) => (p.editing ? (p.nextCellPosition ?? false) : false),
};
