import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Schema } from './schema';

/**
 * Kysely used as a typed query builder only. Queries are compiled and run
 * synchronously through better-sqlite3 (see Db), because synchronous
 * execution is what makes one-transaction imports and merges simple and fast.
 */
export function createQueryBuilder(): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
