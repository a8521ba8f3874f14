import { describe, expect, it } from 'vitest';
import { actualPlusRemaining, lastYearPattern, linearTrend } from '../../electron/services/followup/forecast-methods';
import { chartGeometry, cumulativeSeries, niceStep } from '../../electron/services/followup/chart-geometry';
import { defaultCalendar, defaultDeadlines } from '../../electron/services/followup/calendar';
import ExcelJS from 'exceljs';
import { setText } from '../../electron/services/files/xlsx-text';
import { reaches } from '../../electron/services/followup/thresholds';

describe('forecast methods', () => {
  const base = { month: 4, budgetYear: 1200, budgetAcc: 400, actualMonths: [100, 110, 120, 130], lastYearMonths: [100, 100, 100, 100, 50, 50, 50, 50, 200, 200, 200, 200] };

  it('utfall ack + återstående budget', () => {
    expect(actualPlusRemaining(base)).toBe(460 + 800);
  });

  it('linear trend: the least-squares line through the months, carried on to December', () => {
    // Months 100, 110, 120, 130 lie on 90 + 10t; months 5-12 give 140 … 210, sum 1 400.
    expect(linearTrend(base)).toBe(460 + 1400);
    expect(linearTrend({ ...base, month: 1, actualMonths: [75] })).toBe(900);
    expect(linearTrend({ ...base, month: 0, actualMonths: [] })).toBe(1200);
    expect(linearTrend({ ...base, month: 12, actualMonths: new Array(12).fill(10) })).toBe(120);
  });

  it("last year's pattern, scaled by how this year compares so far", () => {
    // Last year to April 400, rest 1 000; this year 460 → ×1,15 → 1 150.
    expect(lastYearPattern(base)).toBe(460 + 1150);
    // No last year: falls back to the budget.
    expect(lastYearPattern({ ...base, lastYearMonths: new Array(12).fill(0) })).toBe(1260);
    // Opposite signs: the pattern is taken as it is.
    expect(lastYearPattern({ ...base, actualMonths: [-100, 0, 0, 0] })).toBe(-100 + 1000);
  });
});

describe('thresholds', () => {
  it('reach on the amount or on the share of the base', () => {
    const t = { level: 'unit' as const, amountOre: 100, percentBp: 500 };
    expect(reaches(100, 1_000_000, t)).toBe(true);
    expect(reaches(-99, 10_000, t)).toBe(false);
    expect(reaches(-50, 1_000, t)).toBe(true); // 5 %
    expect(reaches(-49, 1_000, t)).toBe(false);
    expect(reaches(1, 0, t)).toBe(true); // no budget: any deviation is the whole of it
    expect(reaches(0, 0, t)).toBe(false);
    expect(reaches(5_000, 0, { ...t, percentBp: null, amountOre: null })).toBe(false);
  });
});

describe('cumulative chart', () => {
  it('accumulates budget and outcome, and draws the forecast from the outcome to the helårsprognos like the remaining budget', () => {
    const s = cumulativeSeries([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0, 20], [12, 8, 15], 3, 150);
    expect(s.budget).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, 120]);
    expect(s.actual).toEqual([12, 20, 35, null, null, null, null, null, null, null, null, null]);
    // 115 left over months 4-12, spread like their budget 10 × 7, 0, 20 (of 90).
    expect(s.forecast.slice(0, 3)).toEqual([null, null, 35]);
    expect(s.forecast[3]).toBe(35 + Math.round((115 * 10) / 90));
    expect(s.forecast[9]).toBe(35 + Math.round((115 * 70) / 90));
    expect(s.forecast[10]).toBe(s.forecast[9]);
    expect(s.forecast[11]).toBe(150);
  });

  it('puts nice ticks round the values and the year across the width', () => {
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(730, 5)).toBe(200);
    expect(niceStep(12, 5)).toBe(5);
    // 500 000 kr a month: December's 6 000 tkr is the top of a scale in steps of 2 000 tkr.
    const g = chartGeometry({ budget: Array.from({ length: 12 }, (_, i) => (i + 1) * 50_000_000), actual: [50_000_000, ...new Array(11).fill(null)], forecast: new Array(12).fill(null) });
    const { box } = g;
    // The budget starts at the origin (month 0, value 0) and ends at December at the top right.
    expect(g.paths.budget.startsWith(`M${box.left},${box.height - box.bottom}`)).toBe(true);
    expect(g.paths.budget.endsWith(`L${box.width - box.right},${box.top}`)).toBe(true);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 2e8, 4e8, 6e8]);
    expect(g.unit).toBe('tkr');
    expect(g.yTicks.map((t) => t.label.replace(/\s/g, ' '))).toEqual(['0', '2 000', '4 000', '6 000']);
    expect(g.xTicks).toHaveLength(12);
    expect(g.paths.forecast).toBe('');
    // January's outcome, 500 000 kr: one twelfth across, one twelfth up (coordinates to a tenth).
    const plotH = box.height - box.top - box.bottom;
    expect(g.lastActual!.x).toBeCloseTo(box.left + (box.width - box.left - box.right) / 12, 1);
    expect(g.lastActual!.y).toBeCloseTo(box.top + plotH * (1 - 1 / 12), 1);
  });
});

describe('reporting calendar', () => {
  it('has the common municipal year', () => {
    expect(defaultCalendar(2026).map((o) => [o.period, o.kind])).toEqual([
      [202602, 'monthly'],
      [202603, 'monthly_forecast'],
      [202604, 'tertial'],
      [202605, 'monthly'],
      [202606, 'monthly'],
      [202608, 'interim'],
      [202609, 'monthly'],
      [202610, 'monthly_forecast'],
      [202612, 'annual'],
    ]);
  });

  it('sets enhet by the 15th, verksamhet by the 25th, sektor at the first weekday of the month after', () => {
    // 1 May 2026 is a Friday; 1 August 2026 a Saturday.
    expect(defaultDeadlines(202603)).toEqual({ unit: '2026-04-15', operation: '2026-04-25', sector: '2026-05-01', administration: '2026-05-10' });
    expect(defaultDeadlines(202606)).toEqual({ unit: '2026-07-15', operation: '2026-07-25', sector: '2026-08-03', administration: '2026-08-10' });
    expect(defaultDeadlines(202612)).toEqual({ unit: '2027-01-15', operation: '2027-01-25', sector: '2027-02-01', administration: '2027-02-10' });
  });
});

describe('export', () => {
  it('writes text that a spreadsheet would run as a formula as a text cell, as written, with the Text format', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('x');
    const cells = ['=HYPERLINK("x")', '+46 70', '@SUM(A1)', '-1+2', 'Lön utan budget'].map((t, i) => {
      const cell = ws.getCell(1, i + 1);
      setText(cell, t);
      return cell;
    });
    expect(cells.map((c) => c.value)).toEqual(['=HYPERLINK("x")', '+46 70', '@SUM(A1)', '-1+2', 'Lön utan budget']);
    expect(cells.map((c) => c.type)).toEqual(Array(5).fill(ExcelJS.ValueType.String));
    expect(cells.map((c) => c.numFmt ?? null)).toEqual(['@', '@', '@', '@', null]);
  });
});
