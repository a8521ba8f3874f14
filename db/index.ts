import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { defaultBackupDir, takeBackup } from './backup';
import { isRamkollError, RamkollError, translateSqliteError } from './errors';
import { checkKindFor, CorruptDatabaseError, latestGoodBackup, runIntegrityCheck, type CheckKind } from './integrity';
import { APPLICATION_ID, applyMigrations, assertNotTooNew, pendingMigrations, schemaVersion } from './migrate';
import { createQueryBuilder } from './query-builder';
import { rememberNativeBinding } from './native';
import type { Schema } from './schema';
import type { Migration } from '../migrations/index';

export interface OpenOptions {
  /** Create the file if it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  /** Open for reading only: no migration, no writes. */
  readonly?: boolean;
  /** Path of a better-sqlite3 addon built for another runtime (Electron). */
  nativeBinding?: string;
  /** Folder for automatic backups; defaults to `<name>.backups` beside the file. */
  backupDir?: string;
  /** The schema history to apply; only tests pass another than the app's own. */
  migrations?: readonly Migration[];
  /**
   * Check the file before writing to it (db/integrity.ts). 'auto' (the
   * default for opens for writing): integrity_check after an unclean close
   * (a WAL left beside the file) and on small files, otherwise quick_check.
   * Read-only opens are not checked unless asked.
   */
  integrityCheck?: 'auto' | CheckKind | 'none';
}

interface Compilable<R> {
  compile(): CompiledQuery<R>;
}

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** An open Ramkoll database: a typed query builder plus synchronous execution. */
export class Db {
  readonly q: Kysely<Schema> = createQueryBuilder();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    readonly file: string,
    readonly sqlite: BetterSqlite3.Database,
    readonly backupDir: string,
  ) {}

  /** A cached prepared statement for raw SQL on hot paths. */
  prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<R>(query: Compilable<R>): R[] {
    const c = query.compile();
    return this.prepare(c.sql).all(...(c.parameters as unknown[])) as R[];
  }

  first<R>(query: Compilable<R>): R | undefined {
    const c = query.compile();
    return this.prepare(c.sql).get(...(c.parameters as unknown[])) as R | undefined;
  }

  run(query: Compilable<unknown>): RunResult {
    const c = query.compile();
    return this.prepare(c.sql).run(...(c.parameters as unknown[]));
  }

  /**
   * Runs fn in one IMMEDIATE transaction (nested calls become savepoints):
   * it applies whole or not at all. SQLite failures the user can act on
   * (disk full, locked, read-only) come out as RamkollError.
   */
  tx<T>(fn: () => T): T {
    try {
      return this.sqlite.transaction(fn).immediate();
    } catch (e) {
      throw translateSqliteError(e, this.file);
    }
  }

  /** Copies the whole database to the backup folder; returns the copy's path. */
  backup(reason: string): Promise<string> {
    return takeBackup(this.sqlite, this.backupDir, reason);
  }

  get schemaVersion(): number {
    return schemaVersion(this.sqlite);
  }

  close(): void {
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

function assertRamkollDatabase(sqlite: BetterSqlite3.Database, file: string): void {
  const appId = sqlite.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return;
  const tables = sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  if (appId !== 0 || tables.n > 0) {
    throw new RamkollError('BAD_FILE', `Filen ${file} är en SQLite-databas men inte en Ramkoll-databas. Välj en Ramkoll-fil (.db) eller skapa en ny.`);
  }
}

/**
 * SQLite would open a file it cannot write read-only without a word and fail
 * at the first write; say so at once instead, before anything is changed.
 */
function assertWritable(file: string): void {
  const target = fs.existsSync(file) ? file : path.dirname(path.resolve(file));
  for (const f of [target, path.dirname(path.resolve(file))]) {
    try {
      fs.accessSync(f, fs.constants.W_OK);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code === 'ENOENT') continue;
      throw new RamkollError(
        'DB_READONLY',
        `Databasen ${file} är skrivskyddad (${code === 'EROFS' ? 'skrivskyddad enhet' : 'behörighet saknas'} för ${f === file ? 'filen' : 'mappen'}). ` +
          'Kopiera filen till en mapp där du kan skriva, eller kontrollera behörigheterna; inget har ändrats.',
      );
    }
  }
}

