import type { Db } from './index';

/**
 * Page cache for a bulk transaction, in KiB. SQLite's default is 2 MB; a
 * write of hundreds of thousands of rows touches far more index pages than
 * that, and every page pushed out of the cache mid-transaction is written to
 * the WAL and read back again (system time, not SQLite's own work).
 */
export const BULK_CACHE_KIB = 32 * 1024;

/**
 * The page cache of a bulk write of budget lines (bulk capture): the random
 * UUID keys of budget_line and the change log's index spread one write over
 * more pages than a ledger load's.
 */
export const BULK_LINES_CACHE_KIB = 128 * 1024;

const kib = (cacheKiB: number) => -Math.abs(Math.floor(cacheKiB));
/** True when a cache_size setting (pages when positive, KiB when negative) is smaller than `cacheKiB`. */
const smallerThan = (setting: number, cacheKiB: number) => (setting < 0 ? -setting < cacheKiB : setting * 4 < cacheKiB);

/**
 * Runs a bulk write with a larger page cache and temporary b-trees (the
 * sorts of GROUP BY and ORDER BY, temp tables) in memory, and puts the
 * connection's own settings back afterwards, also when fn throws. The
 * pragmas are per connection and not part of any transaction, so call this
 * around the transaction, not inside it.
 */
export function withBulkPragmas<T>(db: Db, fn: () => T, cacheKiB = BULK_CACHE_KIB): T {
  const sqlite = db.sqlite;
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  const temp = sqlite.pragma('temp_store', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${kib(cacheKiB)}`);
  sqlite.pragma('temp_store = MEMORY');
  try {
    return fn();
  } finally {
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma(`temp_store = ${temp}`);
  }
}

const restoring = new WeakSet<Db>();

/**
 * The same larger page cache for the rest of the transaction already open,
 * for a writer that cannot wrap the transaction (withBulkPragmas): the file's
 * and the temporary tables' caches (temp_store cannot change inside a
 * transaction, the temporary database's cache can). They are put back once
 * the transaction has ended: shrunk inside it, the cache would have to spill
 * the write's dirty pages to the WAL before the commit. A cache already as
 * large (withBulkPragmas around) is left alone.
 */
export function bulkCacheForTransaction(db: Db, cacheKiB = BULK_LINES_CACHE_KIB): void {
  if (restoring.has(db)) return;
  const sqlite = db.sqlite;
  const cache = sqlite.pragma('main.cache_size', { simple: true }) as number;
  const temp = sqlite.pragma('temp.cache_size', { simple: true }) as number;
  if (!smallerThan(cache, cacheKiB) && !smallerThan(temp, cacheKiB)) return;
  sqlite.pragma(`main.cache_size = ${kib(cacheKiB)}`);
  sqlite.pragma(`temp.cache_size = ${kib(cacheKiB)}`);
  restoring.add(db);
  const restore = () => {
    if (!sqlite.open) return;
    if (sqlite.inTransaction) return void setTimeout(restore, 10).unref();
    sqlite.pragma(`main.cache_size = ${cache}`);
    sqlite.pragma(`temp.cache_size = ${temp}`);
    restoring.delete(db);
  };
  setImmediate(restore).unref();
}
