import type { Migration } from './types';

/**
 * An integer batch key in actual_balance (issue 16). Every balance carried
 * its import batch's 36-character text id, in the row and again in the
 * index on it: a million-row ledger import wrote 92 MB of WAL where 37 MB
 * do, and inserting 700,000 sorted balances cost 1.85 s of processor time
 * against 1.40 s with an integer key (raw better-sqlite3, same run).
 *
 * import_batch gets a local number `no` (unique; given by a trigger to every
 * new batch, whoever inserts it, and to the existing ones in rowid order)
 * and actual_balance references it as `batch_no`. The text id stays the
 * batch's identity everywhere else: in the exchange's packages, in
 * actual_balance_replaced and actual_transaction, and in every answer.
 *
 * The exchange's outcome checksums (capture.ts) name the batches of a
 * period; a period whose stored checksum matched its balances before this
 * migration gets the checksum of the same balances after it, so that the
 * new key does not look like a change to send.
 */
const OLD_CHECKSUM = `SELECT period,
  count(*) || ':' || sum(amount_ore) || ':' || sum((coding_id * (amount_ore % 1000003)) % 1000000007) || ':' || count(DISTINCT batch_id) || ':' || min(batch_id) || ':' || max(batch_id) AS checksum
  FROM actual_balance GROUP BY period`;
const NEW_CHECKSUM = `SELECT period,
  count(*) || ':' || sum(amount_ore) || ':' || sum((coding_id * (amount_ore % 1000003)) % 1000000007) || ':' || count(DISTINCT batch_no) || ':' || min(batch_no) || ':' || max(batch_no) AS checksum
  FROM actual_balance GROUP BY period`;

export const ledgerBatchNo: Migration = {
  version: 16,
  name: 'ledger: an integer batch key in actual_balance',
  up(db) {
    const checksums = (sql: string) => new Map((db.prepare(sql).all() as { period: number; checksum: string }[]).map((r) => [r.period, r.checksum]));
    const before = checksums(OLD_CHECKSUM);
    // The kept-sums triggers on actual_balance go with the table, and those on account read it (a rename checks them
    // against a schema without it): all are dropped and created again from their own SQL, which names no batch column.
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = 'actual_balance' OR sql LIKE '%actual_balance%')").all() as {
      name: string;
      sql: string;
    }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    db.exec(`
ALTER TABLE import_batch ADD COLUMN no INTEGER;
UPDATE import_batch SET no = rowid;
CREATE UNIQUE INDEX import_batch_no ON import_batch (no);
CREATE TRIGGER import_batch_number AFTER INSERT ON import_batch WHEN NEW.no IS NULL BEGIN
  UPDATE import_batch SET no = (SELECT coalesce(max(no), 0) + 1 FROM import_batch) WHERE rowid = NEW.rowid;
END;
CREATE TABLE actual_balance_new (
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  period INTEGER NOT NULL REFERENCES period (period),
  amount_ore INTEGER NOT NULL,
  batch_no INTEGER NOT NULL REFERENCES import_batch (no),
  PRIMARY KEY (coding_id, period)
) STRICT, WITHOUT ROWID;
INSERT INTO actual_balance_new (coding_id, period, amount_ore, batch_no)
  SELECT coding_id, period, amount_ore, (SELECT no FROM import_batch WHERE id = batch_id) FROM actual_balance ORDER BY coding_id, period;
DROP TABLE actual_balance;
ALTER TABLE actual_balance_new RENAME TO actual_balance;
CREATE INDEX actual_balance_period ON actual_balance (period);
CREATE INDEX actual_balance_batch ON actual_balance (batch_no);
`);
    for (const t of triggers) db.exec(t.sql);
    const after = checksums(NEW_CHECKSUM);
    const update = db.prepare('UPDATE xchg_outcome_state SET checksum = ? WHERE period = ? AND checksum = ?');
    for (const [period, old] of before) {
      const now = after.get(period);
      if (now !== undefined) update.run(now, period, old);
    }
  },
};
