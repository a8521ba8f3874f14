import type { Db } from '../../../db/index';
import { bulkCacheForTransaction } from '../../../db/bulk';
import { fieldValueSql, nodeSql, suspended } from './capture';
import { TICK_SQL, versionSql } from './hlc';
import { EXCHANGED_TABLES } from './registry';
import type { ExchangedTable, FieldDef } from './registry-types';

/**
 * Change capture for bulk writes. The per-row capture triggers
 * (capture.ts) cost a clock tick, a max(version) lookup per field and an
 * insert per field for every row: for 50 000 budget lines that is most of
 * the time of a version copy. A bulk writer instead names the rows it will
 * touch, writes them with capture suspended, and this records the same
 * changes afterwards with one statement for all fields of all rows and ONE
 * clock tick (as baseline() does): the same tbl, row_id, field, value and
 * node as the triggers would have written, base = the field's greatest
 * version before the write. Rows inserted get every field, rows updated the
 * fields whose columns changed, rows hard-deleted a tombstone.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

let serial = 0;
let perRow = false;

/**
 * For tests: runs fn with every bulk write captured by the per-row triggers
 * instead (and the budget sums kept by theirs), the reference that what a
 * bulk write records is compared with.
 */
export function withPerRowCapture<T>(fn: () => T): T {
  perRow = true;
  try {
    return fn();
  } finally {
    perRow = false;
  }
}

/** True inside withPerRowCapture. */
export function perRowCapture(): boolean {
  return perRow;
}

function tableOf(table: string): ExchangedTable {
  const t = EXCHANGED_TABLES.find((x) => x.table === table);
  if (!t) throw new Error(`bulk capture: ${table} is not an exchanged table`);
  return t;
}

const changed = (f: FieldDef, before: string, after: string) => f.columns.map((c) => `${before}.${c} IS NOT ${after}.${c}`).join(' OR ');

export interface BulkCaptureOptions {
  /**
   * Every row in rowIds is one the write creates, under ids made for it
   * (newSortableIds): no row has a state before or a log entry, so there is
   * no snapshot to take and no base to look up (base NULL, as the insert
   * trigger finds for a new row).
   */
  created?: boolean;
}

/**
 * Runs `write` (which must touch only the rows whose keys are in `rowIds`)
 * with capture suspended, then records its changes. `write` gets the name of
 * a temporary table holding the keys (column `id`), for set-based SQL.
 * Call inside a transaction.
 */
export function bulkCaptured<T>(db: Db, table: string, rowIds: readonly string[], write: (touched: string) => T, opts: BulkCaptureOptions = {}): T {
  bulkCacheForTransaction(db);
  return captured(db, tableOf(table), rowIds, write, opts.created === true);
}

function captured<T>(db: Db, t: ExchangedTable, rowIds: readonly string[], write: (touched: string) => T, created: boolean): T {
  const n = ++serial;
  const touched = `temp.bulk_ids_${n}`;
  const before = `temp.bulk_old_${n}`;
  db.sqlite.exec(`CREATE TEMP TABLE bulk_ids_${n} (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID`);
  try {
    db.prepare(`INSERT OR IGNORE INTO ${touched} (id) SELECT value FROM json_each(?)`).run(JSON.stringify(rowIds));
    if (perRow) return write(touched);
    // What the rows were before: an update records the fields that changed from this.
    if (!created) db.sqlite.exec(`CREATE TEMP TABLE bulk_old_${n} AS SELECT r.* FROM ${t.table} AS r WHERE r.${t.key} IN (SELECT id FROM ${touched})`);
    const result = suspended(db, () => write(touched));
    record(db, t, touched, created ? null : before, n);
    return result;
  } finally {
    db.sqlite.exec(`DROP TABLE IF EXISTS ${touched}; DROP TABLE IF EXISTS ${before}; DROP TABLE IF EXISTS temp.bulk_rows_${n};`);
  }
}

/** SQL: the greatest version logged for a field of a row (the base of its next change), one seek of the log's unique index. */
const baseSql = (t: ExchangedTable, row: string, field: string) => `(SELECT max(p.version) FROM xchg_change AS p WHERE p.tbl = ${q(t.table)} AND p.row_id = ${row} AND p.field = ${field})`;

