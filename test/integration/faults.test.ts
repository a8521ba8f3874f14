import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { CLI_TODAY, runCli } from '../support/cli';
import { contentHash, openTestContext } from '../support/db';
import { expectAtomicUnderKill, expectBackupsWhole, expectIntact } from '../support/faults';
import { ROOT, tempDir } from '../support/tmp';

/** A kontoplan-sized organisation file: 4 sektorer × 59 verksamheter × 24 enheter under the demo's sektorer. */
function bigOrganisation(dir: string): string {
  const rows = ['Ansvar;Namn;Överordnad;Nivå'];
  for (let s = 1; s <= 4; s++) {
    for (let v = 1; v < 60; v++) {
      const code = `9${s}${String(v).padStart(2, '0')}`;
      rows.push(`${code};Ny verksamhet ${s}-${v};3${s}00;verksamhet`);
      for (let e = 1; e <= 24; e++) rows.push(`${code}${String(e).padStart(2, '0')};Ny enhet ${s}-${v}-${e};${code};enhet`);
    }
  }
  const file = path.join(dir, 'organisation.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

/**
 * A first package from the demo controller to a second controller
 * installation with an empty database: everything the förvaltning holds
 * (about 80 000 changed fields and 30 000 outcome rows).
 */
function largePackage(dir: string): { file: string; receiver: string } {
  const source = demoDb(dir, 'avsandare.db');
  const receiver = path.join(dir, 'mottagare.db');
  expect(runCli(['init', '--db', receiver]).code).toBe(0);
  const to = JSON.parse(runCli(['site', 'set', '--db', receiver, '--name', 'Controller 2', '--json']).stdout) as { id: string };
  const intro = path.join(dir, 'presentation.ramkoll');
  expect(runCli(['exchange', 'introduce', '--db', receiver, '--out', intro]).code).toBe(0);
  // Each accepts the other's presentation (the fingerprints compared), so the package below needs no decision.
  expect(runCli(['exchange', 'import', intro, '--db', source, '--accept-sender']).code).toBe(0);
  const back = path.join(dir, 'presentation-avsandare.ramkoll');
  expect(runCli(['exchange', 'introduce', '--db', source, '--out', back]).code).toBe(0);
  expect(runCli(['exchange', 'import', back, '--db', receiver, '--accept-sender']).code).toBe(0);
  const file = path.join(dir, 'stort.ramkoll');
  const r = runCli(['exchange', 'export', '--db', source, '--to', to.id, '--out', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect((JSON.parse(r.stdout) as { changes: number }).changes).toBeGreaterThan(20_000);
  return { file, receiver };
}

function demoDb(dir: string, name = 'demo.db'): string {
  const file = path.join(dir, name);
  const r = runCli(['init', '--db', file, '--demo', '--year', '2026']);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

/**
 * A large ledger export as the ekonomisystem writes it (CRLF, decimal comma,
 * code+name account cells, a text per row, so the transaction detail is kept):
 * 200 000 rows over March and April, about 10 MB (read by two threads), with
 * an ansvar and an account the demo's master data lacks (loaded as unknown coding).
 */
function bigLedger(dir: string): string {
  const units = ['31101', '31102', '31201', '32101', '33101', '39999'];
  const accounts = ['4010 Förbrukningsmaterial', '4020 Livsmedel', '5010 Månadslön', '6110 Kontorsmaterial', '3120 Avgifter', '4999 Okänt konto'];
  const lines = ['Ansvar;Konto;Period;Belopp;Text'];
  for (let i = 0; i < 200_000; i++) {
    const ore = ((i * 7919) % 100_000) - 30_000;
    const abs = Math.abs(ore);
    lines.push(`${units[i % 6]};${accounts[(i >> 3) % 6]};${i % 2 ? '202604' : '202603'};${ore < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')};Faktura ${i}`);
  }
  const file = path.join(dir, 'utfall-mars-april.csv');
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

/** The imports the fault cases below are run with: each makes its input file and gives its command line. */
const IMPORTS = [
  {
    what: 'a master-data import',
    input: bigOrganisation,
    args: (file: string, db: string) => ['masterdata', file, '--db', db, '--kind', 'organisation'],
    channel: { name: 'masterdata.import', input: (file: string) => ({ kind: 'organisation', file }) },
  },
  {
    what: 'a ledger import (ramkoll import)',
    input: bigLedger,
    args: (file: string, db: string) => ['import', file, '--db', db, '--confirm'],
    channel: { name: 'ledger.import', input: (file: string) => ({ file, confirm: true }) },
  },
] as const;

// --- mounting a small file system, where the machine allows it (root on Linux, as CI runs) ---
const mounted: string[] = [];
function tryMount(dir: string, options: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  mounted.push(dir);
  return true;
}
function remount(dir: string, options: string): void {
  const r = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${dir}: ${r.stderr}`);
}
afterEach(() => {
  for (const dir of mounted.splice(0).reverse()) spawnSync('umount', ['-l', dir]);
});
const canMount = (() => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-mount-probe-'));
  const ok = tryMount(probe, 'size=64k');
  if (ok) spawnSync('umount', [probe]);
  mounted.length = 0;
  fs.rmSync(probe, { recursive: true, force: true });
  return ok;
})();

// Each scenario runs the operation to the end twice and then 10 to 20 times more: minutes on a loaded machine.
describe('SIGKILL at random moments: the database is whole and holds the old or the new state', { timeout: 240_000 }, () => {
  it('during a backup (repeated)', async () => {
    await expectAtomicUnderKill({
      name: 'backup',
      rounds: 10,
      changes: false,
      prepare(dir) {
        const db = demoDb(dir);
        // 30 MB more, so that copying takes long enough to be killed in the middle.
        const raw = new BetterSqlite3(db);
        raw.exec('CREATE TABLE fault_test_fill (x TEXT NOT NULL) STRICT');
        const insert = raw.prepare('INSERT INTO fault_test_fill VALUES (?)');
        raw.transaction(() => {
          for (let i = 0; i < 15_000; i++) insert.run(`${i}`.padEnd(2000, 'x'));
        })();
        raw.close();
        return db;
      },
      args: (db) => ['backup', 'create', '--db', db],
      after: (db) => expectBackupsWhole(path.join(path.dirname(db), `${path.basename(db, '.db')}.backups`)),
    });
  });

  it('during a master-data import', async () => {
    let file = '';
    await expectAtomicUnderKill({
      name: 'grunddata',
      rounds: 10,
      prepare(dir) {
        file = bigOrganisation(dir);
        return demoDb(dir);
      },
      args: (db) => ['masterdata', file, '--db', db, '--kind', 'organisation'],
      after: (db) => expectBackupsWhole(path.join(path.dirname(db), `${path.basename(db, '.db')}.backups`)),
    });
  });

  it('during the import of a large exchange package', async () => {
    let pkg = '';
    await expectAtomicUnderKill({
      name: 'paketimport',
      prepare(dir) {
        pkg = largePackage(dir).file;
        return path.join(dir, 'mottagare.db');
      },
      args: (db) => ['exchange', 'import', pkg, '--db', db],
      after: (db) => expectBackupsWhole(path.join(path.dirname(db), `${path.basename(db, '.db')}.backups`)),
    });
    // A demo to build the package from, two full imports and the killed rounds: longer than the default minute on a busy machine.
  }, 300_000);

  it('during a ledger import of a large CSV (ramkoll import): balances, batch, transaction detail and unknown codes all or nothing', async () => {
    let file = '';
    await expectAtomicUnderKill({
      name: 'utfallsimport',
      rounds: 10,
      prepare(dir) {
        file = bigLedger(dir);
        return demoDb(dir);
      },
      args: (db) => ['import', file, '--db', db, '--confirm'],
      after: (db) => expectBackupsWhole(path.join(path.dirname(db), `${path.basename(db, '.db')}.backups`)),
    });
  });

  it('during demo generation', async () => {
    await expectAtomicUnderKill({
      name: 'demo',
      prepare(dir) {
        const db = path.join(dir, 'tom.db');
        expect(runCli(['init', '--db', db]).code).toBe(0);
        return db;
      },
      args: (db) => ['init', '--db', db, '--demo', '--year', '2026'],
    });
  });
});

describe.each(IMPORTS)('a full disk during $what', ({ input, args, channel }) => {
  it('SQLite reports SQLITE_FULL inside the transaction (max_page_count): nothing changes, the message says what to do', async () => {
    const dir = tempDir();
    const db = demoDb(dir);
    const file = input(dir);
    const before = contentHash(db);
    const ctx = await openTestContext(db);
    // The database may grow by 20 pages only: a disk that fills up during the write.
    const pages = ctx.db.sqlite.pragma('page_count', { simple: true }) as number;
    ctx.db.sqlite.pragma(`max_page_count = ${pages + 20}`);
    const err = await invoke(channel.name, channel.input(file), ctx).catch((e: unknown) => e);
    ctx.db.close();
    expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^Disken är full: .*Frigör utrymme och försök igen; inget har ändrats\.$/) });
    expectIntact(db);
    expect(contentHash(db)).toBe(before);
  }, 120_000);

  it.skipIf(!canMount)('on a real file system that fills up (a small tmpfs): during the transaction, and already during the backup', () => {
    const dir = tempDir();
    const source = demoDb(dir);
    const file = input(dir);
    const size = fs.statSync(source).size;
    const before = contentHash(source);
    // Room for the backup, not for the import's writes; then not even for the backup.
    for (const [room, expected] of [
      [2 * size + 512 * 1024, /^ramkoll: Disken är full: .*demo\.db kunde inte skrivas\. Frigör utrymme och försök igen; inget har ändrats\.$/m],
      [size + 64 * 1024, /^ramkoll: Disken är full: säkerhetskopian kunde inte skrivas i .*demo\.backups\. Frigör utrymme och försök igen; inget har ändrats\.$/m],
    ] as const) {
      const disk = fs.mkdtempSync(path.join(dir, 'disk-'));
      expect(tryMount(disk, `size=${Math.ceil(room / 1024)}k`)).toBe(true);
      const db = path.join(disk, 'demo.db');
      fs.copyFileSync(source, db);
      const r = runCli(args(file, db));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(expected);
      expectIntact(db);
      expect(contentHash(db)).toBe(before);
      // No partial backup (nor its journal) is left to fill the disk further.
      expect(fs.readdirSync(path.join(disk, 'demo.backups')).filter((f) => f.includes('.partial'))).toEqual([]);
    }
  }, 120_000);
});

describe('a full disk during an exchange import', () => {
  it('SQLite reports SQLITE_FULL inside the merge (max_page_count): nothing changes, and the package can be read in afterwards', async () => {
    const dir = tempDir();
    const { file, receiver } = largePackage(dir);
    const before = contentHash(receiver);
    const ctx = await openTestContext(receiver);
    const pages = ctx.db.sqlite.pragma('page_count', { simple: true }) as number;
    ctx.db.sqlite.pragma(`max_page_count = ${pages + 50}`);
    const err = await invoke('exchange.import', { file }, ctx).catch((e: unknown) => e);
    ctx.db.sqlite.pragma('max_page_count = 4294967294');
    expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^Disken är full: .*mottagare\.db kunde inte skrivas\. Frigör utrymme och försök igen; inget har ändrats\.$/) });
    ctx.db.close();
    expectIntact(receiver);
    expect(contentHash(receiver)).toBe(before);
    // Not half read: with room again, the same package goes in whole.
    const r = runCli(['exchange', 'import', file, '--db', receiver, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ alreadyImported: false, refused: 0, refusedItems: [] });
  }, 180_000);

  it.skipIf(!canMount)('on a small tmpfs that fills up during the merge: the CLI says so, and nothing changes', () => {
    const dir = tempDir();
    const { file, receiver } = largePackage(dir);
    const size = fs.statSync(receiver).size;
    const before = contentHash(receiver);
    const disk = fs.mkdtempSync(path.join(dir, 'disk-'));
    // Room for the backup of the (small) receiving database, not for what the package brings.
    expect(tryMount(disk, `size=${Math.ceil((2 * size + 1024 * 1024) / 1024)}k`)).toBe(true);
    const db = path.join(disk, 'mottagare.db');
    fs.copyFileSync(receiver, db);
    const r = runCli(['exchange', 'import', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: Disken är full: .*mottagare\.db kunde inte skrivas\. Frigör utrymme och försök igen; inget har ändrats\.$/m);
    expectIntact(db);
    expect(contentHash(db)).toBe(before);
  }, 180_000);
});

describe.each(IMPORTS)('a database file that cannot be written, during $what', ({ input, args }) => {
  it.skipIf(!canMount && process.getuid?.() === 0)('is refused with a clear message before anything is changed', () => {
    const dir = tempDir();
    const source = demoDb(dir);
    const file = input(dir);
    const before = contentHash(source);
    let db: string;
    let restore: () => void;
    if (canMount) {
      // Root may write any file whatever its mode bits: a read-only mount stops even root.
      const disk = fs.mkdtempSync(path.join(dir, 'ro-'));
      // Room for the demo database (about 20 MB) and its copy.
      expect(tryMount(disk, 'size=64m')).toBe(true);
      db = path.join(disk, 'demo.db');
      fs.copyFileSync(source, db);
      remount(disk, 'ro');
      restore = () => remount(disk, 'rw');
    } else {
      db = source;
      fs.chmodSync(db, 0o444);
      fs.chmodSync(dir, 0o555);
      restore = () => {
        fs.chmodSync(dir, 0o755);
        fs.chmodSync(db, 0o644);
      };
    }
    const r = runCli(args(file, db));
    restore();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: Databasen .*demo\.db är skrivskyddad .*Kopiera filen till en mapp där du kan skriva, eller kontrollera behörigheterna; inget har ändrats\.$/m);
    expectIntact(db);
    expect(contentHash(db)).toBe(before);
  }, 120_000);
});

describe.each(IMPORTS)('a database locked by another process, during $what', ({ input, args }) => {
  let holder: ChildProcess | null = null;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = null;
  });

  it('waits, then gives up with a clear message; nothing changes', async () => {
    const dir = tempDir();
    const db = demoDb(dir);
    const file = input(dir);
    const before = contentHash(db);
    // Another process holds a write transaction with a change in it, and keeps it open.
    const script = `
      const D = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new D(${JSON.stringify(db)});
      db.exec("BEGIN IMMEDIATE; UPDATE setting SET value = '\\"låst\\"' WHERE key = 'kommun.name'");
      process.stdout.write('locked\\n');
      process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
    `;
    const h = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder = h;
    await new Promise<void>((resolve, reject) => {
      h.stdout!.once('data', () => resolve());
      h.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    const t0 = performance.now();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), ...args(file, db)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RAMKOLL_TODAY: CLI_TODAY } });
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (code) => resolve({ code, stderr }));
    });
    const waited = performance.now() - t0;
    h.stdin!.write('release\n');
    await new Promise((resolve) => h.once('exit', resolve));
    holder = null;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: Databasen .*demo\.db används av ett annat program\. Stäng det andra programmet och försök igen; inget har ändrats\.$/m);
    // It waited for the other program (busy_timeout 5 s) before giving up.
    expect(waited).toBeGreaterThan(4500);
    expectIntact(db);
    expect(contentHash(db)).toBe(before);
  }, 120_000);
});
