import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';
import { saveReallocation } from '../../electron/services/budget/reallocations';
import { defaultDeadlines, saveOccasion } from '../../electron/services/followup/calendar';
import { figureTree, type FigureNode } from '../../electron/services/followup/figures';
import { cliRows } from '../../electron/services/followup/rows';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, controller, kr } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * The budget on a date = adopted + omfördelningar decided up to it (issue
 * 3), in follow-up: the small förvaltning of test/support/followup.ts with
 * three omfördelningar, worked out by hand.
 *
 * Adopted budget per month (kr): 11101 8 000 (lön 10 000, avgifter −2 000),
 * 12101 livsmedel 5 000, 1100 itself lön 1 000; Enhet Y 11102 none.
 * An omfördelning counts from its decision month, spread evenly over the
 * rest of the year:
 *   a) KS 2026-03-12 § 45: 12 000 kr from 12101 to 11102, konto 4010:
 *      March–December, 1 200 a month.
 *   b) SN 2026-05-20 § 60: 7 000 kr from 1100 (the sektor itself) to 12101,
 *      no konto: May–December, 875 a month.
 *   c) SN 2026-06-02 § 70: 7 000 kr from 11101 to 12101, konto 5010:
 *      June–December, 1 000 a month. Decided after May, so not in May's budget.
 *
 * May (five months of budget; outcome January–March as in
 * followup-figures.test.ts; last year 11101 9 000 a month to May, 12101
 * 1 000 in March):
 *   11101  helår 96 000                       ack 40 000
 *   11102  helår 12 000 (a)                   ack 3 × 1 200 = 3 600
 *   1100 direkt 12 000 − 7 000 = 5 000        ack 5 000 − 875 = 4 125
 *   12101  60 000 − 12 000 + 7 000 = 55 000   ack 25 000 − 3 600 + 875 = 22 275
 *   1000   168 000, ack 70 000: unchanged, every move is inside the förvaltning.
 * June: c) counts too, and one more month of a) and b):
 *   11101  96 000 − 7 000 = 89 000            ack 48 000 − 1 000 = 47 000
 *   11102  12 000                             ack 4 × 1 200 = 4 800
 *   1100 direkt 5 000                         ack 6 000 − 2 × 875 = 4 250
 *   12101  55 000 + 7 000 = 62 000            ack 30 000 − 4 800 + 1 750 + 1 000 = 27 950
 *   1000   168 000, ack 84 000.
 */
type Row = [code: string, level: string, parent: string | null, budgetYear: number, budgetAcc: number, actualAcc: number, lastYear: number];

const MAY: Row[] = [
  ['1000', 'administration', null, 168_000, 70_000, 51_877.77, 46_000],
  ['1100', 'sector', '1000', 113_000, 47_725, 35_600, 45_000],
  ['1100', 'direct', '1100', 5_000, 4_125, 3_000, 0],
  ['1110', 'operation', '1100', 108_000, 43_600, 32_600, 45_000],
  ['11101', 'unit', '1110', 96_000, 40_000, 27_600, 45_000],
  ['11102', 'unit', '1110', 12_000, 3_600, 5_000, 0],
  ['1200', 'sector', '1000', 55_000, 22_275, 15_500, 1_000],
  ['1210', 'operation', '1200', 55_000, 22_275, 15_500, 1_000],
  ['12101', 'unit', '1210', 55_000, 22_275, 15_500, 1_000],
  ['9999', 'unknown', '1000', 0, 0, 777.77, 0],
];

const JUNE: Row[] = [
  ['1000', 'administration', null, 168_000, 84_000, 51_877.77, 46_000],
  ['1100', 'sector', '1000', 106_000, 56_050, 35_600, 45_000],
  ['1100', 'direct', '1100', 5_000, 4_250, 3_000, 0],
  ['1110', 'operation', '1100', 101_000, 51_800, 32_600, 45_000],
  ['11101', 'unit', '1110', 89_000, 47_000, 27_600, 45_000],
  ['11102', 'unit', '1110', 12_000, 4_800, 5_000, 0],
  ['1200', 'sector', '1000', 62_000, 27_950, 15_500, 1_000],
  ['1210', 'operation', '1200', 62_000, 27_950, 15_500, 1_000],
  ['12101', 'unit', '1210', 62_000, 27_950, 15_500, 1_000],
  ['9999', 'unknown', '1000', 0, 0, 777.77, 0],
];

