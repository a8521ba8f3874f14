import type { Db } from '../../../db/index';
import { chartGeometry, cumulativeSeries, type ChartGeometry, type ChartSeries } from './chart-geometry';
import { liveActualMonths, liveBudgetMonths, snapshotMonths } from './facts';
import type { FigureTree } from './figures';
import { MONTHS } from './model';
import { rowScope, type RowScope } from './row-scope';

export interface MonthFigures {
  budget: number[];
  actual: number[];
  lastYear: number[];
}

/** Budget, outcome (to the period) and last year's outcome per month for one row. */
export function monthFigures(db: Db, tree: FigureTree, scope: RowScope): MonthFigures {
  const month = tree.period % 100;
  const out: MonthFigures = { budget: new Array<number>(MONTHS).fill(0), actual: new Array<number>(MONTHS).fill(0), lastYear: new Array<number>(MONTHS).fill(0) };
  if (tree.source === 'snapshot' && tree.occasion) {
    return snapshotMonths(
      db,
      tree.occasion.id,
      scope.indexes.map((k) => ({ resp: tree.facts.resp[k]!, account: tree.facts.account[k]! })),
    );
  }
  const budget = liveBudgetMonths(db, tree.year);
  for (const k of scope.indexes) for (let m = 0; m < MONTHS; m++) out.budget[m]! += budget.months[k * MONTHS + m]!;
  const accounts = scope.accounts ? new Set(scope.accounts) : null;
  for (const [year, into, to] of [
    [tree.year, out.actual, month],
    [tree.year - 1, out.lastYear, MONTHS],
  ] as const) {
    for (const e of liveActualMonths(db, year, scope.codes, to)) {
      if (accounts && !accounts.has(e.account)) continue;
      for (let m = 0; m < to; m++) into[m]! += e.months[m]!;
    }
  }
  return out;
}

export interface RowChart {
  key: string;
  title: string;
  period: number;
  series: ChartSeries;
  geometry: ChartGeometry;
  budgetYear: number;
  actualAcc: number;
  forecastYear: number | null;
}

/** The cumulative chart of one row: the series and its geometry. */
export function rowChart(db: Db, tree: FigureTree, key: string): RowChart {
  const scope = rowScope(tree, key);
  const months = monthFigures(db, tree, scope);
  const month = tree.period % 100;
  const series = cumulativeSeries(months.budget, months.actual, month, scope.forecastYear);
  return {
    key,
    title: scope.title,
    period: tree.period,
    series,
    geometry: chartGeometry(series),
    budgetYear: months.budget.reduce((s, v) => s + v, 0),
    actualAcc: months.actual.reduce((s, v) => s + v, 0),
    forecastYear: scope.forecastYear,
  };
}
