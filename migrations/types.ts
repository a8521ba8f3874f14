import type BetterSqlite3 from 'better-sqlite3';

/** One step of the schema history. `up` runs inside the migration transaction. */
export interface Migration {
  /** Consecutive from 1; stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}
