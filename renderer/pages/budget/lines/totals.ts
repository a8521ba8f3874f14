import type { GridApi } from 'ag-grid-community';
import { useCallback, useState, type RefObject } from 'react';
import type { BudgetGrid } from '../../../../electron/api/contract/index';
import type { GridRow, LinesModel, SumRow } from './model';

export interface LinesTotals {
  shown: SumRow;
  version: { year: number; m: number[] };
  filtered: boolean;
}

/** The total rows pinned under the lines (the filtered lines', and the whole version's), and the totals the toolbar shows. */
export function useLinesTotals(grid: BudgetGrid, model: LinesModel, api: RefObject<GridApi<GridRow> | null>) {
  const [totals, setTotals] = useState<LinesTotals>(() => ({
    shown: { ...model.total, year: grid.totals.yearOre, count: grid.versionLineCount },
    version: { year: grid.totals.yearOre, m: grid.totals.months },
    filtered: false,
  }));

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
  }, [model, pinned, grid, api]);

  const showAll = useCallback(() => {
    api.current?.setGridOption('rowData', model.rows);
    showTotals();
  }, [model, showTotals, api]);

  return { totals, showTotals, showAll };
}
