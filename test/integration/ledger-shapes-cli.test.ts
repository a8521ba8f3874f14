import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

/**
 * The same corpus through the command line a controller (or a script) uses:
 * `ramkoll import FILE` with no profile. One shape of each kind of file and
 * the two held-out failures (the handler test reads every shape); the files
 * that cannot be read exit non-zero, name the column and change nothing.
 */
const dir = path.join(FIXTURES, 'ledger', 'shapes');
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
  shapes: { file: string; periods: string[]; rows: number; expected: Record<string, number> }[];
  unplaceable: { file: string; error: { column: string; message: string } }[];
};
const CHOSEN = [
  'raindance-blankrad-fore-totalt.csv',
  'agresso-manad-som-datum.xlsx',
  'agresso-manad-som-datum.xls',
  'excel-unicode-text.txt',
  'excel-csv-1252.csv',
  'hogia-dk-kolumn.txt',
  'powerbi-matris.xlsx',
  'qlik-tid-kolumn.csv',
];

/** A fresh database for each file (temporary folders go after each test). */
function freshDb(): string {
  const db = path.join(tempDir(), 'shape.db');
  expect(runCli(['init', '--db', db, '--year', '2026']).code).toBe(0);
  return db;
}

describe('ramkoll import of real export shapes, without a profile', () => {
  it.each(CHOSEN)('%s', (file) => {
    const s = manifest.shapes.find((x) => x.file === file)!;
    expect(s, file).toBeDefined();
    const r = runCli(['import', path.join(dir, file), '--db', freshDb(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { batch: string | null; rows: number; periods: string[]; totalsPerPeriod: Record<string, number>; errors: unknown[]; warnings: unknown[] };
    expect(out).toMatchObject({ errors: [], warnings: [], rows: s.rows, periods: s.periods, totalsPerPeriod: s.expected });
    expect(out.batch).not.toBeNull();
  });

  it.each(manifest.unplaceable.map((u) => u.file))('%s exits non-zero, names the column, and changes nothing', (file) => {
    const u = manifest.unplaceable.find((x) => x.file === file)!;
    const db = freshDb();
    const before = contentHash(db);
    const r = runCli(['import', path.join(dir, file), '--db', db, '--json']);
    expect(r.code).not.toBe(0);
    const out = JSON.parse(r.stdout) as { batch: string | null; errors: { column: string; message: string }[] };
    expect(out.batch).toBeNull();
    const problem = out.errors.find((e) => e.column === u.error.column);
    expect(problem?.message, r.stdout).toMatch(new RegExp(u.error.message));
    expect(contentHash(db)).toBe(before);
  });
});
