import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileKind } from '../../db/schema';
import { mulDivRound, reshapeMonths, scaleOre } from '../../electron/services/budget/line-math';
import { BUILT_IN_PROFILES, periodise, profileWeights } from '../../electron/services/budget/profiles';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const amount = fc.integer({ min: -1e15, max: 1e15 });
const weights12 = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 12, maxLength: 12 });

describe('periodisation: months always sum exactly to the year amount', () => {
  it('for any amount, any built-in profile and any year', () => {
    const kinds = BUILT_IN_PROFILES.filter((p) => p.kind !== 'last_year');
    fc.assert(
      fc.property(amount, fc.constantFrom(...kinds), fc.integer({ min: 2000, max: 2100 }), (yearOre, p, year) => {
        const months = periodise(yearOre, profileWeights(p.kind, year, p.weights));
        expect(months).toHaveLength(12);
        expect(sum(months)).toBe(yearOre);
        months.forEach((m) => expect(Number.isSafeInteger(m)).toBe(true));
      }),
      { numRuns: 500 },
    );
  });

  it('for any amount and any custom profile (also all-zero weights), staying within one öre of the exact share', () => {
    fc.assert(
      fc.property(amount, weights12, (yearOre, w) => {
        const months = periodise(yearOre, profileWeights('custom' as ProfileKind, 2026, w));
        expect(sum(months)).toBe(yearOre);
        const total = sum(w);
        months.forEach((m, i) => {
          const exact = total === 0 ? yearOre / 12 : (yearOre * w[i]!) / total;
          expect(Math.abs(m - exact)).toBeLessThanOrEqual(1 + Math.abs(exact) * 1e-9);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('raising and lowering by percent', () => {
  it('rounds half away from zero, exactly (checked against BigInt arithmetic written here)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: -1_000_000, max: 10_000_000 }), (ore, ppm) => {
        // 2 × ore × (10⁶ + ppm) compared with the rounding boundaries, all in BigInt.
        const n = BigInt(ore) * BigInt(1_000_000 + ppm);
        const lo = n >= 0n ? n / 1_000_000n : -(-n / 1_000_000n);
        const frac = (n >= 0n ? n : -n) % 1_000_000n;
        const expected = frac * 2n >= 1_000_000n ? (n >= 0n ? lo + 1n : lo - 1n) : lo;
        expect(scaleOre(ore, ppm)).toBe(Number(expected));
      }),
    );
    expect(scaleOre(1_000_000, 35_000)).toBe(1_035_000);
    expect(scaleOre(-13, -25_000)).toBe(-13);
    expect(scaleOre(-13, -50_000)).toBe(-12);
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
  });

  it('keeps the shape of hand-typed months and their exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 12, maxLength: 12 }), amount, (months, newYear) => {
        const out = reshapeMonths(months, newYear);
        expect(sum(out)).toBe(newYear);
        // Months that were zero stay zero when all months pointed the same way.
        const sign = newYear < 0 ? -1 : 1;
        if (months.every((m) => m * sign >= 0) && months.some((m) => m !== 0)) months.forEach((m, i) => m === 0 && expect(out[i]).toBe(0));
      }),
    );
    expect(reshapeMonths([100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300], 800)).toEqual([200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 600]);
  });
});