/** Records the changes of the rows in `touched`; `before` is the snapshot of them before the write, null when the write created them all. */
function record(db: Db, t: ExchangedTable, touched: string, before: string | null, n: number): void {
  const where = (row: string) => (t.captureWhere ? ` AND ${t.captureWhere(row)}` : '');
  const k = t.key;
  const rows = `temp.bulk_rows_${n}`;
  const fields = t.fields.map((f, i) => ({ f, i })).sort((a, b) => (a.f.name < b.f.name ? -1 : 1));
  const fieldList = `(${fields.map(({ f, i }) => `SELECT ${i} AS i, ${q(f.name)} AS name`).join(' UNION ALL ')})`;
  if (before === null) {
    // Rows the write created: every field, no base, straight from the rows in key order (touched is keyed by id), the
    // fields by name within a row: the order of the log's unique index.
    db.prepare(TICK_SQL).run();
    db.sqlite.exec(
      `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
       SELECT ${q(t.table)}, r.${k}, f.name, CASE f.i ${fields.map(({ f, i }) => `WHEN ${i} THEN ${fieldValueSql(f, 'r')}`).join(' ')} END, ${versionSql('c')}, NULL, ${nodeSql(t, 'r')}, c.site
       FROM ${touched} AS i JOIN ${t.table} AS r ON r.${k} = i.id CROSS JOIN ${fieldList} AS f JOIN xchg_clock AS c ON c.id = 1
       WHERE 1${where('r')}`,
    );
    return;
  }
  // Each touched row once, in key order: its node, every field's value, whether it changed (o is the row before, NULL
  // when inserted) and, for a field that changed on a row that existed, its base: looked up for the changed fields
  // only (a raise changes one field of seven), as the triggers do. Rows the write created have no base.
  // Values without a declared type: a column declared ANY in a table that is not STRICT has numeric affinity and would turn the text '5010' into 5010.
  db.sqlite.exec(`CREATE TEMP TABLE bulk_rows_${n} (row_id TEXT PRIMARY KEY NOT NULL, node, ${t.fields.map((_, i) => `v${i}, c${i} INTEGER, b${i}`).join(', ')}) WITHOUT ROWID`);
  const columns = t.fields.map((f) =>
    before === null
      ? `${fieldValueSql(f, 'r')}, 1, NULL`
      : `${fieldValueSql(f, 'r')}, (o.${k} IS NULL OR ${changed(f, 'o', 'r')}), CASE WHEN o.${k} IS NOT NULL AND (${changed(f, 'o', 'r')}) THEN ${baseSql(t, `r.${k}`, q(f.name))} END`,
  );
  db.sqlite.exec(`INSERT INTO ${rows} SELECT r.${k}, ${nodeSql(t, 'r')},
      ${columns.join(',\n      ')}
    FROM ${touched} AS i JOIN ${t.table} AS r ON r.${k} = i.id${before === null ? '' : ` LEFT JOIN ${before} AS o ON o.${k} = r.${k}`}
    WHERE 1${where('r')}`);
  db.prepare(TICK_SQL).run();
  // One statement for every field, in the order of the unique index (tbl, row_id, field, version): rows in key
  // order from bulk_rows, fields by name within a row, so each index page is written once.
  const pick = (what: 'v' | 'c' | 'b') => `CASE f.i ${fields.map(({ i }) => `WHEN ${i} THEN x.${what}${i}`).join(' ')} END`;
  db.sqlite.exec(
    `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
     SELECT ${q(t.table)}, x.row_id, f.name, ${pick('v')}, ${versionSql('c')}, ${before === null ? 'NULL' : pick('b')}, x.node, c.site
     FROM ${rows} AS x CROSS JOIN ${fieldList} AS f JOIN xchg_clock AS c ON c.id = 1
     WHERE ${before === null ? '1' : pick('c')}`,
  );
  if (t.synced && before !== null) {
    // Rows the write removed for good get a tombstone. SQLite runs an INSERT … SELECT that reads its own table through
    // a temporary table, so each base is read before any tombstone is written.
    db.sqlite.exec(
      `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
       SELECT ${q(t.table)}, o.${k}, 'deleted_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ${versionSql('c')}, ${baseSql(t, `o.${k}`, "'deleted_at'")}, ${nodeSql(t, 'o')}, c.site
       FROM ${before} AS o JOIN xchg_clock AS c ON c.id = 1
       WHERE o.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM ${t.table} AS r WHERE r.${k} = o.${k})${where('o')}`,
    );
  }
}
