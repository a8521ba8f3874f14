import { followUpWrite } from './facts';
import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { ORG_LEVELS } from '../dimensions';
import { naturalId } from '../ids';
import { logChanges } from './history';
import type { Actor, Threshold } from './model';
import { assertController } from './permissions';

/**
 * Defaults like a common municipal rule: the higher the level, the larger the
 * amount and the smaller the share that needs explaining.
 */
export const DEFAULT_THRESHOLDS: Record<OrgLevel, Threshold> = {
  unit: { level: 'unit', amountOre: 25_000_000, percentBp: 500 },
  operation: { level: 'operation', amountOre: 50_000_000, percentBp: 300 },
  sector: { level: 'sector', amountOre: 100_000_000, percentBp: 200 },
  administration: { level: 'administration', amountOre: 200_000_000, percentBp: 100 },
};

export function loadThresholds(db: Db): Record<OrgLevel, Threshold> {
  const out = { ...DEFAULT_THRESHOLDS };
  for (const r of db.all(db.q.selectFrom('deviation_threshold').select(['level', 'amount_ore', 'percent_bp']).where('deleted_at', 'is', null))) {
    out[r.level] = { level: r.level, amountOre: r.amount_ore, percentBp: r.percent_bp };
  }
  return out;
}

/** Every site gets the same row id for a level, so exchanged thresholds meet. */
export function saveThreshold(db: Db, actor: Actor, t: Threshold): void {
  assertController(actor, 'ändra trösklarna för kommentarer');
  const at = actor.now.toISOString();
  const id = naturalId('deviation_threshold', t.level);
  const before = loadThresholds(db)[t.level];
  followUpWrite(db, () => {
    db.run(
      db.q
        .insertInto('deviation_threshold')
        .values({ id, level: t.level, amount_ore: t.amountOre, percent_bp: t.percentBp, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null })
        .onConflict((oc) => oc.column('level').doUpdateSet({ amount_ore: t.amountOre, percent_bp: t.percentBp, updated_at: at, updated_by_site: actor.siteId, deleted_at: null })),
    );
    logChanges(db, actor, 'deviation_threshold', id, [
      { field: 'amount_ore', old: before.amountOre, new: t.amountOre },
      { field: 'percent_bp', old: before.percentBp, new: t.percentBp },
    ]);
  });
}

/** Whether one deviation against its base reaches the threshold (amount or share; no base: any deviation is a full share). */
export function reaches(deviation: number, base: number, t: Threshold): boolean {
  if (deviation === 0) return false;
  const abs = Math.abs(deviation);
  if (t.amountOre !== null && abs >= t.amountOre) return true;
  if (t.percentBp !== null) {
    if (base === 0) return true;
    if (abs * 10_000 >= t.percentBp * Math.abs(base)) return true;
  }
  return false;
}

/** A comment is required where the deviation ack, or budget against forecast, reaches the level's threshold. */
export function commentRequired(
  f: { budgetAcc: number; actualAcc: number; budgetYear: number; forecastYear: number | null },
  t: Threshold,
): boolean {
  if (reaches(f.budgetAcc - f.actualAcc, f.budgetAcc, t)) return true;
  return f.forecastYear !== null && reaches(f.budgetYear - f.forecastYear, f.budgetYear, t);
}

export const LEVELS_BOTTOM_UP: readonly OrgLevel[] = [...ORG_LEVELS].reverse();
