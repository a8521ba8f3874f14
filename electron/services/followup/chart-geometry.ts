/**
 * Geometry of the cumulative chart (budget, outcome and forecast per month
 * over the year), as a pure function of the numbers: scales, tick marks and
 * SVG path data in a fixed coordinate box. The app draws it with React, and a
 * PDF report can put the same paths into its HTML.
 */

export interface ChartSeries {
  /** Cumulative budget at the end of each month (12 values), öre. */
  budget: readonly number[];
  /** Cumulative outcome, null for months after the period. */
  actual: readonly (number | null)[];
  /** Cumulative forecast from the period's month to December, null before it. */
  forecast: readonly (number | null)[];
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartGeometry {
  box: ChartBox;
  /** "0 0 W H" for the svg element. */
  viewBox: string;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; value: number; label: string }[];
  /** y of the zero line. */
  zeroY: number;
  paths: { budget: string; actual: string; forecast: string };
  /** The outcome's last point (the reporting period), for a marker. */
  lastActual: { x: number; y: number } | null;
  /** Unit of the y labels. */
  unit: 'tkr' | 'mnkr';
}

export const DEFAULT_BOX: ChartBox = { width: 420, height: 240, left: 46, right: 10, top: 12, bottom: 24 };

const MONTH_LABELS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** A "nice" step (1, 2 or 5 × 10^k) that gives about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  if (span <= 0) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

const fmt = (decimals: number) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });

export function chartGeometry(series: ChartSeries, box: ChartBox = DEFAULT_BOX): ChartGeometry {
  const values = [...series.budget, ...series.actual, ...series.forecast].filter((v): v is number => v !== null && Number.isFinite(v));
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = min + 100_000;
  const step = niceStep(max - min);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  // Month m (1..12) at the end of its slot; month 0 is the start of the year.
  const x = (m: number) => box.left + (plotW * m) / 12;
  const y = (v: number) => box.top + plotH * (1 - (v - min) / (max - min));
  const r = (n: number) => Math.round(n * 10) / 10;

  const path = (points: [number, number][]) => points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${r(px)},${r(py)}`).join(' ');
  const budget = path([[x(0), y(0)], ...series.budget.map((v, i): [number, number] => [x(i + 1), y(v)])]);
  const actualPoints: [number, number][] = [[x(0), y(0)]];
  series.actual.forEach((v, i) => {
    if (v !== null) actualPoints.push([x(i + 1), y(v)]);
  });
  const forecastPoints: [number, number][] = [];
  series.forecast.forEach((v, i) => {
    if (v !== null) forecastPoints.push([x(i + 1), y(v)]);
  });
  const last = actualPoints.length > 1 ? actualPoints[actualPoints.length - 1]! : null;

  const unit = Math.max(Math.abs(min), Math.abs(max)) >= 1_000_000_000 ? 'mnkr' : 'tkr';
  const divisor = unit === 'mnkr' ? 100_000_000 : 100_000;
  const decimals = step / divisor >= 1 ? 0 : 1;
  const yTicks: ChartGeometry['yTicks'] = [];
  for (let v = min; v <= max + step / 2; v += step) yTicks.push({ y: r(y(v)), value: v, label: fmt(decimals).format(v / divisor) });

  return {
    box,
    viewBox: `0 0 ${box.width} ${box.height}`,
    xTicks: MONTH_LABELS.map((label, i) => ({ x: r(x(i + 0.5)), label })),
    yTicks,
    zeroY: r(y(0)),
    paths: { budget, actual: actualPoints.length > 1 ? path(actualPoints) : '', forecast: forecastPoints.length > 1 ? path(forecastPoints) : '' },
    lastActual: last ? { x: r(last[0]), y: r(last[1]) } : null,
    unit,
  };
}

/**
 * The cumulative series of one row: budget per month, outcome to the
 * period, and a forecast line from the outcome at the period to the
 * helårsprognos, spread like the remaining budget (evenly if there is none).
 */
export function cumulativeSeries(budgetMonths: readonly number[], actualMonths: readonly number[], month: number, forecastYear: number | null): ChartSeries {
  const budget: number[] = [];
  let acc = 0;
  for (let m = 0; m < 12; m++) budget.push((acc += budgetMonths[m] ?? 0));
  const actual: (number | null)[] = [];
  acc = 0;
  for (let m = 0; m < 12; m++) actual.push(m < month ? (acc += actualMonths[m] ?? 0) : null);
  const forecast: (number | null)[] = new Array<number | null>(12).fill(null);
  if (forecastYear !== null && month >= 1 && month < 12) {
    const start = actual[month - 1]!;
    const remaining = forecastYear - start;
    const rest = budgetMonths.slice(month, 12);
    const restSum = rest.reduce((s, v) => s + v, 0);
    forecast[month - 1] = start;
    let spread = 0;
    for (let m = month; m < 12; m++) {
      const share = restSum !== 0 ? (budgetMonths[m] ?? 0) / restSum : 1 / (12 - month);
      spread += share;
      forecast[m] = m === 11 ? forecastYear : start + Math.round(remaining * spread);
    }
  } else if (forecastYear !== null && month === 12) {
    forecast[11] = forecastYear;
  }
  return { budget, actual, forecast };
}
