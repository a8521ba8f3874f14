import type { DatabaseHost } from '../../electron/api/context';
import type { LocalSite } from '../../electron/services/setup';
import { openRamkollDatabase } from '../../electron/services/setup';
import type { Db } from '../../db/index';
import { openTestContext, type TestContext } from './db';

/**
 * A test context that can close and reopen its database, as the app and the
 * CLI do when a backup is restored (ctx.database). `db` and `site` always
 * name the current connection, so the test bridge sees the reopened one.
 */
export async function openHostedTestContext(file: string, opts: { demo?: boolean; year?: number } = {}): Promise<TestContext> {
  const base = await openTestContext(file, opts);
  let db: Db = base.db;
  let site: LocalSite = base.site;
  const database: DatabaseHost = {
    async whileClosed(run) {
      db.close();
      try {
        return await run();
      } finally {
        ({ db, site } = await openRamkollDatabase(file, {}));
      }
    },
  };
  // Own, enumerable getters: a spread ({ ...ctx }) reads the current connection.
  return {
    user: base.user,
    now: base.now,
    progress: base.progress,
    signal: base.signal,
    files: base.files,
    dialogs: base.dialogs,
    database,
    get db() {
      return db;
    },
    get site() {
      return site;
    },
  };
}
