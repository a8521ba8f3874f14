import type { Db } from '../../../db/index';
import type { AccountGroup } from '../../../db/schema';
import { currentBudgetVersion, type BudgetVersionRef } from '../budget/versions';
import { OrgTree } from '../figures/org-tree';
import { MONTHS } from './model';

/**
 * The raw material of follow-up for one period: budget and outcome per
 * kodsträng (live) or per ansvar and konto (a snapshot), as parallel arrays so that a
 * förvaltning of thousands of nodes and hundreds of thousands of kodsträngar
 * is computed in milliseconds. Live facts come from the budget and outcome
 * tables; a locked occasion's facts come from its snapshot.
 */
export interface FactSet {
  year: number;
  period: number;
  resp: string[];
  account: string[];
  budgetYear: Float64Array;
  budgetAcc: Float64Array;
  actualAcc: Float64Array;
  lastYearAcc: Float64Array;
}

export interface AccountInfo {
  name: string;
  group: AccountGroup;
}

export function loadAccounts(db: Db): Map<string, AccountInfo> {
  const rows = db.prepare('SELECT code, name, account_group FROM account WHERE deleted_at IS NULL').all() as { code: string; name: string; account_group: AccountGroup }[];
  return new Map(rows.map((r) => [r.code, { name: r.name, group: r.account_group }]));
}

// ---------------------------------------------------------------------------
// Live facts, cached per connection.
//
// Summing two million outcome rows takes a few hundred milliseconds, so the
// sums are kept in memory per open database. A cache entry is trusted only
// while nothing else was written: SQLite's data_version moves when another
// connection commits, total_changes() when this one writes. Follow-up's own
// writes (comments, forecasts, calendar, thresholds, snapshots) never touch
// budget or outcome, so they keep the cache (followUpWrite). After any other
// write the outcome sums are recomputed; budget and kodsträngar are checked
// against checksums of their rows first.

interface CodingIndex {
  fingerprint: string;
  /** Key index per coding id (-1: no coding with that id). */
  keyOf: Int32Array;
  resp: string[];
  account: string[];
}

interface BudgetCache {
  fingerprint: string;
  version: BudgetVersionRef | null;
  months: Float64Array;
}

interface ActualCache {
  thisAcc: Float64Array;
  lastAcc: Float64Array;
}

interface LiveCache {
  writeMark: string;
  codings: CodingIndex | null;
  codingsChecked: boolean;
  budgets: Map<number, BudgetCache>;
  budgetChecked: Map<number, string>;
  actuals: Map<number, ActualCache>;
}

const caches = new WeakMap<Db, LiveCache>();

