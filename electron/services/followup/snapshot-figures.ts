import type { Db } from '../../../db/index';
import { budgetInForceRows, type BudgetInForce } from '../budget/in-force';
import { MONTHS } from './model';

/**
 * The figures of a locked occasion's snapshot, written inside SQLite: budget
 * in force, outcome to the period and last year's outcome per ansvar and
 * konto, with their months, by one INSERT … SELECT.
 *
 * Why set-based: an occasion of 5,000 nodes × 300 konton reads about two
 * million balances and writes about 170,000 rows. Carrying them through
 * JavaScript (a row object per balance, a Map keyed on ansvar and konto,
 * JSON.stringify and a prepared insert per row) took most of the 20 s a lock
 * took; grouped in SQLite they stream from the balances' primary key
 * (coding_id, period), are grouped per kodsträng first (no sort over two
 * million rows) and then per ansvar and konto, and are written in key order
 * into the WITHOUT ROWID table (appends, no page splits in the middle).
 *
 * What a row holds is what writeSnapshot wrote before, to the byte:
 * - every ansvar and konto with budget whose months are not all zero (the
 *   version's lines summed per ansvar and konto, and each omfördelning and
 *   budget change on its own), with any outcome of the year up to the period, or with any outcome
 *   last year;
 * - budget_months: twelve months, actual_months: the months up to the period,
 *   last_year_months: twelve months, as JSON arrays of integer öre
 *   (json_array writes them as JSON.stringify does: no spaces).
 */

const col = (prefix: string, m: number) => `${prefix}${String(m).padStart(2, '0')}`;
const cols = (prefix: string, to = MONTHS) => Array.from({ length: to }, (_, i) => col(prefix, i + 1));
const plus = (names: string[]) => (names.length === 0 ? '0' : names.join(' + '));

/**
 * Outcome of one year's months 1..toMonth per kodsträng: grouped on the primary key's first column, so no sort. Each
 * month is a sum with a FILTER on the period: SQLite tests the filter before it calls the aggregate, so a balance costs
 * one call of sum() instead of one per month (with CASE … ELSE 0 the pivot of the bench's 1.66 M balances took 0.8 s,
 * with FILTER 0.45–0.5 s). A month without a balance is NULL under a filter: coalesce makes it 0, as before.
 */
const outcomeByCoding = (year: number, toMonth: number) =>
  `SELECT coding_id, ${cols('m')
    .map((c, i) => (i < toMonth ? `coalesce(sum(amount_ore) FILTER (WHERE period = ${year * 100 + i + 1}), 0) AS ${c}` : `0 AS ${c}`))
    .join(', ')}
   FROM actual_balance WHERE +period BETWEEN ${year * 100 + 1} AND ${year * 100 + toMonth} GROUP BY coding_id`;

/** What a row of the union is: a line of the version, an omfördelning or budget change, outcome this year, last year. */
const LINE = 0;
const REALLOCATION = 1;
const OUTCOME = 2;
const LAST_YEAR = 3;

