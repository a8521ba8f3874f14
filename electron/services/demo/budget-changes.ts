import type { Db } from '../../../db/index';
import { naturalId } from '../ids';
import { OrgTree } from '../figures/org-tree';

/**
 * The demo's budget change during the year (issue 17): KF's lönekompensation
 * after the salary revision, decided in May, to three personnel-heavy units,
 * with its full-year effect in the first plan year. Like the omfördelningar,
 * it exists only when the demo's date has reached its decision date. Written
 * as the service writes it (budget/changes.ts), with name-based ids so the
 * demo comes out the same every time for a given date.
 */
export function writeDemoBudgetChanges(db: Db, o: { year: number; siteId: string; at: string; asOf: string }): void {
  const { year, siteId, at } = o;
  const decidedOn = `${year}-05-20`;
  if (decidedOn > o.asOf) return;
  const synced = { created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null };
  const tree = OrgTree.load(db);
  const id = naturalId('demo-budget-change', `${year}:lonekompensation`);
  db.run(
    db.q.insertInto('budget_change').values({
      id,
      year,
      kind: 'pay',
      decision_ref: `KF ${decidedOn} § 61`,
      decided_on: decidedOn,
      text: `Lönekompensation efter löneöversynen ${year}`,
      account_code: '5010',
      ...synced,
    }),
  );
  // Kronor for the budget year (from the decision month) and the first plan year (a whole year).
  const amounts: [string, number, number][] = [
    ['31201', 420_000, 720_000],
    ['32301', 350_000, 600_000],
    ['33101', 140_000, 240_000],
  ];
  for (const [code, kr, planKr] of amounts) {
    for (const [y, k] of [
      [year, kr],
      [year + 1, planKr],
    ] as const) {
      db.run(
        db.q.insertInto('budget_change_amount').values({
          id: naturalId('demo-budget-change-amount', `${year}:${code}:${y}`),
          change_id: id,
          responsibility_id: tree.byCode.get(code)!.id,
          year: y,
          amount_ore: k * 100,
          ...synced,
        }),
      );
    }
  }
}
