import type { GridApi } from 'ag-grid-community';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { BudgetGrid, LineTuple } from '../../../../electron/api/contract/index';
import { formatOre } from '../../../amount';
import { arrangeColumns, columnsFromGrid, useGridLayout } from '../../../grid/layout';
import { fontOf, widestOre } from '../../../grid/measure';
import { fitLineColumns, lineColumns } from './columns';
import type { GridRow, LinesModel, Reference } from './model';
import type { LinesTotals } from './totals';

interface LayoutInput {
  grid: BudgetGrid;
  ref: Reference;
  model: LinesModel;
  totals: LinesTotals;
  editable: boolean;
  inRange: (rowIndex: number | null, colId: string) => boolean;
  api: RefObject<GridApi<GridRow> | null>;
}

/**
 * The lines' columns: one per other dimension some line uses, sized to the
 * grid's width and the widest figures, arranged as the user chose (saved in
 * the settings).
 */
export function useLinesColumns({ grid, ref, model, totals, editable, inRange, api }: LayoutInput) {
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
  /** Lines written back from the database: one with a dimension no column shows yet adds its column. */
  const seeDimsOf = useCallback((rows: LineTuple[]) => {
    if (rows.some((t) => t[3] !== '' && t[3].split('|').some((part) => !dimsRef.current.includes(part.slice(0, part.indexOf('=')))))) setDimsSeen((n) => n + 1);
  }, []);

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
    [savePrefs, api],
  );
  return { wrapper, layout, columns, prefs, savePrefs, saveFromGrid, seeDimsOf };
}