function connect(file: string, opts: OpenOptions): BetterSqlite3.Database {
  try {
    const sqlite = new BetterSqlite3(file, {
      readonly: opts.readonly ?? false,
      fileMustExist: !opts.create,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    // Reading the schema fails at once on a file that is not a database.
    sqlite.pragma('schema_version');
    return sqlite;
  } catch (e) {
    throw translateSqliteError(e, file);
  }
}

/**
 * Opens (and if asked, creates) a Ramkoll database, refuses one made by a
 * newer Ramkoll, and migrates an older one after taking a backup.
 */
export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<Db> {
  if (!opts.create && !fs.existsSync(file)) {
    throw new RamkollError('NOT_FOUND', `Databasfilen ${file} finns inte. Skapa den med "ramkoll init --db ${file}" eller välj en annan fil.`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new RamkollError('BAD_FILE', `${file} är en mapp, ingen databas. Välj databasfilen (till exempel förvaltningen.db).`);
  }
  const folder = path.dirname(path.resolve(file));
  if (!fs.existsSync(file) && !fs.existsSync(folder)) {
    throw new RamkollError('NOT_FOUND', `Mappen ${folder} finns inte, så databasen ${path.basename(file)} kan inte skapas där. Skapa mappen först eller välj en annan plats.`);
  }
  rememberNativeBinding(opts.nativeBinding);
  if (!opts.readonly) assertWritable(file);
  const backupDir = opts.backupDir ?? defaultBackupDir(file);
  const corrupt = (problems: string[]) => new CorruptDatabaseError(file, problems, latestGoodBackup(backupDir));
  const check = opts.integrityCheck ?? (opts.readonly ? 'none' : 'auto');
  // Chosen before connecting: reading a WAL database creates its -wal file.
  const kind = check === 'auto' ? checkKindFor(file) : check;
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = connect(file, opts);
  } catch (e) {
    if (isRamkollError(e) && e.code === 'DB_CORRUPT') throw corrupt([e.message]);
    throw e;
  }
  const db = new Db(file, sqlite, backupDir);
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Before anything writes to the file: a damaged database is never migrated or written to.
    if (kind !== 'none') {
      let problems: string[];
      try {
        problems = runIntegrityCheck(sqlite, kind);
      } catch (e) {
        const t = translateSqliteError(e, file);
        if (!isRamkollError(t) || t.code !== 'DB_CORRUPT') throw t;
        problems = [(e as Error).message];
      }
      if (problems.length > 0) throw corrupt(problems);
    }
    sqlite.pragma('foreign_keys = ON');
    if (!opts.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
    }
    assertRamkollDatabase(sqlite, file);
    assertNotTooNew(sqlite, file, opts.migrations);
    const pending = pendingMigrations(sqlite, opts.migrations);
    if (pending.length > 0) {
      if (opts.readonly) {
        throw new RamkollError('DB_READONLY', `Databasen ${file} behöver uppgraderas men är öppnad skrivskyddad. Öppna den för skrivning så uppgraderas den efter en säkerhetskopia.`);
      }
      const hasData = schemaVersion(sqlite) > 0;
      if (hasData) await db.backup(`fore-migrering-v${schemaVersion(sqlite)}`);
      try {
        applyMigrations(sqlite, pending);
      } catch (e) {
        throw translateSqliteError(e, file);
      }
    }
    return db;
  } catch (e) {
    db.close();
    throw translateSqliteError(e, file);
  }
}

export type { Schema } from './schema';
export { RamkollError } from './errors';
