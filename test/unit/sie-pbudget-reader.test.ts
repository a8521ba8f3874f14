import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readSie, type SieEncoding } from '../../electron/services/ledger/sie';

/**
 * The #PBUDGET rows of a SIE file are read by a lean reader where their shape
 * allows (ledger/sie.ts quickBalanceRow) and by the general tokenizer
 * otherwise. The tokenizer's label is case-blind and the lean reader's is
 * not, so the same rows written "#pbudget" are read by the tokenizer alone:
 * both files must give the same rows, problems and errors.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-sie-pbudget-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const UTF8: SieEncoding = { encoding: 'utf-8', bomLength: 0, note: null };
let serial = 0;

async function read(lines: readonly string[]): Promise<unknown> {
  const file = path.join(dir, `f${++serial}.se`);
  fs.writeFileSync(file, ['#FLAGGA 0', '#SIETYP 3', '#RAR 0 20260101 20261231', ...lines, ''].join('\n'));
  try {
    const sie = await readSie(file, 'budget.se', { encoding: UTF8, maxProblems: 100 });
    return { rows: sie.pbudget, problems: sie.problems, notes: sie.notes };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const both = async (rows: readonly string[]) => [await read(rows), await read(rows.map((r) => r.replace(/^#PBUDGET/, '#pbudget')))];

const space = fc.constantFrom(' ', '  ', '\t', ' \t ');
const word = fc.constantFrom('0', '1', '-1', '202601', '202613', '201912', '3011', '5010', '12', 'x', '-2.59', '1 234,50', '100,00', '', '"0"', '"202603"', '"5010"', '"-12.5"');
const code = fc.constantFrom('"31101"', '31101', '"A B"', '"a\\"b"', '"}"', '"{"', '"x}y"', '""', '"Ö-10"', '100', '"unterminated');
const dim = fc.constantFrom('1', '20', '0012', '12345', 'x', '"1"');
const list = fc.oneof(
  fc.constant('{}'),
  fc.array(fc.tuple(dim, space, code), { maxLength: 3 }).map((ps) => `{${ps.map(([d, s, c]) => `${d}${s}${c}`).join(' ')}}`),
  fc.constantFrom('{1 "31101"', '{1 {2 "3"}}', '{1}', '{ 1 "31101" }', '{1 "31101"}{20 "100"}', '}'),
);
const row = fc
  .tuple(space, word, space, word, space, word, space, fc.option(list, { nil: '' }), space, word, fc.constantFrom('', ' 5', ' "qty"', ' {}', '\t'))
  .map((parts) => `#PBUDGET${parts.join('')}`.trimEnd());

describe('#PBUDGET rows: the lean reader gives what the tokenizer gives', () => {
  it('common rows, and twelve months of one kodsträng share one object list', async () => {
    const rows = Array.from({ length: 12 }, (_, m) => `#PBUDGET 0 2026${String(m + 1).padStart(2, '0')} 5010 {1 "31101" 20 "100"} -2.59`);
    const [quick, slow] = await both([...rows, '#PBUDGET 0 202601 3011 {} 1500.00', '#PBUDGET 0 202601 3011 1500.00']);
    expect(quick).toEqual(slow);
    const r = (quick as { rows: { objects: unknown }[] }).rows;
    expect(r).toHaveLength(14);
    expect(r[0]!.objects).toEqual([
      { dim: 1, code: '31101' },
      { dim: 20, code: '100' },
    ]);
    expect(r[11]!.objects).toBe(r[0]!.objects);
  });

  it('any row of words, quoted words, escapes, object lists and trailing fields (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
        const [quick, slow] = await both(rows);
        expect(quick).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });
});
