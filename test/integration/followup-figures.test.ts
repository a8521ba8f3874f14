import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveOccasion, defaultDeadlines } from '../../electron/services/followup/calendar';
import { figureTree, type FigureNode, type FigureTree } from '../../electron/services/followup/figures';
import { setForecast } from '../../electron/services/followup/forecast';
import { cliRows } from '../../electron/services/followup/rows';
import { saveThreshold } from '../../electron/services/followup/thresholds';
import { openTestContext, type TestContext } from '../support/db';
import { buildSmallAdministration, controller, kr } from '../support/followup';
import { tempDir } from '../support/tmp';

/**
 * The small förvaltning of test/support/followup.ts, worked out by hand.
 *
 * Budget per month (kr): 11101 lön 10 000 and avgifter −2 000; 12101
 * livsmedel 5 000; 1100 (the sektor itself) lön 1 000. Enhet Y 11102 has no
 * budget. Outcome January–March; April has none:
 *   11101 lön 11 000 + 9 000 + 12 500 = 32 500, avgifter −1 500 − 2 500 − 1 000 = −5 000,
 *         konto 4999 (not in the kontoplan) 100 in March  → 27 600
 *   11102 lön 3 000 + 2 000 = 5 000
 *   12101 livsmedel 4 000 + 6 000 + 5 500 = 15 500
 *   1100  lön 3 000 in February (posted on the sektor)
 *   9999  (no such ansvar) 777,77 in March
 * Last year: 11101 lön 9 000 a month January–May, 12101 1 000 in March.
 */
type Row = [code: string, level: string, parent: string | null, budgetYear: number, budgetAcc: number, actualAcc: number, lastYear: number];

// Period 202604: four months of budget, three of outcome.
const APRIL: Row[] = [
  ['1000', 'administration', null, 168_000, 56_000, 51_877.77, 37_000],
  ['1100', 'sector', '1000', 108_000, 36_000, 35_600, 36_000],
  ['1100', 'direct', '1100', 12_000, 4_000, 3_000, 0],
  ['1110', 'operation', '1100', 96_000, 32_000, 32_600, 36_000],
  ['11101', 'unit', '1110', 96_000, 32_000, 27_600, 36_000],
  ['11102', 'unit', '1110', 0, 0, 5_000, 0],
  ['1200', 'sector', '1000', 60_000, 20_000, 15_500, 1_000],
  ['1210', 'operation', '1200', 60_000, 20_000, 15_500, 1_000],
  ['12101', 'unit', '1210', 60_000, 20_000, 15_500, 1_000],
  ['9999', 'unknown', '1000', 0, 0, 777.77, 0],
];

// Period 202603: three months of each.
const MARCH: Row[] = [
  ['1000', 'administration', null, 168_000, 42_000, 51_877.77, 28_000],
  ['1100', 'sector', '1000', 108_000, 27_000, 35_600, 27_000],
  ['1100', 'direct', '1100', 12_000, 3_000, 3_000, 0],
  ['1110', 'operation', '1100', 96_000, 24_000, 32_600, 27_000],
  ['11101', 'unit', '1110', 96_000, 24_000, 27_600, 27_000],
  ['11102', 'unit', '1110', 0, 0, 5_000, 0],
  ['1200', 'sector', '1000', 60_000, 15_000, 15_500, 1_000],
  ['1210', 'operation', '1200', 60_000, 15_000, 15_500, 1_000],
  ['12101', 'unit', '1210', 60_000, 15_000, 15_500, 1_000],
  ['9999', 'unknown', '1000', 0, 0, 777.77, 0],
];

function expectRows(tree: FigureTree, table: Row[]) {
  const rows = cliRows(tree, null);
  expect(rows.map((r) => [r.code, r.level, r.parent])).toEqual(table.map(([code, level, parent]) => [code, level, parent]));
  rows.forEach((r, i) => {
    const [, , , budgetYear, budgetAcc, actualAcc, lastYear] = table[i]!;
    expect({ budgetYear: r.budgetYear, budgetAcc: r.budgetAcc, actualAcc: r.actualAcc, actualAccLastYear: r.actualAccLastYear, deviationAcc: r.deviationAcc }, `${r.code} ${r.level}`).toEqual({
      budgetYear: kr(budgetYear),
      budgetAcc: kr(budgetAcc),
      actualAcc: kr(actualAcc),
      actualAccLastYear: kr(lastYear),
      deviationAcc: kr(budgetAcc) - kr(actualAcc),
    });
  });
}

/** Independent of the tree's own roll-up: every row with children equals the sum of its children. */
function expectSumsOfChildren(node: FigureNode) {
  if (node.children.length === 0) return;
  const keys = ['budgetYear', 'budgetAcc', 'actualAcc', 'actualAccLastYear', 'forecastYear'] as const;
  for (const k of keys) {
    const sum = node.children.reduce<number | null>((s, c) => (s === null || c.figures[k] === null ? null : s + c.figures[k]!), 0);
    expect(node.figures[k], `${node.key} ${k}`).toBe(sum);
  }
  node.children.forEach(expectSumsOfChildren);
}

