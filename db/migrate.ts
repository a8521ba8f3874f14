import type BetterSqlite3 from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from '../migrations/index';
import { RamkollError } from './errors';

/** 'RAMK': marks the file as ours, so another program's SQLite file is never migrated. */
export const APPLICATION_ID = 0x52414d4b;

export const LATEST_SCHEMA_VERSION = allMigrations.length;

export function schemaVersion(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

export function assertNotTooNew(sqlite: BetterSqlite3.Database, file: string, migrations: readonly Migration[] = allMigrations): void {
  const current = schemaVersion(sqlite);
  if (current > migrations.length) {
    throw new RamkollError(
      'DB_TOO_NEW',
      `Databasen ${file} har schemaversion ${current}, men den här versionen av Ramkoll känner bara till version ${migrations.length}. ` +
        'Den är skapad eller uppgraderad av en nyare Ramkoll. Installera den senaste versionen av Ramkoll för att öppna den; filen har inte ändrats.',
    );
  }
}

/** Versions that still have to run against this database, in order. */
export function pendingMigrations(sqlite: BetterSqlite3.Database, migrations: readonly Migration[] = allMigrations): Migration[] {
  const current = schemaVersion(sqlite);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  return migrations.slice(current);
}

/** Runs all pending migrations in one transaction: the schema moves whole or not at all. */
export function applyMigrations(sqlite: BetterSqlite3.Database, pending: Migration[]): void {
  if (pending.length === 0) return;
  sqlite.transaction(() => {
    sqlite.pragma(`application_id = ${APPLICATION_ID}`);
    // The file exchange's capture triggers (named xchg_*) are rebuilt from its
    // registry after every open; dropping them here lets a migration reshape
    // an exchanged table, and keeps its data copies from being taken for edits.
    const triggers = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'xchg\\_%' ESCAPE '\\'").all() as { name: string }[];
    for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
    for (const m of pending) {
      m.up(sqlite);
      sqlite.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
