import { FORMULA_START } from '../files/xlsx-text';
import type { FrameBalances } from './frames';
import type { MultiyearPlan } from './multiyear';
import { type Cell, type CellValue, type Sheet, STYLE } from './xlsx-writer';

/** The flerårsplan a budget export carries beside the detaljbudget. */
export interface MultiyearExport {
  frames: FrameBalances;
  plan: MultiyearPlan;
}

const kr = (ore: number | null): CellValue => (ore === null ? null : ore / 100);

/**
 * The Excel sheet of the flerårsplan: per ansvar node (indented by depth)
 * its ram i kraft and plan for the budget year and each plan year, then the
 * plan per account group under it. The budget year's plan is the
 * detaljbudget; the plan years are drawn from it (budget/multiyear.ts). SIE
 * carries only the budget year, the ekonomisystem's budget.
 */
export function multiyearSheet(m: MultiyearExport): Sheet {
  const years = m.plan.years;
  const header = ['Ansvar', 'Ansvarsnamn', 'Rad', ...years.flatMap((y, i) => [`Ram i kraft ${y}`, i === 0 ? `Budget ${y}` : `Plan ${y}`])];
  const frameOf = new Map(m.frames.nodes.map((n) => [n.code, n]));
  const name = (v: string): Cell | string => (FORMULA_START.test(v) ? { value: v, style: STYLE.text } : v);
  const rowStyles = new Map<number, number>();
  function* rows(): Generator<(Cell | CellValue)[]> {
    yield header;
    let row = 1;
    for (const n of m.plan.nodes) {
      const f = frameOf.get(n.code);
      const inForce = [f?.frameInForceOre ?? null, ...(f?.planYears.map((y) => y.frameInForceOre) ?? years.slice(1).map(() => null))];
      row++;
      rowStyles.set(row, STYLE.bold);
      yield [name(n.code), name(`${'  '.repeat(n.depth)}${n.name}`), 'Totalt', ...years.flatMap((_, i) => [kr(inForce[i] ?? null), kr(n.yearsOre[i]!)])];
      for (const g of n.groups) {
        row++;
        yield [name(n.code), name(`${'  '.repeat(n.depth)}${n.name}`), g.name, ...years.flatMap((_, i) => [null, kr(g.yearsOre[i]!)])];
      }
    }
  }
  return {
    name: 'Flerårsplan',
    columns: [{ width: 10 }, { width: 36 }, { width: 32 }, ...years.flatMap(() => [{ width: 18, style: STYLE.money }, { width: 18, style: STYLE.money }])],
    rows: rows(),
    headerStyle: STYLE.header,
    frozenHeader: true,
    autoFilter: true,
    rowStyles,
  };
}

/** The plan years' assumptions, for the sheet that says what the file is. */
export function assumptionRows(plan: MultiyearPlan): (string | number)[][] {
  const pct = (bp: number) => `${(bp / 100).toFixed(2).replace('.', ',')} %`;
  return plan.assumptions.map((a) => [`Antaganden ${a.year}`, `löneökning ${pct(a.salaryBp)}, prisindex ${pct(a.priceBp)}, volym ${pct(a.volumeBp)}`]);
}
