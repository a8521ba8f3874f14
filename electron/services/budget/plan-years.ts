import type { AccountGroup } from '../../../db/schema';
import { divRound } from './planning-common';

/**
 * The flerårsplan's arithmetic, pure and exact in öre. A plan year is drawn
 * from the year before it as the starting points draw a budget from last
 * year's (starting-points.ts): personnel costs rise by the löneökning, other
 * costs and revenues by the prisindex, and all three by the volume change;
 * capital costs and financial items stay (the investment budget will give
 * its own). Each year is rounded to the öre (half away from zero) from the
 * previous year's rounded figure, as a spreadsheet with one cell per year
 * would, and per ansvar and account group, so that every sum up the tree is
 * the exact sum of its parts. Decided VF measures are then added with their
 * effect in each year, less what of the measure the budget year's lines
 * already hold.
 */

/** How many plan years follow the budget year. */
export const PLAN_YEAR_COUNT = 2;

/** The range of a plan year's percentages, in hundredths of a percent: −20 % … 50 %, as for the starting points. */
export const PLAN_BP_MIN = -2000;
export const PLAN_BP_MAX = 5000;

export interface PlanAssumptions {
  /** Löneökning, hundredths of a percent (310 = 3,10 %). */
  salaryBp: number;
  /** Prisindex on other costs and revenues. */
  priceBp: number;
  /** Volume change on costs and revenues (more pupils, more brukare). */
  volumeBp: number;
}

export const NO_CHANGE: PlanAssumptions = { salaryBp: 0, priceBp: 0, volumeBp: 0 };

/** A Swedish message when a percentage is out of range or not whole hundredths, else null. */
export function percentBpProblem(v: unknown): string | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= PLAN_BP_MIN && v <= PLAN_BP_MAX ? null : `väntade hundradels procent mellan ${PLAN_BP_MIN} och ${PLAN_BP_MAX}`;
}

/** The plan row's group: an account group, 'unknown' (accounts missing from the kontoplan) or 'vf' (decided VF measures). */
export type PlanGroup = AccountGroup | 'unknown' | 'vf';

/** The factor of one plan year for one account group as (numerator, denominator). */
export function planFactor(group: PlanGroup, a: PlanAssumptions): [bigint, bigint] {
  const volume = BigInt(10000 + a.volumeBp);
  switch (group) {
    case 'personnel':
      return [BigInt(10000 + a.salaryBp) * volume, 100_000_000n];
    case 'other_cost':
    case 'revenue':
      return [BigInt(10000 + a.priceBp) * volume, 100_000_000n];
    default:
      return [1n, 1n];
  }
}

/** The amounts of the plan years drawn from a budget-year amount: [plan year 1, plan year 2]. */
export function drawPlanYears(budgetYearOre: number, group: PlanGroup, assumptions: readonly PlanAssumptions[]): number[] {
  const out: number[] = [];
  let previous = budgetYearOre;
  for (const a of assumptions) {
    const [num, den] = planFactor(group, a);
    previous = divRound(BigInt(previous) * num, den);
    out.push(previous);
  }
  return out;
}

/** A decided VF measure as the plan sees it. */
export interface PlanMeasure {
  /** The ansvar it belongs to (the förvaltning's when it names none). */
  code: string;
  /** The effect in the budget year and each plan year (negative: a saving). */
  effectsOre: readonly number[];
  /** Its budget-year effect is already in the lines (it is linked to a line that exists). */
  inLines: boolean;
}

export interface PlanCell {
  code: string;
  group: PlanGroup;
  /** The budget year (the detaljbudget's lines) and each plan year. */
  yearsOre: number[];
}

/**
 * The plan per ansvar and group for the budget year and the plan years:
 * every (ansvar, account group) sum of the budget year drawn forward, and
 * one 'vf' cell per ansvar with decided measures: in each plan year their
 * effect less the budget-year effect already in the lines (0 in the budget
 * year, whose column is the detaljbudget as it stands).
 */
export function computePlan(budgetYear: readonly { code: string; group: AccountGroup | 'unknown'; amountOre: number }[], assumptions: readonly PlanAssumptions[], measures: readonly PlanMeasure[]): PlanCell[] {
  const cells: PlanCell[] = budgetYear.map((b) => ({ code: b.code, group: b.group, yearsOre: [b.amountOre, ...drawPlanYears(b.amountOre, b.group, assumptions)] }));
  const vf = new Map<string, number[]>();
  for (const m of measures) {
    const row = vf.get(m.code) ?? new Array<number>(assumptions.length + 1).fill(0);
    for (let k = 1; k <= assumptions.length; k++) row[k]! += (m.effectsOre[k] ?? 0) - (m.inLines ? (m.effectsOre[0] ?? 0) : 0);
    vf.set(m.code, row);
  }
  for (const [code, yearsOre] of vf) cells.push({ code, group: 'vf', yearsOre });
  return cells;
}
