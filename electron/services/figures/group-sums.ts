import type { Db } from '../../../db/index';

/**
 * Outcome and budget per ansvar and account group with their twelve months
 * (tables actual_group_sum and budget_group_sum, migration 0007). Triggers
 * keep them exact for every writer; this module reads them, and lets the
 * bulk writers of outcome keep them set-based instead of row by row.
 */

export const SUM_MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/** The account group follow-up uses for an account code in SQL: the kontoplan's, else 'unknown'. */
export const accountGroupSql = (code: string) => `coalesce((SELECT a.account_group FROM account a WHERE a.code = ${code} AND a.deleted_at IS NULL), 'unknown')`;

/** One row of sums: ansvar, account group and öre per month (index 0 = January). */
export interface GroupSumRow {
  resp: string;
  group: string;
  months: number[];
}

function rows(raw: unknown[][]): GroupSumRow[] {
  return raw.map((r) => ({ resp: r[0] as string, group: r[1] as string, months: r.slice(2) as number[] }));
}

const codesFilter = (codes: readonly string[] | null) => (codes === null ? '' : 'AND responsibility_code IN (SELECT value FROM json_each(?))');
const codesParam = (codes: readonly string[] | null) => (codes === null ? [] : [JSON.stringify(codes)]);

/** Outcome of a year per ansvar and account group, optionally only some ansvar codes. */
export function actualGroupSums(db: Db, year: number, codes: readonly string[] | null = null): GroupSumRow[] {
  return rows(
    db
      .prepare(`SELECT responsibility_code, account_group, ${SUM_MONTHS.join(', ')} FROM actual_group_sum WHERE year = ? AND balances <> 0 ${codesFilter(codes)}`)
      .raw()
      .all(year, ...codesParam(codes)) as unknown[][],
  );
}

/** A budget version per ansvar and account group, optionally only some ansvar codes. */
export function budgetGroupSums(db: Db, versionId: string, codes: readonly string[] | null = null): GroupSumRow[] {
  return rows(
    db
      .prepare(`SELECT responsibility_code, account_group, ${SUM_MONTHS.join(', ')} FROM budget_group_sum WHERE version_id = ? AND lines <> 0 ${codesFilter(codes)}`)
      .raw()
      .all(versionId, ...codesParam(codes)) as unknown[][],
  );
}

const monthSum = (to: number) => (to <= 0 ? '0' : SUM_MONTHS.slice(0, to).join(' + '));

/** Outcome of a year to a month (1–12) per ansvar and account group: rows of [ansvar, group, öre], summed in SQL. */
export function actualGroupTotals(db: Db, year: number, toMonth: number): [string, string, number][] {
  return db.prepare(`SELECT responsibility_code, account_group, ${monthSum(toMonth)} FROM actual_group_sum WHERE year = ? AND balances <> 0`).raw().all(year) as [string, string, number][];
}

/**
 * Runs a bulk write of outcome without the per-row sum triggers; the writer
 * keeps the sums itself with outcomeSumsDelta (or addOutcomeSums), for
 * exactly the balances it removes (before) and writes (after). Must run
 * inside the writer's transaction, so that a failure leaves sums, balances
 * and triggers as they were.
 *
 * The triggers are dropped for the write and created again from their own
 * SQL afterwards, inside the same transaction: a trigger that is only
 * switched off by its WHEN (fsum_control) is still evaluated for every row,
 * which cost more than a third of the insert of 700,000 balances
 * (2.6 s against 1.7 s in the same run); DROP and CREATE cost a schema change each.
 */
export function withOutcomeSumsDeferred<T>(db: Db, fn: () => T): T {
  if (!db.sqlite.inTransaction) throw new Error('withOutcomeSumsDeferred must run inside a transaction');
  const triggers = db.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'actual_balance' AND name LIKE 'fsum\\_actual\\_%' ESCAPE '\\' ORDER BY name")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.sqlite.exec(`DROP TRIGGER "${t.name}"`);
  const restore = () => {
    for (const t of triggers) db.sqlite.exec(t.sql);
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    try {
      restore();
    } catch {
      // After a failed write the transaction is rolled back anyway (and the triggers with it); the first error is the one to report.
    }
    throw e;
  }
  restore();
  return result;
}

/**
 * Adds (+1) or takes away (−1) the balances that `where` selects from the
 * outcome sums, grouped in one statement. `where` is SQL over
 * actual_balance AS ab and coding AS c (and whatever `from` joins in).
 */
export function outcomeSumsDelta(db: Db, sign: 1 | -1, where: string, params: readonly unknown[], from = 'actual_balance ab'): void {
  const s = sign < 0 ? '-' : '';
  db.prepare(
    `INSERT INTO actual_group_sum (year, responsibility_code, account_group, balances, ${SUM_MONTHS.join(', ')})
     SELECT ab.period / 100, c.responsibility_code, ${accountGroupSql('c.account_code')}, ${s}count(*),
            ${SUM_MONTHS.map((_, i) => `${s}sum(CASE WHEN ab.period % 100 = ${i + 1} THEN ab.amount_ore ELSE 0 END)`).join(', ')}
     FROM ${from} JOIN coding c ON c.id = ab.coding_id WHERE ${where} GROUP BY 1, 2, 3
     ON CONFLICT (year, responsibility_code, account_group) DO UPDATE SET balances = balances + excluded.balances,
       ${SUM_MONTHS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
  ).run(...params);
}
