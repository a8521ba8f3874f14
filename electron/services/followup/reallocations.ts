import type { Db } from '../../../db/index';
import { reallocationMonths } from '../budget/reallocations';

/** One omfördelning as follow-up counts it: from and to ansvar, optional konto, and its months in the year. */
export interface ReallocationEntry {
  id: string;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  fromCode: string;
  toCode: string;
  /** null: decided without a konto (follow-up shows it in the group for unknown accounts, as konto ''). */
  accountCode: string | null;
  amountOre: number;
  note: string | null;
  /** Öre per month, January first: nothing before the decision month, then spread evenly (budget/reallocations.ts). */
  months: number[];
}

/** The last day of a YYYYMM period as yyyy-mm-dd. */
export function periodEndDate(period: number): string {
  const year = Math.floor(period / 100);
  const month = period % 100;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/**
 * The omfördelningar of the period's year decided up to the period's last
 * day, in decision order. Both ends are named by their codes even when a
 * node has since been removed from the organisation, so that the money
 * still lands somewhere (an "okänd kodning" row) and totals reconcile.
 */
export function reallocationsUpTo(db: Db, period: number): ReallocationEntry[] {
  const year = Math.floor(period / 100);
  const rows = db
    .prepare(
      `SELECT r.id, r.decision_ref, r.decided_on, f.code AS from_code, t.code AS to_code, r.account_code, r.amount_ore, r.note
       FROM reallocation r JOIN dimension_value f ON f.id = r.from_responsibility_id JOIN dimension_value t ON t.id = r.to_responsibility_id
       WHERE r.year = ? AND r.deleted_at IS NULL AND r.decided_on <= ?
       ORDER BY r.decided_on, r.created_at, r.id`,
    )
    .all(year, periodEndDate(period)) as {
    id: string;
    decision_ref: string;
    decided_on: string;
    from_code: string;
    to_code: string;
    account_code: string | null;
    amount_ore: number;
    note: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    decisionRef: r.decision_ref,
    decidedOn: r.decided_on,
    fromCode: r.from_code,
    toCode: r.to_code,
    accountCode: r.account_code,
    amountOre: r.amount_ore,
    note: r.note,
    months: reallocationMonths(r.amount_ore, r.decided_on, year),
  }));
}
