import type { Db } from '../../../db/index';
import { periodEndDate } from '../budget/in-force';
import type { BudgetVersionRef } from '../budget/versions';
import { budgetChanges, codesOf, originalByResponsibility, type BudgetChangeRow } from '../followup/budget-changes';
import { monthFigures } from '../followup/chart';
import { figureTree, type FigureNode } from '../followup/figures';
import { MONTHS } from '../followup/model';
import { rowScope } from '../followup/row-scope';
import { getSetting } from '../settings';

export interface PeriodTotals {
  period: number;
  budget: number;
  actual: number;
}

export interface SectorFigures {
  /** Sektor code, or the förvaltning's code for money posted on it directly, or '' for unknown coding. */
  code: string;
  name: string;
  kind: 'sector' | 'direct' | 'unknown';
  /** "Ursprunglig budget" helår: the original (adopted) budget's lines, before revisions and omfördelningar. */
  originalYear: number;
  /** "Budget i kraft" helår (budget/in-force.ts). */
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  /** budgetAcc - actualAcc: positive is favourable for costs and revenues alike. */
  deviationAcc: number;
  /**
   * Prognos helår: the figure tree's forecast for the period (set, the sum
   * below, or utfall ack + återstående budget), the number Uppföljning shows;
   * null before the year has a forecast occasion. A chef's prognos counts
   * once approved (followup/counted-forecast.ts).
   */
  forecastYear: number | null;
  /** Nodes of the row whose chef's prognos is not approved yet, so not counted in forecastYear. */
  forecastNotApproved: number;
}

export interface Overview {
  year: number;
  kommun: string;
  administration: string;
  board: string;
  /** The version whose lines the budget in force is. */
  budgetVersion: BudgetVersionRef | null;
  /** The original budget of the year ("Ursprunglig budget"). */
  originalVersion: BudgetVersionRef | null;
  /** yyyy-mm-dd: the day the budget in force is taken on: the last day of the latest period with outcome (before any outcome, of the current month). */
  budgetAsOf: string;
  /** Latest period of the year with any outcome, or null. */
  latestPeriod: number | null;
  /** The occasion the forecasts come from (Uppföljning's "Prognos: från …"), or null when none has one yet. */
  forecastOccasion: { name: string; period: number } | null;
  perPeriod: PeriodTotals[];
  sectors: SectorFigures[];
  total: SectorFigures;
  /** Per row: what took its budget from the original to the budget in force (a decided revision, omfördelningar with their other end named). */
  budgetChanges: (BudgetChangeRow & { rowCode: string; rowName: string })[];
  /** A sektorchef's installation: the sektor it holds figures for (the others are not in its database), else null. */
  scope: { code: string; name: string } | null;
}

const ref = (v: BudgetVersionRef | null): BudgetVersionRef | null => (v ? { id: v.id, name: v.name, kind: v.kind } : null);

/** The rows Översikt lists under a root of the figure tree: a förvaltning's sektorer (and its direct and unknown rows), or the root itself. */
function rowNodes(root: FigureNode): FigureNode[] {
  return root.kind === 'node' && root.level === 'administration' && root.children.length > 0 ? root.children : [root];
}

/**
 * Budget and outcome of a year per sektor, accumulated to the latest period
 * with outcome: the figures of follow-up's figure tree for that period
 * (figureTree, so the budget is the budget in force on its last day and a
 * locked occasion shows what it was locked with), which is what Uppföljning,
 * `ramkoll deviations` and the reports show. Money on ansvar outside every
 * sektor is not dropped: it shows as its own row ("direkt" on the
 * förvaltning, or unknown coding), so the rows always add up to the total.
 * Before the year has any outcome nothing is accumulated, and the budget in
 * force is taken at the end of the month of `today` (yyyy-mm-dd; default,
 * or outside the year: December).
 */
/** Nodes in a subtree whose chef's prognos waits for approval. */
const notApproved = (n: FigureNode): number => (n.forecastPending ? 1 : 0) + n.children.reduce((s, c) => s + notApproved(c), 0);

