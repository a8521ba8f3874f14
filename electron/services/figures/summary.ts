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
  budgetVersion: string | null;
  /** Year totals in öre (budget: the current version's year amounts). */
  budgetTotal: number;
  actualTotal: number;
  perPeriod: PeriodTotals[];
  sectors: SectorFigures[];
}

/** Counts and totals of a year, for `ramkoll summary` and checks after an import. */
export function summary(db: Db, year: number): Summary {
  const ov = overview(db, year);
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
    budgetTotal: ov.perPeriod.reduce((s, p) => s + p.budget, 0),
    actualTotal: ov.perPeriod.reduce((s, p) => s + p.actual, 0),
    perPeriod: ov.perPeriod,
    sectors: ov.sectors,
  };
}
