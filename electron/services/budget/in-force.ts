import type { Db } from '../../../db/index';
import type { BudgetChangeKind } from '../../../db/schema';
import { allocate } from '../money';
import { originalBudgetVersion, versionInForce, type DecidedVersionRef } from './versions';

/**
 * The budget in force: the one rule every view of budget against outcome
 * uses (Översikt, `ramkoll summary`, Uppföljning, `ramkoll deviations`, a
 * locked occasion's snapshot, the reports, Omfördelningar's budget on a
 * date, a sektorchef's installation).
 *
 * The budget of a node on a date is the lines of the version in force on
 * that date (the adopted budget, replaced from its decision date by the
 * latest decided revision) plus the omfördelningar decided up to and
 * including that date, + where budget came in and − where it went out.
 *
 * For a period (a month, accumulated from January) the date is the period's
 * last day, and the whole year's months are taken from that one budget: a
 * revision decided in June gives the October figures its own months from
 * January on (budget ack = the revision's January–October), so that budget
 * ack and budget helår always belong to the same budget. An omfördelning is
 * spread evenly from its decision month to December (reallocationMonths), so
 * it changes budget ack only from the month it was decided.
 *
 * A budget change (a KF/KS decision that changes the nämnd's ram from
 * outside: tilläggsanslag, lönekompensation, kapitalkostnadskompensation,
 * annat; budget/changes.ts) counts the same way from its decision date: its
 * budget-year amount on each node is spread evenly over the months from the
 * decision month to December, exact to the öre by the largest remainder
 * (reallocationMonths), + on the node only (it has no other end). A
 * tilläggsanslag decided 15 June thus raises June–December and leaves
 * January–May as they were; from June's period on, budget helår holds the
 * whole amount. Plan-year amounts are recorded and listed, never counted
 * here.
 */

/** One omfördelning as the budget in force counts it: from and to ansvar, optional konto, and its months in the year. */
export interface ReallocationEntry {
  id: string;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string;
  /** null: decided without a konto (follow-up shows it in the group for unknown accounts, as konto ''). */
  accountCode: string | null;
  amountOre: number;
  note: string | null;
  /** Öre per month, January first: nothing before the decision month, then spread evenly. */
  months: number[];
}

/** One node's budget-year amount of a budget change as the budget in force counts it. */
export interface BudgetChangeEntry {
  /** The amount row's id. */
  id: string;
  /** The decision's id (budget_change). */
  changeId: string;
  kind: BudgetChangeKind;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  text: string;
  code: string;
  name: string;
  /** null: decided without a konto (with the unknown accounts in follow-up, as konto ''). */
  accountCode: string | null;
  amountOre: number;
  /** Öre per month, January first: nothing before the decision month, then spread evenly. */
  months: number[];
}

export interface BudgetInForce {
  year: number;
  /** yyyy-mm-dd */
  asOf: string;
  /** The original budget of the year ("Ursprunglig budget"): the adopted version. */
  original: DecidedVersionRef | null;
  /** The version whose lines are in force on asOf: the original, or a decided revision from its decision date. */
  version: DecidedVersionRef | null;
  /** The omfördelningar of the year decided up to and including asOf, in decision order. */
  reallocations: ReallocationEntry[];
  /** The budget changes of the year decided up to and including asOf, one entry per node, in decision order. */
  changes: BudgetChangeEntry[];
}

/** The last day of a YYYYMM period as yyyy-mm-dd. */
export function periodEndDate(period: number): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/**
 * How an omfördelning spreads over the months: nothing before the month of
 * the decision, then evenly over the rest of the year (largest remainder, so
 * the months add up to the amount exactly).
 */
export function reallocationMonths(amountOre: number, decidedOn: string, year: number): number[] {
  const y = Number(decidedOn.slice(0, 4));
  const month = y < year ? 1 : y > year ? 13 : Number(decidedOn.slice(5, 7));
  if (month > 12) return new Array<number>(12).fill(0);
  const weights = Array.from({ length: 12 }, (_, i) => (i + 1 >= month ? 1 : 0));
  return allocate(amountOre, weights);
}

/**
 * The omfördelningar of a year decided up to a date, in decision order. Both
 * ends are named by their codes even when a node has since been removed from
 * the organisation, so that the money still lands somewhere (an "okänd
 * kodning" row) and totals reconcile.
 */
