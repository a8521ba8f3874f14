import type { Db } from '../../../db/index';
import { chartGeometry, cumulativeSeries, type ChartGeometry, type ChartSeries } from './chart-geometry';
import { actualGroupSums, budgetGroupSums, SUM_MONTHS } from '../figures/group-sums';
import { snapshotMonths } from './facts';
import type { FigureTree } from './figures';
import { MONTHS } from './model';
import { rowScope, scopeCodingSql, scopeBudgetChanges, scopeHasAccount, scopeReallocations, type RowScope } from './row-scope';

export interface MonthFigures {
  budget: number[];
  actual: number[];
  lastYear: number[];
}

/** Budget (with omfördelningar), outcome (to the period) and last year's outcome per month for one row. */
export function monthFigures(db: Db, tree: FigureTree, scope: RowScope): MonthFigures {
  const month = tree.period % 100;
  if (tree.source === 'snapshot' && tree.occasion) {
    return snapshotMonths(db, tree.occasion.id, scope.codes, (a) => scopeHasAccount(scope, tree.accounts, a === '' ? null : a));
  }
  const out: MonthFigures = { budget: new Array<number>(MONTHS).fill(0), actual: new Array<number>(MONTHS).fill(0), lastYear: new Array<number>(MONTHS).fill(0) };
  const add = (into: number[], months: readonly number[], to: number, sign = 1) => {
    for (let m = 0; m < to; m++) into[m]! += sign * months[m]!;
  };
  if (scope.account === null) {
    // Whole groups: the sums the database keeps.
    const wanted = (g: string) => scope.group === null || g === scope.group;
    if (tree.budgetVersion) for (const r of budgetGroupSums(db, tree.budgetVersion.id, scope.codes)) if (wanted(r.group)) add(out.budget, r.months, MONTHS);
    for (const r of actualGroupSums(db, tree.year, scope.codes)) if (wanted(r.group)) add(out.actual, r.months, month);
    for (const r of actualGroupSums(db, tree.year - 1, scope.codes)) if (wanted(r.group)) add(out.lastYear, r.months, MONTHS);
  } else {
    const f = scopeCodingSql(scope);
    if (tree.budgetVersion) {
      const b = db
        .prepare(`SELECT ${SUM_MONTHS.map((m) => `total(b.${m})`).join(', ')} FROM coding c JOIN budget_line b ON b.coding_id = c.id WHERE ${f.sql} AND b.version_id = ? AND b.deleted_at IS NULL`)
        .raw()
        .get(...f.params, tree.budgetVersion.id) as number[];
      add(out.budget, b, MONTHS);
    }
    for (const [year, into, to] of [
      [tree.year, out.actual, month],
      [tree.year - 1, out.lastYear, MONTHS],
    ] as const) {
      const rows = db
        .prepare(`SELECT ab.period, total(ab.amount_ore) FROM coding c JOIN actual_balance ab ON ab.coding_id = c.id WHERE ${f.sql} AND ab.period BETWEEN ? AND ? GROUP BY 1`)
        .raw()
        .all(...f.params, year * 100 + 1, year * 100 + to) as [number, number][];
      for (const [p, v] of rows) into[(p % 100) - 1]! += v;
    }
  }
  for (const { entry, sign } of scopeReallocations(scope, tree.accounts, tree.reallocations)) add(out.budget, entry.months, MONTHS, sign);
  for (const entry of scopeBudgetChanges(scope, tree.accounts, tree.budgetChanges)) add(out.budget, entry.months, MONTHS);
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
