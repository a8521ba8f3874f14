import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotSql } from '../../electron/services/followup/snapshot-figures';
import { openTestContext } from '../support/db';
import { buildSmallAdministration } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * The lock's statement (snapshot-figures.ts) is one pass over the balances and
 * the version's lines with a single sort: the grouping per ansvar and konto,
 * whose output is already in the snapshot table's key order. A second sort
 * (the lines grouped on their own first, an ORDER BY after the grouping) cost
 * a fifth of a lock of two million balances; what the rows hold is tested in
 * followup-lock-bulk.test.ts.
 */
describe('the snapshot statement of a lock', () => {
  it('sorts once, reads the balances from their primary key, and writes the rows without an ORDER BY', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'lock-plan.db'));
    try {
      buildSmallAdministration(ctx);
      for (const period of [202601, 202606, 202612]) {
        const sql = snapshotSql(period, true);
        const plan = (ctx.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ occasion: 'x', reallocations: '[]', version: 'v' }) as { detail: string }[]).map((r) => r.detail);
        expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toEqual(['USE TEMP B-TREE FOR GROUP BY']);
        // Both years' outcome streams from the balances' primary key (coding_id, period), not from the period index.
        expect(plan.filter((d) => d.includes('actual_balance'))).toEqual(['SCAN actual_balance', 'SCAN actual_balance']);
      }
    } finally {
      ctx.db.close();
    }
  });
});
