import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { ROOT, tempDir } from '../support/tmp';
import { sharedStringsBomb, sheetBomb, sheetPart, writeZip, xlsxFrame } from '../support/zip-bombs';

/**
 * Hostile spreadsheets through every command that reads one. The CLI runs
 * with a 512 MB heap and a time limit, so a reader that inflates what it is
 * given (the old ones did, up to 6 GB) fails here at once instead of
 * swapping the machine: each file must be refused as bad input (exit 1, a
 * Swedish message naming the file), quickly and within that memory.
 */
function runCapped(args: string[]): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

let dir: string;
let db: string;
let before: string;

beforeEach(() => {
  dir = tempDir('ramkoll-zipbomb-');
  db = path.join(dir, 'mål.db');
  expect(runCli(['init', '--db', db, '--year', '2026']).code).toBe(0);
  before = contentHash(db);
});

const COMMANDS: { what: string; args: (file: string) => string[] }[] = [
  { what: 'ramkoll import', args: (f) => ['import', f, '--db', db] },
  { what: 'ramkoll masterdata', args: (f) => ['masterdata', f, '--db', db, '--kind', 'organisation'] },
  { what: 'ramkoll goals import', args: (f) => ['goals', 'import', f, '--db', db] },
  { what: 'ramkoll budget import', args: (f) => ['budget', 'import', f, '--db', db] },
];

function expectRefused(file: string, args: string[], message: RegExp): void {
  const r = runCapped(args);
  expect(r.stderr, `${args.join(' ')}: ${r.stderr.slice(0, 300)}`).toMatch(message);
  expect(r.stderr).toContain(path.basename(file));
  expect(r.code).toBe(1);
  expect(contentHash(db)).toBe(before);
}

describe('an xlsx renamed .xls', () => {
  it('is recognised as the zip it is and read as xlsx: a good file reads, a bomb is refused before anything inflates it', () => {
    const good = path.join(dir, 'organisation.xls');
    writeZip(good, [
      ...xlsxFrame(false),
      sheetPart([
        ['Ansvar', 'Namn', 'Överordnad', 'Nivå'],
        ['8000', 'Förvaltningen', '', 'administration'],
        ['8100', 'Sektor Åtta', '8000', 'sector'],
      ]),
    ]);
    const ok = runCli(['masterdata', good, '--db', db, '--kind', 'organisation', '--dry-run', '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);

    // 3 million rows (300 MB of XML) in 1.6 MB: honest sizes, a ratio no spreadsheet has.
    const bomb = path.join(dir, 'budget-2027.xls');
    writeZip(bomb, [...xlsxFrame(false), sheetBomb(['Ansvar', 'Konto', 'Belopp'], ['9100', '4010', '100'], 3_000_000)]);
    for (const c of COMMANDS) expectRefused(bomb, c.args(bomb), /budget-2027\.xls: en del av filen packas upp till mer än 200 gånger sin storlek \(zip-bomb\)/);
  }, 600_000);
});

describe('an xlsx whose zip directory lies about the sizes', () => {
  it('is refused as soon as an entry inflates past what the directory declares: shared strings', () => {
    // 3 GB of shared strings declared as 60 kB.
    const file = path.join(dir, 'utfall-mars.xlsx');
    writeZip(file, [...xlsxFrame(true), sharedStringsBomb(3_000_000, 1000, 60_000), sheetPart([['Konto', 'Ansvar', 'Belopp'], ['4010', '9100', '100']])]);
    for (const c of COMMANDS) expectRefused(file, c.args(file), /utfall-mars\.xlsx: delen xl\/sharedStrings\.xml packas upp till mer än de 60000 byte som arkivet anger/);
  }, 600_000);

  it('is refused as soon as an entry inflates past what the directory declares: the sheet', () => {
    // 3 GB of rows declared as 100 kB.
    const file = path.join(dir, 'organisation.xlsx');
    writeZip(file, [...xlsxFrame(false), sheetBomb(['Ansvar', 'Namn', 'Nivå'], ['9100', 'Sektor', 'sector'], 30_000_000, 100_000)]);
    expect(fs.statSync(file).size).toBeGreaterThan(10 * 1024 * 1024);
    for (const c of COMMANDS) expectRefused(file, c.args(file), /organisation\.xlsx: delen xl\/worksheets\/sheet1\.xml packas upp till mer än de 100000 byte som arkivet anger/);
  }, 600_000);

  it('is refused when an entry inflates to less than declared, or the directory says more than the file holds', () => {
    const short = path.join(dir, 'kort.xlsx');
    const sheet = sheetPart([['Konto', 'Ansvar', 'Belopp'], ['4010', '9100', '100']]);
    writeZip(short, [...xlsxFrame(false), { ...sheet, declaredSize: sheet.declaredSize + 1000 }]);
    expectRefused(short, COMMANDS[1]!.args(short), /kort\.xlsx: delen xl\/worksheets\/sheet1\.xml är \d+ byte uppackad men arkivet anger \d+/);
  });
});
