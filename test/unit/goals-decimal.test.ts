import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, formatDecimal, parseDecimal } from '../../electron/services/goals/decimal';

const ok = (s: string) => {
  const r = parseDecimal(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('styrtal values as exact decimal text', () => {
  it('canonicalises the ways people and exports write numbers', () => {
    expect(ok('87,3')).toBe('87.3');
    expect(ok('87.30')).toBe('87.3');
    expect(ok('1 234,50')).toBe('1234.5');
    expect(ok('1\u00a0234')).toBe('1234');
    expect(ok('−0,25')).toBe('-0.25');
    expect(ok('+12')).toBe('12');
    expect(ok('007')).toBe('7');
    expect(ok(',5')).toBe('0.5');
    expect(ok('-0,00')).toBe('0');
    expect(ok('12 %')).toBe('12');
    expect(ok('0.000001')).toBe('0.000001');
  });

  it('refuses what is not a number, with a message that says so', () => {
    for (const bad of ['', 'femton', '1,2,3', '1.2.3', '12a', '-', '1e5', '0.0000001', '1234567890123456']) {
      const r = parseDecimal(bad);
      expect(r.ok, bad).toBe(false);
    }
    const r = parseDecimal('0,1234567');
    expect(r.ok ? '' : r.message).toMatch(/fler än 6 decimaler/);
  });

  it('compares exactly, also where floating point would not', () => {
    expect(compareDecimal('0.3', '0.30')).toBe(0);
    expect(compareDecimal('0.1', '0.09')).toBe(1);
    expect(compareDecimal('-1.5', '-1.4')).toBe(-1);
    expect(compareDecimal('123456789012345.000001', '123456789012345')).toBe(1);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n - 10n ** 15n, max: 10n ** 15n - 1n }), fc.bigInt({ min: 1n - 10n ** 15n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (a, b, sa, sb) => {
        // a / 10^sa against b / 10^sb, cross-multiplied in BigInt.
        const text = (n: bigint, s: number) => {
          const neg = n < 0n;
          const digits = (neg ? -n : n).toString().padStart(s + 1, '0');
          return ok(`${neg ? '-' : ''}${digits.slice(0, digits.length - s)}${s > 0 ? `.${digits.slice(digits.length - s)}` : ''}`);
        };
        const x = a * 10n ** BigInt(sb);
        const y = b * 10n ** BigInt(sa);
        expect(compareDecimal(text(a, sa), text(b, sb))).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('shows values the Swedish way', () => {
    expect(formatDecimal('1234.5')).toBe('1\u00a0234,5');
    expect(formatDecimal('-0.25')).toBe('\u22120,25');
    expect(formatDecimal('87')).toBe('87');
  });
});
