import type { Db } from '../../../db/index';
import type { AccountGroup } from '../../../db/schema';
import { budgetInForceForPeriod, budgetInForceRows, type BudgetChangeEntry, type BudgetInForce, type ReallocationEntry } from '../budget/in-force';
import type { BudgetVersionRef, DecidedVersionRef } from '../budget/versions';
import type { OccasionProject } from '../investments/occasion-figures';
import { actualGroupTotals, SUM_MONTHS } from '../figures/group-sums';
import { OrgTree } from '../figures/org-tree';
import { GROUP_INDEX, GROUP_ORDER, MONTHS, type GroupKey } from './model';

/**
 * The raw material of follow-up for one period: budget and outcome per
 * ansvar and account group (live, from the sums the database keeps, or a
 * locked occasion's snapshot summed per group), as parallel arrays.
 */
export interface FactSet {
  year: number;
  period: number;
  /** Per key: the ansvar code. */
  resp: string[];
  /** Per key: the account code ('' : keys are per ansvar and account group). */
  account: string[];
  /** Per key: the account group (index into GROUP_ORDER). */
  group: Uint8Array;
  /** The locked occasion whose snapshot the facts are (its rows per konto give a row's accounts), or null for live facts. */
  snapshotOf: string | null;
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

/** The account group of an account code: the kontoplan's, else 'unknown' (also for an omfördelning without konto, code ''). */
export function groupOfAccount(accounts: Map<string, AccountInfo>, code: string | null): GroupKey {
  return (code === null ? undefined : accounts.get(code)?.group) ?? 'unknown';
}

/**
 * Runs follow-up's own writes (comments, forecasts, calendar, thresholds,
 * snapshots) in one transaction.
 */
export function followUpWrite<T>(db: Db, fn: () => T): T {
  return db.tx(fn);
}

const G = GROUP_ORDER.length;

/** Parallel arrays with one key per ansvar and account group (dense: every group of an ansvar that has any). */
class GroupFacts {
  private readonly base = new Map<string, number>();
  readonly resp: string[] = [];
  budgetYear = new Float64Array(1024 * G);
  budgetAcc = new Float64Array(1024 * G);
  actualAcc = new Float64Array(1024 * G);
  lastYearAcc = new Float64Array(1024 * G);

  key(resp: string, group: string): number {
    let b = this.base.get(resp);
    if (b === undefined) {
      b = this.resp.length * G;
      this.base.set(resp, b);
      this.resp.push(resp);
      if (b + G > this.budgetYear.length) {
        const grow = (a: Float64Array) => {
          const n = new Float64Array(a.length * 2);
          n.set(a);
          return n;
        };
        this.budgetYear = grow(this.budgetYear);
        this.budgetAcc = grow(this.budgetAcc);
        this.actualAcc = grow(this.actualAcc);
        this.lastYearAcc = grow(this.lastYearAcc);
      }
    }
    return b + (GROUP_INDEX[group as GroupKey] ?? GROUP_INDEX.unknown);
  }

