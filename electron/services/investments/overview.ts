import type { Db } from '../../../db/index';
import type { InvestmentCategory } from '../../../db/schema';
import { Org } from '../budget/planning-common';
import { capitalMonths, componentCosts } from './capital';
import { CATEGORY_NAMES, investmentSettings, type InvestmentSettings } from './projects';

/**
 * The investment budget and its follow-up, read in one pass: per project its
 * components with their cost, its years with budget, prognos and outcome,
 * the figures for the chosen year and for the whole project, and the
 * kapitaltjänst it gives the year's drift budget.
 *
 * Prognos of a year: the prognos given, else the budget (nothing said means
 * "as budgeted"). Avvikelse = budget − prognos: positive is money left.
 * Outcome: investment_actual, the ledger's kontoklass-1 rows on the
 * project's code, per year of their period.
 */

export interface ProjectComponent {
  id: string;
  name: string;
  amountOre: number | null;
  shareBp: number | null;
  lifeYears: number;
  /** The component's anskaffningsvärde: its amount, or its share of the whole project's budget. */
  costOre: number;
}

export interface ProjectYear {
  year: number;
  budgetOre: number;
  /** The prognos given, or null (then the budget is the prognos). */
  forecastOre: number | null;
  comment: string | null;
  actualOre: number;
}

export interface Figures {
  budgetOre: number;
  actualOre: number;
  forecastOre: number;
  /** budget − prognos */
  deviationOre: number;
}

export interface ProjectOverview {
  id: string;
  code: string;
  name: string;
  responsibilityCode: string;
  responsibilityName: string;
  category: InvestmentCategory;
  categoryName: string;
  startPeriod: number;
  plannedActivation: number;
  activated: number | null;
  note: string | null;
  components: ProjectComponent[];
  years: ProjectYear[];
  /** The chosen year. */
  year: Figures;
  wholeProject: Figures;
  /** The kapitaltjänst of the chosen year, per month (from the activation month, else the planned one). */
  capital: { depreciation: number[]; interest: number[]; depreciationOre: number; interestOre: number };
}

export interface FrameOverview {
  responsibilityCode: string;
  responsibilityName: string;
  year: number;
  amountOre: number;
  note: string | null;
  /** The budget of the year's projects on the node and below it. */
  budgetOre: number;
  /** ram − budget: negative is over the ram. */
  leftOre: number;
}