export function snapshotSql(period: number, withVersion: boolean): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const m = cols('m');
  // Every part gives ansvar, konto, what it is (src) and twelve months; the one grouping per ansvar and konto sums each
  // month per kind with a FILTER, so a row costs twelve calls of sum() instead of 36 (one per month and kind, most of
  // them adding zeros): the grouping of the bench's 332,452 rows went from 1.1 s to 0.7 s.
  const parts: string[] = [];
  if (withVersion) {
    // The lines go into the grouping as they are: grouping them per ansvar and konto first cost a sort of its own.
    parts.push(`SELECT c.responsibility_code AS r, c.account_code AS k, ${LINE} AS src, ${m.map((c) => `x.${c}_ore AS ${c}`).join(', ')}
      FROM budget_line x JOIN coding c ON c.id = x.coding_id
      WHERE x.version_id = @version AND x.deleted_at IS NULL`);
  }
  // The omfördelningar and budget changes (a few, worked out by budget/in-force.ts): one JSON array per entry [ansvar, konto, m1..m12].
  parts.push(`SELECT json_extract(j.value, '$[0]') AS r, json_extract(j.value, '$[1]') AS k, ${REALLOCATION} AS src, ${m.map((c, i) => `json_extract(j.value, '$[${i + 2}]') AS ${c}`).join(', ')}
    FROM json_each(@reallocations) j`);
  parts.push(`SELECT c.responsibility_code AS r, c.account_code AS k, ${OUTCOME} AS src, ${m.join(', ')}
    FROM (${outcomeByCoding(year, month)}) o JOIN coding c ON c.id = o.coding_id`);
  parts.push(`SELECT c.responsibility_code AS r, c.account_code AS k, ${LAST_YEAR} AS src, ${m.join(', ')}
    FROM (${outcomeByCoding(year - 1, MONTHS)}) o JOIN coding c ON c.id = o.coding_id`);
  const b = cols('b');
  const a = cols('a', month);
  const l = cols('l');
  const sums = (names: string[], filter: string) => names.map((c, i) => `coalesce(sum(${m[i]}) FILTER (WHERE ${filter}), 0) AS ${c}`);
  // Which ansvar and konto are rows: every one with an omfördelning or outcome (this year to the period, or last year),
  // and one with only the version's lines when their months summed are not all zero (as budgetInForceRows + the old
  // loop). The grouping's output comes in the key order of the WITHOUT ROWID table (appends, no page splits in the
  // middle) without an ORDER BY, which sorted the grouped rows a second time.
  return `INSERT INTO occasion_snapshot_figure (occasion_id, responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore,
      budget_months, actual_months, last_year_months)
    SELECT @occasion, r, k, ${plus(b)}, ${plus(b.slice(0, month))}, ${plus(a)}, ${plus(l.slice(0, month))},
      json_array(${b.join(', ')}), json_array(${a.join(', ')}), json_array(${l.join(', ')})
    FROM (SELECT r, k, max(src) AS src, ${[...sums(b, `src <= ${REALLOCATION}`), ...sums(a, `src = ${OUTCOME}`), ...sums(l, `src = ${LAST_YEAR}`)].join(', ')}
          FROM (${parts.join('\n    UNION ALL ')})
          GROUP BY r, k)
    WHERE src > ${LINE} OR ${b.map((c) => `${c} <> 0`).join(' OR ')}`;
}

/**
 * Writes the snapshot figures of an occasion for `period` (the occasion's
 * head row must exist). Returns the number of rows (ansvar × konto).
 */
export function writeSnapshotFigures(db: Db, occasionId: string, period: number, inForce: Pick<BudgetInForce, 'version' | 'reallocations' | 'changes'>): number {
  const reallocations = budgetInForceRows(db, { version: null, reallocations: inForce.reallocations, changes: inForce.changes }, 'account')
    .filter((e) => e.months.some((v) => v !== 0))
    .map((e) => [e.resp, e.key, ...e.months]);
  const params: Record<string, unknown> = {
    occasion: occasionId,
    reallocations: JSON.stringify(reallocations),
  };
  if (inForce.version) params.version = inForce.version.id;
  // The statement groups and writes a few hundred thousand rows: a page cache of 64 MB instead of SQLite's 2 MB keeps it off the disk until commit.
  const before = db.sqlite.pragma('cache_size', { simple: true }) as number;
  db.sqlite.pragma('cache_size = -65536');
  try {
    return db.prepare(snapshotSql(period, inForce.version !== null)).run(params).changes;
  } finally {
    db.sqlite.pragma(`cache_size = ${before}`);
  }
}

/**
 * Keeps the snapshot's sums per ansvar and account group in its meta
 * (groupFigures), summed from the rows just written with the kontoplan as it
 * is now (the one the meta records). A locked occasion's deviation view reads
 * these instead of every row per konto.
 */
export function writeSnapshotGroupFigures(db: Db, occasionId: string): void {
  db.prepare(
    `UPDATE occasion_snapshot SET meta = json_set(meta, '$.groupFigures', (
       SELECT json_group_array(json_array(r, g, by, ba, aa, ly)) FROM (
         SELECT f.responsibility_code AS r, coalesce(a.account_group, 'unknown') AS g,
                sum(f.budget_year_ore) AS by, sum(f.budget_acc_ore) AS ba, sum(f.actual_acc_ore) AS aa, sum(f.last_year_acc_ore) AS ly
         FROM occasion_snapshot_figure f LEFT JOIN account a ON a.code = f.account_code AND a.deleted_at IS NULL
         WHERE f.occasion_id = @occasion GROUP BY 1, 2)))
     WHERE occasion_id = @occasion`,
  ).run({ occasion: occasionId });
}