function expectRows(rows: CliDeviationRow[], table: Row[], where: string) {
  expect(rows.map((r) => [r.code, r.level, r.parent]), where).toEqual(table.map(([code, level, parent]) => [code, level, parent]));
  rows.forEach((r, i) => {
    const [, , , budgetYear, budgetAcc, actualAcc, lastYear] = table[i]!;
    expect({ budgetYear: r.budgetYear, budgetAcc: r.budgetAcc, actualAcc: r.actualAcc, actualAccLastYear: r.actualAccLastYear, deviationAcc: r.deviationAcc }, `${where}: ${r.code} ${r.level}`).toEqual({
      budgetYear: kr(budgetYear),
      budgetAcc: kr(budgetAcc),
      actualAcc: kr(actualAcc),
      actualAccLastYear: kr(lastYear),
      deviationAcc: kr(budgetAcc) - kr(actualAcc),
    });
  });
}

/** Independent of the tree's roll-up: every row with children is the sum of its children, in every account group too. */
function expectSumsOfChildren(node: FigureNode) {
  if (node.children.length === 0) return;
  for (const k of ['budgetYear', 'budgetAcc'] as const) {
    expect(node.figures[k], `${node.key} ${k}`).toBe(node.children.reduce((s, c) => s + c.figures[k], 0));
    node.groups.forEach((g, gi) => expect(g[k], `${node.key} grupp ${gi} ${k}`).toBe(node.children.reduce((s, c) => s + c.groups[gi]![k], 0)));
  }
  node.children.forEach(expectSumsOfChildren);
}

const meta = (ctx: TestContext) => ({ siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() });

function reallocate(ctx: TestContext, decisionRef: string, decidedOn: string, fromCode: string, toCode: string, accountCode: string | null, amountKr: number): string {
  return saveReallocation(ctx.db, { year: 2026, decisionRef, decidedOn, fromCode, toCode, accountCode, amountOre: kr(amountKr) }, meta(ctx));
}

