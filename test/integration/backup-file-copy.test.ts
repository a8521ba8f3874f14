import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { copyFileWhole, takeBackup } from '../../db/backup';
import { tempDir } from '../support/tmp';

/**
 * A backup is a copy of the file itself where the file alone is the whole
 * database (the WAL checkpointed away and the write lock held while it is
 * copied), and the online backup where it is not. Either way the copy holds
 * every committed row.
 */

function rows(file: string): number[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT n FROM t ORDER BY n').all() as { n: number }[]).map((r) => r.n);
  } finally {
    db.close();
  }
}

function walDb(dir: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path.join(dir, 'a.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, pad TEXT)');
  const insert = db.prepare('INSERT INTO t (n, pad) VALUES (?, ?)');
  db.transaction(() => {
    for (let n = 1; n <= 2000; n++) insert.run(n, 'x'.repeat(200));
  })();
  return db;
}

const all = Array.from({ length: 2000 }, (_, i) => i + 1);

describe('backup by copying the file', () => {
  it('copies a database whose last writes are still in the WAL, whole, and leaves the connection as it was', async () => {
    const dir = tempDir();
    const db = walDb(dir);
    expect(fs.statSync(path.join(dir, 'a.db-wal')).size).toBeGreaterThan(0);
    expect(copyFileWhole(db, path.join(dir, 'copy.db'))).toBe(true);
    expect(rows(path.join(dir, 'copy.db'))).toEqual(all);
    expect(db.inTransaction).toBe(false);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.prepare('INSERT INTO t (n) VALUES (2001)').run();
    const backup = await takeBackup(db, path.join(dir, 'kopior'), 'prov', new Date(Date.UTC(2026, 10, 20)));
    expect(rows(backup)).toEqual([...all, 2001]);
    // One self-contained file: no WAL of its own.
    expect(fs.readdirSync(path.join(dir, 'kopior'))).toEqual([path.basename(backup)]);
    db.close();
  });

  it('is not used while a reader keeps the WAL from being emptied, or inside a transaction; the online backup then holds every committed row', async () => {
    const dir = tempDir();
    const db = walDb(dir);
    const reader = new BetterSqlite3(path.join(dir, 'a.db'), { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get();
    db.prepare('INSERT INTO t (n) VALUES (2001)').run();
    const t0 = performance.now();
    expect(copyFileWhole(db, path.join(dir, 'copy.db'))).toBe(false);
    // It does not wait for the reader (busy_timeout is 5 s).
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(fs.existsSync(path.join(dir, 'copy.db'))).toBe(false);
    const backup = await takeBackup(db, path.join(dir, 'kopior'), 'prov', new Date(Date.UTC(2026, 10, 20)));
    expect(rows(backup)).toEqual([...all, 2001]);
    reader.exec('COMMIT');
    reader.close();

    db.exec('BEGIN');
    expect(copyFileWhole(db, path.join(dir, 'copy2.db'))).toBe(false);
    db.exec('COMMIT');
    db.close();
  });

  it('is not used while another connection holds the write lock', () => {
    const dir = tempDir();
    const db = walDb(dir);
    const writer = new BetterSqlite3(path.join(dir, 'a.db'));
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('INSERT INTO t (n) VALUES (2001)').run();
    expect(copyFileWhole(db, path.join(dir, 'copy.db'))).toBe(false);
    writer.exec('ROLLBACK');
    writer.close();
    db.close();
  });
});
