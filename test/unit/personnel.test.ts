import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyThresholdOre, positionMonths } from '../../electron/services/budget/personnel';

// SKR 2023: 31,42 + 0,13 + 12,98 = 44,53 %; above 7,5 IBB 31,42 + 0,13 + 31,5 = 63,05 %.
const RATES = new Map([
  ['anstallda', 4453],
  ['over-7-5-ibb', 6305],
]);
// 7,5 × 74 300 kr / 12 = 46 437,50 kr a month.
const THRESHOLD = 4_643_750;

describe('personnel budget of one position', () => {
  it('7,5 inkomstbasbelopp a month', () => {
    expect(monthlyThresholdOre(7_430_000)).toBe(THRESHOLD);
  });

  it('matches a hand-computed example: 75 % of 32 000 kr, +3,10 % from April, vacant in August', () => {
    const m = positionMonths({ employmentBp: 7500, monthlySalaryOre: 3_200_000, raiseBp: 310, raiseFromMonth: 4, vacancyMonths: [8], poCategory: 'anstallda' }, RATES, THRESHOLD);
    // Jan–Mar: 32 000 × 0,75 = 24 000,00 kr; from April × 1,031 = 24 744,00 kr; August vacant.
    expect(m.salary).toEqual([2_400_000, 2_400_000, 2_400_000, 2_474_400, 2_474_400, 2_474_400, 2_474_400, 0, 2_474_400, 2_474_400, 2_474_400, 2_474_400]);
    // PO 44,53 %: 24 000 × 0,4453 = 10 687,20 kr; 24 744 × 0,4453 = 11 018,5032 → 11 018,50 kr.
    expect(m.po).toEqual([1_068_720, 1_068_720, 1_068_720, 1_101_850, 1_101_850, 1_101_850, 1_101_850, 0, 1_101_850, 1_101_850, 1_101_850, 1_101_850]);
    // Årsarbetare: 0,75 × 11/12.
    expect(m.fte).toBe(0.6875);
  });

  it('puts the part of a salary above 7,5 inkomstbasbelopp at the higher rate', () => {
    const m = positionMonths({ employmentBp: 10000, monthlySalaryOre: 6_500_000, raiseBp: 250, raiseFromMonth: 4, vacancyMonths: [], poCategory: 'anstallda' }, RATES, THRESHOLD);
    // 65 000 kr: 46 437,50 × 44,53 % + 18 562,50 × 63,05 % = 20 678,61875 + 11 703,65625 = 32 382,275 → 32 382,28 kr.
    // From April 66 625 kr: 20 678,61875 + 20 187,50 × 63,05 % (12 728,21875) = 33 406,8375 → 33 406,84 kr.
    expect(m.salary.slice(0, 4)).toEqual([6_500_000, 6_500_000, 6_500_000, 6_662_500]);
    expect(m.po.slice(0, 4)).toEqual([3_238_228, 3_238_228, 3_238_228, 3_340_684]);
    // In the high category itself the whole salary takes its rate.
    const high = positionMonths({ employmentBp: 10000, monthlySalaryOre: 6_500_000, raiseBp: 0, raiseFromMonth: 4, vacancyMonths: [], poCategory: 'over-7-5-ibb' }, RATES, THRESHOLD);
    expect(high.po[0]).toBe(4_098_250);
  });

  it('refuses a category the year has no rate for, naming the ones it has', () => {
    expect(() => positionMonths({ employmentBp: 10000, monthlySalaryOre: 1, raiseBp: 0, raiseFromMonth: 4, vacancyMonths: [], poCategory: 'politiker' }, RATES, THRESHOLD)).toThrow(
      /PO-kategorin "politiker" finns inte.*anstallda, over-7-5-ibb/,
    );
  });

  it('property: salary never falls with a raise, PO lies between the two rates, vacant months cost nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 12 }),
        (employmentBp, monthlySalaryOre, raiseBp, raiseFromMonth, vacancyMonths) => {
          const m = positionMonths({ employmentBp, monthlySalaryOre, raiseBp, raiseFromMonth, vacancyMonths, poCategory: 'anstallda' }, RATES, THRESHOLD);
          m.salary.forEach((s, i) => {
            if (vacancyMonths.includes(i + 1)) {
              expect(s).toBe(0);
              expect(m.po[i]).toBe(0);
              return;
            }
            // Exact: salary × employment × (1 + raise), within half an öre.
            const exact = (monthlySalaryOre * employmentBp * (10000 + (i + 1 >= raiseFromMonth ? raiseBp : 0))) / 1e8;
            expect(Math.abs(s - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
            expect(m.po[i]!).toBeGreaterThanOrEqual(Math.floor((s * 4453) / 10000));
            expect(m.po[i]!).toBeLessThanOrEqual(Math.ceil((s * 6305) / 10000));
          });
        },
      ),
    );
  });
});
