/**
 * The flerårsplan's arithmetic (issue 17, point 1): a plan year drawn from
 * the year before with löneökning, prisindex and volume, exact to the öre,
 * and decided VF measures added with their effect per year.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePlan, drawPlanYears, NO_CHANGE, PLAN_BP_MAX, PLAN_BP_MIN, type PlanAssumptions } from '../../electron/services/budget/plan-years';

// Plan year 1: löneökning 3,10 %, prisindex 2,00 %, volym 1,50 %; plan year 2: 2,50 %, 1,80 %, 0 %.
const ASSUMPTIONS: PlanAssumptions[] = [
  { salaryBp: 310, priceBp: 200, volumeBp: 150 },
  { salaryBp: 250, priceBp: 180, volumeBp: 0 },
];

describe('the plan years of a small förvaltning, computed by hand', () => {
  it('equal the table to the öre', () => {
    const cells = computePlan(
      [
        { code: '100', group: 'personnel', amountOre: 100_000_000 },
        { code: '100', group: 'other_cost', amountOre: 5_000_000 },
        { code: '100', group: 'revenue', amountOre: -2_000_000 },
        { code: '100', group: 'capital_cost', amountOre: 1_000_000 },
        { code: '200', group: 'personnel', amountOre: 33_333_333 },
      ],
      ASSUMPTIONS,
      [
        // Decided and already in the budget year's lines: only the growth of the effect is new in the plan years.
        { code: '100', effectsOre: [-300_000, -600_000, -600_000], inLines: true },
        // Decided, not in the lines: its whole effect enters each plan year.
        { code: '100', effectsOre: [-100_000, -250_000, -400_000], inLines: false },
      ],
    );
    const table = Object.fromEntries(cells.map((c) => [`${c.code} ${c.group}`, c.yearsOre]));
    expect(table).toEqual({
      // 100 000 000 × 1,031 × 1,015 = 104 646 500; × 1,025 = 107 262 662,5 → 107 262 663 (half away from zero).
      '100 personnel': [100_000_000, 104_646_500, 107_262_663],
      // 5 000 000 × 1,02 × 1,015 = 5 176 500; × 1,018 = 5 269 677.
      '100 other_cost': [5_000_000, 5_176_500, 5_269_677],
      // −2 000 000 × 1,0353 = −2 070 600; × 1,018 = −2 107 870,8 → −2 107 871.
      '100 revenue': [-2_000_000, -2_070_600, -2_107_871],
      // Capital costs stay.
      '100 capital_cost': [1_000_000, 1_000_000, 1_000_000],
      // 33 333 333 × 1,046465 = 34 882 166,315 → 34 882 166; × 1,025 = 35 754 220,15 → 35 754 220.
      '200 personnel': [33_333_333, 34_882_166, 35_754_220],
      // (−600 000 − −300 000) + −250 000 = −550 000; (−600 000 − −300 000) + −400 000 = −700 000.
      '100 vf': [0, -550_000, -700_000],
    });
  });
});

const bp = fc.integer({ min: PLAN_BP_MIN, max: PLAN_BP_MAX });
const assumptions = fc.record({ salaryBp: bp, priceBp: bp, volumeBp: bp });
const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
const group = fc.constantFrom('personnel' as const, 'other_cost' as const, 'revenue' as const, 'capital_cost' as const, 'financial' as const, 'unknown' as const);

/** The exact rational a plan year should be, as numerator over 10^8, from the previous year's rounded figure. */
function exactTimes1e8(previous: number, g: string, a: PlanAssumptions): bigint {
  const rate = g === 'personnel' ? a.salaryBp : a.priceBp;
  if (g !== 'personnel' && g !== 'other_cost' && g !== 'revenue') return BigInt(previous) * 100_000_000n;
  return BigInt(previous) * BigInt(10000 + rate) * BigInt(10000 + a.volumeBp);
}

describe('drawPlanYears', () => {
  it('is the exact figure rounded to the nearest öre, half away from zero, each year from the year before', () => {
    fc.assert(
      fc.property(amount, group, fc.array(assumptions, { minLength: 1, maxLength: 2 }), (base, g, as) => {
        const years = drawPlanYears(base, g, as);
        let previous = base;
        years.forEach((y, i) => {
          expect(Number.isSafeInteger(y)).toBe(true);
          const exact = exactTimes1e8(previous, g, as[i]!);
          const diff = BigInt(y) * 100_000_000n - exact;
          const twice = diff < 0n ? -2n * diff : 2n * diff;
          // Within half an öre; exactly half only rounds away from zero.
          expect(twice <= 100_000_000n).toBe(true);
          if (twice === 100_000_000n) expect(diff > 0n === exact > 0n).toBe(true);
          previous = y;
        });
      }),
    );
  });

  it('changes nothing without changes, and a revenue is the mirror of the same cost', () => {
    fc.assert(
      fc.property(amount, group, assumptions, (base, g, a) => {
        expect(drawPlanYears(base, g, [NO_CHANGE, NO_CHANGE])).toEqual([base, base]);
        expect(drawPlanYears(-base, g, [a]).map((x) => x + 0)).toEqual(drawPlanYears(base, g, [a]).map((x) => -x + 0));
      }),
    );
  });
});

describe('computePlan', () => {
  it('keeps the budget year as it is, and its plan years sum the parts exactly, measures included', () => {
    const cell = fc.record({ code: fc.constantFrom('100', '200', '300'), group, amountOre: amount });
    const measure = fc.record({ code: fc.constantFrom('100', '200', '300'), effectsOre: fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 3, maxLength: 3 }), inLines: fc.boolean() });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 20 }), fc.array(assumptions, { minLength: 2, maxLength: 2 }), fc.array(measure, { maxLength: 6 }), (cells, as, measures) => {
        const plan = computePlan(cells, as, measures);
        const drawn = plan.filter((c) => c.group !== 'vf');
        expect(drawn.map((c) => c.yearsOre[0])).toEqual(cells.map((c) => c.amountOre));
        drawn.forEach((c, i) => expect(c.yearsOre.slice(1)).toEqual(drawPlanYears(cells[i]!.amountOre, cells[i]!.group, as)));
        const vfTotal = plan.filter((c) => c.group === 'vf').reduce((s, c) => s + c.yearsOre[1]! + c.yearsOre[2]!, 0);
        const expected = measures.reduce((s, m) => s + m.effectsOre[1]! + m.effectsOre[2]! - (m.inLines ? 2 * m.effectsOre[0]! : 0), 0);
        expect(vfTotal).toBe(expected);
        for (const c of plan.filter((x) => x.group === 'vf')) expect(c.yearsOre[0]).toBe(0);
      }),
    );
  });
});
