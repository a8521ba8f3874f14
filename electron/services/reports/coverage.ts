import type { Db } from '../../../db/index';
import { monthFigures } from '../followup/chart';
import type { Figures, FigureTree } from '../followup/figures';
import { rowScope } from '../followup/row-scope';
import type { CoveredFigures, OutcomeCoverage } from './types';

const MONTH = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/**
 * The months (1–12) of a period's year up to the period that hold outcome:
 * in a locked occasion's snapshot (what its report prints; pass its id),
 * else in the ledger as it is now. A month counts when some kodsträng has a
 * non-zero balance in it; the machine's clock plays no part.
 */
export function outcomeMonths(db: Db, period: number, snapshotOccasionId: string | null): number[] {
  const month = period % 100;
  if (snapshotOccasionId !== null) {
    const rows = db
      .prepare(
        `SELECT DISTINCT CAST(j.key AS INTEGER) + 1 FROM occasion_snapshot_figure f, json_each(f.actual_months) j
         WHERE f.occasion_id = ? AND j.value <> 0 ORDER BY 1`,
      )
      .raw()
      .all(snapshotOccasionId) as [number][];
    return rows.map(([m]) => m).filter((m) => m >= 1 && m <= month);
  }
  const year = Math.floor(period / 100);
  const rows = db.prepare('SELECT DISTINCT period FROM actual_balance WHERE period BETWEEN ? AND ? AND amount_ore <> 0 ORDER BY 1').raw().all(year * 100 + 1, period) as [number][];
  return rows.map(([p]) => p % 100);
}

/** The months of a figure tree's period with outcome, from what the tree was built of (snapshot or ledger). */
export function treeOutcomeMonths(db: Db, tree: FigureTree): number[] {
  return outcomeMonths(db, tree.period, tree.source === 'snapshot' && tree.occasion ? tree.occasion.id : null);
}

/** The occasion's months (1 to its period's month) split into those with outcome and those without. */
export function coverageOf(period: number, withOutcome: readonly number[]): OutcomeCoverage {
  const month = period % 100;
  const has = new Set(withOutcome);
  const months: number[] = [];
  const missing: number[] = [];
  for (let m = 1; m <= month; m++) (has.has(m) ? months : missing).push(m);
  return { months, missing };
}

/** Runs of consecutive months: [1,2,3,5] → [[1,3],[5,5]]. */
function runs(months: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of [...months].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[1] === m - 1) last[1] = m;
    else out.push([m, m]);
  }
  return out;
}

function joinSwedish(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`;
}

/** "november–december", "mars och november–december". */
export function monthsText(months: readonly number[]): string {
  return joinSwedish(runs(months).map(([a, b]) => (a === b ? MONTH[a - 1]! : `${MONTH[a - 1]}–${MONTH[b - 1]}`)));
}

/** "jan–okt", "jan–feb, apr–okt": for column titles. */
export function monthsShort(months: readonly number[]): string {
  return runs(months)
    .map(([a, b]) => (a === b ? SHORT[a - 1]! : `${SHORT[a - 1]}–${SHORT[b - 1]}`))
    .join(', ');
}

/** What the front page, Rapporter and the CLI say about a report whose months lack outcome; null when none does. */
export function coverageNotice(c: OutcomeCoverage): string | null {
  if (c.missing.length === 0) return null;
  return `Utfall saknas för ${monthsText(c.missing)}; rapporten är preliminär.`;
}

/**
 * A row's accumulated budget, outcome and last year over the months that
 * have outcome, from the same month figures as the follow-up's charts (the
 * budget in force per month), so a preliminary report compares like with
 * like. Keys are figure-tree row keys ('n:3100', 'n:3100/g:personnel').
 */
export function coveredFigures(db: Db, tree: FigureTree, keys: readonly string[], months: readonly number[]): CoveredFigures {
  const out: CoveredFigures = { budgetAcc: 0, actualAcc: 0, actualAccLastYear: 0 };
  for (const key of keys) {
    const f = monthFigures(db, tree, rowScope(tree, key));
    for (const m of months) {
      out.budgetAcc += f.budget[m - 1]!;
      out.actualAcc += f.actual[m - 1]!;
      out.actualAccLastYear += f.lastYear[m - 1]!;
    }
  }
  return out;
}

/** The figures a document shows: a preliminary report's accumulated columns over the months with outcome. */
export function shownFigures(f: Figures, covered: CoveredFigures | null | undefined): Figures {
  return covered ? { ...f, budgetAcc: covered.budgetAcc, actualAcc: covered.actualAcc, actualAccLastYear: covered.actualAccLastYear } : f;
}