describe('deviation figures of a hand-made förvaltning', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'small.db'));
    buildSmallAdministration(ctx);
  });

  it('match the table worked out by hand, for a period without outcome (April) and one with (March)', () => {
    const april = figureTree(ctx.db, { period: 202604 });
    expectRows(april, APRIL);
    expect(april.total.actualAcc).toBe(kr(51_877.77));
    expectRows(figureTree(ctx.db, { period: 202603 }), MARCH);
  });

  it('splits a node by account group, with accounts missing from the kontoplan in their own group', () => {
    const x = figureTree(ctx.db, { period: 202604 }).byKey.get('n:11101')!;
    const g = (i: number) => [x.groups[i]!.budgetYear, x.groups[i]!.budgetAcc, x.groups[i]!.actualAcc];
    // GROUP_ORDER: revenue, personnel, other_cost, capital_cost, financial, unknown
    expect(g(0)).toEqual([kr(-24_000), kr(-8_000), kr(-5_000)]);
    expect(g(1)).toEqual([kr(120_000), kr(40_000), kr(32_500)]);
    expect(g(2)).toEqual([0, 0, 0]);
    expect(g(5)).toEqual([0, 0, kr(100)]);
  });

  it('has no forecast before any prognos occasion, then utfall ack + återstående budget per row', () => {
    const before = figureTree(ctx.db, { period: 202604 });
    expect(before.total.forecastYear).toBeNull();
    expect(cliRows(before, null).every((r) => r.forecastYear === null && r.deviationForecast === null)).toBe(true);

    const actor = controller(ctx);
    saveOccasion(ctx.db, actor, { year: 2026, period: 202604, kind: 'tertial', name: 'Tertialrapport 1', deadlines: defaultDeadlines(202604) });
    const tree = figureTree(ctx.db, { period: 202604 });
    const f = (key: string) => tree.byKey.get(key)!.figures.forecastYear;
    // 11101: lön 32 500 + 120 000 − 40 000, avgifter −5 000 − 24 000 + 8 000, konto 4999: 100
    expect(f('n:11101')).toBe(kr(112_500 - 21_000 + 100));
    expect(f('n:11102')).toBe(kr(5_000));
    expect(f('d:1100')).toBe(kr(3_000 + 12_000 - 4_000));
    expect(f('n:12101')).toBe(kr(15_500 + 60_000 - 20_000));
    expect(f('u:9999')).toBe(kr(777.77));
    expect(f('n:1000')).toBe(kr(91_600 + 5_000 + 11_000 + 55_500 + 777.77));
    expectSumsOfChildren(tree.roots[0]!);
  });

  it('lets a forecast set on a sektor override the sum below, the difference showing on its direct row', () => {
    const actor = controller(ctx);
    const o = saveOccasion(ctx.db, actor, { year: 2026, period: 202604, kind: 'tertial', name: 'Tertialrapport 1', deadlines: defaultDeadlines(202604) });
    setForecast(ctx.db, actor, { occasionId: o.id, code: '1100', group: 'personnel', amountOre: kr(130_000) });
    const tree = figureTree(ctx.db, { period: 202604 });
    const sector = tree.byKey.get('n:1100')!;
    // Personnel below: 11101 112 500 + 11102 5 000 + direct 11 000 = 128 500; set 130 000.
    expect(sector.groups[1]!.forecastYear).toBe(kr(130_000));
    expect(tree.byKey.get('d:1100')!.groups[1]!.forecastYear).toBe(kr(11_000 + 1_500));
    expect(sector.figures.forecastYear).toBe(kr(130_000 - 21_000 + 100));
    expect(tree.total.forecastYear).toBe(kr(109_100 + 55_500 + 777.77));
    expectSumsOfChildren(tree.roots[0]!);
    const row = cliRows(tree, 'sector').find((r) => r.code === '1100' && r.level === 'sector')!;
    expect(row.deviationForecast).toBe(kr(108_000) - kr(109_100));
  });

  it('requires a comment where a deviation reaches the level threshold in kr or percent', () => {
    const actor = controller(ctx);
    saveThreshold(ctx.db, actor, { level: 'unit', amountOre: kr(5_000), percentBp: 1500 });
    const tree = figureTree(ctx.db, { period: 202604 });
    const required = (key: string) => tree.byKey.get(key)!.commentRequired;
    expect(required('n:11101')).toBe(false); // 4 400 kr, 13,75 %
    expect(required('n:11102')).toBe(true); // −5 000 kr reaches 5 000 kr
    expect(required('n:12101')).toBe(true); // 4 500 kr is 22,5 % of 20 000
    saveThreshold(ctx.db, actor, { level: 'unit', amountOre: null, percentBp: 1300 });
    expect(figureTree(ctx.db, { period: 202604 }).byKey.get('n:11101')!.commentRequired).toBe(true);
  });

  it('prints only the nodes down to a level, and they still add up', () => {
    const rows = cliRows(figureTree(ctx.db, { period: 202604 }), 'sector');
    expect(rows.map((r) => `${r.code}:${r.level}`)).toEqual(['1000:administration', '1100:sector', '1200:sector', '9999:unknown']);
    const children = rows.filter((r) => r.parent === '1000');
    expect(children.reduce((s, r) => s + r.actualAcc, 0)).toBe(rows[0]!.actualAcc);
  });
});
