/**
 * The flerårsplan on the command line (issue 17, points 1 and 6): the Excel
 * export has the budget year and both plan years, SIE #PBUDGET only the
 * budget year, and `ramkoll budget frames --json` lists the ramar of all
 * three years.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BudgetExportResult, FrameBalances, MultiyearPlan } from '../../electron/api/features/planning';
import { openDatabase } from '../../db/index';
import { multiyearPlan } from '../../electron/services/budget/multiyear';
import { runCli, runCliJson } from '../support/cli';
import { readSie } from '../support/sie-reader';
import { tempDir } from '../support/tmp';

describe('ramkoll and the flerårsplan', () => {
  it('exports the three years in xlsx, only the budget year in SIE, and lists the ramar of three years', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);

    const frames = runCliJson<FrameBalances>(['budget', 'frames', '--db', db, '--json']);
    expect(frames.years).toEqual([2026, 2027, 2028]);
    const root = frames.nodes[0]!;
    expect(root.frameOre).not.toBeNull();
    expect(root.planYears.map((y) => y.year)).toEqual([2027, 2028]);
    for (const y of root.planYears) expect(y.frameOre).not.toBeNull();
    // KF's lönekompensation has an amount for 2027: in that year's ram i kraft.
    expect(root.planYears[0]!.frameInForceOre).toBe(root.planYears[0]!.frameOre! + root.planYears[0]!.changedOre);
    expect(root.planYears[0]!.changedOre).toBeGreaterThan(0);
    const text = runCli(['budget', 'frames', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2026, 2027, 2028/);
    expect(runCli(['budget', 'frames', '--help']).stdout).toMatch(/planYears/);

    const xlsx = path.join(dir, 'budget.xlsx');
    const r = runCliJson<BudgetExportResult>(['budget', 'export', '--db', db, '--version', 'current', '--format', 'xlsx', '--out', xlsx]);
    const opened = await openDatabase(db, { readonly: true });
    let plan: MultiyearPlan;
    try {
      plan = multiyearPlan(opened, r.versionId);
    } finally {
      opened.close();
    }
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Detaljbudget', 'Flerårsplan', 'Om filen']);
    const ws = wb.getWorksheet('Flerårsplan')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Ansvar', 'Ansvarsnamn', 'Rad', 'Ram i kraft 2026', 'Budget 2026', 'Ram i kraft 2027', 'Plan 2027', 'Ram i kraft 2028', 'Plan 2028']);
    // The förvaltning's total row: ram i kraft and budget/plan per year, in kronor, as the service computes them.
    const top = ws.getRow(2);
    expect(top.getCell(1).value).toBe(plan.nodes[0]!.code);
    expect(top.getCell(3).value).toBe('Totalt');
    const ore = (c: number) => Math.round(Number(top.getCell(c).value) * 100);
    expect([ore(4), ore(6), ore(8)]).toEqual([root.frameInForceOre, root.planYears[0]!.frameInForceOre, root.planYears[1]!.frameInForceOre]);
    expect([ore(5), ore(7), ore(9)]).toEqual(plan.nodes[0]!.yearsOre);
    expect(plan.nodes[0]!.yearsOre[0]).toBe(r.totalOre);
    // Every node has a total row; the group rows under it sum to it, each year.
    let rowNo = 2;
    for (const n of plan.nodes) {
      const sums = [0, 0, 0];
      expect(ws.getRow(rowNo).getCell(3).value).toBe('Totalt');
      for (let g = 1; g <= n.groups.length; g++) [5, 7, 9].forEach((c, i) => (sums[i]! += Math.round(Number(ws.getRow(rowNo + g).getCell(c).value) * 100)));
      expect(sums).toEqual(n.yearsOre);
      rowNo += 1 + n.groups.length;
    }
    const info = wb.getWorksheet('Om filen')!;
    const infoText = info.getSheetValues().flat().join(' ');
    expect(infoText).toContain('Antaganden 2027');
    expect(infoText).toContain('löneökning 3,20 %');

    // SIE: #PBUDGET for the budget year's periods only.
    const sieFile = path.join(dir, 'budget.se');
    runCliJson<BudgetExportResult>(['budget', 'export', '--db', db, '--version', 'current', '--format', 'sie', '--out', sieFile]);
    const sie = readSie(fs.readFileSync(sieFile));
    expect(sie.pbudget.length).toBeGreaterThan(0);
    expect(new Set(sie.pbudget.map((p) => Math.floor(p.period / 100)))).toEqual(new Set([2026]));
    expect(runCli(['budget', 'export', '--help']).stdout).toMatch(/Flerårsplan/);
  });
});
