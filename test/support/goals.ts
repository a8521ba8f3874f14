import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Db } from '../../db/index';
import type { Role } from '../../db/schema';
import { occasionForPeriod } from '../../electron/services/followup/calendar';
import { unlockOccasion } from '../../electron/services/followup/snapshot';
import type { Actor } from '../../electron/services/goals/access';

export const NOW = new Date('2026-11-20T10:00:00Z');

export function actor(role: Role, user = `test-${role}`, scopeCode: string | null = null): Actor {
  return { role, scopeCode, siteId: 'site-test', user, now: NOW };
}

/** A goal's id by its code, straight from the database. */
export function goalId(db: Db, code: string): string {
  const row = db.sqlite.prepare('SELECT id FROM goal WHERE code = ? AND deleted_at IS NULL').get(code) as { id: string } | undefined;
  if (!row) throw new Error(`no goal ${code}`);
  return row.id;
}

/**
 * Opens a reported (locked) occasion again the way the controller does
 * (Årshjul → Lås upp, the followup.occasion.unlock channel's service): the
 * demo locks every occasion before the open round once its goal
 * assessments are written, and a test that goes on with the round there
 * reopens it first.
 */
export function reopenOccasion(db: Db, period: number): void {
  const occasion = occasionForPeriod(db, period);
  if (!occasion) throw new Error(`no occasion for ${period}`);
  if (occasion.lockedAt === null) throw new Error(`${occasion.name} is not locked`);
  unlockOccasion(db, actor('controller', 'test-controller'), occasion.id);
}

/** The calendar's deadlines of an occasion per level, straight from the database. */
export function deadlinesFromDb(db: Db, period: number): { unit: string; operation: string; sector: string; administration: string } {
  return db.sqlite
    .prepare('SELECT deadline_unit AS unit, deadline_operation AS operation, deadline_sector AS sector, deadline_administration AS administration FROM reporting_occasion WHERE period = ? AND deleted_at IS NULL')
    .get(period) as { unit: string; operation: string; sector: string; administration: string };
}

export type CountRow = { level: string; status: string; n: number };

/**
 * Goals per level and status at an occasion, counted by SQL alone (not
 * through the services): live goals valid in the occasion's year, without an
 * assessment or status counted as 'unassessed'.
 */
export function countsFromDb(db: Db, period: number): Record<string, Record<string, number>> {
  const rows = db.sqlite
    .prepare(
      `SELECT g.level AS level, COALESCE(a.status, 'unassessed') AS status, count(*) AS n
       FROM goal g
       JOIN reporting_occasion o ON o.period = ?
       LEFT JOIN goal_assessment a ON a.goal_id = g.id AND a.occasion_id = o.id AND a.deleted_at IS NULL
       WHERE g.deleted_at IS NULL AND g.level <> 'council'
         AND g.valid_from_year <= o.year AND (g.valid_to_year IS NULL OR g.valid_to_year >= o.year)
       GROUP BY 1, 2`,
    )
    .all(period) as CountRow[];
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.level] ??= {})[r.status] = r.n;
  return out;
}

/** The service's counts in the same shape, zeros left out. */
export function countsShape(counts: { level: string; byStatus: Record<string, number> }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of counts) {
    for (const [status, n] of Object.entries(c.byStatus)) if (n > 0) (out[c.level] ??= {})[status] = n;
  }
  return out;
}

/**
 * A temporary folder for a whole describe block (tempDir() is emptied after
 * each test): made now, removed after the block's tests.
 */
export function suiteDir(prefix = 'ramkoll-goals-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The demo as it stood before it had a Kolada file: no comparison rows, no
 * Kolada id, no comparison group (for tests that read their own file into
 * the demo's goal chain). Works on an open connection or a file.
 */
export function withoutDemoComparison(sqlite: { exec(sql: string): unknown }): void {
  sqlite.exec(`DELETE FROM indicator_comparison_value; UPDATE setting SET value = '""' WHERE key = 'kommun.code'; UPDATE setting SET value = 'null' WHERE key = 'goals.comparison';`);
}
