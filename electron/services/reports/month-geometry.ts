import type { ChartSeries } from '../followup/chart-geometry';
import { niceStep } from '../followup/chart-geometry';

/**
 * Geometry of the report's month chart: budget and utfall (or prognos, after
 * the period) per month as bars side by side, on the left axis, and the
 * accumulated deviation (budget ack − utfall ack, then − prognos ack) as a
 * line on the right axis. The cumulative lines the report drew before lay
 * on top of each other (a few per cent apart over a year); per month the
 * bars show where they part, and the line how far apart they have come.
 * Both axes share their zero and their grid lines; the axis titles sit in a
 * row of their own above the plot, clear of the tick labels.
 */

export interface MonthBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A text of the chart and where it is drawn (SVG text: x, baseline y, anchor). */
export interface ChartText {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface MonthGeometry {
  box: MonthBox;
  viewBox: string;
  /** Font size of every text, in the box's units. */
  fontSize: number;
  /** One grid line per tick, with the left (amount per month) and right (deviation ack) labels at the same height. */
  ticks: { y: number; left: ChartText; right: ChartText }[];
  zeroY: number;
  months: ChartText[];
  /** The axis titles, above the plot. */
  titles: { left: ChartText; right: ChartText };
  bars: { series: 'budget' | 'actual' | 'forecast'; month: number; x: number; y: number; width: number; height: number }[];
  /** The deviation through the period (solid), and on from the period by the prognos (dashed). */
  deviation: { actual: string; forecast: string };
  /** Unit of the labels. */
  unit: 'tkr' | 'mnkr';
}

export const MONTH_BOX: MonthBox = { width: 520, height: 250, left: 50, right: 50, top: 30, bottom: 22 };
const FONT = 9;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** Month values from cumulative ones (null where the cumulative value is null). */
function perMonth(cumulative: readonly (number | null)[], before: (i: number) => number | null): (number | null)[] {
  return cumulative.map((v, i) => {
    if (v === null) return null;
    const prev = i === 0 ? 0 : before(i - 1);
    return prev === null ? null : v - prev;
  });
}

/** The month figures and the accumulated deviation the chart shows, in öre (with the series' own sign). */
export function monthSeries(s: ChartSeries): { budget: number[]; actual: (number | null)[]; forecast: (number | null)[]; deviation: (number | null)[] } {
  const budget = perMonth(s.budget, (i) => s.budget[i]!) as number[];
  const actual = perMonth(s.actual, (i) => s.actual[i] ?? null);
  // The forecast starts at the period's outcome: its months are those after the period.
  const forecast = s.forecast.map((v, i) => (v === null || i === 0 || s.forecast[i - 1] === null || s.actual[i] !== null ? null : v - s.forecast[i - 1]!));
  const deviation = s.budget.map((b, i) => {
    const a = s.actual[i];
    if (a !== null && a !== undefined) return b - a;
    const f = s.forecast[i];
    return f !== null && f !== undefined ? b - f : null;
  });
  return { budget, actual, forecast, deviation };
}

/** The smallest of 1, 2, 5 × 10^k that is at least `v`. */
function niceUp(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 5, 10]) if (f * mag >= v - 1e-9 * mag) return f * mag;
  return 10 * mag;
}

const fmt = (decimals: number) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: decimals, minimumFractionDigits: decimals });