describe('omfördelningar in follow-up: the budget on the period’s last day', () => {
  let file: string;
  let ctx: TestContext;
  beforeEach(async () => {
    file = path.join(tempDir('ramkoll-realloc-'), 'small.db');
    ctx = await openTestContext(file);
    buildSmallAdministration(ctx);
    reallocate(ctx, 'KS 2026-03-12 § 45', '2026-03-12', '12101', '11102', '4010', 12_000);
    reallocate(ctx, 'SN 2026-05-20 § 60', '2026-05-20', '1100', '12101', null, 7_000);
    reallocate(ctx, 'SN 2026-06-02 § 70', '2026-06-02', '11101', '12101', '5010', 7_000);
  });

  it('match the table worked out by hand for May and June, every node the sum of its children and the total unchanged', () => {
    for (const [period, table] of [
      [202605, MAY],
      [202606, JUNE],
    ] as const) {
      const tree = figureTree(ctx.db, { period });
      expectRows(cliRows(tree, null), table, String(period));
      expectSumsOfChildren(tree.roots[0]!);
    }
    // February: no omfördelning decided yet, the adopted budget as it is.
    const feb = figureTree(ctx.db, { period: 202602 });
    expect(feb.byKey.get('n:11102')!.figures.budgetYear).toBe(0);
    expect(feb.byKey.get('n:12101')!.figures.budgetYear).toBe(kr(60_000));
    ctx.db.close();
  });

  it('puts an omfördelning in the group of its konto, one without konto with the unknown accounts, and on account rows of its own', async () => {
    const may = figureTree(ctx.db, { period: 202605 });
    const z = may.byKey.get('n:12101')!;
    // GROUP_ORDER: revenue, personnel, other_cost, capital_cost, financial, unknown
    expect([z.groups[2]!.budgetYear, z.groups[2]!.budgetAcc]).toEqual([kr(60_000 - 12_000), kr(25_000 - 3_600)]);
    expect([z.groups[5]!.budgetYear, z.groups[5]!.budgetAcc]).toEqual([kr(7_000), kr(875)]);
    const accounts = (await invoke('followup.deviations.accounts', { period: 202605, key: 'n:12101' }, ctx)) as Output<'followup.deviations.accounts'>;
    expect(accounts.map((a) => [a.code, a.name, a.budgetYear, a.budgetAcc])).toEqual([
      ['4010', 'Livsmedel', kr(48_000), kr(21_400)],
      ['', 'Omfördelningar utan konto', kr(7_000), kr(875)],
    ]);
    const sektorA = (await invoke('followup.deviations.accounts', { period: 202605, key: 'n:1100/g:other_cost' }, ctx)) as Output<'followup.deviations.accounts'>;
    expect(sektorA.map((a) => [a.code, a.budgetYear, a.budgetAcc])).toEqual([['4010', kr(12_000), kr(3_600)]]);
    ctx.db.close();
  });

  it('drills down to the omfördelningar as their own rows with the decision, beside the budget lines and months', async () => {
    const d = (await invoke('followup.drilldown', { period: 202606, key: 'n:12101' }, ctx)) as Output<'followup.drilldown'>;
    expect(d.reallocations.map((r) => [r.decisionRef, r.fromCode, r.toCode, r.account, r.yearOre])).toEqual([
      ['KS 2026-03-12 § 45', '12101', '11102', '4010', kr(-12_000)],
      ['SN 2026-05-20 § 60', '1100', '12101', null, kr(7_000)],
      ['SN 2026-06-02 § 70', '11101', '12101', '5010', kr(7_000)],
    ]);
    expect(d.reallocations[0]!.months).toEqual([0, 0, ...new Array<number>(10).fill(kr(-1_200))]);
    // Lines + omfördelningar = budget helår; the months add up to budget helår and ack.
    expect(d.budgetLines.reduce((s, l) => s + l.yearOre, 0) + d.reallocations.reduce((s, r) => s + r.yearOre, 0)).toBe(kr(62_000));
    expect(d.months.reduce((s, m) => s + m.budget, 0)).toBe(kr(62_000));
    expect(d.months.slice(0, 6).reduce((s, m) => s + m.budget, 0)).toBe(kr(27_950));
    expect(d.months[4]!.budget).toBe(kr(5_000 - 1_200 + 875));
    // Sektor A's subtree: a) in to 11102, b) out of 1100 itself, c) out of 11101.
    const a = (await invoke('followup.drilldown', { period: 202606, key: 'n:1100' }, ctx)) as Output<'followup.drilldown'>;
    expect(a.reallocations.map((r) => [r.decisionRef, r.yearOre])).toEqual([
      ['KS 2026-03-12 § 45', kr(12_000)],
      ['SN 2026-05-20 § 60', kr(-7_000)],
      ['SN 2026-06-02 § 70', kr(-7_000)],
    ]);
    const chart = (await invoke('followup.chart', { period: 202606, key: 'n:1100' }, ctx)) as Output<'followup.chart'>;
    expect(chart.budgetYear).toBe(kr(106_000));
    ctx.db.close();
  });

  it('ramkoll deviations prints the same figures, and a locked occasion keeps them when another omfördelning is decided', async () => {
    expectRows(runCliJson<CliDeviationRow[]>(['deviations', '--db', file, '--period', '202606']), JUNE, 'CLI juni');
    const actor = controller(ctx);
    const may = saveOccasion(ctx.db, actor, { year: 2026, period: 202605, kind: 'monthly', name: 'Maj', deadlines: defaultDeadlines(202605) });
    lockOccasion(ctx.db, actor, may.id);
    // Decided on the last day of May, after the occasion was reported.
    reallocate(ctx, 'SN 2026-05-31 § 66', '2026-05-31', '11101', '11102', '5010', 700);
    const locked = figureTree(ctx.db, { period: 202605 });
    expect(locked.source).toBe('snapshot');
    expectRows(cliRows(locked, null), MAY, 'låst maj');
    expectSumsOfChildren(locked.roots[0]!);
    // The snapshot's account rows carry the omfördelning without konto too.
    const accounts = (await invoke('followup.deviations.accounts', { period: 202605, key: 'n:12101' }, ctx)) as Output<'followup.deviations.accounts'>;
    expect(accounts.map((a) => [a.code, a.budgetYear, a.budgetAcc])).toEqual([
      ['4010', kr(48_000), kr(21_400)],
      ['', kr(7_000), kr(875)],
    ]);
    const chart = (await invoke('followup.chart', { period: 202605, key: 'n:12101' }, ctx)) as Output<'followup.chart'>;
    expect([chart.budgetYear, chart.series.budget[4]]).toEqual([kr(55_000), kr(22_275)]);
    // Live, the new decision counts: 700 kr over one month (May) and the rest of the year (8 months: 87,50 each).
    const live = figureTree(ctx.db, { period: 202605, snapshot: false });
    expect(live.byKey.get('n:11102')!.figures.budgetYear).toBe(kr(12_700));
    expect(live.byKey.get('n:11102')!.figures.budgetAcc).toBe(kr(3_600 + 87.5));
    ctx.db.close();

    expectRows(runCliJson<CliDeviationRow[]>(['deviations', '--db', file, '--period', '202605']), MAY, 'CLI maj (låst)');
  });
});

