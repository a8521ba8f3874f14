import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { RamkollError } from '../../db/errors';
import { LATEST_SCHEMA_VERSION } from '../../db/migrate';
import { SCHEMA_COLUMNS } from '../../db/schema';
import { migrations } from '../../migrations/index';
import type { Migration } from '../../migrations/types';
import { contentHash } from '../support/db';
import { tempDir } from '../support/tmp';

describe('database', () => {
  it('opens with WAL, foreign keys and synchronous=FULL', async () => {
    const db = await openDatabase(path.join(tempDir(), 'a.db'), { create: true });
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('has STRICT tables whose columns are exactly the Kysely types', async () => {
    const db = await openDatabase(path.join(tempDir(), 'a.db'), { create: true });
    const tables = db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_COLUMNS).sort());
    for (const t of tables) {
      expect(t.sql, t.name).toMatch(/\)\s*STRICT(,\s*WITHOUT ROWID)?$/);
      const columns = (db.sqlite.prepare(`PRAGMA table_info("${t.name}")`).all() as { name: string }[]).map((c) => c.name).sort();
      expect(columns, t.name).toEqual(Object.keys(SCHEMA_COLUMNS[t.name as keyof typeof SCHEMA_COLUMNS]).sort());
    }
    db.close();
  });

  it('enforces that budget months sum to the year amount', async () => {
    const db = await openDatabase(path.join(tempDir(), 'a.db'), { create: true });
    const sql = db.sqlite;
    sql.exec(`INSERT INTO fiscal_year VALUES (2026, 'open', 'x');
      INSERT INTO budget_version (id, year, name, kind, based_on_id, decision_ref, locked_at, created_at, updated_at, updated_by_site, deleted_at) VALUES ('v', 2026, 'B', 'draft', NULL, NULL, NULL, 'x', 'x', 's', NULL);
      INSERT INTO coding (account_code, responsibility_code) VALUES ('4010', '3110');`);
    const insert = (months: number[], year: number) =>
      sql
        .prepare(`INSERT INTO budget_line (id, version_id, coding_id, year_ore, ${months.map((_, i) => `m${String(i + 1).padStart(2, '0')}_ore`).join(', ')}, created_at, updated_at, updated_by_site) VALUES (?, 'v', 1, ?, ${months.map(() => '?').join(', ')}, 'x', 'x', 's')`)
        .run(`l${year}`, year, ...months);
    expect(() => insert([100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 100)).not.toThrow();
    expect(() => insert([100, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 100)).toThrow(/CHECK constraint failed/);
    db.close();
  });

  it('refuses a database made by a newer Ramkoll and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'new.db');
    (await openDatabase(file, { create: true })).close();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.close();
    const before = contentHash(file);
    const err = await openDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RamkollError);
    expect((err as RamkollError).code).toBe('DB_TOO_NEW');
    expect((err as RamkollError).message).toMatch(new RegExp(`schemaversion ${LATEST_SCHEMA_VERSION + 3}.*bara till version ${LATEST_SCHEMA_VERSION}.*senaste versionen`));
    expect(contentHash(file)).toBe(before);
  });

  it('refuses a SQLite file from another program and a file that is not a database', async () => {
    const dir = tempDir();
    const other = path.join(dir, 'other.db');
    const raw = new BetterSqlite3(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    await expect(openDatabase(other)).rejects.toThrow(/inte en Ramkoll-databas/);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'hej hopp '.repeat(1000));
    await expect(openDatabase(junk)).rejects.toMatchObject({ code: 'DB_CORRUPT' });
    await expect(openDatabase(path.join(dir, 'missing.db'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says that a folder is a folder, not a database, and does not touch it', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'budget.db');
    fs.mkdirSync(folder);
    for (const opts of [{}, { readonly: true }, { create: true }]) {
      await expect(openDatabase(folder, opts)).rejects.toMatchObject({ code: 'BAD_FILE', message: `${folder} är en mapp, ingen databas. Välj databasfilen (till exempel förvaltningen.db).` });
    }
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['budget.db']);
  });

  it('backs up before migrating an existing database, and a failed migration changes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.db');
    const db1 = await openDatabase(file, { create: true });
    db1.sqlite.prepare("INSERT INTO setting VALUES ('kommun.name', '\"Exempelby\"')").run();
    db1.close();

    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up(sql) {
        sql.exec("ALTER TABLE setting ADD COLUMN extra TEXT; UPDATE setting SET value = '\"ändrad\"'");
        throw new Error('boom');
      },
    };
    const before = contentHash(file);
    await expect(openDatabase(file, { migrations: [...migrations, broken] })).rejects.toThrow('boom');
    expect(contentHash(file)).toBe(before);

    const good: Migration = { version: migrations.length + 1, name: 'add column', up: (sql) => sql.exec('ALTER TABLE setting ADD COLUMN extra TEXT') };
    const db2 = await openDatabase(file, { migrations: [...migrations, good] });
    expect(db2.schemaVersion).toBe(migrations.length + 1);
    db2.close();
    const backups = fs.readdirSync(path.join(dir, 'm.backups')).filter((f) => f.endsWith('.db'));
    expect(backups.length).toBeGreaterThanOrEqual(1);
    const copy = new BetterSqlite3(path.join(dir, 'm.backups', backups.sort().at(-1)!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(copy.prepare("SELECT value FROM setting WHERE key = 'kommun.name'").get()).toEqual({ value: '"Exempelby"' });
    copy.close();
  });
});
