import type { Db } from '../../../db/index';
import { monthFigures } from './chart';
import type { FigureTree } from './figures';
import { MONTHS } from './model';
import { rowScope, scopeBudgetChanges, scopeCodingSql, scopeReallocations } from './row-scope';

export interface DrillBudgetLine {
  id: string;
  responsibility: string;
  account: string;
  accountName: string;
  dims: string;
  yearOre: number;
  months: number[];
  profile: string | null;
  note: string | null;
}

/** A budget change (KF/KS decision on the ram) on one of the row's nodes. */
export interface DrillBudgetChange {
  id: string;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  text: string;
  responsibility: string;
  account: string | null;
  yearOre: number;
  months: number[];
}

/** One end of an omfördelning that touches the row: + budget came in, − it went out. */
export interface DrillReallocation {
  id: string;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string;
  /** The other end, seen from this row: where the budget came from (+) or went to (−). */
  counterpart: { code: string; name: string };
  /** null: decided without a konto. */
  account: string | null;
  accountName: string | null;
  /** Signed for this row: the year amount and the months (January first). */
  yearOre: number;
  months: number[];
  note: string | null;
}

export interface DrillBatch {
  period: number;
  batchId: string;
  fileName: string;
  importedAt: string;
  importedBy: string;
  amount: number;
}

export interface DrillTransaction {
  id: number;
  period: number;
  bookedOn: string | null;
  voucher: string | null;
  text: string | null;
  counterparty: string | null;
  account: string;
  responsibility: string;
  amount: number;
}

export interface DrillDown {
  key: string;
  title: string;
  period: number;
  /** Shown when the months come from a locked occasion's snapshot while lines, batches and transactions are today's. */
  note: string | null;
  months: { period: number; budget: number; actual: number | null; lastYear: number }[];
  budgetLines: DrillBudgetLine[];
  budgetLineCount: number;
  /** The omfördelningar decided up to the period's last day that the budget figures include, as their own rows. */
  reallocations: DrillReallocation[];
  /** The budget changes decided up to the period's last day on the row's nodes, which the budget figures include. */
  budgetChanges: DrillBudgetChange[];
  batches: DrillBatch[];
  transactions: DrillTransaction[];
  transactionCount: number;
}

const LIMIT = 500;

