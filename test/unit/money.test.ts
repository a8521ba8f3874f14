import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, oreToDecimalString, parseOre } from '../../electron/services/money';

describe('parseOre', () => {
  it.each([
    ['1 234,50', 123450],
    ['1234', 123400],
    ['-500', -50000],
    ['1\u00a0234\u00a0567,89', 123456789],
    ['1\u202f234,5', 123450],
    ['\u221212,00', -1200],
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
  ])('%s -> %d öre', (text, ore) => {
    expect(parseOre(text)).toBe(ore);
  });

  it.each(['', 'abc', '1,2,3,4', '12 34', '1.2.3', '12,345', '1 2345', '--5', '(5', '5)', '1e5', '0x10', 'NaN', '1.234', '9'.repeat(20)])(
    'refuses %j',
    (text) => {
      expect(parseOre(text)).toBeNaN();
    },
  );

  it('follows an explicit decimal separator', () => {
    expect(parseOre('1.234', ',')).toBe(123400);
    expect(parseOre('1,234', '.')).toBe(123400);
    expect(parseOre('1,5', ',')).toBe(150);
  });

  it('reads back every amount it could have been given, in every common form', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ore) => {
        const plain = oreToDecimalString(ore);
        const sv = plain.replace('.', ',');
        const grouped = sv.replace(/\B(?=(\d{3})+(?!\d))(?=.*,)/g, '\u00a0');
        expect(parseOre(plain)).toBe(ore);
        expect(parseOre(sv)).toBe(ore);
        expect(parseOre(grouped)).toBe(ore);
      }),
    );
  });
});

describe('allocate (largest remainder)', () => {
  it('splits a year amount over twelve months exactly', () => {
    const months = allocate(100, new Array(12).fill(1));
    expect(months.reduce((a, b) => a + b, 0)).toBe(100);
    expect(months).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8]);
  });

  it('keeps the sign of negative amounts (revenues)', () => {
    const parts = allocate(-1000, [1, 1, 1]);
    expect(parts).toEqual([-334, -333, -333]);
  });

  it('always sums to the total and stays within one öre of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e14, max: 1e14 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 24 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = sum === 0 ? total / weights.length : (total * weights[i]!) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6 * Math.abs(exact));
          });
        },
      ),
    );
  });

  it('refuses fractional or negative weights', () => {
    expect(() => allocate(10, [0.5, 0.5])).toThrow();
    expect(() => allocate(10, [-1, 2])).toThrow();
    expect(() => allocate(0.5, [1])).toThrow();
  });
});
