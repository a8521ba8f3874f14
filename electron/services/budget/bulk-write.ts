import type { Db } from '../../../db/index';
import { bulkCaptured, perRowCapture, type BulkCaptureOptions } from '../exchange/bulk-capture';

/**
 * Writes of many budget lines at once (a version copy, an import, creating
 * or raising thousands of lines) go through here: change capture once for
 * the whole write (exchange/bulk-capture.ts) and the kept sums of
 * budget_group_sum (migration 7) with one grouped statement for the lines as
 * they were and one for the lines as they are, while the per-row sum
 * triggers step aside (fsum_control.budget_deferred, migration 12).
 */

const MONTH_COLUMNS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/** From this many lines a write of lines is cheaper as a bulk write than with a trigger per row. */
export const BULK_LINES = 200;

const groupOf = `coalesce((SELECT a.account_group FROM account a WHERE a.code = c.account_code AND a.deleted_at IS NULL), 'unknown')`;

/** Adds (sign '') or takes away (sign '-') the live lines among `touched` to/from budget_group_sum. */
function addSums(db: Db, touched: string, sign: '' | '-'): void {
  db.prepare(
    `INSERT INTO budget_group_sum (version_id, responsibility_code, account_group, lines, ${MONTH_COLUMNS.join(', ')})
     SELECT b.version_id, c.responsibility_code, ${groupOf}, ${sign}count(*), ${MONTH_COLUMNS.map((m) => `${sign}sum(b.${m})`).join(', ')}
     FROM ${touched} AS i JOIN budget_line AS b ON b.id = i.id JOIN coding AS c ON c.id = b.coding_id
     WHERE b.deleted_at IS NULL GROUP BY 1, 2, 3
     ON CONFLICT (version_id, responsibility_code, account_group) DO UPDATE SET lines = lines + excluded.lines, ${MONTH_COLUMNS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
  ).run();
}

/**
 * Runs `write`, which inserts or changes exactly the budget lines whose ids
 * are in `lineIds` (new ids for lines it creates), as one bulk write. `write`
 * gets the name of a temporary table of those ids (column `id`). With
 * `created`, every id is a new line's (see BulkCaptureOptions): there is
 * nothing to take out of the sums before. Call inside a transaction.
 */
export function bulkWriteLines<T>(db: Db, lineIds: readonly string[], write: (touched: string) => T, opts: BulkCaptureOptions = {}): T {
  return bulkCaptured(db, 'budget_line', lineIds, (touched) => {
    if (perRowCapture()) return write(touched);
    if (!opts.created) addSums(db, touched, '-');
    const before = (db.prepare('SELECT budget_deferred AS d FROM fsum_control WHERE id = 1').get() as { d: number }).d;
    const set = db.prepare('UPDATE fsum_control SET budget_deferred = ? WHERE id = 1');
    set.run(1);
    let result: T;
    try {
      result = write(touched);
    } finally {
      set.run(before);
    }
    addSums(db, touched, '');
    return result;
  }, opts);
}

/** Rows per INSERT of insertMany: a statement per row costs more than SQLite's own work on the row. */
const ROWS_PER_INSERT = 500;

/** Inserts whole rows (values in the order of `target`'s column list, "table (a, b, …)") with a few multi-row INSERTs. */
export function insertMany(db: Db, target: string, rows: readonly (readonly unknown[])[]): void {
  if (rows.length === 0) return;
  const tuple = `(${new Array<string>(rows[0]!.length).fill('?').join(', ')})`;
  const statement = (n: number) => db.prepare(`INSERT INTO ${target} VALUES ${new Array<string>(n).fill(tuple).join(', ')}`);
  const full = rows.length >= ROWS_PER_INSERT ? statement(ROWS_PER_INSERT) : null;
  const params: unknown[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const end = Math.min(rows.length, start + ROWS_PER_INSERT);
    params.length = 0;
    for (let k = start; k < end; k++) for (const v of rows[k]!) params.push(v);
    (end - start === ROWS_PER_INSERT ? full! : statement(end - start)).run(params);
  }
}
