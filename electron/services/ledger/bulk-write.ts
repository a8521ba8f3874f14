import type { Db } from '../../../db/index';
import { SUM_MONTHS } from '../figures/group-sums';
import type { Accumulator, Coding } from './accumulator';

/**
 * The set-based half of an outcome import (load.ts): kodsträngar, balances
 * and the kept outcome sums are written with a few statements of many rows
 * each, in primary-key order, instead of a statement (and a trigger) per
 * balance. Each function runs inside the import's transaction.
 */

/** Rows per multi-row INSERT: 4 parameters a row stays far below SQLite's 32,766. */
const ROWS_PER_STATEMENT = 256;

/** A prepared INSERT of `n` rows of `width` parameters each; only the full size is kept in Db's statement cache, not every tail size. */
function multiRow(db: Db, head: string, width: number, n: number) {
  const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  const sql = `${head} VALUES ${Array.from({ length: n }, () => row).join(', ')}`;
  return n === ROWS_PER_STATEMENT ? db.prepare(sql) : db.sqlite.prepare(sql);
}

/** Writes rows of `width` values through multi-row INSERTs; `fill` puts row i's values into args from offset k. */
function insertRows(db: Db, head: string, width: number, count: number, fill: (i: number, args: unknown[], k: number) => void, progress?: (done: number) => void): void {
  const full = multiRow(db, head, width, ROWS_PER_STATEMENT);
  const args: unknown[] = new Array(ROWS_PER_STATEMENT * width);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= count; i += ROWS_PER_STATEMENT) {
    for (let r = 0; r < ROWS_PER_STATEMENT; r++) fill(i + r, args, r * width);
    full.run(args);
    progress?.(i + ROWS_PER_STATEMENT);
  }
  const rest = count - i;
  if (rest > 0) {
    const tail: unknown[] = new Array(rest * width);
    for (let r = 0; r < rest; r++) fill(i + r, tail, r * width);
    multiRow(db, head, width, rest).run(tail);
  }
}

/**
 * The database id of each of the accumulator's kodsträngar: existing ones
 * are looked up, the missing ones inserted in code order with ids that
 * follow the largest one, so that coding's indexes grow at one end.
 * A coding table of up to `scanUpTo` rows is read whole into a map, a
 * larger one is asked once per coding.
 */
export function codingIds(db: Db, codings: readonly Coding[], scanUpTo = 2 * codings.length + 10_000): number[] {
  const ids = new Array<number>(codings.length);
  const key = (c: Coding) => `${c.account}\u0000${c.responsibility}\u0000${c.dims}`;
  const missing: number[] = [];
  const known = (db.prepare('SELECT count(*) AS bulk_n FROM coding').get() as { bulk_n: number }).bulk_n;
  if (known <= scanUpTo) {
    // A table not much larger than the file's codings: one pass over it costs less than a lookup per coding (none at all into an empty one).
    const all = new Map<string, number>();
    if (known > 0) {
      for (const r of db.prepare('SELECT id AS bulk_id, account_code AS bulk_a, responsibility_code AS bulk_r, dims AS bulk_d FROM coding').iterate() as Iterable<{ bulk_id: number; bulk_a: string; bulk_r: string; bulk_d: string }>) {
        all.set(`${r.bulk_a}\u0000${r.bulk_r}\u0000${r.bulk_d}`, r.bulk_id);
      }
    }
    codings.forEach((c, i) => {
      const id = all.get(key(c));
      if (id === undefined) missing.push(i);
      else ids[i] = id;
    });
  } else {
    // Db.prepare shares statements by their text: one of its own, read as objects (never switched to pluck or raw here).
    const find = db.prepare('SELECT id AS bulk_id FROM coding WHERE account_code = ? AND responsibility_code = ? AND dims = ?');
    codings.forEach((c, i) => {
      const row = find.get(c.account, c.responsibility, c.dims) as { bulk_id: number } | undefined;
      if (row === undefined) missing.push(i);
      else ids[i] = row.bulk_id;
    });
  }
  if (missing.length === 0) return ids;
  // Code order (konto, ansvar, dims): with NUL between the parts, text order is that order.
  const keys = missing.map((i) => key(codings[i]!));
  const order = missing.map((_, n) => n).sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0));
  const sorted = order.map((n) => missing[n]!);
  const first = ((db.prepare('SELECT max(id) AS bulk_max FROM coding').get() as { bulk_max: number | null }).bulk_max ?? 0) + 1;
  sorted.forEach((c, n) => (ids[c] = first + n));
  insertRows(db, 'INSERT INTO coding (id, account_code, responsibility_code, dims)', 4, sorted.length, (n, args, k) => {
    const c = codings[sorted[n]!]!;
    args[k] = first + n;
    args[k + 1] = c.account;
    args[k + 2] = c.responsibility;
    args[k + 3] = c.dims;
  });
  return ids;
}

/**
 * Writes the accumulator's balances (zero sums left out) as the batch's
 * rows of actual_balance (carrying the batch's integer `no`), sorted by the
 * table's primary key. Returns how many were written.
 */
