import type { Db } from '../../../db/index';
import { SUM_MONTHS } from '../figures/group-sums';
import { subtreeCodes, type FigureNode, type FigureTree, type Figures } from './figures';
import { groupOfAccount } from './facts';
import { GROUP_INDEX, GROUP_ORDER, MONTHS, type GroupKey } from './model';
import { rowScope, scopeBudgetChanges, scopeCodingSql, scopeReallocations } from './row-scope';

export interface AccountFigures {
  /** '' for omfördelningar decided without a konto. */
  account: string;
  name: string;
  group: GroupKey;
  figures: Figures;
}

/**
 * The figures of every account of a row (its whole subtree), optionally one
 * account group only. A locked occasion's come from its snapshot; live ones
 * from the budget lines and balances of the subtree (the sums the view
 * reads are per account group), plus the omfördelningar on each account.
 */
export function accountFigures(db: Db, tree: FigureTree, node: FigureNode, group: GroupKey | null): AccountFigures[] {
  const out = new Map<string, AccountFigures>();
  const entry = (account: string): AccountFigures => {
    let e = out.get(account);
    if (!e) {
      const info = tree.accounts.get(account);
      const name = account === '' ? 'Omfördelningar utan konto' : (info?.name ?? 'Okänt konto');
      out.set(account, (e = { account, name, group: groupOfAccount(tree.accounts, account || null), figures: { budgetYear: 0, budgetAcc: 0, actualAcc: 0, actualAccLastYear: 0, forecastYear: null } }));
    }
    return e;
  };
  const { facts } = tree;
  if (facts.snapshotOf !== null) {
    // The snapshot's rows per konto of every ansvar of the row (the tree itself holds only account groups).
    const gi = group === null ? -1 : GROUP_ORDER.indexOf(group);
    const rows = db
      .prepare(
        `SELECT account_code, sum(budget_year_ore), sum(budget_acc_ore), sum(actual_acc_ore), sum(last_year_acc_ore) FROM occasion_snapshot_figure
         WHERE occasion_id = ? AND responsibility_code IN (SELECT value FROM json_each(?)) GROUP BY 1`,
      )
      .raw()
      .all(facts.snapshotOf, JSON.stringify(subtreeCodes(node))) as [string, number, number, number, number][];
    for (const [a, by, ba, aa, ly] of rows) {
      if (gi >= 0 && GROUP_INDEX[groupOfAccount(tree.accounts, a || null)] !== gi) continue;
      const f = entry(a).figures;
      f.budgetYear += by;
      f.budgetAcc += ba;
      f.actualAcc += aa;
      f.actualAccLastYear += ly;
    }
  } else {
    const scope = { ...rowScope(tree, node.key), group };
    const month = tree.period % 100;
    const f = scopeCodingSql(scope);
    if (tree.budgetVersion) {
      const rows = db
        .prepare(
          `SELECT c.account_code, total(b.year_ore), total(${SUM_MONTHS.slice(0, month).map((m) => `b.${m}`).join(' + ')})
           FROM coding c JOIN budget_line b ON b.coding_id = c.id WHERE ${f.sql} AND b.version_id = ? AND b.deleted_at IS NULL GROUP BY 1`,
        )
        .raw()
        .all(...f.params, tree.budgetVersion.id) as [string, number, number][];
      for (const [a, y, acc] of rows) {
        const e = entry(a).figures;
        e.budgetYear += y;
        e.budgetAcc += acc;
      }
    }
    const thisFrom = tree.year * 100 + 1;
    const lastFrom = thisFrom - 100;
    const lastTo = tree.period - 100;
    const rows = db
      .prepare(
        `SELECT c.account_code, total(CASE WHEN ab.period >= ? THEN ab.amount_ore END), total(CASE WHEN ab.period <= ? THEN ab.amount_ore END)
         FROM coding c JOIN actual_balance ab ON ab.coding_id = c.id
         WHERE ${f.sql} AND (ab.period BETWEEN ? AND ? OR ab.period BETWEEN ? AND ?) GROUP BY 1`,
      )
      .raw()
      .all(thisFrom, lastTo, ...f.params, thisFrom, tree.period, lastFrom, lastTo) as [string, number, number][];
    for (const [a, actual, last] of rows) {
      const e = entry(a).figures;
      e.actualAcc += actual;
      e.actualAccLastYear += last;
    }
    for (const { entry: r, sign } of scopeReallocations(scope, tree.accounts, tree.reallocations)) {
      const e = entry(r.accountCode ?? '').figures;
      for (let m = 0; m < MONTHS; m++) {
        e.budgetYear += sign * r.months[m]!;
        if (m < month) e.budgetAcc += sign * r.months[m]!;
      }
    }
    for (const r of scopeBudgetChanges(scope, tree.accounts, tree.budgetChanges)) {
      const e = entry(r.accountCode ?? '').figures;
      for (let m = 0; m < MONTHS; m++) {
        e.budgetYear += r.months[m]!;
        if (m < month) e.budgetAcc += r.months[m]!;
      }
    }
  }
  return [...out.values()]
    .filter((a) => a.figures.budgetYear !== 0 || a.figures.budgetAcc !== 0 || a.figures.actualAcc !== 0 || a.figures.actualAccLastYear !== 0)
    .sort((a, b) => (a.account === '' ? 1 : b.account === '' ? -1 : a.account.localeCompare(b.account, 'sv')));
}
