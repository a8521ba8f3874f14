import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type * as XLSXTypes from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from '../support/tmp';

/**
 * The committed corpus of export shapes is what make-shapes.mjs writes: a
 * file edited by hand (or a generator changed without writing the files
 * again) would make the manifest's figures say nothing. Text files and the
 * manifest must be the same bytes; an xlsx the same zip entries (the zip's
 * own timestamps differ per run); an .xls, which LibreOffice makes from the
 * xlsx and whose bytes vary, the same cells as its xlsx.
 */
const dir = path.join(FIXTURES, 'ledger', 'shapes');

type XLSXModule = typeof XLSXTypes;

function zipEntries(X: XLSXModule, file: string): Record<string, string> {
  const z = X.CFB.read(fs.readFileSync(file), { type: 'buffer' });
  const out: Record<string, string> = {};
  (z.FileIndex as { type: number; content: Uint8Array }[]).forEach((e, i) => {
    if (e.type === 2) out[(z.FullPaths as string[])[i]!] = Buffer.from(e.content).toString('base64');
  });
  return out;
}

function cells(X: XLSXModule, file: string): Record<string, unknown[][]> {
  const wb = X.read(fs.readFileSync(file), { type: 'buffer', cellDates: false, cellNF: true, cellFormula: false });
  const out: Record<string, unknown[][]> = {};
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name]!;
    const rows = X.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
    // The value, and whether the cell's format makes it a date (LibreOffice rewrites a Swedish "# ##0,00" its own way; the reader only asks "date or not").
    out[name] = rows.map((r, i) =>
      r.map((v, j) => {
        const z = ws[X.utils.encode_cell({ r: i, c: j })]?.z;
        return [v instanceof Date ? v.toISOString() : v, typeof z === 'string' && X.SSF.is_date(z)];
      }),
    );
  }
  return out;
}

describe('the corpus of export shapes', () => {
  it('is exactly what its generator writes', { timeout: 60_000 }, async () => {
    const out = tempDir();
    execFileSync(process.execPath, [path.join(dir, 'make-shapes.mjs')], { env: { ...process.env, SHAPES_OUT: out, SHAPES_XLS: '0' }, stdio: 'pipe' });
    const X = await import('@e965/xlsx');
    const written = fs.readdirSync(out).sort();
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { shapes: { file: string }[]; unplaceable: { file: string }[] };
    const named = [...manifest.shapes, ...manifest.unplaceable].map((s) => s.file);
    // Every data file in the folder comes from the generator and is in the manifest.
    const committed = fs.readdirSync(dir).filter((f) => !f.endsWith('.mjs') && f !== 'manifest.json');
    expect(committed.sort()).toEqual([...new Set(named)].sort());
    for (const f of written) {
      const mine = path.join(dir, f);
      const theirs = path.join(out, f);
      if (f.endsWith('.xlsx')) expect(zipEntries(X, mine), f).toEqual(zipEntries(X, theirs));
      else expect(fs.readFileSync(mine).equals(fs.readFileSync(theirs)), f).toBe(true);
    }
    for (const f of named.filter((n) => n.endsWith('.xls'))) {
      expect(written, f).not.toContain(f);
      expect(cells(X, path.join(dir, f)), f).toEqual(cells(X, path.join(out, f.replace(/\.xls$/, '.xlsx'))));
    }
  });
});
