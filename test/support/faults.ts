/**
 * Fault harness: runs a CLI operation in its own process, kills it with
 * SIGKILL at random moments, and checks after every kill that the database
 * is whole (PRAGMA integrity_check) and holds either the state before the
 * operation or the state after it, nothing in between.
 *
 * Any operation that has a CLI command can be added: describe how to make
 * the starting database and the command line, e.g.
 *
 *   await expectAtomicUnderKill({
 *     name: 'utfallsimport',
 *     prepare: (dir) => makeDemoDb(dir),
 *     args: (db) => ['ledger', 'import', file, '--db', db],
 *   });
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { listBackupFiles } from '../../db/backup-rotation';
import { runCli } from './cli';
import { createHash } from 'node:crypto';
import { ROOT, tempDir } from './tmp';
import { CLI_TODAY } from './cli';
import { mulberry32 } from '../../electron/services/demo/rng';

const CLI = path.join(ROOT, 'dist', 'node', 'ramkoll.mjs');

/** A small seeded generator, so that a failing run can be repeated with RAMKOLL_FAULT_SEED. */
export const seededRandom = mulberry32;

export const FAULT_SEED = Number(process.env.RAMKOLL_FAULT_SEED ?? 20261124);

export interface KillScenario {
  name: string;
  /** Makes the starting database in `dir` (the "before" state) and returns its path. */
  prepare(dir: string): string | Promise<string>;
  /** The CLI arguments of the operation on database `db`. */
  args(db: string): string[];
  /** More checks after each kill (for example of the backup folder). */
  after?(db: string): void;
  /** How many kills (default 8). */
  rounds?: number;
  /** False for operations that must not change the content at all (a backup). */
  changes?: boolean;
}

export interface KillReport {
  name: string;
  seed: number;
  fullRunMs: number;
  /** Per round: when it was killed (ms after start) and which state the database held afterwards. */
  rounds: { killAtMs: number; killed: boolean; state: 'before' | 'after' }[];
}

/**
 * Columns that differ between two runs of the same operation (clock times,
 * random UUIDs and the rows' local integer keys) are left out, so that
 * "the state after" is the same whichever run produced it.
 */
const VOLATILE = /(^id$|_id$|_at$|^imported_by$|^updated_by_site$|^user$|^author$)/;

