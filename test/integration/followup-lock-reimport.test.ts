import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import { runCli, runCliJson } from '../support/cli';
import { tempDir } from '../support/tmp';

interface DeviationRow {
  code: string;
  actualAcc: number;
  deviationAcc: number;
  commentStatus: string;
}

/**
 * Issue 5: a locked occasion keeps its figures even when outcome is imported
 * again later — here through the real ledger import of the CLI, which
 * replaces the whole period.
 */
describe('a locked occasion and a later re-import of its period', () => {
  it('keeps the locked figures while the live outcome changes', () => {
    const dir = tempDir('ramkoll-lock-');
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);

    const lockedBefore = runCliJson<DeviationRow[]>(['deviations', '--db', db, '--period', '202609']);
    const openBefore = runCliJson<DeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    const summaryBefore = runCliJson<Summary>(['summary', '--db', db]);
    expect(lockedBefore.length).toBeGreaterThan(60);

    // A corrected September from the ekonomisystem: one line only, so the period's outcome changes completely.
    const file = path.join(dir, 'utfall-2026-09.csv');
    fs.writeFileSync(file, 'Ansvar;Konto;Period;Belopp\r\n31101;4010;202609;1 000 000,00\r\n', 'utf8');
    // It replaces a whole period of over a thousand balances, reported by a locked occasion: not without --confirm.
    const refused = runCli(['import', file, '--db', db, '--json']);
    expect(refused.code).toBe(1);
    const warned = JSON.parse(refused.stdout) as { batch: string | null; needsConfirmation: boolean; warnings: { kind: string; period: string }[] };
    expect(warned).toMatchObject({ batch: null, needsConfirmation: true });
    expect(warned.warnings.map((w) => [w.kind, w.period])).toEqual([
      ['fewBalances', '202609'],
      ['lockedPeriod', '202609'],
    ]);
    expect(refused.stderr).toMatch(/Varning: Utfallet för september 2026 är redan rapporterat i (det|de) låsta uppföljningstillfälle/);
    expect(runCliJson<Summary>(['summary', '--db', db])).toEqual(summaryBefore);
    const imported = runCliJson<{ batch: string | null; periods: string[] }>(['import', file, '--db', db, '--confirm']);
    expect(imported.batch).not.toBeNull();
    expect(imported.periods).toEqual(['202609']);

    const summaryAfter = runCliJson<Summary>(['summary', '--db', db]);
    const september = (s: Summary) => s.perPeriod.find((p) => p.period === 202609)!.actual;
    expect(september(summaryAfter)).toBe(100_000_000);
    expect(september(summaryBefore)).not.toBe(september(summaryAfter));

    // The open October round, accumulated over September, sees the new outcome …
    const openAfter = runCliJson<DeviationRow[]>(['deviations', '--db', db, '--period', '202610']);
    expect(openAfter.find((r) => r.code === '3000')!.actualAcc).not.toBe(openBefore.find((r) => r.code === '3000')!.actualAcc);
    // … while the locked September occasion shows exactly what it showed when it was locked.
    expect(runCliJson<DeviationRow[]>(['deviations', '--db', db, '--period', '202609'])).toEqual(lockedBefore);
  });
});
