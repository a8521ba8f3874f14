import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { checkKindFor, FULL_CHECK_ALWAYS_BYTES } from '../../db/integrity';
import { tempDir } from '../support/tmp';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A Ramkoll database above FULL_CHECK_ALWAYS_BYTES (a padding table beside
 * the schema), closed cleanly, with a table `pad` and two indexes on it.
 */
async function largeDatabase(): Promise<string> {
  const file = path.join(tempDir(), 'stor.db');
  const db = await openDatabase(file, { create: true });
  db.sqlite.exec(`CREATE TABLE pad (a INTEGER, b INTEGER, c BLOB);
    CREATE INDEX pad_a ON pad (a); CREATE INDEX pad_b ON pad (b);
    WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.ceil(FULL_CHECK_ALWAYS_BYTES / 4000) + 200})
    INSERT INTO pad SELECT i, 100000 - i, zeroblob(4000) FROM n;`);
  db.close();
  expect(fs.statSync(file).size).toBeGreaterThan(FULL_CHECK_ALWAYS_BYTES);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  return file;
}

/**
 * Swaps the b-trees of the two indexes: every page stays well formed, but
 * neither index matches its table. Only integrity_check sees that.
 */
const SWAP_INDEXES = `const [a, b] = ['pad_a', 'pad_b'].map((n) => db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(n));
  db.unsafeMode(true); db.pragma('writable_schema = ON');
  db.prepare("UPDATE sqlite_schema SET rootpage = CASE name WHEN 'pad_a' THEN ? ELSE ? END WHERE name IN ('pad_a', 'pad_b')").run(b, a);
  db.pragma('writable_schema = OFF');`;

describe('the check at every open for writing', () => {
  it('is quick_check on a large file closed cleanly, integrity_check on a small one', async () => {
    const big = await largeDatabase();
    expect(checkKindFor(big)).toBe('quick_check');
    const small = path.join(tempDir(), 'liten.db');
    (await openDatabase(small, { create: true })).close();
    expect(checkKindFor(small)).toBe('integrity_check');
  });

  it('is integrity_check after a writer was killed (its WAL left beside the file), and refuses indexes that disagree with their table', async () => {
    const file = await largeDatabase();
    // A writer damages the indexes and is killed before it closes: its write-ahead log stays.
    const script = `const D = require(${JSON.stringify(BETTER_SQLITE3)}); const db = new D(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL'); ${SWAP_INDEXES} db.exec('UPDATE pad SET c = zeroblob(10) WHERE a = 1');
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['-e', script]);
    expect(r.signal, String(r.stderr)).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    expect(checkKindFor(file)).toBe('integrity_check');
    const err = (await openDatabase(file).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code, err.message).toBe('DB_CORRUPT');
    expect(err.message, err.message).toMatch(/är skadad.*(missing from index pad_|wrong # of entries in index pad_)/);
  });

  it('a reader closing last leaves an empty WAL, which does not ask for the full check', async () => {
    const file = await largeDatabase();
    const reader = new BetterSqlite3(file, { readonly: true });
    reader.pragma('schema_version');
    reader.close();
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    expect(checkKindFor(file)).toBe('quick_check');
  });

  it('quick_check on a large file still refuses a page overwritten with garbage', async () => {
    const file = await largeDatabase();
    const raw = new BetterSqlite3(file, { readonly: true });
    const root = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'pad_a'").pluck().get() as number;
    raw.close();
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (root - 1) * 4096);
    fs.closeSync(fd);
    expect(checkKindFor(file)).toBe('quick_check');
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_CORRUPT' });
  });
});
