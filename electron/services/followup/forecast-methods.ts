import type { ForecastMethod } from '../../../db/schema';
import { MONTHS } from './model';

/** What a forecast method sees of one node and account group; öre. */
export interface MethodInput {
  /** Months with outcome (1-12): the reporting period's month. */
  month: number;
  budgetYear: number;
  budgetAcc: number;
  /** Outcome per month of the year so far (length `month`). */
  actualMonths: readonly number[];
  /** Last year's outcome per month (length 12). */
  lastYearMonths: readonly number[];
}

const sum = (xs: readonly number[], from = 0, to = xs.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i] ?? 0;
  return s;
};

/** Utfall ack + återstående budget: the rest of the year goes as budgeted. */
export function actualPlusRemaining(i: MethodInput): number {
  return sum(i.actualMonths, 0, i.month) + i.budgetYear - i.budgetAcc;
}

/**
 * Linear trend: a straight line fitted (least squares) through the monthly
 * outcome so far, carried on to December. One month of outcome gives a flat
 * line; no outcome gives the budget.
 */
export function linearTrend(i: MethodInput): number {
  const m = i.month;
  const acc = sum(i.actualMonths, 0, m);
  if (m >= MONTHS) return acc;
  if (m === 0) return i.budgetYear;
  if (m === 1) return Math.round(acc * MONTHS);
  const tMean = (m + 1) / 2;
  const yMean = acc / m;
  let sxy = 0;
  let sxx = 0;
  for (let t = 1; t <= m; t++) {
    sxy += (t - tMean) * ((i.actualMonths[t - 1] ?? 0) - yMean);
    sxx += (t - tMean) ** 2;
  }
  const slope = sxy / sxx;
  let rest = 0;
  for (let t = m + 1; t <= MONTHS; t++) rest += yMean + slope * (t - tMean);
  return acc + Math.round(rest);
}

/**
 * Last year's monthly pattern: the rest of the year follows what last year's
 * remaining months were, scaled by how this year compares so far (when both
 * years point the same way). Without last year's outcome: utfall ack +
 * återstående budget.
 */
export function lastYearPattern(i: MethodInput): number {
  const m = i.month;
  const acc = sum(i.actualMonths, 0, m);
  if (m >= MONTHS) return acc;
  const lyAcc = sum(i.lastYearMonths, 0, m);
  const lyRest = sum(i.lastYearMonths, m, MONTHS);
  if (lyAcc === 0 && lyRest === 0) return actualPlusRemaining(i);
  const ratio = lyAcc !== 0 && Math.sign(lyAcc) === Math.sign(acc) ? acc / lyAcc : 1;
  return acc + Math.round(lyRest * ratio);
}

export function forecastBy(method: Exclude<ForecastMethod, 'manual'>, i: MethodInput): number {
  switch (method) {
    case 'actual_plus_remaining':
      return actualPlusRemaining(i);
    case 'linear':
      return linearTrend(i);
    case 'last_year':
      return lastYearPattern(i);
  }
}