function writeMark(db: Db): string {
  const dataVersion = db.sqlite.pragma('data_version', { simple: true }) as number;
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${dataVersion}:${changes}`;
}

function cacheOf(db: Db): LiveCache {
  let c = caches.get(db);
  if (!c) {
    c = { writeMark: '', codings: null, codingsChecked: false, budgets: new Map(), budgetChecked: new Map(), actuals: new Map() };
    caches.set(db, c);
  }
  const mark = writeMark(db);
  if (mark !== c.writeMark) {
    // Something else was written: outcome is summed again, the rest checked.
    c.writeMark = mark;
    c.codingsChecked = false;
    c.budgetChecked = new Map();
    c.actuals = new Map();
  }
  return c;
}

/**
 * Runs follow-up's own writes (which never change budget, outcome or the
 * kodsträngar) in one transaction, and keeps the cached sums valid across
 * them when nothing else was written since they were checked. The check and
 * the new mark are taken inside the transaction, which holds the write lock.
 */
export function followUpWrite<T>(db: Db, fn: () => T): T {
  return db.tx(() => {
    const c = caches.get(db);
    const clean = c !== undefined && writeMark(db) === c.writeMark;
    const result = fn();
    if (clean) c.writeMark = writeMark(db);
    return result;
  });
}

/** Drops what follow-up keeps in memory for this database. */
export function forgetCachedFacts(db: Db): void {
  caches.delete(db);
}

/**
 * The kodsträngar, in id order: the live facts are per kodsträng (the tree
 * sums them per ansvar and account group; no map of pairs is needed).
 */
function codingIndex(db: Db, cache: LiveCache): CodingIndex {
  if (cache.codings && cache.codingsChecked) return cache.codings;
  const stat = db
    .prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS m, total(id * (length(account_code) + 7 * length(responsibility_code) + 31 * length(dims))) AS w FROM coding')
    .get() as { n: number; m: number; w: number };
  const fingerprint = `${stat.n}:${stat.m}:${stat.w}`;
  cache.codingsChecked = true;
  if (cache.codings?.fingerprint === fingerprint) return cache.codings;
  const keyOf = new Int32Array(stat.m + 1).fill(-1);
  const resp: string[] = [];
  const account: string[] = [];
  for (const [id, acc, r] of db.prepare('SELECT id, account_code, responsibility_code FROM coding').raw().iterate() as IterableIterator<[number, string, string]>) {
    keyOf[id] = resp.length;
    resp.push(r);
    account.push(acc);
  }
  cache.codings = { fingerprint, keyOf, resp, account };
  cache.budgets.clear();
  cache.actuals.clear();
  return cache.codings;
}

function budgetFor(db: Db, cache: LiveCache, codings: CodingIndex, year: number): BudgetCache {
  const version = currentBudgetVersion(db, year);
  let fingerprint = cache.budgetChecked.get(year);
  if (fingerprint === undefined) {
    const s = version
      ? (db
          .prepare(
            `SELECT count(*) AS n, max(updated_at) AS u, total(year_ore) AS y,
                    total(coding_id * year_ore + m01_ore + 2*m02_ore + 3*m03_ore + 4*m04_ore + 5*m05_ore + 6*m06_ore + 7*m07_ore + 8*m08_ore + 9*m09_ore + 10*m10_ore + 11*m11_ore + 12*m12_ore) AS w
             FROM budget_line WHERE version_id = ? AND deleted_at IS NULL`,
          )
          .get(version.id) as { n: number; u: string | null; y: number; w: number })
      : null;
    fingerprint = `${codings.fingerprint}|${version?.id ?? '-'}|${s ? `${s.n}:${s.u}:${s.y}:${s.w}` : ''}`;
    cache.budgetChecked.set(year, fingerprint);
  }
  const hit = cache.budgets.get(year);
  if (hit?.fingerprint === fingerprint) return hit;
  const months = new Float64Array(codings.resp.length * MONTHS);
  if (version) {
    const stmt = db.prepare(
      `SELECT coding_id, m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore
       FROM budget_line WHERE version_id = ? AND deleted_at IS NULL`,
    );
    for (const row of stmt.raw().iterate(version.id) as IterableIterator<number[]>) {
      const base = codings.keyOf[row[0]!]! * MONTHS;
      for (let m = 0; m < MONTHS; m++) months[base + m]! += row[m + 1]!;
    }
  }
  const entry = { fingerprint, version, months };
  cache.budgets.set(year, entry);
  return entry;
}

function actualFor(db: Db, cache: LiveCache, codings: CodingIndex, period: number): ActualCache {
  const hit = cache.actuals.get(period);
  if (hit) return hit;
  const year = Math.floor(period / 100);
  const thisFrom = year * 100 + 1;
  const lastFrom = thisFrom - 100;
  const lastTo = period - 100;
  const thisAcc = new Float64Array(codings.resp.length);
  const lastAcc = new Float64Array(codings.resp.length);
  // One pass in the table's key order (coding_id, period); "+period" keeps
  // SQLite off the period index, which is slower than a straight scan here.
  const stmt = db.prepare(
    `SELECT coding_id,
            SUM(CASE WHEN period >= @thisFrom THEN amount_ore ELSE 0 END),
            SUM(CASE WHEN period <= @lastTo THEN amount_ore ELSE 0 END)
     FROM actual_balance
     WHERE (+period BETWEEN @thisFrom AND @thisTo) OR (+period BETWEEN @lastFrom AND @lastTo)
     GROUP BY coding_id`,
  );
  for (const [id, a, l] of stmt.raw().iterate({ thisFrom, thisTo: period, lastFrom, lastTo }) as IterableIterator<number[]>) {
    const k = codings.keyOf[id!]!;
    thisAcc[k]! += a!;
    lastAcc[k]! += l!;
  }
  const entry = { thisAcc, lastAcc };
  if (cache.actuals.size >= 6) cache.actuals.delete(cache.actuals.keys().next().value!);
  cache.actuals.set(period, entry);
  return entry;
}

export interface LiveFacts {
  facts: FactSet;
  budgetVersion: BudgetVersionRef | null;
}

/** Budget and outcome for a period as they stand now. */
export function liveFacts(db: Db, period: number): LiveFacts {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const cache = cacheOf(db);
  const codings = codingIndex(db, cache);
  const budget = budgetFor(db, cache, codings, year);
  const actual = actualFor(db, cache, codings, period);
  const n = codings.resp.length;
  const budgetYear = new Float64Array(n);
  const budgetAcc = new Float64Array(n);
  const months = budget.months;
  for (let k = 0; k < n; k++) {
    const base = k * MONTHS;
    let acc = 0;
    for (let m = 0; m < month; m++) acc += months[base + m]!;
    let rest = 0;
    for (let m = month; m < MONTHS; m++) rest += months[base + m]!;
    budgetAcc[k] = acc;
    budgetYear[k] = acc + rest;
  }
  return {
    facts: { year, period, resp: codings.resp, account: codings.account, budgetYear, budgetAcc, actualAcc: actual.thisAcc, lastYearAcc: actual.lastAcc },
    budgetVersion: budget.version,
  };
}

/** Budget per month (öre) of every key of the live facts, for charts and forecast methods. */
export function liveBudgetMonths(db: Db, year: number): { resp: string[]; account: string[]; months: Float64Array } {
  const cache = cacheOf(db);
  const codings = codingIndex(db, cache);
  return { resp: codings.resp, account: codings.account, months: budgetFor(db, cache, codings, year).months };
}

/** Outcome per month of one year for the given ansvar codes, optionally only some accounts: öre per (ansvar, konto, month). */
export function liveActualMonths(
  db: Db,
  year: number,
  responsibilityCodes: readonly string[] | null,
  toMonth = 12,
): { resp: string; account: string; months: number[] }[] {
  const from = year * 100 + 1;
  const to = year * 100 + toMonth;
  const rows = (
    responsibilityCodes === null
      ? db
          .prepare(
            `SELECT c.responsibility_code AS r, c.account_code AS a, ab.period AS p, SUM(ab.amount_ore) AS s
             FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id
             WHERE +ab.period BETWEEN ? AND ? GROUP BY 1, 2, 3`,
          )
          .raw()
          .all(from, to)
      : db
          .prepare(
            `SELECT c.responsibility_code AS r, c.account_code AS a, ab.period AS p, SUM(ab.amount_ore) AS s
             FROM coding c JOIN actual_balance ab ON ab.coding_id = c.id
             WHERE c.responsibility_code IN (SELECT value FROM json_each(?)) AND ab.period BETWEEN ? AND ? GROUP BY 1, 2, 3`,
          )
          .raw()
          .all(JSON.stringify(responsibilityCodes), from, to)
  ) as [string, string, number, number][];
  const byKey = new Map<string, { resp: string; account: string; months: number[] }>();
  for (const [r, a, p, s] of rows) {
    const k = `${r}\u0000${a}`;
    let e = byKey.get(k);
    if (!e) byKey.set(k, (e = { resp: r, account: a, months: new Array<number>(MONTHS).fill(0) }));
    e.months[(p % 100) - 1]! += s;
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------
// Snapshots

export interface SnapshotMeta {
  org: { id: string; code: string; name: string; level: string | null; parentCode: string | null; sortOrder: number }[];
  accounts: [string, AccountInfo][];
  thresholds: unknown;
  period: number;
  budgetVersion: BudgetVersionRef | null;
}

export interface SnapshotFacts {
  facts: FactSet;
  org: OrgTree;
  accounts: Map<string, AccountInfo>;
  meta: SnapshotMeta;
  takenAt: string;
  budgetVersion: BudgetVersionRef | null;
  forecastOccasionId: string | null;
}

export function hasSnapshot(db: Db, occasionId: string): boolean {
  return db.first(db.q.selectFrom('occasion_snapshot').select('occasion_id').where('occasion_id', '=', occasionId)) !== undefined;
}

/** A locked occasion's facts exactly as they were when it was locked. */
export function snapshotFacts(db: Db, occasionId: string): SnapshotFacts | null {
  const head = db.first(db.q.selectFrom('occasion_snapshot').selectAll().where('occasion_id', '=', occasionId));
  if (!head) return null;
  const meta = JSON.parse(head.meta) as SnapshotMeta;
  const rows = db
    .prepare(
      'SELECT responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore FROM occasion_snapshot_figure WHERE occasion_id = ?',
    )
    .raw()
    .all(occasionId) as [string, string, number, number, number, number][];
  const n = rows.length;
  const facts: FactSet = {
    year: Math.floor(meta.period / 100),
    period: meta.period,
    resp: new Array<string>(n),
    account: new Array<string>(n),
    budgetYear: new Float64Array(n),
    budgetAcc: new Float64Array(n),
    actualAcc: new Float64Array(n),
    lastYearAcc: new Float64Array(n),
  };
  rows.forEach(([r, a, by, ba, aa, ly], k) => {
    facts.resp[k] = r;
    facts.account[k] = a;
    facts.budgetYear[k] = by;
    facts.budgetAcc[k] = ba;
    facts.actualAcc[k] = aa;
    facts.lastYearAcc[k] = ly;
  });
  const org = new OrgTree(
    meta.org.map((o) => ({ id: o.id, code: o.code, name: o.name, level: o.level as never, parentCode: o.parentCode, sortOrder: o.sortOrder })),
  );
  return {
    facts,
    org,
    accounts: new Map(meta.accounts),
    meta,
    takenAt: head.taken_at,
    budgetVersion: meta.budgetVersion,
    forecastOccasionId: head.forecast_occasion_id,
  };
}

/** A snapshot's months (budget, outcome to the period, last year) summed over some ansvar and konto pairs. */
export function snapshotMonths(db: Db, occasionId: string, pairs: readonly { resp: string; account: string }[]): { budget: number[]; actual: number[]; lastYear: number[] } {
  const out = { budget: new Array<number>(MONTHS).fill(0), actual: new Array<number>(MONTHS).fill(0), lastYear: new Array<number>(MONTHS).fill(0) };
  const wanted = new Set(pairs.map((p) => `${p.resp}\u0000${p.account}`));
  const codes = [...new Set(pairs.map((p) => p.resp))];
  const rows = db
    .prepare(
      `SELECT responsibility_code, account_code, budget_months, actual_months, last_year_months FROM occasion_snapshot_figure
       WHERE occasion_id = ? AND responsibility_code IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(occasionId, JSON.stringify(codes)) as [string, string, string, string, string][];
  for (const [r, a, b, act, ly] of rows) {
    if (!wanted.has(`${r}\u0000${a}`)) continue;
    for (const [text, into] of [
      [b, out.budget],
      [act, out.actual],
      [ly, out.lastYear],
    ] as const) {
      (JSON.parse(text) as number[]).forEach((v, m) => (into[m]! += v));
    }
  }
  return out;
}
