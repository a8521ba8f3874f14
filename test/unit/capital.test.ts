import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookValueAtStart, capitalMonths, componentCosts, depreciationOfMonth } from '../../electron/services/investments/capital';

describe('kapitaltjänst rules', () => {
  it('spreads the remainder öre of the avskrivning to the first months, so the whole life sums to the cost', () => {
    // 1 000,01 kr over 1 year: 8 333 öre a month, remainder 100 001 − 12 × 8 333 = 5 öre to months 1–5.
    const c = { costOre: 100_001, lifeYears: 1 };
    expect(Array.from({ length: 13 }, (_, k) => depreciationOfMonth(c, k))).toEqual([8334, 8334, 8334, 8334, 8334, 8333, 8333, 8333, 8333, 8333, 8333, 8333, 0]);
    expect(bookValueAtStart(c, 5)).toBe(100_001 - 5 * 8334);
  });

  it('charges nothing up to and including the activation month, and nothing without an activation', () => {
    const m = capitalMonths([{ costOre: 1_200_000, lifeYears: 10 }], 202612, 2026, 200);
    expect(m.depreciation).toEqual(new Array(12).fill(0));
    expect(capitalMonths([{ costOre: 1_200_000, lifeYears: 10 }], null, 2026, 200).interest).toEqual(new Array(12).fill(0));
    // Activated in December 2025: January is the first month; 1 200 000 × 2 % / 12 = 2 000 öre.
    const jan = capitalMonths([{ costOre: 1_200_000, lifeYears: 10 }], 202512, 2026, 200);
    expect(jan.depreciation[0]).toBe(10_000);
    expect(jan.interest[0]).toBe(2_000);
    expect(jan.interest[1]).toBe(1_983); // (1 200 000 − 10 000) / 600 = 1 983,33
  });

  it('property: the months of a whole life sum exactly to the cost and the book value ends at zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 60 }), (costOre, lifeYears) => {
        const c = { costOre, lifeYears };
        let total = 0;
        for (let k = 0; k < lifeYears * 12; k++) total += depreciationOfMonth(c, k);
        expect(total).toBe(costOre);
        expect(bookValueAtStart(c, lifeYears * 12)).toBe(0);
      }),
    );
  });

  it('splits shares of the project by largest remainder so that 100 % is the whole budget', () => {
    // 1 000,01 kr as 33,33 + 33,33 + 33,34 %: 333,30 + 333,30 + 333,40 (and fractions) floor to 999,99 kr; the öre left goes
    // to the largest remainder (0,3334 öre of the third).
    expect(componentCosts([{ amountOre: null, shareBp: 3333 }, { amountOre: null, shareBp: 3333 }, { amountOre: null, shareBp: 3334 }], 100_001)).toEqual([33_330, 33_330, 33_341]);
    expect(componentCosts([{ amountOre: 500, shareBp: null }, { amountOre: null, shareBp: 5000 }], 1001)).toEqual([500, 501]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 }), (budget, raw) => {
        const scale = raw.reduce((a, b) => a + b, 0);
        const shares = raw.map((r) => Math.floor((r * 10000) / scale));
        shares[0]! += 10000 - shares.reduce((a, b) => a + b, 0);
        const costs = componentCosts(shares.map((s) => ({ amountOre: null, shareBp: s })), budget);
        expect(costs.reduce((a, b) => a + b, 0)).toBe(budget);
      }),
    );
  });
});
