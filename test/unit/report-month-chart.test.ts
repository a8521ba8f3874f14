import { describe, expect, it } from 'vitest';
import { cumulativeSeries } from '../../electron/services/followup/chart-geometry';
import { monthGeometry, monthSeries, textBox, type ChartText } from '../../electron/services/reports/month-geometry';

/**
 * Issue 15, part 8: the report's chart says what differs. Budget and utfall
 * per month as bars side by side (prognos after the period), the
 * accumulated deviation as a line on its own axis; the axis titles clear of
 * every tick label.
 */
const MNKR = 100_000_000;
// A förvaltning of about 745 mnkr: a month's budget ~62 mnkr, the outcome 1–2 % above it, a prognos from October.
const budgetMonths = [60, 60, 62, 62, 63, 63, 50, 58, 64, 64, 64, 75].map((v) => v * MNKR);
const actualMonths = budgetMonths.map((v, i) => Math.round(v * (1 + (i % 3) * 0.01)));
const series = cumulativeSeries(budgetMonths, actualMonths, 10, 760 * MNKR);

const overlaps = (a: ChartText, b: ChartText, size: number) => {
  const x = textBox(a, size);
  const y = textBox(b, size);
  return x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom;
};

describe('the report’s month chart', () => {
  it('takes each month’s own budget, utfall and prognos, and the deviation accumulated (budget − utfall, then − prognos)', () => {
    const m = monthSeries(series);
    expect(m.budget).toEqual(budgetMonths);
    expect(m.actual.slice(0, 10)).toEqual(actualMonths.slice(0, 10));
    expect(m.actual.slice(10)).toEqual([null, null]);
    expect(m.forecast.slice(0, 10)).toEqual(new Array(10).fill(null));
    // The prognos months bring the year to the helårsprognos.
    expect(series.actual[9]! + m.forecast[10]! + m.forecast[11]!).toBe(760 * MNKR);
    expect(m.deviation[9]).toBe(series.budget[9]! - series.actual[9]!);
    expect(m.deviation[11]).toBe(series.budget[11]! - 760 * MNKR);
  });

  it('draws budget and utfall (or prognos) of a month as two bars side by side, never on top of each other', () => {
    const g = monthGeometry(series);
    for (let month = 0; month < 12; month++) {
      const bars = g.bars.filter((b) => b.month === month);
      expect(bars.map((b) => b.series)).toEqual(['budget', month < 10 ? 'actual' : 'forecast']);
      const [a, b] = bars as [(typeof bars)[0], (typeof bars)[0]];
      expect(a.x + a.width).toBeLessThanOrEqual(b.x);
      // Taller bar, larger cost: the bars are drawn to scale from the zero line.
      expect(a.y + a.height).toBeCloseTo(g.zeroY, 0);
    }
    expect(g.deviation.actual.split('L').length).toBe(10);
    expect(g.deviation.forecast.split('L').length).toBe(3);
  });

  it('keeps the axis titles clear of the tick labels and inside the drawing, on both axes', () => {
    for (const s of [series, cumulativeSeries(budgetMonths.map((v) => v / 100), actualMonths.map((v) => v / 100), 10, null)]) {
      const g = monthGeometry(s);
      const labels = g.ticks.flatMap((t) => [t.left, t.right]);
      for (const title of [g.titles.left, g.titles.right]) {
        for (const l of labels) expect(overlaps(title, l, g.fontSize), `${title.text} / ${l.text}`).toBe(false);
        expect(textBox(title, g.fontSize).bottom).toBeLessThanOrEqual(g.box.top - 2);
      }
      expect(overlaps(g.titles.left, g.titles.right, g.fontSize)).toBe(false);
      for (const t of [...labels, g.titles.left, g.titles.right]) {
        const b = textBox(t, g.fontSize);
        expect(b.left, t.text).toBeGreaterThanOrEqual(0);
        expect(b.right, t.text).toBeLessThanOrEqual(g.box.width);
      }
      expect(g.titles.left.text).toBe(`${g.unit} per månad`);
    }
  });

  it('shares the zero line between the bars and the deviation', () => {
    const g = monthGeometry(series);
    const zero = g.ticks.find((t) => t.left.text === '0')!;
    expect(zero.y).toBe(g.zeroY);
    expect(zero.right.text).toBe('0');
  });
});
