import type { Db } from '../../../db/index';
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

/**
 * Runs `write` (which must touch only the rows whose keys are in `rowIds`)
 * with capture suspended, then records its changes. `write` gets the name of
 * a temporary table holding the keys (column `id`), for set-based SQL.
 * Call inside a transaction.
 */
export function bulkCaptured<T>(db: Db, table: string, rowIds: readonly string[], write: (touched: string) => T): T {
  withBulkCache(db);
  return captured(db, tableOf(table), rowIds, write);
}

/**
 * SQLite's default page cache (2 MB) is far smaller than the indexes a bulk
 * write goes through (random UUID keys): each row then reads and writes
 * pages from the file again. For a bulk write the cache is BULK_CACHE_KIB,
 * for the file and for the temporary tables (temp_store cannot change inside
 * a transaction, but the temporary database's cache can). It goes back once
 * the transaction has ended: shrunk inside it, the cache would have to spill
 * the write's dirty pages to the WAL before the commit.
 */
const BULK_CACHE_KIB = 128 * 1024;
const restoring = new WeakSet<Db>();

/**
 * Gives the rest of the current transaction the bulk page cache (above): a
 * bulk writer that first reads thousands of rows by their random ids calls it
 * before reading. Call inside a transaction.
 */
export function withBulkCache(db: Db): void {
  const smaller = (n: number) => (n < 0 ? -n < BULK_CACHE_KIB : n * 4 < BULK_CACHE_KIB);
  if (!restoring.has(db)) {
    const cache = db.sqlite.pragma('main.cache_size', { simple: true }) as number;
    const temp = db.sqlite.pragma('temp.cache_size', { simple: true }) as number;
    if (smaller(cache) || smaller(temp)) {
      db.sqlite.pragma(`main.cache_size = -${BULK_CACHE_KIB}`);
      db.sqlite.pragma(`temp.cache_size = -${BULK_CACHE_KIB}`);
      restoring.add(db);
      const restore = () => {
        if (!db.sqlite.open) return;
        if (db.sqlite.inTransaction) return void setTimeout(restore, 10).unref();
        db.sqlite.pragma(`main.cache_size = ${cache}`);
        db.sqlite.pragma(`temp.cache_size = ${temp}`);
        restoring.delete(db);
      };
      setImmediate(restore).unref();
    }
  }
}

function captured<T>(db: Db, t: ExchangedTable, rowIds: readonly string[], write: (touched: string) => T): T {
  const n = ++serial;
  const touched = `temp.bulk_ids_${n}`;
  const before = `temp.bulk_old_${n}`;
  db.sqlite.exec(`CREATE TEMP TABLE bulk_ids_${n} (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID`);
  try {
    db.prepare(`INSERT OR IGNORE INTO ${touched} (id) SELECT value FROM json_each(?)`).run(JSON.stringify(rowIds));
    if (perRow) return write(touched);
    // What the rows were before: an update records the fields that changed from this.
    db.sqlite.exec(`CREATE TEMP TABLE bulk_old_${n} AS SELECT r.* FROM ${t.table} AS r WHERE r.${t.key} IN (SELECT id FROM ${touched})`);
    const result = suspended(db, () => write(touched));
    record(db, t, touched, before, n);
    return result;
  } finally {
    db.sqlite.exec(`DROP TABLE IF EXISTS ${touched}; DROP TABLE IF EXISTS ${before}; DROP TABLE IF EXISTS temp.bulk_rows_${n}; DROP TABLE IF EXISTS temp.bulk_base_${n};`);
  }
}

function record(db: Db, t: ExchangedTable, touched: string, before: string, n: number): void {
  const where = (row: string) => (t.captureWhere ? ` AND ${t.captureWhere(row)}` : '');
  const k = t.key;
  const rows = `temp.bulk_rows_${n}`;
  const bases = `temp.bulk_base_${n}`;
  // Each touched row once, in key order: its node, every field's value and whether it changed (o is the row before, NULL when inserted).
  // Values without a declared type: a column declared ANY in a table that is not STRICT has numeric affinity and would turn the text '5010' into 5010.
  db.sqlite.exec(`CREATE TEMP TABLE bulk_rows_${n} (row_id TEXT PRIMARY KEY NOT NULL, node, ${t.fields.map((_, i) => `v${i}, c${i} INTEGER`).join(', ')}) WITHOUT ROWID`);
  db.sqlite.exec(`INSERT INTO ${rows} SELECT r.${k}, ${nodeSql(t, 'r')},
      ${t.fields.map((f) => `${fieldValueSql(f, 'r')}, (o.${k} IS NULL OR ${changed(f, 'o', 'r')})`).join(',\n      ')}
    FROM ${touched} AS i JOIN ${t.table} AS r ON r.${k} = i.id LEFT JOIN ${before} AS o ON o.${k} = r.${k}
    WHERE 1${where('r')}`);
  // The base of each field: its greatest version before the write, looked up once per row rather than once per field.
  db.sqlite.exec(`CREATE TEMP TABLE bulk_base_${n} (row_id TEXT NOT NULL, field TEXT NOT NULL, base TEXT, PRIMARY KEY (row_id, field)) WITHOUT ROWID;
    INSERT INTO ${bases} SELECT p.row_id, p.field, max(p.version) FROM ${touched} AS i CROSS JOIN xchg_change AS p ON p.tbl = ${q(t.table)} AND p.row_id = i.id GROUP BY p.row_id, p.field`);
  const hasBases = db.prepare(`SELECT EXISTS (SELECT 1 FROM ${bases}) AS e`).get() as { e: number };
  const base = (row: string, field: string) => (hasBases.e ? `(SELECT b.base FROM ${bases} AS b WHERE b.row_id = ${row} AND b.field = ${field})` : 'NULL');
  db.prepare(TICK_SQL).run();
  // One statement for every field, in the order of the unique index (tbl, row_id, field, version): rows in key
  // order from bulk_rows, fields by name within a row, so each index page is written once.
  const fields = t.fields.map((f, i) => ({ f, i })).sort((a, b) => (a.f.name < b.f.name ? -1 : 1));
  const pick = (what: 'v' | 'c') => `CASE f.i ${fields.map(({ i }) => `WHEN ${i} THEN x.${what}${i}`).join(' ')} END`;
  db.sqlite.exec(
    `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
     SELECT ${q(t.table)}, x.row_id, f.name, ${pick('v')}, ${versionSql('c')}, ${base('x.row_id', 'f.name')}, x.node, c.site
     FROM ${rows} AS x CROSS JOIN (${fields.map(({ f, i }) => `SELECT ${i} AS i, ${q(f.name)} AS name`).join(' UNION ALL ')}) AS f JOIN xchg_clock AS c ON c.id = 1
     WHERE ${pick('c')}`,
  );
  if (t.synced) {
    db.sqlite.exec(
      `INSERT INTO xchg_change (tbl, row_id, field, value, version, base, node, origin)
       SELECT ${q(t.table)}, o.${k}, 'deleted_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ${versionSql('c')}, ${base(`o.${k}`, "'deleted_at'")}, ${nodeSql(t, 'o')}, c.site
       FROM ${before} AS o JOIN xchg_clock AS c ON c.id = 1
       WHERE o.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM ${t.table} AS r WHERE r.${k} = o.${k})${where('o')}`,
    );
  }
}
