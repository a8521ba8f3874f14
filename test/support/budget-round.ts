/** Helpers for the budget round's tests: actors at given times, a ram and a deadline for the small förvaltning. */
import type { Db } from '../../db/index';
import type { RoundActor } from '../../electron/services/budget-round/model';
import { siteInfo } from '../../electron/services/exchange/identity';
import { naturalId, newId } from '../../electron/services/ids';
import type { TestContext } from './db';

/** The installation's actor, with a user name and a time of its own, so the history's "who" and "when" are checkable. */
export function actor(ctx: TestContext, user: string, at: string): RoundActor {
  const s = siteInfo(ctx.db);
  return { siteId: s.id, user, role: s.role, scopeCode: s.scopeCode, now: new Date(at) };
}

export function insertFrame(db: Db, siteId: string, versionId: string, code: string, amountOre: number): void {
  const at = '2026-09-01T08:00:00.000Z';
  db.prepare('INSERT INTO frame (id, version_id, responsibility_id, amount_ore, note, plan1_ore, plan2_ore, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)').run(
    newId(),
    versionId,
    naturalId('ansvar', code),
    amountOre,
    at,
    at,
    siteId,
  );
}

export function insertDetailBudgetStep(db: Db, siteId: string, year: number, actorLevel: 'unit' | 'operation' | 'sector', dueOn: string): void {
  const at = '2026-01-10T08:00:00.000Z';
  db.prepare("INSERT INTO planning_step (id, year, kind, title, due_on, actor, note, done_on, created_at, updated_at, updated_by_site) VALUES (?, ?, 'detail_budget', NULL, ?, ?, NULL, NULL, ?, ?, ?)").run(
    newId(),
    year,
    dueOn,
    actorLevel,
    at,
    at,
    siteId,
  );
}

/** The version's live lines of one ansvar: kodsträng → year and months. */
export function versionLines(db: Db, versionId: string, code: string): Record<string, number[]> {
  const rows = db
    .prepare(
      `SELECT c.account_code || ' ' || c.responsibility_code || CASE WHEN c.dims = '' THEN '' ELSE ' ' || c.dims END AS k, b.year_ore, b.m01_ore, b.m02_ore, b.m03_ore, b.m04_ore, b.m05_ore, b.m06_ore, b.m07_ore, b.m08_ore, b.m09_ore, b.m10_ore, b.m11_ore, b.m12_ore
       FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code = ? ORDER BY k`,
    )
    .all(versionId, code) as Record<string, number | string>[];
  return Object.fromEntries(rows.map((r) => [r.k as string, Object.keys(r).filter((x) => x !== 'k').map((x) => r[x] as number)]));
}
