import type { Db } from '../../../db/index';
import { RESPONSIBILITY } from '../dimensions';
import { naturalId } from '../ids';
import { overview, type PeriodTotals, type SectorFigures } from './overview';

export interface Summary {
  year: number;
  units: number;
  accounts: number;
  budgetLines: number;
  /** Outcome balances (kodsträng × period) of the year. */
  outcomeRows: number;
  /** How many periods of the year have outcome. */
  periods: number;
  outcomePeriods: number[];
  latestPeriod: number | null;
  /** The version whose lines the budget in force is (the original budget, or a decided revision). */
  budgetVersion: string | null;
  /** The original (adopted) budget's name. */
  originalBudgetVersion: string | null;
  /** yyyy-mm-dd: the day the budget in force is taken on (the last day of the latest period with outcome). */
  budgetAsOf: string;
  /** Year totals in öre. budgetTotal: the budget in force (with the decided revision and omfördelningar); originalBudgetTotal: the original budget's lines. */
  budgetTotal: number;
  originalBudgetTotal: number;
  actualTotal: number;
  perPeriod: PeriodTotals[];
  sectors: SectorFigures[];
}

/**
 * Counts and totals of a year, for `ramkoll summary` and checks after an
 * import. The money is Översikt's (figures/overview.ts): the budget in force
 * and the outcome up to the latest period with outcome, per period and per
 * sektor, as Uppföljning and `ramkoll deviations` show them for that period.
 */
export function summary(db: Db, year: number, opts: { today?: string } = {}): Summary {
  const ov = overview(db, year, opts);
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const units = count(
    "SELECT count(*) AS n FROM dimension_value WHERE dimension_id = ? AND level = 'unit' AND deleted_at IS NULL",
    naturalId('dimension', RESPONSIBILITY),
  );
  const accounts = count('SELECT count(*) AS n FROM account WHERE deleted_at IS NULL');
  const budgetLines = ov.budgetVersion ? count('SELECT count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL', ov.budgetVersion.id) : 0;
  const outcomeRows = count('SELECT count(*) AS n FROM actual_balance WHERE period BETWEEN ? AND ?', year * 100 + 1, year * 100 + 12);
  const outcomePeriods = (
    db.prepare('SELECT DISTINCT period FROM actual_balance WHERE period BETWEEN ? AND ? ORDER BY period').all(year * 100 + 1, year * 100 + 12) as {
      period: number;
    }[]
  ).map((r) => r.period);
  return {
    year,
    units,
    accounts,
    budgetLines,
    outcomeRows,
    periods: outcomePeriods.length,
    outcomePeriods,
    latestPeriod: ov.latestPeriod,
    budgetVersion: ov.budgetVersion?.name ?? null,
    originalBudgetVersion: ov.originalVersion?.name ?? null,
    budgetAsOf: ov.budgetAsOf,
    budgetTotal: ov.perPeriod.reduce((s, p) => s + p.budget, 0),
    originalBudgetTotal: ov.total.originalYear,
    actualTotal: ov.perPeriod.reduce((s, p) => s + p.actual, 0),
    perPeriod: ov.perPeriod,
    sectors: ov.sectors,
  };
}
