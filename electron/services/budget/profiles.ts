import type { ProfileKind } from '../../../db/schema';
import { allocate } from '../money';

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
  { code: 'personal', name: 'Personal (låg juli)', kind: 'personnel', weights: allocate(WEIGHT_SCALE, PERSONNEL_RELATIVE) },
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The twelve relative weights of a profile for a year. Stored weights are
 * used as they are; calendar days depend on the year (leap years).
 */
export function profileWeights(kind: ProfileKind, year: number, stored: readonly number[] | null): number[] {
  switch (kind) {
    case 'even':
      return new Array<number>(12).fill(1);
    case 'calendar_days':
      return Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1));
    case 'personnel':
    case 'custom':
      if (!stored || stored.length !== 12) throw new Error(`profile of kind ${kind} needs 12 stored weights`);
      return [...stored];
    default:
      throw new Error(`profile kind ${kind} is computed by the budget module`);
  }
}

/** Spreads a year amount over the twelve months; the months sum exactly to it. */
export function periodise(yearOre: number, weights: readonly number[]): number[] {
  if (weights.length !== 12) throw new Error('periodise needs 12 weights');
  return allocate(yearOre, weights);
}
