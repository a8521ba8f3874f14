import type { Db } from '../../../db/index';
import { comparisonView, type ComparisonYear } from './comparison';

/** A styrtal's Kolada comparison as the report shows it: the latest year beside the group and riket, and the trend (totals, oldest first). */
export interface ReportComparison {
  groupLabel: string | null;
  latest: ComparisonYear;
  trend: ComparisonYear[];
}

/**
 * Gives each of the report's styrtal with Kolada comparison rows its
 * comparison (kön totalt): the latest year the kommun has a value, else the
 * latest year in the file, and all years for the trend.
 */
export function attachComparisons(db: Db, indicators: readonly { seriesKey: string; comparison: ReportComparison | null }[]): void {
  const keys = [...new Set(indicators.map((i) => i.seriesKey))];
  if (keys.length === 0) return;
  const view = comparisonView(db, keys);
  const byKey = new Map(view.series.map((s) => [s.seriesKey, s.byGender.T ?? []]));
  for (const i of indicators) {
    const trend = byKey.get(i.seriesKey) ?? [];
    const withOurs = trend.filter((y) => y.ours !== null);
    const latest = withOurs.at(-1) ?? trend.at(-1);
    if (latest) i.comparison = { groupLabel: view.groupLabel, latest, trend };
  }
}
