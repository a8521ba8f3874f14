/**
 * Budget changes in the exchange (issue 17, point 3): a KF decision that
 * Ekonomi records travels to the controller and counts in its budget in
 * force; the controller passes each sektorchef the amounts of its own
 * sektor; a sektorchef may not send one.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import type { ImportResult } from '../../electron/services/exchange/import';
import { figureTree, nodeKey } from '../../electron/services/followup/figures';
import { listBudgetChanges, saveBudgetChange } from '../../electron/services/budget/changes';
import { newId } from '../../electron/services/ids';
import { siteInfo } from '../../electron/services/exchange/identity';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

let n = 0;
async function send(dir: string, from: TestContext, to: TestContext): Promise<ImportResult> {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return receive(to, file);
}

async function introduce(dir: string, from: TestContext, to: TestContext): Promise<void> {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

async function site(dir: string, name: string, role: 'sektorchef' | 'ekonomi' | 'controller', scope: string | null): Promise<TestContext> {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}

const meta = (ctx: TestContext) => ({ siteId: siteId(ctx), user: 'test', at: ctx.now().toISOString() });
const budgetYear = (ctx: TestContext, code: string) => figureTree(ctx.db, { period: 202610 }).byKey.get(nodeKey(code))!.figures.budgetYear;

describe('a budget change in the exchange', () => {
  it('from Ekonomi is applied at the controller and counts in its budget in force; the sektorchef gets its own sektor’s amounts', async () => {
    const dir = tempDir('ramkoll-xkf-');
    const controller = await site(dir, 'Controller', 'controller', null);
    const ekonomi = await site(dir, 'Ekonomi', 'ekonomi', null);
    const chief = await site(dir, 'Sektorchef Ett', 'sektorchef', '9100');
    for (const [a, b] of [
      [ekonomi, controller],
      [controller, ekonomi],
      [controller, chief],
      [chief, controller],
    ] as const)
      await introduce(dir, a, b);
    createSmallForvaltning(controller.db, siteId(controller));
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);
    expect((await send(dir, controller, chief)).refused).toBe(0);
    const before = { unit: budgetYear(controller, '91101'), top: budgetYear(controller, '9000') };

    // Ekonomi records KF's lönekompensation for two units in two sektorer, with a plan year.
    const id = saveBudgetChange(
      ekonomi.db,
      {
        year: 2026,
        kind: 'pay',
        decisionRef: 'KF 2026-05-20 § 61',
        decidedOn: '2026-05-20',
        text: 'Lönekompensation efter löneöversynen',
        accountCode: '5010',
        amounts: [
          { code: '91101', amountOre: 300_000_00 },
          { code: '92101', amountOre: 100_000_00 },
          { code: '91101', year: 2027, amountOre: 310_000_00 },
        ],
      },
      meta(ekonomi),
      'ekonomi',
    );
    const sent = listBudgetChanges(ekonomi.db, 2026);
    const r = await send(dir, ekonomi, controller);
    expect(r).toMatchObject({ refused: 0, conflicts: 0 });
    const received = listBudgetChanges(controller.db, 2026);
    expect(received.changes.map(({ updatedAt: _, ...c }) => c)).toEqual(sent.changes.map(({ updatedAt: _, ...c }) => c));
    expect(received.changes[0]!.id).toBe(id);
    expect(budgetYear(controller, '91101') - before.unit).toBe(300_000_00);
    expect(budgetYear(controller, '9000') - before.top).toBe(400_000_00);

    // The controller passes it on: the decision, and of its amounts only those in the sektorchef's sektor.
    expect((await send(dir, controller, chief)).refused).toBe(0);
    const atChief = listBudgetChanges(chief.db, 2026);
    expect(atChief.changes.map((c) => [c.id, c.decisionRef, c.amounts.map((a) => [a.code, a.year, a.amountOre])])).toEqual([
      [
        id,
        'KF 2026-05-20 § 61',
        [
          ['91101', 2026, 300_000_00],
          ['91101', 2027, 310_000_00],
        ],
      ],
    ]);
    expect(budgetYear(chief, '91101')).toBe(budgetYear(controller, '91101'));
    expect(budgetYear(chief, '9100')).toBe(budgetYear(controller, '9100'));
  }, 60_000);

  it('from a sektorchef is refused, even inside its own sektor', async () => {
    const dir = tempDir('ramkoll-xkf-chief-');
    const controller = await site(dir, 'Controller', 'controller', null);
    const chief = await site(dir, 'Sektorchef Ett', 'sektorchef', '9100');
    await introduce(dir, controller, chief);
    await introduce(dir, chief, controller);
    createSmallForvaltning(controller.db, siteId(controller));
    expect((await send(dir, controller, chief)).refused).toBe(0);
    // The app refuses it on the sektorchef's own installation; a misused peer writes the package by hand.
    expect(() =>
      saveBudgetChange(chief.db, { year: 2026, kind: 'supplementary', decisionRef: 'KF', decidedOn: '2026-06-15', text: 'x', amounts: [{ code: '91101', amountOre: 1 }] }, meta(chief), 'sektorchef'),
    ).toThrow(/En sektorchef kan inte registrera budgetändringar/);
    const me = siteId(chief);
    const change = newId();
    const amount = newId();
    const unit = (chief.db.prepare("SELECT id FROM dimension_value WHERE code = '91101'").get() as { id: string }).id;
    const ms = chief.now().getTime();
    const fields: [string, string, string, string | number | null][] = [
      ['budget_change', change, 'year', 2026],
      ['budget_change', change, 'kind', 'supplementary'],
      ['budget_change', change, 'decision_ref', 'KF 2026-06-15 § 87'],
      ['budget_change', change, 'decided_on', '2026-06-15'],
      ['budget_change', change, 'text', 'Eget tillskott'],
      ['budget_change', change, 'account_code', null],
      ['budget_change', change, 'deleted_at', null],
      ['budget_change_amount', amount, 'change_id', change],
      ['budget_change_amount', amount, 'responsibility_id', unit],
      ['budget_change_amount', amount, 'year', 2026],
      ['budget_change_amount', amount, 'amount_ore', 1_000_000_00],
      ['budget_change_amount', amount, 'deleted_at', null],
    ];
    const pkg = forge(chief.db, path.join(dir, 'forged.ramkoll'), {
      to: siteId(controller),
      changes: fields.map(([t, id, f, v], i) => [t, id, f, v, version(me, ms, i), null, null]),
    });
    const before = budgetYear(controller, '91101');
    const r = await receive(controller, pkg);
    expect(r.applied).toBe(0);
    expect(r.refused).toBeGreaterThan(0);
    expect(new Set(r.refusedItems.map((x) => x.table))).toEqual(new Set(['budget_change', 'budget_change_amount']));
    expect(listBudgetChanges(controller.db, 2026).changes).toEqual([]);
    expect(controller.db.prepare('SELECT count(*) AS n FROM budget_change_amount').get()).toEqual({ n: 0 });
    expect(budgetYear(controller, '91101')).toBe(before);
    expect(siteInfo(chief.db).role).toBe('sektorchef');
  }, 60_000);
});
