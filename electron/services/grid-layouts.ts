import type { Db } from '../../db/index';
import { getSetting, setSetting } from './settings';

/**
 * The columns a user chose for a grid (which are shown, in which order, how
 * wide), kept in the database's local settings (`ui.grids`, never
 * exchanged): they survive a restart and belong to this installation's
 * database, which is the user's own. The renderer's localStorage is not used:
 * under the app:// scheme it is not guaranteed, and it would be shared by
 * every database the user opens.
 */
export interface GridColumnPref {
  /** The grid's column id (its colId). */
  id: string;
  hidden: boolean;
  /** Width in CSS pixels; absent: the grid's own width. */
  width?: number;
}

export type GridLayouts = Record<string, GridColumnPref[]>;

/** The grids whose columns can be chosen; a layout for any other name is refused by the contract. */
export const LAYOUT_GRIDS = ['budget.lines', 'followup.deviations'] as const;
export type LayoutGrid = (typeof LAYOUT_GRIDS)[number];

export function gridLayouts(db: Db): GridLayouts {
  const all = getSetting(db, 'ui.grids');
  // Only the grids that exist now: a name from an older version is left out.
  return Object.fromEntries(Object.entries(all).filter(([grid]) => (LAYOUT_GRIDS as readonly string[]).includes(grid)));
}

/** Saves one grid's columns (null: back to the grid's own columns) and returns every layout. */
export function saveGridLayout(db: Db, grid: LayoutGrid, columns: GridColumnPref[] | null): GridLayouts {
  const next = { ...gridLayouts(db) };
  if (columns === null) delete next[grid];
  else next[grid] = columns.map((c) => ({ id: c.id, hidden: c.hidden, ...(c.width === undefined ? {} : { width: c.width }) }));
  setSetting(db, 'ui.grids', next);
  return next;
}