/** A fingerprint of a database's content that ignores the volatile columns; rows are compared as a sorted multiset. */
export function stableHash(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      // The exchange's capture log holds clock versions, keys and the random ids
      // of the rows it captured: compare what was captured (table and field), not when.
      const keep = name.startsWith('xchg_') ? columns.filter((c) => c === 'tbl' || c === 'field') : columns.filter((c) => !VOLATILE.test(c));
      const select = keep.length > 0 ? keep.map((c) => `"${c}"`).join(', ') : "'row'";
      const rows = (db.prepare(`SELECT ${select} FROM "${name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
      hash.update(`table ${name} ${rows.length}\n${rows.join('\n')}\n`);
    }
    hash.update(`user_version ${String(db.pragma('user_version', { simple: true }))}`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** Whole and readable: opens for writing (which replays or discards a hot WAL as SQLite does) and runs integrity_check. */
export function expectIntact(db: string): void {
  const sqlite = new BetterSqlite3(db, { fileMustExist: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true }), `integrity_check of ${db}`).toBe('ok');
    expect(sqlite.pragma('foreign_key_check'), `foreign_key_check of ${db}`).toEqual([]);
  } finally {
    sqlite.close();
  }
}

/** Every backup in the folder is whole; a copy cut off by the kill is only ever a .partial, which the list ignores. */
export function expectBackupsWhole(backupDir: string): void {
  const listed = listBackupFiles(backupDir);
  for (const b of listed) {
    const copy = new BetterSqlite3(path.join(backupDir, b.name), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true }), b.name).toBe('ok');
    } finally {
      copy.close();
    }
  }
  const other = fs.existsSync(backupDir) ? fs.readdirSync(backupDir).filter((f) => !listed.some((b) => b.name === f)) : [];
  for (const f of other) expect(f, 'only whole backups and partial copies in the folder').toMatch(/\.db\.partial(-journal|-wal|-shm)?$/);
}

function copyDatabase(from: string, to: string): void {
  fs.copyFileSync(from, to);
  for (const s of ['-wal', '-shm']) if (fs.existsSync(from + s)) fs.copyFileSync(from + s, to + s);
}

function runUntilKilled(args: string[], killAtMs: number): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', RAMKOLL_TODAY: CLI_TODAY } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAtMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

/**
 * Runs the operation twice to the end (the "after" state, and how long it
 * takes), then `rounds` times on fresh copies of the starting database,
 * killed at a random moment within the shorter full run's duration. Every round
 * must end intact, in the before or the after state.
 */
export async function expectAtomicUnderKill(s: KillScenario): Promise<KillReport> {
  const dir = tempDir(`ramkoll-kill-${s.name}-`);
  const start = await s.prepare(dir);
  const before = stableHash(start);

  // Twice to the end: the "after" state (the same both times, or the fingerprint is not stable) and a
  // duration to spread the kills over (the shorter run: the first may pay for a cold disk cache).
  const durations: number[] = [];
  const afters: string[] = [];
  for (const n of [1, 2]) {
    const fullDb = path.join(dir, `full-${n}.db`);
    copyDatabase(start, fullDb);
    const t0 = performance.now();
    const full = runCli(s.args(fullDb));
    durations.push(performance.now() - t0);
    expect(full.code, `${s.name} run to the end: ${full.stderr}`).toBe(0);
    afters.push(stableHash(fullDb));
  }
  const fullRunMs = Math.min(...durations);
  const after = afters[0]!;
  expect(afters[1], `${s.name}: two full runs end in the same state`).toBe(after);
  if (s.changes === false) expect(after, `${s.name} leaves the content as it was`).toBe(before);
  else expect(after, `${s.name} changes the database`).not.toBe(before);

  const random = seededRandom(FAULT_SEED + s.name.length);
  const report: KillReport = { name: s.name, seed: FAULT_SEED, fullRunMs: Math.round(fullRunMs), rounds: [] };
  const rounds = s.rounds ?? 8;
  const wantKilled = Math.ceil(rounds / 3);
  // The machine's load changes how long a run takes: a run that ends before its kill shortens the
  // estimate, and extra rounds (up to twice as many) are run until enough kills landed mid-way.
  let estimate = fullRunMs;
  for (let i = 0; i < 2 * rounds; i++) {
    const killed = report.rounds.filter((r) => r.killed).length;
    if (i >= rounds && killed >= wantKilled) break;
    const db = path.join(dir, `round-${i}.db`);
    copyDatabase(start, db);
    // Spread over the whole run; node itself takes the first ~100 ms to start.
    const killAtMs = Math.round(estimate * (0.1 + 0.9 * random()));
    const t0 = performance.now();
    const r = await runUntilKilled(s.args(db), killAtMs);
    if (!r.killed) {
      expect(r.code, `${s.name} round ${i} ended on its own: ${r.stderr}`).toBe(0);
      estimate = Math.min(estimate, performance.now() - t0);
    }
    expectIntact(db);
    const hash = stableHash(db);
    expect([before, after], `${s.name} round ${i} (killed at ${killAtMs} ms) left a state that is neither before nor after`).toContain(hash);
    s.after?.(db);
    report.rounds.push({ killAtMs, killed: r.killed, state: hash === before ? 'before' : 'after' });
  }
  // Enough rounds must really have been killed mid-way, or the test proves nothing.
  expect(report.rounds.filter((r) => r.killed).length, `${s.name}: kills that landed before the end`).toBeGreaterThanOrEqual(wantKilled);
  console.log(`kill test ${s.name} (seed ${report.seed}, full run ${report.fullRunMs} ms): ${report.rounds.map((r) => `${r.killAtMs}ms:${r.killed ? 'killed' : 'done'}:${r.state}`).join(' ')}`);
  return report;
}
