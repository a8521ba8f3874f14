import type { ColDef, Column, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useState } from 'react';
import type { GridColumnPref, GridLayouts } from '../../electron/api/contract/index';
import { call } from '../api';

/** The grids whose columns the user can choose (the contract's list). */
export type LayoutGridId = 'budget.lines' | 'followup.deviations';

/**
 * The columns the user chose per grid, read once per window and kept in the
 * database's local settings (channel settings.grids.*), so the choice
 * survives a restart: see electron/services/grid-layouts.ts for why not
 * localStorage.
 */
let cache: GridLayouts | null = null;
let loading: Promise<GridLayouts> | null = null;
const listeners = new Set<() => void>();

function load(): Promise<GridLayouts> {
  loading ??= call('settings.grids.get', {}).then(
    (all) => {
      cache = all;
      listeners.forEach((l) => l());
      return all;
    },
    () => {
      // Without the saved choice the grid shows its own columns; the next page asks again.
      loading = null;
      cache = {};
      return {};
    },
  );
  return loading;
}

/**
 * The saved columns of one grid (undefined while they are read, null when
 * the user has not chosen any) and a function that saves a new choice
 * (null: back to the grid's own).
 */
export function useGridLayout(grid: LayoutGridId): [GridColumnPref[] | null | undefined, (columns: GridColumnPref[] | null) => void] {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    if (!cache) void load();
    return () => {
      listeners.delete(l);
    };
  }, []);
  const save = useCallback(
    (columns: GridColumnPref[] | null) => {
      cache = { ...(cache ?? {}) };
      if (columns === null) delete cache[grid];
      else cache[grid] = columns;
      listeners.forEach((l) => l());
      // Saved in the background; the grid already shows the choice.
      call('settings.grids.set', { grid, columns }).catch(() => {});
    },
    [grid],
  );
  return [cache === null ? undefined : (cache[grid] ?? null), save];
}

type Def<R> = ColDef<R> & { colId: string };

/**
 * The grid's columns in the user's order, with the user's widths and hidden
 * columns. Columns the choice does not know (new in this version, or a
 * dimension that appeared) keep their place after the column they follow in
 * the grid's own order; a column the grid cannot hide (`lockVisible`) is
 * never hidden.
 */
export function arrangeColumns<R>(defs: readonly Def<R>[], prefs: readonly GridColumnPref[] | null | undefined): Def<R>[] {
  if (!prefs || prefs.length === 0) return [...defs];
  const byId = new Map(prefs.map((p) => [p.id, p]));
  const known = prefs.map((p) => defs.find((d) => d.colId === p.id)).filter((d): d is Def<R> => d !== undefined);
  const out = [...known];
  defs.forEach((d, i) => {
    if (byId.has(d.colId)) return;
    // After the nearest column before it (in the grid's own order) that is placed already.
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.indexOf(defs[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    out.splice(at, 0, d);
  });
  return out.map((d) => {
    const p = byId.get(d.colId);
    if (!p) return d;
    return { ...d, hide: d.lockVisible ? false : p.hidden, ...(p.width !== undefined && d.flex === undefined ? { width: p.width } : {}) };
  });
}

/**
 * The columns as the grid shows them now (after a drag, a hidden column or
 * a resize), as a choice to save: order and hidden from the grid; widths only
 * where the user set one (`resized` now, or kept from before), so the grid's
 * own widths can still follow the window and the figures.
 */
export function columnsFromGrid<R>(api: GridApi<R>, previous: readonly GridColumnPref[] | null | undefined, resized: readonly string[] = []): GridColumnPref[] {
  const before = new Map((previous ?? []).map((p) => [p.id, p]));
  return api
    .getColumnState()
    .filter((c) => c.colId !== 'ag-Grid-SelectionColumn')
    .map((c) => {
      const col: Column | null = api.getColumn(c.colId);
      const flex = col?.getColDef().flex;
      const width = resized.includes(c.colId) && typeof c.width === 'number' && (flex === undefined || flex === null) ? Math.round(c.width) : before.get(c.colId)?.width;
      return { id: c.colId, hidden: c.hide === true, ...(width === undefined ? {} : { width: Math.max(30, Math.min(1200, width)) }) };
    });
}
