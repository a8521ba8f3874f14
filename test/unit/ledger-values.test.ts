import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOre } from '../../electron/services/money';
import { Accumulator } from '../../electron/services/ledger/accumulator';
import { codeFromCell, monthFromCell, oreFromCell, periodFromCell, simpleOre, totalRowMatcher } from '../../electron/services/ledger/values';

describe('simpleOre, the allocation-free fast path of the ledger reader', () => {
  it('agrees with parseOre wherever it answers', () => {
    const piece = fc.constantFrom('-', '0', '1', '2', '5', '9', ' ', '\u00a0', ',', '.', '00', '123', ' 456', ',5', '.25');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.constantFrom<',' | '.' | 'auto'>(',', '.', 'auto'), (parts, dec) => {
        const s = parts.join('');
        const fast = simpleOre(s, dec);
        // (parseOre may answer -0 for "-00"; the fast path answers 0: the same amount.)
        if (!Number.isNaN(fast)) expect(fast - parseOre(s, dec), JSON.stringify(s)).toBe(0);
      }),
      { numRuns: 3000 },
    );
    expect(simpleOre('-12 345,67', 'auto')).toBe(-1234567);
    expect(simpleOre('1,234', 'auto')).toBeNaN();
    // More öre than a double holds exactly: refused, never rounded.
    expect(simpleOre('91231231230123', ',')).toBeNaN();
    expect(simpleOre('90071992547409,92', ',')).toBeNaN();
    expect(simpleOre('90071992547409,91', ',')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('ledger cell values', () => {
  it('reads every period form', () => {
    const cases: [Parameters<typeof periodFromCell>[0], number | null][] = [
      ['202603', 202603],
      [202603, 202603],
      ['2026-03', 202603],
      ['2026/3', 202603],
      ['20260331', 202603],
      [20260331, 202603],
      ['2026-03-31', 202603],
      ['2026-03-31 00:00:00', 202603],
      ['mars 2026', 202603],
      ['Mar 2026', 202603],
      [new Date(Date.UTC(2026, 2, 15)), 202603],
      ['202613', null],
      ['20260230', null],
      ['2026-3-32', null],
      ['abc', null],
    ];
    for (const [v, want] of cases) expect(periodFromCell(v), String(v)).toBe(want);
    // Excel serial 46082 is 2026-03-01, but only in spreadsheets.
    expect(periodFromCell(46082, true)).toBe(202603);
    expect(periodFromCell(46082)).toBeNull();
    expect([monthFromCell('mars'), monthFromCell('03'), monthFromCell(12), monthFromCell('13')]).toEqual([3, 3, 12, null]);
  });

  it('reads amounts from text and spreadsheet numbers exactly', () => {
    expect(oreFromCell('1 234,50', 'auto')).toBe(123450);
    expect(oreFromCell('\u22121\u00a0000,00', 'auto')).toBe(-100000);
    expect(oreFromCell('(250,00)', 'auto')).toBe(-25000);
    expect(oreFromCell('250,00-', 'auto')).toBe(-25000);
    expect(oreFromCell(0.1 + 0.2, 'auto')).toBe(30);
    expect(oreFromCell(1234.5600000000002, 'auto')).toBe(123456);
    expect(oreFromCell(12.345, 'auto')).toBeNaN();
  });

  it('splits code and name cells and knows total rows', () => {
    expect(codeFromCell('4010 Förbrukningsmaterial')).toEqual({ code: '4010', name: 'Förbrukningsmaterial' });
    expect(codeFromCell('31101 - Solgården')).toEqual({ code: '31101', name: 'Solgården' });
    expect(codeFromCell(4010)).toEqual({ code: '4010', name: null });
    const isTotal = totalRowMatcher(['Ack']);
    expect(['Summa 5100', 'TOTALT', 'S:a konto', 'Delsumma:', 'Ack totalt'].map(isTotal)).toEqual([true, true, true, true, true]);
    expect(['Summan av allt', 'Totalrenovering', '4010'].map(isTotal)).toEqual([false, false, false]);
  });

  it('keeps codes with leading zeros apart from those without', () => {
    const acc = new Accumulator();
    expect(acc.codingOf('4010', '0510', '')).not.toBe(acc.codingOf('4010', '510', ''));
    expect(acc.codingOf('4010', '510', '')).toBe(acc.codingOf('4010', '510', ''));
    expect(acc.codingOf('4010', 'A5', '')).not.toBe(acc.codingOf('4010', '510', ''));
  });
});
