import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviationRow } from '../../electron/api/features/followup';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import { summary } from '../../electron/services/figures/summary';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

const PERIOD = 202610;

function sumOf(rows: DeviationRow[], field: 'budgetYear' | 'budgetAcc' | 'actualAcc' | 'actualAccLastYear' | 'forecastYear'): number {
  return rows.reduce((s, r) => s + (r[field] ?? 0), 0);
}

describe('follow-up channels on the demo database', () => {
  let ctx: TestContext;
  let view: Output<'followup.deviations.get'>;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'demo.db'), { demo: true });
    view = await invoke('followup.deviations.get', { period: PERIOD }, ctx) as Output<'followup.deviations.get'>;
  });

  it('opens on the latest period with the year’s calendar, earlier rounds locked', async () => {
    const cal = (await invoke('followup.calendar.get', {}, ctx)) as Output<'followup.calendar.get'>;
    expect(cal.defaultPeriod).toBe(PERIOD);
    expect(cal.occasions.map((o) => o.period)).toEqual([202602, 202603, 202604, 202605, 202606, 202608, 202609, 202610, 202612]);
    expect(cal.occasions.filter((o) => o.lockedAt !== null).map((o) => o.period)).toEqual([202602, 202603, 202604, 202605, 202606, 202608, 202609]);
    expect(view.occasion?.period).toBe(PERIOD);
    expect(view.source).toBe('live');
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('makes every row the sum of its children, and account groups and accounts add up to their row', async () => {
    const children = new Map<string, DeviationRow[]>();
    for (const r of view.rows) if (r.parentKey) children.set(r.parentKey, [...(children.get(r.parentKey) ?? []), r]);
    for (const r of view.rows) {
      const c = children.get(r.key);
      if (!c) continue;
      for (const f of ['budgetYear', 'budgetAcc', 'actualAcc', 'actualAccLastYear', 'forecastYear'] as const) expect(sumOf(c, f), `${r.key} ${f}`).toBe(r[f]);
    }
    const grouped = (await invoke('followup.deviations.get', { period: PERIOD, groups: true }, ctx)) as Output<'followup.deviations.get'>;
    const unit = grouped.rows.find((r) => r.code === '31104' && r.kind === 'node')!;
    const groups = grouped.rows.filter((r) => r.parentKey === unit.key && r.kind === 'group');
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const f of ['budgetYear', 'budgetAcc', 'actualAcc', 'forecastYear'] as const) expect(sumOf(groups, f)).toBe(unit[f]);
    const personnel = groups.find((g) => g.key.endsWith('/g:personnel'))!;
    const accounts = (await invoke('followup.deviations.accounts', { period: PERIOD, key: personnel.key }, ctx)) as DeviationRow[];
    expect(accounts.every((a) => a.code.startsWith('5'))).toBe(true);
    for (const f of ['budgetYear', 'budgetAcc', 'actualAcc'] as const) expect(sumOf(accounts, f)).toBe(personnel[f]);
  });

  it('drills a figure down to budget lines and months, outcome per month and import batch', async () => {
    const unit = view.rows.find((r) => r.code === '31104')!;
    const d = (await invoke('followup.drilldown', { period: PERIOD, key: unit.key }, ctx)) as Output<'followup.drilldown'>;
    expect(d.months.reduce((s, m) => s + m.budget, 0)).toBe(unit.budgetYear);
    expect(d.months.slice(0, 10).reduce((s, m) => s + m.budget, 0)).toBe(unit.budgetAcc);
    expect(d.months.reduce((s, m) => s + (m.actual ?? 0), 0)).toBe(unit.actualAcc);
    expect(d.months[10]!.actual).toBeNull();
    expect(d.batches.reduce((s, b) => s + b.amount, 0)).toBe(unit.actualAcc);
    expect(d.batches[0]!.fileName).toMatch(/Demo: utfall/);
    // The demo moves 800 000 kr to 31104 by SN § 87 in September: its own row beside the lines.
    expect(d.reallocations).toMatchObject([{ decisionRef: expect.stringMatching(/§ 87$/), decidedOn: expect.stringMatching(/-09-16$/), toCode: '31104', yearOre: 80_000_000 }]);
    expect(d.reallocations[0]!.months.slice(0, 10).reduce((s, m) => s + m, 0)).toBe(40_000_000);
    expect(d.budgetLines.reduce((s, l) => s + l.yearOre, 0) + d.reallocations.reduce((s, r) => s + r.yearOre, 0)).toBe(unit.budgetYear);
    expect(d.budgetLineCount).toBe(d.budgetLines.length);
    const chart = (await invoke('followup.chart', { period: PERIOD, key: unit.key }, ctx)) as Output<'followup.chart'>;
    expect(chart.series.budget[11]).toBe(unit.budgetYear);
    expect(chart.series.actual[9]).toBe(unit.actualAcc);
    expect(chart.series.forecast[11]).toBe(unit.forecastYear);
    expect(chart.geometry.paths.actual).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){10}$/);
  });

  it('sets a forecast by method for an enhet, by hand on a sektor, and shows the sum below', async () => {
    const occasionId = view.occasion!.id;
    const unit = view.rows.find((r) => r.code === '31202')!;
    const applied = (await invoke('followup.forecast.apply', { occasionId, code: '31202', method: 'actual_plus_remaining', target: 'node' }, ctx)) as Output<'followup.forecast.apply'>;
    for (const g of applied.groups.filter((x) => x.group !== 'unknown')) expect(g.forecast, g.group).toBe(g.actualAcc + g.budgetYear - g.budgetAcc);
    expect(applied.groups.reduce((s, g) => s + (g.forecast ?? 0), 0)).toBe(unit.actualAcc + unit.budgetYear - unit.budgetAcc);

    const before = (await invoke('followup.deviations.get', { period: PERIOD }, ctx)) as Output<'followup.deviations.get'>;
    const set = (await invoke('followup.forecast.set', { occasionId, code: '3200', group: 'personnel', amount: '50 000 000' }, ctx)) as Output<'followup.forecast.set'>;
    const personnel = set.groups.find((g) => g.group === 'personnel')!;
    expect(personnel).toMatchObject({ forecast: 5_000_000_000, source: 'set', method: 'manual' });
    expect(personnel.below).not.toBe(personnel.forecast);
    const after = (await invoke('followup.deviations.get', { period: PERIOD }, ctx)) as Output<'followup.deviations.get'>;
    // The direct row takes the difference to the sum below (beside what it already held: the September omfördelning out of 3200).
    const direct = (rows: DeviationRow[]) => rows.find((r) => r.key === 'd:3200')?.forecastYear ?? 0;
    expect(direct(after.rows) - direct(before.rows)).toBe(5_000_000_000 - personnel.below!);
    const cleared = (await invoke('followup.forecast.clear', { occasionId, code: '3200', group: 'personnel' }, ctx)) as Output<'followup.forecast.clear'>;
    expect(cleared.groups.find((g) => g.group === 'personnel')).toMatchObject({ source: 'sum', forecast: personnel.below });
    const bad = await invoke('followup.forecast.set', { occasionId, code: '3200', group: 'personnel', amount: 'tio' }, ctx).catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/Prognos: "tio" är inget belopp/);
  });

  it('compares each prognos with the final outcome of last year', async () => {
    const acc = (await invoke('followup.accuracy.get', { year: 2025, level: 'sector' }, ctx)) as Output<'followup.accuracy.get'>;
    expect(acc.complete).toBe(true);
    expect(acc.occasions.map((o) => o.period)).toEqual([202503, 202504, 202508, 202510]);
    const last = summary(ctx.db, 2025);
    for (const s of last.sectors) {
      const row = acc.rows.find((r) => r.code === s.code)!;
      expect(row.final).toBe(s.actualAcc);
      row.forecasts.forEach((f, i) => expect(row.differences[i]).toBe(f! - row.final));
    }
    expect(acc.total.final).toBe(last.actualTotal);
  });

  it('reports the round against the deadlines', async () => {
    const round = (await invoke('followup.round.status', {}, ctx)) as Output<'followup.round.status'>;
    expect(round.occasions.map((o) => o.period)).toEqual([PERIOD]);
    const unit = round.occasions[0]!.levels.find((l) => l.level === 'unit')!;
    // The test clock is 20 November: the enhet deadline (15 November) has passed, verksamhet (25th) not.
    expect(unit).toMatchObject({ deadline: '2026-11-15', passed: true });
    expect(unit.overdue).toBe(unit.missing + unit.draft + unit.returned);
    expect(round.occasions[0]!.levels.find((l) => l.level === 'operation')).toMatchObject({ passed: false, overdue: 0 });
  });

  it('edits thresholds and the calendar, with clear messages for bad input', async () => {
    const t = (await invoke('followup.thresholds.save', { level: 'operation', amount: '300 000', percent: '4,5' }, ctx)) as Output<'followup.thresholds.save'>;
    expect(t.find((x) => x.level === 'operation')).toEqual({ level: 'operation', amountOre: 30_000_000, percentBp: 450 });
    await expect(invoke('followup.thresholds.save', { level: 'unit', amount: '-5', percent: '' }, ctx)).rejects.toThrow(/Tröskel i kronor/);
    const july = (await invoke('followup.occasion.save', { year: 2026, period: 202607, kind: 'monthly', name: 'Juli', deadlines: { unit: '2026-08-15', operation: null, sector: null, administration: null } }, ctx)) as Output<'followup.occasion.save'>;
    await expect(invoke('followup.occasion.save', { year: 2026, period: 202607, kind: 'monthly', name: 'Juli igen', deadlines: { unit: null, operation: null, sector: null, administration: null } }, ctx)).rejects.toThrow(/redan ett uppföljningstillfälle/);
    await invoke('followup.occasion.delete', { id: july.id }, ctx);
    await expect(invoke('followup.occasion.delete', { id: view.occasion!.id }, ctx)).rejects.toThrow(/har kommentarer/);
    await expect(invoke('followup.occasion.save', { year: 2026, period: 202607, kind: 'monthly', name: 'Juli', deadlines: { unit: '2026-02-30', operation: null, sector: null, administration: null } }, ctx)).rejects.toThrow(/Enhet klar: ange datum/);
  });

  it('exports the rows the grid shows to a formatted Excel file', async () => {
    const file = path.join(tempDir(), 'avvikelser.xlsx');
    const keys = view.rows.filter((r) => r.depth <= 1).map((r) => r.key);
    const out = (await invoke('followup.deviations.export', { period: PERIOD, unit: 'tkr', keys, file }, ctx)) as Output<'followup.deviations.export'>;
    expect(out).toEqual({ rows: keys.length, file: 'avvikelser.xlsx' });
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Avvikelser')!;
    expect(ws.getCell('A1').value).toBe('Avvikelser oktober 2026 – Månadsrapport oktober med prognos');
    expect(ws.getRow(4).getCell(3).value).toBe('Budget helår (tkr)');
    const first = view.rows[0]!;
    expect(ws.getRow(5).getCell(1).value).toBe(first.code);
    expect(ws.getRow(5).getCell(3).value).toBeCloseTo(first.budgetYear / 100_000, 5);
    expect(ws.getRow(5).getCell(3).numFmt).toBe('#,##0;-#,##0;0');
    const dev = ws.getRow(5).getCell(6);
    expect(dev.font.color?.argb).toBe(first.deviationAcc < 0 ? 'FFB3261E' : 'FF14683A');
    expect(ws.getRow(5 + keys.length).getCell(2).value).toBe('Totalt');
    expect(ws.getRow(6).getCell(2).alignment.indent).toBe(1);
  });

  it('unlocks an occasion after a backup, and locks it again', async () => {
    const cal = (await invoke('followup.calendar.get', {}, ctx)) as Output<'followup.calendar.get'>;
    const september = cal.occasions.find((o) => o.period === 202609)!;
    expect(((await invoke('followup.deviations.get', { period: 202609 }, ctx)) as Output<'followup.deviations.get'>).source).toBe('snapshot');
    await invoke('followup.occasion.unlock', { id: september.id }, ctx);
    expect(fs.readdirSync(ctx.db.backupDir).some((f) => f.includes('fore-upplasning'))).toBe(true);
    expect(((await invoke('followup.deviations.get', { period: 202609 }, ctx)) as Output<'followup.deviations.get'>).source).toBe('live');
    const locked = (await invoke('followup.occasion.lock', { id: september.id }, ctx)) as Output<'followup.occasion.lock'>;
    expect(locked.lockedAt).toBe(ctx.now().toISOString());
    expect(((await invoke('followup.deviations.get', { period: 202609 }, ctx)) as Output<'followup.deviations.get'>).source).toBe('snapshot');
  });
});
