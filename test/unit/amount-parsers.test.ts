import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOre } from '../../electron/services/money';
import { formatOre, formatPpmPercent, oreForSpreadsheet, parseAmount, parseAmountIn, parsePercentPpm } from '../../renderer/amount';

/** The same cases for both parsers: the renderer's copy must read amounts exactly as the services do. */
const CASES: [string, number][] = [
  ['1 234,50', 123450],
  ['1234', 123400],
  ['-500', -50000],
  ['\u2212500', -50000],
  ['\u221212,00', -1200],
  ['1\u00a0234\u00a0567,89', 123456789],
  ['1\u202f234,5', 123450],
  ['(250,00)', -25000],
  ['250,00-', -25000],
  ['1.234.567,89', 123456789],
  ['1,234,567.89', 123456789],
  ['1234.5', 123450],
  ['0,07', 7],
  [',5', 50],
  ['+17', 1700],
  ['12,500', 1250],
  ['  42  ', 4200],
  ['1 234 kr', 123400],
  ['0', 0],
];
const REFUSED = ['', ' ', 'abc', '1,2,3,4', '12 34', '1.2.3', '12,345', '1 2345', '--5', '(5', '5)', '1e5', '0x10', 'NaN', '1.234', '1,2 mkr', '9'.repeat(20), '12,3,4', '1 234,5 6'];

describe('the renderer’s amount parser agrees with services/money.ts parseOre', () => {
  it.each(CASES)('%j -> %d öre in both', (text, ore) => {
    expect(parseOre(text)).toBe(ore);
    expect(parseAmount(text)).toBe(ore);
  });

  it.each(REFUSED)('both refuse %j', (text) => {
    expect(parseOre(text)).toBeNaN();
    expect(parseAmount(text)).toBeNaN();
  });

  it('gives the same answer on any string made of the characters amounts are written with', () => {
    const ch = fc.constantFrom('0', '1', '2', '5', '9', ',', '.', ' ', '\u00a0', '\u202f', "'", '-', '\u2212', '\u2013', '+', '(', ')', 'k', 'r', 'x');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 16 }), (chars) => {
        const s = chars.join('');
        expect(Object.is(parseAmount(s), parseOre(s)) || (Number.isNaN(parseAmount(s)) && Number.isNaN(parseOre(s)))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads back what the grid shows and what it copies to a spreadsheet', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ore) => {
        expect(parseAmount(formatOre(ore))).toBe(ore);
        expect(parseAmount(oreForSpreadsheet(ore))).toBe(ore);
        expect(parseOre(oreForSpreadsheet(ore))).toBe(ore);
      }),
    );
    expect(oreForSpreadsheet(-123450)).toBe('-1234,50');
    expect(oreForSpreadsheet(100)).toBe('1');
  });
});

describe('percent as parts per million', () => {
  it.each([
    ['3,5', 35_000],
    ['-2', -20_000],
    ['\u22122,25 %', -22_500],
    ['+10%', 100_000],
    ['0,0001', 1],
    ['8,3333', 83_333],
  ])('%j -> %d ppm', (text, ppm) => expect(parsePercentPpm(text)).toBe(ppm));

  it.each(['', 'x', '1,23456', '1,2,3', '%'])('refuses %j', (text) => expect(parsePercentPpm(text)).toBeNaN());

  it('formats back what it reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (ppm) => {
        expect(parsePercentPpm(formatPpmPercent(ppm))).toBe(ppm);
      }),
    );
  });
});

describe('amounts typed in the unit the page shows (parseAmountIn)', () => {
  it.each([
    ['1 234,5', 'tkr', 123_450_000],
    ['1 234', 'tkr', 123_400_000],
    ['−0,00001', 'tkr', -1],
    ['12,34567', 'tkr', 1_234_567],
    ['250 tkr', 'tkr', 25_000_000],
    ['-3,5', 'tkr', -350_000],
    ['1 234,50', 'kr', 123_450],
    ['250 000', 'kr', 25_000_000],
  ] as const)('%j %s -> %d öre', (text, unit, ore) => {
    expect(parseAmountIn(text, unit)).toBe(ore);
  });

  it.each([
    ['1,000001', 'tkr'],
    ['12,345', 'kr'],
    ['1.234', 'tkr'],
    ['', 'tkr'],
    ['abc', 'kr'],
    ['9'.repeat(12), 'tkr'],
  ] as const)('refuses %j in %s (a fraction of an öre, ambiguous, or no amount)', (text, unit) => {
    expect(parseAmountIn(text, unit)).toBeNaN();
  });

  it('reads back exactly any öre amount written in tkr with five decimals (no floating point on the way)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 }), (ore) => {
        const abs = Math.abs(ore);
        const text = `${ore < 0 ? '\u2212' : ''}${Math.floor(abs / 100_000)},${String(abs % 100_000).padStart(5, '0')}`;
        expect(parseAmountIn(text, 'tkr')).toBe(ore);
      }),
    );
  });
});
