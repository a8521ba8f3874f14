import { niceStep } from '../followup/chart-geometry';

/**
 * Geometry of a horizontal bar chart (deviation per sektor): one group of
 * bars per category, as a pure function of the numbers, in a fixed box, so
 * that the PDF's SVG and the app's preview draw the same thing.
 */
export interface BarGeometry {
  width: number;
  height: number;
  viewBox: string;
  /** x of the zero line. */
  zeroX: number;
  plot: { left: number; right: number; top: number; bottom: number };
  categories: { y: number; label: string }[];
  bars: { x: number; y: number; width: number; height: number; series: number; value: number }[];
  ticks: { x: number; label: string }[];
}

export interface BarInput {
  categories: readonly string[];
  /** One list of values per series, in the display unit. */
  series: readonly (readonly (number | null)[])[];
  format(value: number): string;
}

const ROW = 30;
const LABEL_W = 190;

export function barGeometry(input: BarInput, width = 640): BarGeometry {
  const n = input.categories.length;
  const top = 8;
  const height = top + n * ROW + 26;
  const left = LABEL_W;
  const right = width - 16;
  const values = input.series.flatMap((s) => s.filter((v): v is number => v !== null && Number.isFinite(v)));
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = min + 1;
  const step = niceStep(max - min, 4);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  const x = (v: number) => left + ((v - min) / (max - min)) * (right - left);
  const r = (v: number) => Math.round(v * 10) / 10;
  const k = input.series.length;
  const barH = Math.max(4, (ROW - 8) / Math.max(1, k));
  const bars: BarGeometry['bars'] = [];
  input.categories.forEach((_, i) => {
    input.series.forEach((s, j) => {
      const v = s[i];
      if (v === null || v === undefined) return;
      const x0 = x(Math.min(0, v));
      const x1 = x(Math.max(0, v));
      bars.push({ x: r(x0), y: r(top + i * ROW + 4 + j * barH), width: r(Math.max(0.5, x1 - x0)), height: r(barH - 1), series: j, value: v });
    });
  });
  const ticks: BarGeometry['ticks'] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push({ x: r(x(v)), label: input.format(Math.abs(v) < step / 1e6 ? 0 : v) });
  return {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    zeroX: r(x(0)),
    plot: { left, right, top, bottom: top + n * ROW },
    categories: input.categories.map((label, i) => ({ y: r(top + i * ROW + ROW / 2), label })),
    bars,
    ticks,
  };
}
