import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

describe('ramkoll CLI', () => {
  it('prints help and its version', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['init', 'summary', 'masterdata']) expect(help.stdout).toContain(cmd);
    expect(help.stdout).toMatch(/Slutkoder: 0 klart, 1 felaktig indata/);
    expect(runCli(['init', '--help']).stdout).toMatch(/--demo/);
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('init --demo --json prints the counts, and summary prints the same with totals per period', () => {
    const db = path.join(tempDir(), 'demo.db');
    const init = runCli(['init', '--db', db, '--demo', '--year', '2026', '--json']);
    expect(init.code).toBe(0);
    const s = JSON.parse(init.stdout) as Summary;
    expect(s).toMatchObject({ year: 2026, units: 60, periods: 10, latestPeriod: 202610 });
    expect(s.accounts).toBeGreaterThan(100);
    expect(s.outcomeRows).toBeGreaterThan(5000);
    expect(s.perPeriod).toHaveLength(12);
    expect(s.perPeriod.every((p) => Number.isInteger(p.budget) && Number.isInteger(p.actual))).toBe(true);
    const sum = runCli(['summary', '--db', db, '--json']);
    expect(sum.code).toBe(0);
    expect(JSON.parse(sum.stdout)).toEqual(s);
    expect(runCli(['summary', '--db', db]).stdout).toMatch(/enheter 60/);
  });

  it('takes today from RAMKOLL_TODAY: the demo of another day, and a clear message for a value that is not a date', () => {
    const dir = tempDir();
    const march = path.join(dir, 'mars.db');
    const r = runCli(['init', '--db', march, '--demo', '--json'], { env: { RAMKOLL_TODAY: '2027-03-15' } });
    expect(r.code, r.stderr).toBe(0);
    // On 15 March 2027 January and February have closed (a month closes on the 10th of the month after).
    expect(JSON.parse(r.stdout)).toMatchObject({ year: 2027, outcomePeriods: [202701, 202702], latestPeriod: 202702 });
    const early = path.join(dir, 'januari.db');
    expect(JSON.parse(runCli(['init', '--db', early, '--demo', '--json'], { env: { RAMKOLL_TODAY: '2026-01-02' } }).stdout)).toMatchObject({ year: 2025, latestPeriod: 202511 });
    // A year with no closed month is refused, nothing written.
    const future = runCli(['init', '--db', path.join(dir, 'framtid.db'), '--demo', '--year', '2027'], { env: { RAMKOLL_TODAY: '2026-11-20' } });
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/Demoförvaltningen för 2027 kan inte skapas per 2026-11-20/);
    const bad = path.join(dir, 'fel.db');
    for (const value of ['2026-02-30', '20.11.2026']) {
      const b = runCli(['init', '--db', bad, '--demo'], { env: { RAMKOLL_TODAY: value } });
      expect(b.code).toBe(1);
      expect(b.stderr).toBe(`ramkoll: RAMKOLL_TODAY är "${value}", som inte är ett datum. Ange dagens datum som ÅÅÅÅ-MM-DD (t.ex. RAMKOLL_TODAY=2026-08-20) eller ta bort variabeln.\n`);
      expect(fs.existsSync(bad)).toBe(false);
    }
    const json = runCli(['summary', '--db', march, '--json'], { env: { RAMKOLL_TODAY: 'i morgon' } });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('init without --demo gives an empty, migrated database', () => {
    const db = path.join(tempDir(), 'empty.db');
    const r = runCli(['init', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ units: 0, accounts: 0, budgetLines: 0, outcomeRows: 0, periods: 0 });
  });

  it('exits 1 with one line on stderr for bad input, and leaves the database unchanged', () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.db');
    expect(runCli(['init', '--db', db]).code).toBe(0);
    const before = contentHash(db);
    const bad = runCli(['masterdata', path.join(FIXTURES, 'masterdata', 'org-cirkel.csv'), '--db', db, '--kind', 'organisation']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/org-cirkel\.csv: 1 fel, inget har ändrats.*cirkel/);
    expect(contentHash(db)).toBe(before);

    const json = runCli(['masterdata', path.join(FIXTURES, 'masterdata', 'konto-fel.csv'), '--db', db, '--kind', 'accounts', '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { error: { code: string; details: { line: number }[] } };
    expect(out.error.code).toBe('BAD_FILE');
    expect(out.error.details.map((d) => d.line)).toEqual([2, 3, 4, 5, 6]);

    // A database in a folder that does not exist: bad input named in Swedish, not an internal error.
    const noFolder = runCli(['init', '--db', path.join(dir, 'saknad-mapp', 'ny.db')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr.trim().split('\n')).toHaveLength(1);
    expect(noFolder.stderr).toContain(`Mappen ${path.join(dir, 'saknad-mapp')} finns inte`);
    expect(fs.existsSync(path.join(dir, 'saknad-mapp'))).toBe(false);

    const missing = runCli(['summary', '--db', path.join(dir, 'finns-inte.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/finns inte/);
    expect(fs.existsSync(path.join(dir, 'finns-inte.db'))).toBe(false);
    expect(contentHash(db)).toBe(before);
  });

  it('exits 2 on wrong usage', () => {
    expect(runCli([]).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    const noDb = runCli(['summary']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/--db saknas/);
    expect(runCli(['summary', '--db', 'x.db', '--bogus']).code).toBe(2);
    expect(runCli(['init', '--db', 'x.db', '--year', 'nästa']).code).toBe(2);
    expect(runCli(['masterdata', '--db', 'x.db', '--kind', 'organisation']).code).toBe(2);
    expect(runCli(['masterdata', 'f.csv', '--db', 'x.db', '--kind', 'personal']).code).toBe(2);
  });

  it('reads a kontoplan from an old-format .xls file, as its help says', async () => {
    expect(runCli(['masterdata', '--help']).stdout).toMatch(/\.xls\b/);
    const dir = tempDir();
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Kontoplan 2026'], ['Konto', 'Namn'], [3120, 'Omsorgsavgifter'], [50101, 'Månadslön undersköterskor']]), 'Konton');
    const xls = path.join(dir, 'kontoplan.xls');
    fs.writeFileSync(xls, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer);
    const db = path.join(dir, 'k.db');
    runCli(['init', '--db', db]);
    const r = runCli(['masterdata', xls, '--db', db, '--kind', 'accounts', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, created: 2, applied: true });
  });

  it('imports master data from the command line', () => {
    const db = path.join(tempDir(), 'm.db');
    runCli(['init', '--db', db]);
    const r = runCli(['masterdata', path.join(FIXTURES, 'masterdata', 'organisation-raindance.csv'), '--db', db, '--kind', 'organisation', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 9, created: 9, applied: true });
    const s = JSON.parse(runCli(['summary', '--db', db, '--json']).stdout) as Summary;
    expect(s.units).toBe(4);
  });
});
