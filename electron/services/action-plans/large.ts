import type { Figures } from '../followup/figures';
import type { Threshold } from '../followup/model';
import { reaches } from '../followup/thresholds';

/**
 * A large deviation, the kind that needs an åtgärdsplan: an unfavourable
 * deviation (avvikelse = budget − utfall or budget − prognos below zero:
 * costs over budget, revenues short) that reaches the level's threshold for
 * comments (followup/thresholds.ts). The threshold already says which
 * deviations matter at a level and the controller sets it per level; a plan
 * is how a level brings an overspend back, while a favourable deviation
 * needs explaining only. So no second threshold to keep in step.
 */
export function isLargeDeviation(f: Figures, t: Threshold): boolean {
  const acc = f.budgetAcc - f.actualAcc;
  if (acc < 0 && reaches(acc, f.budgetAcc, t)) return true;
  if (f.forecastYear === null) return false;
  const year = f.budgetYear - f.forecastYear;
  return year < 0 && reaches(year, f.budgetYear, t);
}
