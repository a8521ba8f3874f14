import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { FIXTURES, ROOT, tempDir } from '../support/tmp';
import { LATEST_SCHEMA_VERSION } from '../../db/migrate';

const CLI = path.join(ROOT, 'dist', 'node', 'ramkoll.mjs');

function freshDb(): string {
  const db = path.join(tempDir('ramkoll-exits-'), 'exits.db');
  expect(runCli(['init', '--db', db, '--year', '2026']).code).toBe(0);
  return db;
}

const batches = (db: string) => {
  const r = new BetterSqlite3(db, { readonly: true });
  try {
    return (r.prepare('SELECT count(*) AS n FROM import_batch').get() as { n: number }).n;
  } finally {
    r.close();
  }
};

/** Runs the CLI with its output read by nobody: both pipes are closed before it writes (`ramkoll … | head`). */
function runWithClosedPipes(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('exit codes that tell the truth', () => {
  it('a reader that closes the output early does not turn a done import into exit 1', async () => {
    const db = freshDb();
    const file = path.join(FIXTURES, 'ledger', 'raindance-2026-03.csv');
    expect(await runWithClosedPipes(['import', file, '--db', db, '--json'])).toBe(0);
    expect(batches(db)).toBe(1);
    // The text output too, and a command that changes nothing still says so.
    expect(await runWithClosedPipes(['batches', '--db', db])).toBe(0);
    const again = await runWithClosedPipes(['import', file, '--db', db]);
    expect(again).toBe(0);
    expect(batches(db)).toBe(1);
  });

  it('a command whose work never finishes ends as an internal error, not as exit 0', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./electron/cli/io.ts').then((m) => m.exitWith(new Promise(() => {})))"], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('ramkoll: internt fel: kommandot avslutades innan det var klart');
  });
});

// A read-only file: a read-only mount stops even root (as CI runs); otherwise the file's mode does.
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', ['-l', dir]);
});
function readOnlyCopy(source: string): { file: string; restore(): void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-ro-'));
  const file = path.join(dir, path.basename(source));
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]).status !== 0) return null;
    mounted.push(dir);
    fs.copyFileSync(source, file);
    if (spawnSync('mount', ['-o', 'remount,ro', dir]).status !== 0) return null;
    return { file, restore: () => spawnSync('mount', ['-o', 'remount,rw', dir]) };
  }
  if (process.getuid?.() === 0) return null;
  fs.copyFileSync(source, file);
  fs.chmodSync(file, 0o444);
  fs.chmodSync(dir, 0o555);
  return {
    file,
    restore: () => {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(file, 0o644);
    },
  };
}

describe('ramkoll check on a read-only file', () => {
  it('checks it as it is and says it is whole, and that it is read-only', (ctx) => {
    const db = freshDb();
    const ro = readOnlyCopy(db);
    if (!ro) return ctx.skip();
    const before = fs.readFileSync(ro.file);
    const r = runCli(['check', '--db', ro.file]);
    const json = runCli(['check', '--db', ro.file, '--json']);
    ro.restore();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`exits.db är hel (schemaversion ${LATEST_SCHEMA_VERSION}). Filen är skrivskyddad: Ramkoll kan läsa den men inte ändra den.\n`);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION, readOnly: true });
    expect(fs.readFileSync(ro.file).equals(before)).toBe(true);
  });

  it('still says a damaged read-only file is damaged', (ctx) => {
    const db = freshDb();
    const bytes = fs.readFileSync(db);
    // Scribble over the middle of the file: pages of tables and indexes.
    for (let i = 8192; i < Math.min(bytes.length - 4096, 40_000); i += 7) bytes[i] = (bytes[i]! + 91) % 256;
    const damaged = path.join(path.dirname(db), 'skadad.db');
    fs.writeFileSync(damaged, bytes);
    const ro = readOnlyCopy(damaged);
    if (!ro) return ctx.skip();
    const r = runCli(['check', '--db', ro.file]);
    ro.restore();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/skadad\.db är skadad/);
  });
});
