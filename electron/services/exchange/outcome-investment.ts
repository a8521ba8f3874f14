import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index';
import type { WireInvestmentRow } from './package-file';

/**
 * The investment outcome (investment_actual, read from the ledger's
 * kontoklass-1 rows with a project code) travels with the drift outcome:
 * the same periods, the same version per period, the same rights (only a
 * controller sends outcome: merge-outcome.ts refuses the whole outcome of
 * anyone else before this is reached). It does not travel row by row, so
 * investment_actual stays in LOCAL_TABLES.
 *
 * Scope: investment_actual has no ansvar; a project code belongs to the
 * ansvar of its project in investment_project. A receiver whose scope is
 * limited (a sektorchef) gets and replaces only the outcome of projects in
 * that scope.
 */

const IN_SCOPE = `(? IS NULL OR project_code IN (SELECT p.code FROM investment_project p JOIN dimension_value d ON d.id = p.responsibility_id
  WHERE p.deleted_at IS NULL AND d.code IN (SELECT value FROM json_each(?))))`;

/** The investment outcome of the periods within the ansvar codes (null: all); batch ids become indexes into `batchIndex`, which grows. */
export function investmentOutcomeRows(db: Db, periods: readonly number[], codes: readonly string[] | null, batchIndex: Map<string, number>): WireInvestmentRow[] {
  const rows = db
    .prepare(
      `SELECT project_code, account_code, period, amount_ore, batch_id FROM investment_actual
       WHERE period IN (SELECT value FROM json_each(?)) AND ${IN_SCOPE} ORDER BY period, project_code, account_code`,
    )
    .raw()
    .all(JSON.stringify(periods), codes ? 1 : null, JSON.stringify(codes ?? [])) as [string, string, number, number, string | null][];
  return rows.map(([code, account, period, ore, batch]) => {
    if (batch !== null && !batchIndex.has(batch)) batchIndex.set(batch, batchIndex.size);
    return [code, account, period, ore, batch === null ? null : batchIndex.get(batch)!];
  });
}

/**
 * Replaces one period's investment outcome within the scope (null: all) by
 * the package's rows; rows outside the scope (or of a project this site
 * cannot place in it) are counted and left out. `batchOf` turns a row's
 * batch index into a batch id recorded here (null: none, or not in the package).
 */
export function replaceInvestmentPeriod(
  db: Db,
  period: number,
  rows: readonly WireInvestmentRow[],
  codes: readonly string[] | null,
  batchOf: (index: number | null) => string | null,
): { written: number; outside: number } {
  const scopeArgs = [codes ? 1 : null, JSON.stringify(codes ?? [])];
  db.prepare(`DELETE FROM investment_actual WHERE period = ? AND ${IN_SCOPE}`).run(period, ...scopeArgs);
  const inScope = codes
    ? new Set(
        db
          .prepare(`SELECT p.code FROM investment_project p JOIN dimension_value d ON d.id = p.responsibility_id WHERE p.deleted_at IS NULL AND d.code IN (SELECT value FROM json_each(?))`)
          .pluck()
          .all(JSON.stringify(codes)) as string[],
      )
    : null;
  const ins = db.prepare(
    'INSERT INTO investment_actual (project_code, account_code, period, amount_ore, batch_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_code, account_code, period) DO UPDATE SET amount_ore = excluded.amount_ore, batch_id = excluded.batch_id',
  );
  let written = 0;
  let outside = 0;
  for (const [code, account, p, ore, batch] of rows) {
    if (p !== period || (inScope && !inScope.has(code))) {
      outside++;
      continue;
    }
    ins.run(code, account, period, ore, batchOf(batch));
    written++;
  }
  return { written, outside };
}

/** Per period, a checksum of its investment outcome (joined to the drift outcome's, so a change of either is sent). */
export function investmentChecksums(db: Db, periods: readonly number[] | null): Map<number, string> {
  const json = periods ? JSON.stringify(periods) : null;
  const rows = db
    .prepare(
      `SELECT period, count(*) || ':' || sum(amount_ore) || ':' || group_concat(project_code || '/' || account_code || '=' || amount_ore || '@' || coalesce(batch_id, ''), ',') AS checksum
       FROM (SELECT * FROM investment_actual WHERE (? IS NULL OR period IN (SELECT value FROM json_each(?))) ORDER BY period, project_code, account_code) GROUP BY period`,
    )
    .all(json, json) as { period: number; checksum: string }[];
  return new Map(rows.map((r) => [r.period, createHash('sha256').update(r.checksum).digest('hex').slice(0, 24)]));
}