/** What makes up a row's figures: budget per month and line, outcome per month and import batch, and transactions where the file had them. */
export function drillDown(db: Db, tree: FigureTree, key: string): DrillDown {
  const scope = rowScope(tree, key);
  const month = tree.period % 100;
  const m = monthFigures(db, tree, scope);
  const filter = scopeCodingSql(scope);
  const params = (extra: unknown[]) => [...filter.params, ...extra];
  const from = tree.year * 100 + 1;

  let budgetLines: DrillBudgetLine[] = [];
  let budgetLineCount = 0;
  if (tree.budgetVersion) {
    const where = `FROM budget_line b JOIN coding c ON c.id = b.coding_id
      WHERE ${filter.sql} AND b.version_id = ? AND b.deleted_at IS NULL`;
    budgetLineCount = (db.prepare(`SELECT count(*) AS n ${where}`).get(...params([tree.budgetVersion.id])) as { n: number }).n;
    const rows = db
      .prepare(
        `SELECT b.id, c.responsibility_code AS r, c.account_code AS a, c.dims, b.year_ore, b.m01_ore, b.m02_ore, b.m03_ore, b.m04_ore, b.m05_ore, b.m06_ore,
                b.m07_ore, b.m08_ore, b.m09_ore, b.m10_ore, b.m11_ore, b.m12_ore, p.name AS profile, b.note
         FROM budget_line b JOIN coding c ON c.id = b.coding_id LEFT JOIN periodisation_profile p ON p.id = b.profile_id
         WHERE ${filter.sql} AND b.version_id = ? AND b.deleted_at IS NULL
         ORDER BY c.responsibility_code, c.account_code, c.dims LIMIT ${LIMIT}`,
      )
      .all(...params([tree.budgetVersion.id])) as Record<string, unknown>[];
    budgetLines = rows.map((r) => ({
      id: r.id as string,
      responsibility: r.r as string,
      account: r.a as string,
      accountName: tree.accounts.get(r.a as string)?.name ?? 'okänt konto',
      dims: r.dims as string,
      yearOre: r.year_ore as number,
      months: Array.from({ length: MONTHS }, (_, i) => r[`m${String(i + 1).padStart(2, '0')}_ore`] as number),
      profile: (r.profile as string | null) ?? null,
      note: (r.note as string | null) ?? null,
    }));
  }

  const reallocations: DrillReallocation[] = scopeReallocations(scope, tree.accounts, tree.reallocations).map(({ entry: e, sign }) => ({
    id: e.id,
    decisionRef: e.decisionRef,
    decidedOn: e.decidedOn,
    fromCode: e.fromCode,
    fromName: e.fromName,
    toCode: e.toCode,
    toName: e.toName,
    counterpart: sign > 0 ? { code: e.fromCode, name: e.fromName } : { code: e.toCode, name: e.toName },
    account: e.accountCode,
    accountName: e.accountCode === null ? null : (tree.accounts.get(e.accountCode)?.name ?? 'okänt konto'),
    yearOre: sign * e.amountOre,
    months: e.months.map((m) => (m === 0 ? 0 : sign * m)),
    note: e.note,
  }));

  const budgetChanges: DrillBudgetChange[] = scopeBudgetChanges(scope, tree.accounts, tree.budgetChanges).map((e) => ({
    id: e.id,
    decisionRef: e.decisionRef,
    decidedOn: e.decidedOn,
    text: e.text,
    responsibility: e.code,
    account: e.accountCode,
    yearOre: e.amountOre,
    months: e.months,
  }));

  const batches = (
    db
      .prepare(
        `SELECT ab.period, ib.id AS batch_id, ib.file_name, ib.imported_at, ib.imported_by, SUM(ab.amount_ore) AS amount
         FROM coding c JOIN actual_balance ab ON ab.coding_id = c.id JOIN import_batch ib ON ib.no = ab.batch_no
         WHERE ${filter.sql} AND ab.period BETWEEN ? AND ?
         GROUP BY ab.period, ab.batch_no ORDER BY ab.period, ib.imported_at`,
      )
      .all(...params([from, tree.period])) as { period: number; batch_id: string; file_name: string; imported_at: string; imported_by: string; amount: number }[]
  ).map((b) => ({ period: b.period, batchId: b.batch_id, fileName: b.file_name, importedAt: b.imported_at, importedBy: b.imported_by, amount: b.amount }));

  // Only the transactions behind the outcome shown: those of the batch that
  // holds the balance now. A later file for the period moves the earlier
  // batch's balance to actual_balance_replaced while its transactions stay
  // (an undo brings the balance back), so without this a corrected period
  // would list every voucher twice. Where no batch holds a balance (the
  // transactions net to zero) they show unless an active batch replaced them.
  const txWhere = `FROM coding c JOIN actual_transaction t ON t.coding_id = c.id
    WHERE ${filter.sql} AND t.period BETWEEN ? AND ?
      AND (EXISTS (SELECT 1 FROM actual_balance ab WHERE ab.coding_id = t.coding_id AND ab.period = t.period AND ab.batch_no = (SELECT no FROM import_batch WHERE id = t.batch_id))
        OR (NOT EXISTS (SELECT 1 FROM actual_balance ab WHERE ab.coding_id = t.coding_id AND ab.period = t.period)
          AND NOT EXISTS (SELECT 1 FROM import_batch nb JOIN actual_balance_replaced r ON r.batch_id = nb.id AND r.coding_id = t.coding_id AND r.period = t.period
            WHERE nb.kind = 'actual' AND nb.status = 'active' AND r.previous_batch_id = t.batch_id)))`;
  const transactionCount = (db.prepare(`SELECT count(*) AS n ${txWhere}`).get(...params([from, tree.period])) as { n: number }).n;
  const transactions = (
    db
      .prepare(
        `SELECT t.id, t.period, t.booked_on, t.voucher, t.text, t.counterparty_name, c.account_code, c.responsibility_code, t.amount_ore
         ${txWhere} ORDER BY t.period, t.booked_on, t.id LIMIT ${LIMIT}`,
      )
      .all(...params([from, tree.period])) as {
      id: number;
      period: number;
      booked_on: string | null;
      voucher: string | null;
      text: string | null;
      counterparty_name: string | null;
      account_code: string;
      responsibility_code: string;
      amount_ore: number;
    }[]
  ).map((t) => ({
    id: t.id,
    period: t.period,
    bookedOn: t.booked_on,
    voucher: t.voucher,
    text: t.text,
    counterparty: t.counterparty_name,
    account: t.account_code,
    responsibility: t.responsibility_code,
    amount: t.amount_ore,
  }));

  return {
    key,
    title: scope.title,
    period: tree.period,
    note:
      tree.source === 'snapshot'
        ? `${tree.occasion?.name ?? 'Tillfället'} är låst: månaderna visar siffrorna som de låstes. Budgetrader, batcher och transaktioner visas som de är i dag.`
        : null,
    months: Array.from({ length: MONTHS }, (_, i) => ({ period: from + i, budget: m.budget[i]!, actual: i < month ? m.actual[i]! : null, lastYear: m.lastYear[i]! })),
    budgetLines,
    budgetLineCount,
    reallocations,
    budgetChanges,
    batches,
    transactions,
    transactionCount,
  };
}