export function overview(db: Db, year: number, opts: { today?: string } = {}): Overview {
  const latestPeriod = (db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
  const today = opts.today !== undefined && opts.today.startsWith(`${year}-`) ? opts.today : `${year}-12-31`;
  const period = latestPeriod ?? year * 100 + Number(today.slice(5, 7));
  const tree = figureTree(db, { period });
  const accumulated = latestPeriod !== null;
  const original = originalByResponsibility(db, tree);
  const withForecast = tree.forecastOccasion !== null;

  const rows = new Map<string, { row: SectorFigures; nodes: FigureNode[] }>();
  const add = (key: string, base: Pick<SectorFigures, 'code' | 'name' | 'kind'>, n: FigureNode) => {
    let e = rows.get(key);
    if (!e) rows.set(key, (e = { row: { ...base, originalYear: 0, budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0, forecastYear: withForecast ? 0 : null, forecastNotApproved: 0 }, nodes: [] }));
    e.nodes.push(n);
    const row = e.row;
    for (const c of codesOf([n])) row.originalYear += original.get(c) ?? 0;
    row.budgetYear += n.figures.budgetYear;
    if (row.forecastYear !== null && n.figures.forecastYear !== null) row.forecastYear += n.figures.forecastYear;
    row.forecastNotApproved += notApproved(n);
    if (accumulated) {
      row.budgetAcc += n.figures.budgetAcc;
      row.actualAcc += n.figures.actualAcc;
    }
  };
  for (const root of tree.roots) {
    for (const n of rowNodes(root)) {
      if (n.kind === 'node') add(n.key, { code: n.code, name: n.name, kind: 'sector' }, n);
      else if (n.kind === 'direct') add(n.key, { code: n.code, name: n.name, kind: 'direct' }, n);
      else add('unknown', { code: '', name: 'Okänd kodning', kind: 'unknown' }, n);
    }
  }
  const shown = (r: SectorFigures) => r.kind === 'sector' || r.budgetYear !== 0 || r.actualAcc !== 0 || r.originalYear !== 0;
  const shownRows = [...rows.values()].filter((e) => shown(e.row));
  const sectors = shownRows.map((e) => e.row);
  const total: SectorFigures = { code: tree.roots[0]?.code ?? '', name: 'Totalt', kind: 'direct', originalYear: 0, budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0, forecastYear: withForecast ? 0 : null, forecastNotApproved: 0 };
  for (const r of sectors) {
    r.deviationAcc = r.budgetAcc - r.actualAcc;
    total.originalYear += r.originalYear;
    total.budgetYear += r.budgetYear;
    total.budgetAcc += r.budgetAcc;
    total.actualAcc += r.actualAcc;
    if (total.forecastYear !== null && r.forecastYear !== null) total.forecastYear += r.forecastYear;
    total.forecastNotApproved += r.forecastNotApproved;
  }
  total.deviationAcc = total.budgetAcc - total.actualAcc;

  // Month by month, from the same tree: the budget in force's months and the outcome up to the period.
  const perPeriod: PeriodTotals[] = Array.from({ length: MONTHS }, (_, i) => ({ period: year * 100 + i + 1, budget: 0, actual: 0 }));
  for (const root of tree.roots) {
    const m = monthFigures(db, tree, rowScope(tree, root.key));
    for (let i = 0; i < MONTHS; i++) {
      perPeriod[i]!.budget += m.budget[i]!;
      if (accumulated) perPeriod[i]!.actual += m.actual[i]!;
    }
  }

  const held = tree.heldScope === null ? null : tree.org.byCode.get(tree.heldScope);
  return {
    year,
    kommun: getSetting(db, 'kommun.name'),
    administration: getSetting(db, 'administration.name'),
    board: getSetting(db, 'board.name'),
    budgetVersion: ref(tree.budgetVersion),
    originalVersion: ref(tree.originalVersion),
    budgetAsOf: periodEndDate(period),
    latestPeriod,
    forecastOccasion: tree.forecastOccasion ? { name: tree.forecastOccasion.name, period: tree.forecastOccasion.period } : null,
    perPeriod,
    sectors,
    total,
    budgetChanges: shownRows.flatMap((e) => budgetChanges(db, tree, e.nodes, original).changes.map((c) => ({ ...c, rowCode: e.row.code, rowName: e.row.name }))),
    scope: held ? { code: held.code, name: held.name } : null,
  };
}
