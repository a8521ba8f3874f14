import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { listOccasions } from './calendar';
import { figureTree, type FigureNode } from './figures';

export interface AccuracyRow {
  key: string;
  code: string;
  name: string;
  level: OrgLevel;
  depth: number;
  /** The year's outcome (to the latest period with outcome). */
  final: number;
  /** Each occasion's helårsprognos, and prognos − utfall (positive: the forecast was too high). */
  forecasts: (number | null)[];
  differences: (number | null)[];
}

export interface AccuracyView {
  year: number;
  level: OrgLevel;
  /** The latest period with outcome; the comparison is final when it is December. */
  finalPeriod: number | null;
  complete: boolean;
  occasions: { id: string; name: string; period: number }[];
  rows: AccuracyRow[];
  total: AccuracyRow;
}

const RANK: Record<OrgLevel, number> = { administration: 0, sector: 1, operation: 2, unit: 3 };

/** Compares each prognos occasion's helårsprognos with the year's final outcome, per node down to `level`. */
export function forecastAccuracy(db: Db, year: number, level: OrgLevel): AccuracyView {
  const latest = (db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
  const finalTree = figureTree(db, { period: year * 100 + 12 });
  const occasions = listOccasions(db, year).filter((o) => o.forecastKind && (latest === null || o.period <= latest));
  const trees = occasions.map((o) => figureTree(db, { period: o.period }));
  const rows: AccuracyRow[] = [];
  const rowOf = (n: FigureNode | null, key: string, code: string, name: string, lvl: OrgLevel, depth: number, final: number): AccuracyRow => {
    const forecasts = trees.map((t) => {
      if (t.forecastOccasion === null) return null;
      const m = n === null ? t.total : t.byKey.get(key)?.figures;
      return m?.forecastYear ?? null;
    });
    return { key, code, name, level: lvl, depth, final, forecasts, differences: forecasts.map((f) => (f === null ? null : f - final)) };
  };
  const walk = (n: FigureNode) => {
    if (n.kind !== 'node' || RANK[n.level] > RANK[level]) return;
    rows.push(rowOf(n, n.key, n.code, n.name, n.level, n.depth, n.figures.actualAcc));
    n.children.forEach(walk);
  };
  finalTree.roots.forEach(walk);
  return {
    year,
    level,
    finalPeriod: latest,
    complete: latest === year * 100 + 12,
    occasions: occasions.map((o) => ({ id: o.id, name: o.name, period: o.period })),
    rows,
    total: rowOf(null, 'total', '', 'Totalt', 'administration', 0, finalTree.total.actualAcc),
  };
}
