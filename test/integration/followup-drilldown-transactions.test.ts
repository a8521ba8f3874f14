import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { openTestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

/**
 * A corrected file replaces a period's outcome; the drill-down's
 * transactions must then be the corrected file's, not both files' (which
 * would show every voucher twice and not add up to the outcome).
 */
describe('drill-down transactions after a period is imported again', () => {
  it('lists only the transactions behind the outcome shown, and lists them again when the correction is undone', async () => {
    const dir = tempDir();
    const ctx = await openTestContext(path.join(dir, 'd.db'), { demo: true });
    const original = path.join(FIXTURES, 'ledger', 'visma-transaktioner.csv');
    // The correction: A 1001 (Livsmedel, 31101, March) is 3 000,00 instead of 2 500,00.
    const text = fs.readFileSync(original, 'utf8');
    expect(text).toContain('"2 500,00"');
    const corrected = path.join(dir, 'visma-rattad.csv');
    fs.writeFileSync(corrected, text.replace('"2 500,00"', '"3 000,00"'));

    const first = (await invoke('ledger.import', { file: original, confirm: true }, ctx)) as LedgerImportResult;
    expect(first.applied).toBe(true);
    expect(first.transactions).toBeGreaterThan(0);
    const drill = async () => {
      const view = (await invoke('followup.deviations.get', { period: 202610 }, ctx)) as Output<'followup.deviations.get'>;
      const key = view.rows.find((r) => r.code === '31101' && r.kind === 'node')!.key;
      return (await invoke('followup.drilldown', { period: 202610, key }, ctx)) as Output<'followup.drilldown'>;
    };
    const marchOf = (d: Output<'followup.drilldown'>) => d.transactions.filter((t) => t.period === 202603);
    const sum = (ts: { amount: number }[]) => ts.reduce((s, t) => s + t.amount, 0);

    const before = await drill();
    const marchBefore = marchOf(before);
    expect(marchBefore.length).toBeGreaterThan(0);
    // The file holds every March row of 31101, so its transactions make up March's outcome.
    expect(sum(marchBefore)).toBe(before.months[2]!.actual);

    const second = (await invoke('ledger.import', { file: corrected, period: 202603, confirm: true }, ctx)) as LedgerImportResult;
    expect(second.applied).toBe(true);
    const after = await drill();
    const marchAfter = marchOf(after);
    expect(after.months[2]!.actual).toBe(before.months[2]!.actual! + 50_000);
    expect(marchAfter.length).toBe(marchBefore.length);
    expect(sum(marchAfter)).toBe(after.months[2]!.actual);
    expect(after.transactionCount).toBe(before.transactionCount);
    // April was not in the correction: its transactions stay those of the first file.
    expect(after.transactions.filter((t) => t.period === 202604)).toEqual(before.transactions.filter((t) => t.period === 202604));

    await invoke('ledger.batches.undo', { batchId: second.batch! }, ctx);
    const undone = await drill();
    expect(undone.months[2]!.actual).toBe(before.months[2]!.actual);
    expect(sum(marchOf(undone))).toBe(before.months[2]!.actual);
    expect(undone.transactionCount).toBe(before.transactionCount);
    ctx.db.close();
  });
});