export interface InvestmentOverview {
  year: number;
  settings: InvestmentSettings;
  projects: ProjectOverview[];
  frames: FrameOverview[];
  total: { year: Figures; wholeProject: Figures; depreciationOre: number; interestOre: number };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function figures(budgetOre: number, actualOre: number, forecastOre: number): Figures {
  return { budgetOre, actualOre, forecastOre, deviationOre: budgetOre - forecastOre };
}

function addFigures(a: Figures, b: Figures): Figures {
  return figures(a.budgetOre + b.budgetOre, a.actualOre + b.actualOre, a.forecastOre + b.forecastOre);
}

const ZERO = figures(0, 0, 0);

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * `throughPeriod`: outcome up to and including that period only (a
 * reporting occasion's utfall), else all of it.
 */
export function investmentOverview(db: Db, year: number, throughPeriod: number | null = null): InvestmentOverview {
  const settings = investmentSettings(db, year);
  const org = new Org(db);
  const projects = db.all(db.q.selectFrom('investment_project').selectAll().where('deleted_at', 'is', null).orderBy('code'));
  const components = db.all(db.q.selectFrom('investment_component').selectAll().where('deleted_at', 'is', null).orderBy('project_id').orderBy('sort_order'));
  const years = db.all(db.q.selectFrom('investment_year').selectAll().where('deleted_at', 'is', null).orderBy('year'));
  const actualRows = db
    .prepare('SELECT project_code AS code, period / 100 AS year, SUM(amount_ore) AS ore FROM investment_actual WHERE ? IS NULL OR period <= ? GROUP BY 1, 2')
    .all(throughPeriod, throughPeriod) as { code: string; year: number; ore: number }[];
  const actual = new Map(actualRows.map((r) => [`${r.code}|${r.year}`, r.ore]));
  const componentsBy = groupBy(components, (c) => c.project_id);
  const yearsBy = groupBy(years, (y) => y.project_id);

  const out: ProjectOverview[] = projects.map((p) => {
    const node = org.byIdOrNull(p.responsibility_id);
    const ys = yearsBy.get(p.id) ?? [];
    const actualYears = actualRows.filter((r) => r.code === p.code).map((r) => r.year);
    const allYears = [...new Set([...ys.map((y) => y.year), ...actualYears])].sort((a, b) => a - b);
    const pyears: ProjectYear[] = allYears.map((y) => {
      const row = ys.find((x) => x.year === y);
      return { year: y, budgetOre: row?.budget_ore ?? 0, forecastOre: row?.forecast_ore ?? null, comment: row?.comment ?? null, actualOre: actual.get(`${p.code}|${y}`) ?? 0 };
    });
    const whole = sum(pyears.map((y) => y.budgetOre));
    const comps = componentsBy.get(p.id) ?? [];
    const costs = componentCosts(comps.map((c) => ({ amountOre: c.amount_ore, shareBp: c.share_bp })), whole);
    const pc: ProjectComponent[] = comps.map((c, i) => ({ id: c.id, name: c.name, amountOre: c.amount_ore, shareBp: c.share_bp, lifeYears: c.life_years, costOre: costs[i]! }));
    const cap = capitalMonths(
      pc.map((c) => ({ costOre: c.costOre, lifeYears: c.lifeYears })),
      p.activated ?? p.planned_activation,
      year,
      settings.rateBp ?? 0,
    );
    const thisYear = pyears.find((y) => y.year === year);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      responsibilityCode: node?.code ?? '?',
      responsibilityName: node?.name ?? 'okänt ansvar',
      category: p.category,
      categoryName: CATEGORY_NAMES[p.category],
      startPeriod: p.start_period,
      plannedActivation: p.planned_activation,
      activated: p.activated,
      note: p.note,
      components: pc,
      years: pyears,
      year: thisYear ? figures(thisYear.budgetOre, thisYear.actualOre, thisYear.forecastOre ?? thisYear.budgetOre) : ZERO,
      wholeProject: figures(whole, sum(pyears.map((y) => y.actualOre)), sum(pyears.map((y) => y.forecastOre ?? y.budgetOre))),
      capital: { ...cap, depreciationOre: sum(cap.depreciation), interestOre: sum(cap.interest) },
    };
  });

  const frameRows = db.all(db.q.selectFrom('investment_frame').selectAll().where('deleted_at', 'is', null).where('year', '=', year));
  const frames: FrameOverview[] = frameRows
    .map((f) => {
      const node = org.byIdOrNull(f.responsibility_id);
      const code = node?.code ?? '?';
      const budgetOre = sum(out.filter((p) => node && org.isUnder(p.responsibilityCode, code)).map((p) => p.year.budgetOre));
      return { responsibilityCode: code, responsibilityName: node?.name ?? 'okänt ansvar', year, amountOre: f.amount_ore, note: f.note, budgetOre, leftOre: f.amount_ore - budgetOre };
    })
    .sort((a, b) => a.responsibilityCode.localeCompare(b.responsibilityCode, 'sv'));

  return {
    year,
    settings,
    projects: out,
    frames,
    total: {
      year: out.reduce((a, p) => addFigures(a, p.year), ZERO),
      wholeProject: out.reduce((a, p) => addFigures(a, p.wholeProject), ZERO),
      depreciationOre: sum(out.map((p) => p.capital.depreciationOre)),
      interestOre: sum(out.map((p) => p.capital.interestOre)),
    },
  };
}
