import type { Db } from './index';

/**
 * Page cache for a bulk transaction, in KiB. SQLite's default is 2 MB; a
 * write of hundreds of thousands of rows touches far more index pages than
 * that, and every page pushed out of the cache mid-transaction is written to
 * the WAL and read back again (system time, not SQLite's own work).
 */
export const BULK_CACHE_KIB = 32 * 1024;

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
  sqlite.pragma(`cache_size = ${-Math.abs(Math.floor(cacheKiB))}`);
  sqlite.pragma('temp_store = MEMORY');
  try {
    return fn();
  } finally {
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma(`temp_store = ${temp}`);
  }
}
