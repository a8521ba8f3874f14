import type { Db } from '../../db/index';

/** Makes sure the fiscal year and its twelve periods (YYYYMM) exist. */
export function ensureFiscalYear(db: Db, year: number, now: string): void {
  db.tx(() => {
    db.run(db.q.insertInto('fiscal_year').values({ year, status: 'open', created_at: now }).onConflict((oc) => oc.doNothing()));
    for (let month = 1; month <= 12; month++) {
      db.run(db.q.insertInto('period').values({ period: year * 100 + month, year, month, closed_at: null }).onConflict((oc) => oc.doNothing()));
    }
  });
}

export function periodOf(year: number, month: number): number {
  return year * 100 + month;
}

export function yearOfPeriod(period: number): number {
  return Math.floor(period / 100);
}

export function monthOfPeriod(period: number): number {
  return period % 100;
}

const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "oktober 2026" */
export function periodName(period: number): string {
  return `${MONTH_NAMES[monthOfPeriod(period) - 1]} ${yearOfPeriod(period)}`;
}
