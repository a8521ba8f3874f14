import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRamkollError } from '../../db/errors';
import { invoke } from '../../electron/api/invoke';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { contentHash, openTestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

/**
 * The corpus of real export shapes (test/fixtures/ledger/shapes/, written by
 * make-shapes.mjs): every file is imported without a profile and must give
 * exactly the periods, öre and rows per period its manifest holds (counted
 * by the generator from the rows it wrote, not by Ramkoll); the files that cannot be read
 * without a profile must say which column and why, and change nothing.
 */
const dir = path.join(FIXTURES, 'ledger', 'shapes');
interface Shape {
  file: string;
  system: string;
  shape: string;
  periods: string[];
  rows: number;
  total: number;
  expected: Record<string, number>;
  rowsPerPeriod: Record<string, number>;
}
interface Unplaceable {
  file: string;
  shape: string;
  error: { column: string; message: string };
}
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { shapes: Shape[]; unplaceable: Unplaceable[] };

describe('real export shapes import exactly without a profile', () => {
  it('the corpus has at least 30 shapes from the major systems and tools, each file there', () => {
    expect(manifest.shapes.length).toBeGreaterThanOrEqual(30);
    const systems = new Set(manifest.shapes.map((s) => s.system.split(' ')[0]));
    for (const s of ['Raindance', 'Unit4', 'Visma', 'Hogia', 'Ciceron', 'Qlik', 'Power', 'Excel']) expect(systems, s).toContain(s);
    const formats = new Set(manifest.shapes.map((s) => path.extname(s.file)));
    expect([...formats].sort()).toEqual(['.csv', '.txt', '.xls', '.xlsx']);
    for (const s of [...manifest.shapes, ...manifest.unplaceable]) expect(fs.existsSync(path.join(dir, s.file)), s.file).toBe(true);
  });

  it.each(manifest.shapes.map((s) => [s.file, s] as const))('%s', async (_file, s) => {
    const ctx = await openTestContext(path.join(tempDir(), 's.db'));
    try {
      // Into an empty database nothing needs confirming: no confirm, so a warning would show here.
      const r = (await invoke('ledger.import', { file: path.join(dir, s.file) }, ctx)) as LedgerImportResult;
      expect(r.errors, s.shape).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.applied).toBe(true);
      expect(r.needsConfirmation).toBe(false);
      expect(r.periods).toEqual(s.periods);
      expect(r.totalsPerPeriod).toEqual(s.expected);
      expect(r.total).toBe(s.total);
      expect(r.rowsPerPeriod).toEqual(s.rowsPerPeriod);
      expect(r.rows).toBe(s.rows);
      // What the database holds for those periods is exactly the file.
      for (const [p, ore] of Object.entries(s.expected)) {
        const got = ctx.db.prepare('SELECT coalesce(sum(amount_ore), 0) AS s FROM actual_balance WHERE period = ?').get(Number(p)) as { s: number };
        expect(got.s, `period ${p}`).toBe(ore);
      }
      // The preview tells, per column of the header, what it was read as.
      expect(r.columnNotes.length).toBe(r.headers.length);
      expect(r.columnNotes.some((n) => n.read === 'Konto')).toBe(true);
    } finally {
      ctx.db.close();
    }
  });

  it('the held-out failure: a blank line between the data and the total row is a blank line, not a data row', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'b.db'));
    try {
      const file = path.join(dir, 'raindance-blankrad-fore-totalt.csv');
      const r = (await invoke('ledger.preview', { file }, ctx)) as LedgerImportResult;
      // Two title lines and a blank one, the header, the data, a blank line, the total row.
      const lines = fs.readFileSync(file, 'latin1').split('\r\n');
      const between = lines.indexOf('', 3) + 1;
      expect(lines[between]).toMatch(/^"Totalt"/);
      expect(r.preview.find((p) => p.line === between)).toMatchObject({ role: 'skipped', reason: 'tom rad' });
      expect(r.notes).toContain('1 tomma rader hoppades över.');
      expect(r.skippedRows).toEqual([{ line: between + 1, reason: 'summarad ("Totalt")' }]);
    } finally {
      ctx.db.close();
    }
  });

  it.each(manifest.unplaceable.map((s) => [s.file, s] as const))('%s says which column it cannot place and why', async (_file, s) => {
    const file = path.join(tempDir(), 'u.db');
    const ctx = await openTestContext(file);
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = contentHash(file);
    let said: string;
    try {
      const r = (await invoke('ledger.import', { file: path.join(dir, s.file), confirm: true }, ctx)) as LedgerImportResult;
      expect(r.batch).toBeNull();
      const problem = r.errors.find((e) => e.column === s.error.column);
      expect(problem, JSON.stringify(r.errors)).toBeDefined();
      said = problem!.message;
    } catch (e) {
      expect(isRamkollError(e), String(e)).toBe(true);
      // The details (what the CLI's --json and the UI's error list show) name the column and say why, as the message does.
      const detail = (e as { details?: { column?: string; message?: string }[] }).details?.[0];
      expect(detail?.column).toBe(s.error.column);
      expect(detail?.message).toMatch(new RegExp(s.error.message));
      said = (e as Error).message;
    }
    expect(said).toMatch(new RegExp(s.error.message));
    ctx.db.close();
    expect(contentHash(file)).toBe(before);
  });
});
