import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import type { BudgetChangeList, BudgetExportResult, BudgetImportResult } from '../../electron/api/features/planning';
import { runCli, runCliJson } from '../support/cli';
import { contentHash } from '../support/db';
import { readSie } from '../support/sie-reader';
import { FIXTURES, tempDir } from '../support/tmp';

describe('ramkoll budget export / import', () => {
  it('exports the current budget as SIE, CSV and Excel; the SIE sums to the budget of `ramkoll summary` apart from KF:s budget changes', () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const summary = runCliJson<Summary>(['summary', '--db', db]);
    // The version's lines are the detaljbudget; a ram change decided by KF (the demo's lönekompensation of 20 May) is in the budget in force but in no line.
    const changes = runCliJson<BudgetChangeList>(['budget', 'changes', '--db', db, '--year', '2026']);
    expect(changes.changes.map((c) => c.decidedOn)).toEqual(['2026-05-20']);
    const sieFile = path.join(dir, 'budget.se');
    const r = runCliJson<BudgetExportResult>(['budget', 'export', '--db', db, '--version', 'current', '--format', 'sie', '--out', sieFile]);
    expect(r).toMatchObject({ format: 'sie', year: 2026, totalOre: summary.originalBudgetTotal });
    expect(r.totalOre).toBe(summary.budgetTotal - changes.totalOre);
    const sie = readSie(fs.readFileSync(sieFile));
    const perPeriod = new Map<number, number>();
    for (const p of sie.pbudget) perPeriod.set(p.period, (perPeriod.get(p.period) ?? 0) + p.ore);
    const difference = summary.perPeriod.map((p) => p.budget - (perPeriod.get(p.period) ?? 0));
    // Before May the two agree to the öre; from May the change is spread evenly over the eight months left.
    expect(difference.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(difference.slice(4).reduce((a, b) => a + b, 0)).toBe(changes.totalOre);
    for (const d of difference.slice(4)) expect(Math.abs(d - changes.totalOre / 8)).toBeLessThanOrEqual(1);

    for (const format of ['csv', 'xlsx']) {
      const out = path.join(dir, `budget.${format}`);
      const text = runCli(['budget', 'export', '--db', db, '--version', r.versionId, '--format', format, '--out', out]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`^budget\\.${format}: Budget 2026 \\(2026\\), \\d+ kodsträngar`));
      expect(fs.statSync(out).size).toBeGreaterThan(1000);
    }
    expect(runCli(['budget', 'export', '--db', db, '--version', 'current', '--format', 'pdf', '--out', 'x']).code).toBe(2);
    expect(runCli(['budget', 'export', '--help']).stdout).toMatch(/#PBUDGET/);
  });

  it('imports a detaljbudget into a new version; a bad file exits 1, names file, line and column, and changes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const good = runCliJson<BudgetImportResult>(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-arsbelopp.csv'), '--db', db, '--name', 'Från Excel']);
    expect(good).toMatchObject({ applied: true, createdVersion: true, versionName: 'Från Excel', lines: 4, totalOre: 1_280_456_750 });

    const before = contentHash(db);
    const bad = runCli(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-fel.csv'), '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/detaljbudget-fel\.csv: 7 fel, inget har ändrats\. rad 3, kolumn Konto \(B\): konto 4999 finns inte i kontoplanen/);
    const json = runCli(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-fel.csv'), '--db', db, '--json']);
    const err = JSON.parse(json.stdout) as { error: { details: { line: number; column: string; file: string }[] } };
    expect(err.error.details[0]).toMatchObject({ file: 'detaljbudget-fel.csv', line: 3, column: 'Konto (B)' });
    expect(contentHash(db)).toBe(before);
    expect(runCli(['budget', 'import', 'x.csv', '--db', db, '--replace']).code).toBe(2);
  });

  it('imports the #PBUDGET of a SIE file; a bad one exits 1 naming line and column, and changes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const good = runCliJson<BudgetImportResult>(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-pbudget.se'), '--db', db, '--name', 'Från Raindance']);
    // By hand from the fixture: 120 000 + 115 000 + 36 500 − 15 006 + 9 000 kr in five kodsträngar.
    expect(good).toMatchObject({ applied: true, createdVersion: true, versionName: 'Från Raindance', year: 2026, lines: 5, totalOre: 26_549_400 });
    const text = runCli(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-pbudget.se'), '--db', db, '--dry-run']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^detaljbudget-pbudget\.se: 5 budgetrader för 2026, totalt 265[\s\u00a0]494,00 kr .*\(provkörning, inget sparat\)/);

    const before = contentHash(db);
    const bad = runCli(['budget', 'import', path.join(FIXTURES, 'budget', 'detaljbudget-pbudget-fel.se'), '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/detaljbudget-pbudget-fel\.se: 6 fel, inget har ändrats\. rad 9, kolumn konto: konto 4999 finns inte i kontoplanen/);
    expect(contentHash(db)).toBe(before);
    expect(runCli(['budget', 'import', '--help']).stdout).toMatch(/SIE/);
  });
});