export function reallocationsUpTo(db: Db, year: number, asOf: string): ReallocationEntry[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.decision_ref, r.decided_on, f.code AS from_code, f.name AS from_name, t.code AS to_code, t.name AS to_name, r.account_code, r.amount_ore, r.note
       FROM reallocation r JOIN dimension_value f ON f.id = r.from_responsibility_id JOIN dimension_value t ON t.id = r.to_responsibility_id
       WHERE r.year = ? AND r.deleted_at IS NULL AND r.decided_on <= ?
       ORDER BY r.decided_on, r.created_at, r.id`,
    )
    .all(year, asOf) as {
    id: string;
    decision_ref: string;
    decided_on: string;
    from_code: string;
    from_name: string;
    to_code: string;
    to_name: string;
    account_code: string | null;
    amount_ore: number;
    note: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    decisionRef: r.decision_ref,
    decidedOn: r.decided_on,
    fromCode: r.from_code,
    fromName: r.from_name,
    toCode: r.to_code,
    toName: r.to_name,
    accountCode: r.account_code,
    amountOre: r.amount_ore,
    note: r.note,
    months: reallocationMonths(r.amount_ore, r.decided_on, year),
  }));
}

/**
 * The budget-year amounts of the budget changes of a year decided up to a
 * date, in decision order, one entry per node (named by its code even when
 * the node has since left the organisation, as omfördelningar are).
 */
export function budgetChangesUpTo(db: Db, year: number, asOf: string): BudgetChangeEntry[] {
  const rows = db
    .prepare(
      `SELECT a.id, c.id AS change_id, c.kind, c.decision_ref, c.decided_on, c.text, v.code, v.name, c.account_code, a.amount_ore
       FROM budget_change c JOIN budget_change_amount a ON a.change_id = c.id JOIN dimension_value v ON v.id = a.responsibility_id
       WHERE c.year = ? AND a.year = c.year AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND c.decided_on <= ? AND a.amount_ore <> 0
       ORDER BY c.decided_on, c.created_at, c.id, v.code`,
    )
    .all(year, asOf) as {
    id: string;
    change_id: string;
    kind: BudgetChangeKind;
    decision_ref: string;
    decided_on: string;
    text: string;
    code: string;
    name: string;
    account_code: string | null;
    amount_ore: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    changeId: r.change_id,
    kind: r.kind,
    decisionRef: r.decision_ref,
    decidedOn: r.decided_on,
    text: r.text,
    code: r.code,
    name: r.name,
    accountCode: r.account_code,
    amountOre: r.amount_ore,
    months: reallocationMonths(r.amount_ore, r.decided_on, year),
  }));
}

/** The budget in force of a year on a date (yyyy-mm-dd): which version, and which omfördelningar and budget changes on top of it. */
export function budgetInForce(db: Db, year: number, asOf: string): BudgetInForce {
  return {
    year,
    asOf,
    original: originalBudgetVersion(db, year),
    version: versionInForce(db, year, asOf),
    reallocations: reallocationsUpTo(db, year, asOf),
    changes: budgetChangesUpTo(db, year, asOf),
  };
}

/** The budget in force that a period (YYYYMM, accumulated from January) is followed up against: on the period's last day. */
export function budgetInForceForPeriod(db: Db, period: number): BudgetInForce {
  return budgetInForce(db, Math.floor(period / 100), periodEndDate(period));
}

/** One row of the budget in force: an ansvar, an account group or konto, and öre per month (January first). */
export interface BudgetInForceRow {
  resp: string;
  /** The account group ('group' grain; 'unknown' for a konto missing from the kontoplan or an omfördelning without one) or the konto ('account' grain; '' for an omfördelning without one). */
  key: string;
  months: number[];
}

const SUM_MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/**
 * The budget in force as rows per ansvar and account group ('group': from the
 * sums the database keeps, fast on any budget) or per ansvar and konto
 * ('account': from the lines), optionally only some ansvar codes: the
 * version's lines, then each end of every omfördelning as a row of its own
 * (+ on the receiving ansvar, − on the giving one), then each node's budget
 * change. Callers sum these rows; none of them picks a version or adds
 * omfördelningar or budget changes itself.
 */
export function budgetInForceRows(
  db: Db,
  inForce: Pick<BudgetInForce, 'version' | 'reallocations'> & { changes?: readonly BudgetChangeEntry[] },
  grain: 'group' | 'account',
  codes: readonly string[] | null = null,
): BudgetInForceRow[] {
  const out: BudgetInForceRow[] = [];
  const filter = codes === null ? '' : 'AND responsibility_code IN (SELECT value FROM json_each(?))';
  const params = codes === null ? [] : [JSON.stringify(codes)];
  if (inForce.version) {
    const sql =
      grain === 'group'
        ? `SELECT responsibility_code, account_group, ${SUM_MONTHS.join(', ')} FROM budget_group_sum WHERE version_id = ? AND lines <> 0 ${filter}`
        : `SELECT c.responsibility_code, c.account_code, ${SUM_MONTHS.map((m) => `sum(b.${m})`).join(', ')}
           FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL ${filter.replace('responsibility_code', 'c.responsibility_code')} GROUP BY 1, 2`;
    for (const r of db.prepare(sql).raw().all(inForce.version.id, ...params) as unknown[][]) {
      out.push({ resp: r[0] as string, key: r[1] as string, months: r.slice(2) as number[] });
    }
  }
  const changes = inForce.changes ?? [];
  if (inForce.reallocations.length === 0 && changes.length === 0) return out;
  const wanted = codes === null ? null : new Set(codes);
  const groups =
    grain === 'group'
      ? new Map((db.prepare('SELECT code, account_group FROM account WHERE deleted_at IS NULL').all() as { code: string; account_group: string }[]).map((a) => [a.code, a.account_group]))
      : null;
  const keyOf = (accountCode: string | null) => (groups ? ((accountCode === null ? undefined : groups.get(accountCode)) ?? 'unknown') : (accountCode ?? ''));
  for (const e of changes) {
    if (wanted && !wanted.has(e.code)) continue;
    out.push({ resp: e.code, key: keyOf(e.accountCode), months: e.months });
  }
  for (const e of inForce.reallocations) {
    const key = keyOf(e.accountCode);
    for (const [resp, sign] of [
      [e.toCode, 1],
      [e.fromCode, -1],
    ] as const) {
      if (wanted && !wanted.has(resp)) continue;
      out.push({ resp, key, months: e.months.map((m) => sign * m) });
    }
  }
  return out;
}