/** `sign` turns costs into the presentation's sign for the bars; the deviation keeps its own (positive is favourable). */
export function monthGeometry(s: ChartSeries, sign: 1 | -1 = 1, box: MonthBox = MONTH_BOX): MonthGeometry {
  const m = monthSeries(s);
  const bars = { budget: m.budget.map((v) => v * sign), actual: m.actual.map((v) => (v === null ? null : v * sign)), forecast: m.forecast.map((v) => (v === null ? null : v * sign)) };
  const amounts = [...bars.budget, ...bars.actual, ...bars.forecast].filter((v): v is number => v !== null);
  const devs = m.deviation.filter((v): v is number => v !== null);
  let min = Math.min(0, ...amounts);
  let max = Math.max(0, ...amounts);
  if (min === max) max = min + 100_000;
  const step = niceStep(max - min, 5);
  let below = Math.ceil(-min / step - 1e-9);
  let above = Math.ceil(max / step - 1e-9);
  // The deviation shares the zero line: give each of its sides at least one interval.
  const devMax = Math.max(0, ...devs);
  const devMin = Math.min(0, ...devs);
  if (devMax > 0 && above === 0) above = 1;
  if (devMin < 0 && below === 0) below = 1;
  const devStep = niceUp(Math.max(above > 0 ? devMax / above : 0, below > 0 ? -devMin / below : 0, 1));
  min = -below * step;
  max = above * step;

  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const y = (v: number) => box.top + plotH * (1 - (v - min) / (max - min));
  const r = (n: number) => Math.round(n * 10) / 10;
  const biggest = Math.max(Math.abs(min), Math.abs(max), below * devStep, above * devStep);
  const unit = biggest >= 1_000_000_000 ? 'mnkr' : 'tkr';
  const divisor = unit === 'mnkr' ? 100_000_000 : 100_000;
  const decimals = (v: number) => (v / divisor >= 1 || v === 0 ? 0 : 1);
  const amountFmt = fmt(decimals(step));
  const devFmt = fmt(decimals(devStep));

  const ticks: MonthGeometry['ticks'] = [];
  for (let k = -below; k <= above; k++) {
    const ty = r(y(k * step));
    ticks.push({
      y: ty,
      left: { x: box.left - 4, y: r(ty + FONT / 3), text: amountFmt.format((k * step) / divisor), anchor: 'end' },
      right: { x: box.width - box.right + 4, y: r(ty + FONT / 3), text: devFmt.format((k * devStep) / divisor), anchor: 'start' },
    });
  }
  const slot = plotW / 12;
  const barW = r(slot * 0.36);
  const barsOut: MonthGeometry['bars'] = [];
  const bar = (series: 'budget' | 'actual' | 'forecast', month: number, v: number, offset: number) => {
    const top = y(Math.max(0, v));
    const bottom = y(Math.min(0, v));
    barsOut.push({ series, month, x: r(box.left + slot * month + slot * 0.12 + offset), y: r(top), width: barW, height: r(Math.max(0.5, bottom - top)) });
  };
  for (let i = 0; i < 12; i++) {
    bar('budget', i, bars.budget[i]!, 0);
    const a = bars.actual[i];
    const f = bars.forecast[i];
    if (a !== null && a !== undefined) bar('actual', i, a, barW + slot * 0.04);
    else if (f !== null && f !== undefined) bar('forecast', i, f, barW + slot * 0.04);
  }
  const dy = (v: number) => box.top + plotH * (1 - (v + below * devStep) / ((above + below) * devStep));
  const mid = (i: number) => box.left + slot * (i + 0.5);
  const path = (pts: [number, number][]) => (pts.length > 1 ? pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${r(px)},${r(py)}`).join(' ') : '');
  const actualPts: [number, number][] = [];
  const forecastPts: [number, number][] = [];
  m.deviation.forEach((v, i) => {
    if (v === null) return;
    if (s.actual[i] !== null && s.actual[i] !== undefined) actualPts.push([mid(i), dy(v)]);
    else forecastPts.push([mid(i), dy(v)]);
  });
  // The prognos line goes on from the period's point.
  if (forecastPts.length > 0 && actualPts.length > 0) forecastPts.unshift(actualPts[actualPts.length - 1]!);

  return {
    box,
    viewBox: `0 0 ${box.width} ${box.height}`,
    fontSize: FONT,
    ticks,
    zeroY: r(y(0)),
    months: MONTHS.map((text, i) => ({ x: r(mid(i)), y: box.height - 8, text, anchor: 'middle' as const })),
    titles: {
      left: { x: 2, y: 12, text: `${unit} per månad`, anchor: 'start' },
      right: { x: box.width - 2, y: 12, text: `Avvikelse ack, ${unit}`, anchor: 'end' },
    },
    bars: barsOut,
    deviation: { actual: path(actualPts), forecast: path(forecastPts) },
    unit,
  };
}

/** The box a text covers (width estimated at 0.62 em a character, which is wider than the report's sans-serif digits). */
export function textBox(t: ChartText, fontSize: number): { left: number; right: number; top: number; bottom: number } {
  const w = t.text.length * fontSize * 0.62;
  const left = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - w : t.x - w / 2;
  return { left, right: left + w, top: t.y - fontSize, bottom: t.y + fontSize * 0.25 };
}
