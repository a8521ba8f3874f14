import type { Db } from '../../../db/index';
import type { GoalTable, IndicatorTable, OrgLevel } from '../../../db/schema';

/** A live goal with its owner's code, name and level. */
export interface GoalRecord extends GoalTable {
  owner_code: string;
  owner_name: string;
  owner_level: OrgLevel | null;
}

function goalQuery(db: Db) {
  return db.q
    .selectFrom('goal as g')
    .innerJoin('dimension_value as o', 'o.id', 'g.owner_id')
    .selectAll('g')
    .select(['o.code as owner_code', 'o.name as owner_name', 'o.level as owner_level'])
    .where('g.deleted_at', 'is', null);
}

export function loadGoals(db: Db): GoalRecord[] {
  return db.all(goalQuery(db));
}

/** One goal: goalQuery's statement as prepared SQL, since every assessment step looks its goal up. */
export function findGoal(db: Db, id: string): GoalRecord | undefined {
  return db
    .prepare('SELECT g.*, o.code AS owner_code, o.name AS owner_name, o.level AS owner_level FROM goal g JOIN dimension_value o ON o.id = g.owner_id WHERE g.deleted_at IS NULL AND g.id = ?')
    .get(id) as GoalRecord | undefined;
}

export function childrenOf(db: Db, id: string): GoalRecord[] {
  return db.all(goalQuery(db).where('g.parent_id', '=', id));
}

export function loadIndicators(db: Db): IndicatorTable[] {
  return db.all(db.q.selectFrom('indicator').selectAll().where('deleted_at', 'is', null).orderBy('sort_order').orderBy('name'));
}

export interface SeriesPoint {
  date: string;
  value: string;
}

/** Every live value per series key, oldest first. */
export function loadSeries(db: Db, upTo?: string): Map<string, SeriesPoint[]> {
  let q = db.q.selectFrom('indicator_value').select(['series_key', 'measured_on', 'value']).where('deleted_at', 'is', null);
  if (upTo !== undefined) q = q.where('measured_on', '<=', upTo);
  const out = new Map<string, SeriesPoint[]>();
  for (const r of db.all(q.orderBy('series_key').orderBy('measured_on'))) {
    let list = out.get(r.series_key);
    if (!list) out.set(r.series_key, (list = []));
    list.push({ date: r.measured_on, value: r.value });
  }
  return out;
}

/** Goals valid in a year: from its first year through its last (open-ended when none). */
export function validIn(g: Pick<GoalTable, 'valid_from_year' | 'valid_to_year'>, year: number): boolean {
  return g.valid_from_year <= year && (g.valid_to_year === null || g.valid_to_year >= year);
}

/** Codes like NM1.10 sort after NM1.9. */
export function compareGoals(a: Pick<GoalTable, 'sort_order' | 'code'>, b: Pick<GoalTable, 'sort_order' | 'code'>): number {
  return a.sort_order - b.sort_order || a.code.localeCompare(b.code, 'sv', { numeric: true });
}
