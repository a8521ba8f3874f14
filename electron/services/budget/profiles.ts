import type { ProfileKind } from '../../../db/schema';
import { allocate } from '../money';
import { workingDaysPerMonth } from './holidays';

export const WEIGHT_SCALE = 1_000_000;

export interface BuiltInProfile {
  code: string;
  name: string;
  kind: ProfileKind;
  /** Stored weights in parts per million; null where they are worked out per year. */
  weights: number[] | null;
}

/** Personnel costs: full months except July, when most staff take their semester. */
const PERSONNEL_RELATIVE = [100, 100, 100, 100, 100, 100, 50, 100, 100, 100, 100, 100];

export const BUILT_IN_PROFILES: readonly BuiltInProfile[] = [
  { code: 'jamn', name: 'Jämn fördelning', kind: 'even', weights: null },
  { code: 'kalenderdagar', name: 'Kalenderdagar', kind: 'calendar_days', weights: null },
  { code: 'arbetsdagar', name: 'Arbetsdagar', kind: 'working_days', weights: null },
  { code: 'personal', name: 'Personal (låg juli)', kind: 'personnel', weights: allocate(WEIGHT_SCALE, PERSONNEL_RELATIVE) },
  { code: 'forra-aret', name: 'Förra årets utfall', kind: 'last_year', weights: null },
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The twelve relative weights of a profile for a year. Stored weights are
 * used as they are; calendar and working days depend on the year (leap
 * years, Easter, midsummer). Last year's outcome depends on the coding
 * string and is worked out by the Periodiser (periodisation.ts).
 */
export function profileWeights(kind: ProfileKind, year: number, stored: readonly number[] | null): number[] {
  switch (kind) {
    case 'even':
      return new Array<number>(12).fill(1);
    case 'calendar_days':
      return Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1));
    case 'working_days':
      return workingDaysPerMonth(year);
    case 'personnel':
    case 'custom':
      if (!stored || stored.length !== 12) throw new Error(`profile of kind ${kind} needs 12 stored weights`);
      return [...stored];
    case 'last_year':
      throw new Error('last year\'s outcome depends on the coding string: use Periodiser');
  }
}

/** Spreads a year amount over the twelve months; the months sum exactly to it. */
export function periodise(yearOre: number, weights: readonly number[]): number[] {
  if (weights.length !== 12) throw new Error('periodise needs 12 weights');
  return allocate(yearOre, weights);
}
