import type { Db } from '../../../db/index';
import { getSetting } from '../settings';

/** What decides which periods an import may hold, as plain data (it travels to worker threads). */
export interface PeriodRules {
  years: [number, 'open' | 'closed'][];
  active: number;
  closed: number[];
}

export function periodRules(db: Db): PeriodRules {
  return {
    years: db.all(db.q.selectFrom('fiscal_year').select(['year', 'status'])).map((r) => [r.year, r.status] as [number, 'open' | 'closed']),
    active: getSetting(db, 'year.active'),
    closed: db.all(db.q.selectFrom('period').select('period').where('closed_at', 'is not', null)).map((r) => r.period),
  };
}

/**
 * The periods an import may hold: those of the fiscal years in the database
 * that are open, and of the active year and the one before it (created on
 * import); never a closed period. Returns the problem in words, or null.
 */
export function periodChecker(rules: PeriodRules): (period: number) => string | null {
  const years = new Map(rules.years);
  const { active } = rules;
  const closed = new Set(rules.closed);
  const allowed = [...new Set([...rules.years.filter(([, s]) => s === 'open').map(([y]) => y), active, active - 1])].sort();
  return (period) => {
    const year = Math.floor(period / 100);
    if (years.get(year) === 'closed') return `perioden ${period} hör till ${year}, som är stängt`;
    if (!years.has(year) && year !== active && year !== active - 1) return `perioden ${period} ligger utanför budgetåren (${allowed.join(', ')})`;
    if (closed.has(period)) return `perioden ${period} är stängd`;
    return null;
  };
}
