import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampOutcome } from '../../electron/services/exchange/capture';
import { openRamkollDatabase } from '../../electron/services/setup';
import { migrations } from '../../migrations/index';
import { ledgerBatchNo } from '../../migrations/0016_ledger_batch_no';
import { createSmallForvaltning, writeOutcome } from '../support/exchange';
import { tempDir } from '../support/tmp';

/** The exchange's outcome checksum as capture.ts computed it before migration 16 (over the text batch ids). */
const OLD_CHECKSUM = `SELECT period,
  count(*) || ':' || sum(amount_ore) || ':' || sum((coding_id * (amount_ore % 1000003)) % 1000000007) || ':' || count(DISTINCT batch_id) || ':' || min(batch_id) || ':' || max(batch_id) AS checksum
  FROM actual_balance GROUP BY period`;

/**
 * Migration 16 gives actual_balance an integer batch key: every balance
 * keeps its batch, new batches are numbered whoever writes them, and a
 * period the exchange had already seen does not look changed afterwards.
 */
describe('the integer batch key of actual_balance (migration 16)', () => {
  it('keeps every balance with its batch, numbers new batches, and leaves the exchange nothing new to send for periods it had seen', async () => {
    const dir = tempDir('ramkoll-batch-no-');
    const file = path.join(dir, 'gammal.db');
    try {
      const old = await openRamkollDatabase(file, { create: true, migrations: migrations.slice(0, migrations.indexOf(ledgerBatchNo)) });
      createSmallForvaltning(old.db, old.site.id);
      // A second batch over one of the periods, so that balances of two batches share the table.
      old.db.tx(() => writeOutcome(old.db, [202602, 202603], (account, unit, period) => 1_000_00 + Number(unit) + period % 100));
      const balances = (db: typeof old.db, batch: string) =>
        db.prepare(`SELECT b.coding_id, b.period, b.amount_ore, ib.id FROM actual_balance b JOIN import_batch ib ON ib.id = ${batch} ORDER BY 1, 2`).raw().all();
      const before = balances(old.db, 'b.batch_id');
      expect(new Set(before.map((r) => (r as unknown[])[3])).size).toBe(2);
      // The exchange has seen 202601 and 202602 as they are; 202603 changed since it last looked.
      const sums = old.db.prepare(OLD_CHECKSUM).all() as { period: number; checksum: string }[];
      const state = old.db.prepare('INSERT INTO xchg_outcome_state (period, checksum) VALUES (?, ?)');
      for (const s of sums) state.run(s.period, s.period === 202603 ? 'äldre' : s.checksum);
      old.db.close();

      const migrated = await openRamkollDatabase(file);
      const db = migrated.db;
      expect(balances(db, '(SELECT id FROM import_batch WHERE no = b.batch_no)')).toEqual(before);
      expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('actual_balance') WHERE name = 'batch_id'").get()).toEqual({ n: 0 });
      expect(stampOutcome(db)).toEqual([202603]);
      // A batch inserted without a number gets the next one, and balances must name a batch that exists.
      const numbers = db.prepare('SELECT no FROM import_batch ORDER BY no').pluck().all() as number[];
      db.prepare("INSERT INTO import_batch (id, kind, file_name, file_sha256, imported_by, imported_at, row_count, total_ore, periods) VALUES ('ny', 'actual', 'ny.csv', 'x', 't', 't', 0, 0, '[]')").run();
      expect(db.prepare("SELECT no FROM import_batch WHERE id = 'ny'").pluck().get()).toBe(Math.max(...numbers) + 1);
      expect(() => db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no) SELECT coding_id, 202604, 1, 999 FROM actual_balance LIMIT 1').run()).toThrow(/FOREIGN KEY/);
      // The kept sums' triggers came back with the table.
      const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = 'actual_balance' OR sql LIKE '%actual_balance%') ORDER BY name").pluck().all();
      expect(triggers).toEqual(['fsum_account_delete', 'fsum_account_insert', 'fsum_account_update', 'fsum_actual_delete', 'fsum_actual_insert', 'fsum_actual_update']);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