export function insertBalances(db: Db, acc: Accumulator, ids: readonly number[], batchNo: number, progress: (done: number) => void): number {
  const rows = acc.sortedBy(ids);
  insertRows(
    db,
    'INSERT INTO actual_balance (coding_id, period, amount_ore, batch_no)',
    4,
    rows.length,
    (i, args, k) => {
      args[k] = rows.codingId(i);
      args[k + 1] = rows.period(i);
      args[k + 2] = rows.ore(i);
      args[k + 3] = batchNo;
    },
    progress,
  );
  return rows.length;
}

/**
 * Adds the accumulator's balances to the kept outcome sums (actual_group_sum)
 * per year, ansvar and account group, summed here in exact integers: what
 * the per-row trigger would add, a few thousand upserts instead of one per
 * balance. The account group is the kontoplan's, or 'unknown' for a code
 * missing from it (as accountGroupSql says).
 */
export function addOutcomeSums(db: Db, acc: Accumulator): void {
  const groups = new Map<string, string>();
  // A statement text of its own: Db.prepare shares statements by text, and another caller may have switched one to raw rows.
  const accounts = db.prepare('SELECT code AS bulk_code, account_group AS bulk_group FROM account WHERE deleted_at IS NULL');
  for (const r of accounts.iterate() as Iterable<{ bulk_code: string; bulk_group: string }>) groups.set(r.bulk_code, r.bulk_group);
  // One slot per (ansvar, group) pair the file's codings fall in, then per year: [balances, m01 … m12].
  const slotOf = new Map<string, number>();
  const pairs: [string, string][] = [];
  const slots = acc.codings.map((c) => {
    const group = groups.get(c.account) ?? 'unknown';
    const key = `${c.responsibility}\u0000${group}`;
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slotOf.set(key, (slot = pairs.length));
      pairs.push([c.responsibility, group]);
    }
    return slot;
  });
  const sums = new Map<number, number[]>();
  acc.forEachBalance((coding, period, ore) => {
    const key = slots[coding]! * 10000 + Math.floor(period / 100);
    let s = sums.get(key);
    if (!s) sums.set(key, (s = new Array<number>(13).fill(0)));
    s[0]!++;
    s[period % 100]! += ore;
  });
  const upsert = db.prepare(
    `INSERT INTO actual_group_sum (year, responsibility_code, account_group, balances, ${SUM_MONTHS.join(', ')})
     VALUES (?, ?, ?, ?, ${SUM_MONTHS.map(() => '?').join(', ')})
     ON CONFLICT (year, responsibility_code, account_group) DO UPDATE SET balances = balances + excluded.balances,
       ${SUM_MONTHS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
  );
  for (const [key, s] of sums) {
    const [resp, group] = pairs[Math.floor(key / 10000)]!;
    upsert.run(key % 10000, resp, group, ...s);
  }
}

/**
 * Runs a ledger import's transaction with SQLite's per-row foreign-key
 * checks off; `fn` must check the references it wrote itself, set-based
 * (checkBalanceReferences), before it returns. With the checks on, every
 * balance looked up its kodsträng, its period and its batch: 0.4 s of
 * processor time for 700,000 balances (1.45 s → 1.07 s for insert and
 * commit in a raw better-sqlite3 script), for references that are known
 * per kodsträng and per period, not per balance. The pragma cannot change
 * inside a transaction, so a caller already in one keeps the checks.
 */
export function withoutRowForeignKeys<T>(db: Db, fn: () => T): T {
  if (db.sqlite.inTransaction || !(db.sqlite.pragma('foreign_keys', { simple: true }) as number)) return fn();
  db.sqlite.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * The references of the balances, transactions and replaced balances a
 * ledger import wrote, checked once per kodsträng, period and batch instead
 * of once per row: every coding id and period the file's rows use, and the
 * batch, exist. Anything missing throws, and the import's transaction is
 * rolled back, as SQLite's own check would have done.
 */
export function checkBalanceReferences(db: Db, ids: readonly number[], periods: Iterable<number>, batchId: string): void {
  const distinct = [...new Set(ids)];
  const codings = (db.prepare('SELECT count(*) AS bulk_n FROM coding WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(distinct)) as { bulk_n: number }).bulk_n;
  const wanted = [...new Set(periods)];
  const known = (db.prepare('SELECT count(*) AS bulk_n FROM period WHERE period IN (SELECT value FROM json_each(?))').get(JSON.stringify(wanted)) as { bulk_n: number }).bulk_n;
  const batch = db.prepare('SELECT count(*) AS bulk_n FROM import_batch WHERE id = ? AND no IS NOT NULL').get(batchId) as { bulk_n: number };
  if (codings !== distinct.length || known !== wanted.length || batch.bulk_n !== 1) {
    throw new Error(`FOREIGN KEY constraint failed (ledger import: ${distinct.length - codings} kodsträngar, ${wanted.length - known} perioder, ${1 - batch.bulk_n} batch missing)`);
  }
}
