import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { FIXTURES, ROOT, tempDir } from '../support/tmp';

const fixture = (name: string) => path.join(FIXTURES, 'ledger', name);
const expected = JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8')) as Record<string, Record<string, number>>;

function demoDb(): string {
  const db = path.join(tempDir(), 'cli.db');
  expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
  return db;
}

describe('ramkoll import / batches / undo', () => {
  it('prints exactly the JSON object of the issue, and batches and undo work', () => {
    const db = demoDb();
    // Seven rows over the demo's whole March: confirmed past the warning (see ledger-replace.test.ts).
    const r = runCli(['import', fixture('raindance-2026-03.csv'), '--db', db, '--json', '--confirm']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'batch',
      'rows',
      'periods',
      'totalsPerPeriod',
      'unknownCodes',
      'skippedRows',
      'errors',
      'replacedPerPeriod',
      'replaceScope',
      'warnings',
      'needsConfirmation',
    ]);
    expect(out).toEqual({
      batch: expect.stringMatching(/^[0-9a-f-]{36}$/),
      rows: 7,
      periods: ['202603'],
      totalsPerPeriod: expected['raindance-2026-03.csv'],
      // ansvar 39999, konto 4999, and motpart 81 (the demo's motpart values are its units).
      unknownCodes: 3,
      skippedRows: [
        { line: 8, reason: 'summarad ("Summa 31101")' },
        { line: 13, reason: 'summarad ("Totalt")' },
        { line: 14, reason: 'textrad utan belopp ("Utskrivet 2026-04-03 av Karin Ek")' },
      ],
      errors: [],
      replacedPerPeriod: {
        '202603': {
          before: expect.any(Number),
          after: expected['raindance-2026-03.csv']!['202603'],
          difference: expect.any(Number),
          balancesReplaced: expect.any(Number),
          fileBalances: expect.any(Number),
        },
      },
      replaceScope: { kind: 'period', responsibility: null },
      warnings: expect.arrayContaining([expect.objectContaining({ kind: 'fewBalances', period: '202603' })]),
      needsConfirmation: false,
    });
    const list = JSON.parse(runCli(['batches', '--db', db, '--json']).stdout) as { batches: { id: string; status: string; sha256: string }[] };
    expect(list.batches[0]).toMatchObject({ id: out.batch, status: 'active' });
    expect(list.batches[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const undo = runCli(['undo', out.batch as string, '--db', db]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/Ångrade inläsningen av raindance-2026-03\.csv/);
    expect(runCli(['undo', out.batch as string, '--db', db]).code).toBe(1);
  });

  it('exits 1 with the errors and the database unchanged; 2 on wrong usage', () => {
    const db = demoDb();
    const before = contentHash(db);
    const r = runCli(['import', path.join(FIXTURES, 'ledger', 'bad', 'fel-belopp.csv'), '--db', db, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { batch: null; errors: { line: number; column: string; message: string }[] };
    expect(out.batch).toBeNull();
    expect(out.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'Belopp (D)'],
      [3, 'Belopp (D)'],
      [4, 'Belopp (D)'],
    ]);
    expect(runCli(['import', path.join(FIXTURES, 'ledger', 'bad', 'tom.csv'), '--db', db, '--json']).code).toBe(1);
    expect(contentHash(db)).toBe(before);
    expect(runCli(['import', fixture('utan-period.csv'), '--db', db, '--period', '2026-13']).code).toBe(2);
    expect(runCli(['import', '--db', db]).code).toBe(2);
    const dry = runCli(['import', fixture('utan-period.csv'), '--db', db, '--period', '202605', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ batch: null, totalsPerPeriod: { '202605': 5000 } });
    expect(contentHash(db)).toBe(before);
  });
});

describe('big files read by two threads', () => {
  it('gives the same sums, and the file\'s own line numbers for problems and total rows in the second half', () => {
    const db = demoDb();
    const file = path.join(tempDir(), 'stor.csv');
    const totals = bigFile(file, 250_000, 1);
    const r = runCli(['import', file, '--db', db, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 250_000, totalsPerPeriod: totals, errors: [] });
    // A bad amount and a total row near the end (line numbers: header is line 1, row i is line i + 2).
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    lines[240_001] = '31101;4010;202603;12,345';
    lines.splice(245_000, 0, 'Summa;;;1 000,00');
    fs.writeFileSync(file, lines.join('\r\n'));
    const bad = runCli(['import', file, '--db', db, '--json']);
    expect(bad.code).toBe(1);
    const out = JSON.parse(bad.stdout) as { errors: { line: number; column: string }[]; skippedRows: { line: number }[] };
    expect(out.errors).toEqual([{ line: 240_002, column: 'Belopp (D)', message: '"12,345" är inget belopp i kronor (högst två decimaler)' }]);
    expect(out.skippedRows).toEqual([{ line: 245_001, reason: 'summarad ("Summa")' }]);
  }, 120_000);
});

/** A ledger CSV of n rows over March and April, amounts scaled by k, written independently of Ramkoll. */
function bigFile(file: string, n: number, k: number): Record<string, number> {
  const units = ['31101', '31102', '31201', '32101', '33101'];
  const accounts = ['4010', '4020', '5010', '6110', '3120'];
  const totals: Record<string, number> = { '202603': 0, '202604': 0 };
  const lines = ['Ansvar;Konto;Period;Belopp'];
  for (let i = 0; i < n; i++) {
    const p = i % 2 === 0 ? '202603' : '202604';
    const ore = ((i * 7919) % 100000) * k - 30000;
    totals[p]! += ore;
    const abs = Math.abs(ore);
    lines.push(`${units[i % 5]};${accounts[(i >> 3) % 5]};${p};${ore < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`);
  }
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return totals;
}

function sums(db: string): Record<string, number> {
  const h = new BetterSqlite3(db, { readonly: true });
  try {
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = h.prepare('SELECT period, sum(amount_ore) AS s FROM actual_balance WHERE period IN (202603, 202604) GROUP BY period ORDER BY period').all() as { period: number; s: number }[];
    return Object.fromEntries(rows.map((r) => [String(r.period), r.s]));
  } finally {
    h.close();
  }
}

describe('killing the import process', () => {
  it('SIGKILL at 20 random moments: integrity ok, and the old or the new outcome, never a mix', async () => {
    const dir = tempDir('ramkoll-kill-');
    const pristine = demoDb();
    const newFile = path.join(dir, 'ny.csv');
    // Over 4 MB: read in two halves by two threads, like the big exports.
    const fresh = bigFile(newFile, 200_000, 3);
    const old = sums(pristine);
    const db = path.join(dir, 'k.db');
    const copy = () => {
      for (const ext of ['', '-wal', '-shm']) fs.rmSync(db + ext, { force: true });
      fs.copyFileSync(pristine, db);
    };
    const spawnImport = () => spawn(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), 'import', newFile, '--db', db, '--confirm'], { stdio: 'ignore' });
    // One full run tells how long an import takes.
    copy();
    const t0 = Date.now();
    const full = spawnImport();
    const code = await new Promise<number | null>((r) => full.on('exit', r));
    const duration = Date.now() - t0;
    expect(code).toBe(0);
    expect(sums(db)).toEqual(fresh);
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < 20; i++) {
      copy();
      const child = spawnImport();
      const exited = new Promise((r) => child.on('exit', r));
      const at = 50 + Math.random() * duration;
      await new Promise((r) => setTimeout(r, at));
      child.kill('SIGKILL');
      await exited;
      const now = sums(db);
      if (JSON.stringify(now) === JSON.stringify(old)) seen.old++;
      else {
        expect(now).toEqual(fresh);
        seen.new++;
      }
    }
    expect(seen.old + seen.new).toBe(20);
    console.log(`SIGKILL-test: ${seen.old} gånger gammalt utfall, ${seen.new} gånger nytt (import ${duration} ms)`);
  }, 240_000);
});