  facts(year: number, period: number): FactSet {
    const n = this.resp.length * G;
    const resp = new Array<string>(n);
    const group = new Uint8Array(n);
    for (let r = 0; r < this.resp.length; r++) {
      for (let g = 0; g < G; g++) {
        resp[r * G + g] = this.resp[r]!;
        group[r * G + g] = g;
      }
    }
    return {
      year,
      period,
      resp,
      account: new Array<string>(n).fill(''),
      group,
      snapshotOf: null,
      budgetYear: this.budgetYear.subarray(0, n),
      budgetAcc: this.budgetAcc.subarray(0, n),
      actualAcc: this.actualAcc.subarray(0, n),
      lastYearAcc: this.lastYearAcc.subarray(0, n),
    };
  }
}

const sumTo = (months: readonly number[], to: number) => {
  let s = 0;
  for (let m = 0; m < to; m++) s += months[m]!;
  return s;
};

export interface LiveFacts {
  facts: FactSet;
  /** The budget in force on the period's last day, which the budget figures are. */
  inForce: BudgetInForce;
}

/**
 * Budget and outcome for a period as they stand now, per ansvar and account
 * group: read from the sums the database keeps (actual_group_sum,
 * budget_group_sum), so a fresh connection needs no pass over every balance
 * and budget line. The budget is the budget in force on the period's last
 * day (budget/in-force.ts): its version's lines plus the omfördelningar
 * decided by then.
 */
export function liveFacts(db: Db, period: number): LiveFacts {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const out = new GroupFacts();
  const inForce = budgetInForceForPeriod(db, period);
  // The version's lines summed to the year and to the month in SQL (two numbers a row instead of twelve
  // months crossing into JavaScript: the largest part of a fresh view's reading); the decisions on top as before.
  if (inForce.version) {
    const sums = db
      .prepare(`SELECT responsibility_code, account_group, ${SUM_MONTHS.join(' + ')}, ${month > 0 ? SUM_MONTHS.slice(0, month).join(' + ') : '0'} FROM budget_group_sum WHERE version_id = ? AND lines <> 0`)
      .raw()
      .all(inForce.version.id) as [string, string, number, number][];
    for (const [resp, group, year, acc] of sums) {
      const k = out.key(resp, group);
      out.budgetYear[k]! += year;
      out.budgetAcc[k]! += acc;
    }
  }
  for (const r of budgetInForceRows(db, { version: null, reallocations: inForce.reallocations, changes: inForce.changes }, 'group')) {
    const k = out.key(r.resp, r.key);
    out.budgetYear[k]! += sumTo(r.months, MONTHS);
    out.budgetAcc[k]! += sumTo(r.months, month);
  }
  for (const [resp, group, acc] of actualGroupTotals(db, year, month)) out.actualAcc[out.key(resp, group)]! += acc;
  for (const [resp, group, acc] of actualGroupTotals(db, year - 1, month)) out.lastYearAcc[out.key(resp, group)]! += acc;
  return { facts: out.facts(year, period), inForce };
}

// ---------------------------------------------------------------------------
// Snapshots

export interface SnapshotMeta {
  org: { id: string; code: string; name: string; level: string | null; parentCode: string | null; sortOrder: number }[];
  accounts: [string, AccountInfo][];
  thresholds: unknown;
  period: number;
  /** The version in force when the occasion was locked. */
  budgetVersion: BudgetVersionRef | null;
  /** The original budget then, and the omfördelningar the budget included (absent in snapshots taken before issue 13). */
  originalVersion?: DecidedVersionRef | null;
  reallocations?: ReallocationEntry[];
  /** The budget changes the budget included (absent in snapshots taken before issue 17, when there were none). */
  budgetChanges?: BudgetChangeEntry[];
  /**
   * The snapshot's figures per ansvar and account group: [ansvar, group,
   * budget helår, budget ack, utfall ack, utfall ack last year] (absent in
   * snapshots taken before issue 16, which are read per konto).
   */
  groupFigures?: [string, string, number, number, number, number][];
  /** The investment projects' figures up to the period (absent in snapshots taken before issue 17's investment follow-up). */
  investments?: OccasionProject[];
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

/**
 * A locked occasion's facts exactly as they were when it was locked: its
 * sums per ansvar and account group, kept in the meta when it was locked
 * (about 20,000 rows for 5,000 nodes, where the rows per konto are about
 * 170,000: reading those took most of a second). Snapshots taken before the
 * sums were kept are read per konto, with the kontoplan as it was. Either
 * way the accounts of a row are read from the snapshot's rows when asked for
 * (accountFigures).
 */
export function snapshotFacts(db: Db, occasionId: string): SnapshotFacts | null {
  const head = db.first(db.q.selectFrom('occasion_snapshot').selectAll().where('occasion_id', '=', occasionId));
  if (!head) return null;
  const meta = JSON.parse(head.meta) as SnapshotMeta;
  const accounts = new Map(meta.accounts);
  const rows: [string, string, number, number, number, number][] =
    meta.groupFigures ??
    (
      db
        .prepare(
          'SELECT responsibility_code, account_code, budget_year_ore, budget_acc_ore, actual_acc_ore, last_year_acc_ore FROM occasion_snapshot_figure WHERE occasion_id = ?',
        )
        .raw()
        .all(occasionId) as [string, string, number, number, number, number][]
    ).map(([r, a, ...sums]) => [r, groupOfAccount(accounts, a), ...sums]);
  const n = rows.length;
  const facts: FactSet = {
    year: Math.floor(meta.period / 100),
    period: meta.period,
    resp: new Array<string>(n),
    account: new Array<string>(n).fill(''),
    group: new Uint8Array(n),
    snapshotOf: occasionId,
    budgetYear: new Float64Array(n),
    budgetAcc: new Float64Array(n),
    actualAcc: new Float64Array(n),
    lastYearAcc: new Float64Array(n),
  };
  rows.forEach(([r, g, by, ba, aa, ly], k) => {
    facts.resp[k] = r;
    facts.group[k] = GROUP_INDEX[g as GroupKey] ?? GROUP_INDEX.unknown;
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
    accounts,
    meta,
    takenAt: head.taken_at,
    budgetVersion: meta.budgetVersion,
    forecastOccasionId: head.forecast_occasion_id,
  };
}

/** A snapshot's months (budget, outcome to the period, last year) summed over some ansvar codes and the accounts `wanted` accepts. */
export function snapshotMonths(db: Db, occasionId: string, codes: readonly string[], wanted: (account: string) => boolean): { budget: number[]; actual: number[]; lastYear: number[] } {
  const out = { budget: new Array<number>(MONTHS).fill(0), actual: new Array<number>(MONTHS).fill(0), lastYear: new Array<number>(MONTHS).fill(0) };
  const rows = db
    .prepare(
      `SELECT account_code, budget_months, actual_months, last_year_months FROM occasion_snapshot_figure
       WHERE occasion_id = ? AND responsibility_code IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(occasionId, JSON.stringify(codes)) as [string, string, string, string][];
  for (const [a, b, act, ly] of rows) {
    if (!wanted(a)) continue;
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
