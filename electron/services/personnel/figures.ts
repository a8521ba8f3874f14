import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import type { PersonnelValues } from './import';
import { ancestorsOf, orgNodes } from './nodes';

/** A node's personnel figures for a month, summed upwards from the imported rows below it. */
export interface PersonnelFigures extends PersonnelValues {
  period: number;
}

export interface PersonnelNodeRow {
  code: string;
  name: string;
  level: OrgLevel | null;
  /** Whether the figures were imported for this node itself (false: summed from the nodes below). */
  imported: boolean;
  figures: PersonnelFigures;
  /** The same month a year earlier, when imported. */
  lastYear: PersonnelFigures | null;
}

interface Stored extends PersonnelValues {
  responsibilityId: string;
}

const COUNT_KEYS = ['employees', 'permanent', 'temporary', 'fteCenti', 'costOre'] as const;
const SHARE_KEYS = ['sickBp', 'sickWomenBp', 'sickMenBp', 'sickTo29Bp', 'sick30to49Bp', 'sickFrom50Bp', 'longSickBp'] as const;

function stored(db: Db, period: number): Stored[] {
  return db
    .prepare(
      `SELECT responsibility_id AS responsibilityId, employees, permanent, temporary, fte_centi AS fteCenti, sick_bp AS sickBp, sick_women_bp AS sickWomenBp,
              sick_men_bp AS sickMenBp, sick_to29_bp AS sickTo29Bp, sick_30to49_bp AS sick30to49Bp, sick_from50_bp AS sickFrom50Bp, long_sick_bp AS longSickBp, cost_ore AS costOre
         FROM personnel_figure WHERE period = ? AND deleted_at IS NULL`,
    )
    .all(period) as Stored[];
}

/**
 * Sums rows into one node's figures. Counts, årsarbetare and cost add up; a
 * sjukfrånvaro share is weighted by årsarbetare (the export gives shares, not
 * hours, and årsarbetare are the closest measure of the hours behind them).
 * A figure is null when any row lacks it, so a sum never silently leaves a
 * node out.
 */
export function sumFigures(period: number, rows: readonly PersonnelValues[]): PersonnelFigures {
  const out = { period } as PersonnelFigures;
  for (const k of COUNT_KEYS) out[k] = rows.every((r) => r[k] !== null) ? rows.reduce((s, r) => s + r[k]!, 0) : null;
  for (const k of SHARE_KEYS) {
    if (rows.length === 1) out[k] = rows[0]![k];
    else if (rows.every((r) => r[k] !== null && r.fteCenti !== null)) {
      const weight = rows.reduce((s, r) => s + r.fteCenti!, 0);
      out[k] = weight === 0 ? null : Math.round(rows.reduce((s, r) => s + r[k]! * r.fteCenti!, 0) / weight);
    } else out[k] = null;
  }
  return out;
}

function rollUp(db: Db, period: number, byId: Map<string, ReturnType<typeof orgNodes>[number]>): { sums: Map<string, PersonnelFigures>; own: Set<string> } {
  const under = new Map<string, Stored[]>();
  const rows = stored(db, period);
  for (const r of rows) {
    for (const id of ancestorsOf(byId, r.responsibilityId)) {
      const list = under.get(id) ?? [];
      list.push(r);
      under.set(id, list);
    }
  }
  const sums = new Map<string, PersonnelFigures>();
  for (const [id, list] of under) sums.set(id, sumFigures(period, list));
  return { sums, own: new Set(rows.map((r) => r.responsibilityId)) };
}

/** Every node with figures for the month (imported or summed from below), in the organisation's order, with last year's beside. */
export function personnelFigures(db: Db, period: number, opts: { scopeCode?: string | null } = {}): PersonnelNodeRow[] {
  const nodes = orgNodes(db);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const now = rollUp(db, period, byId);
  const before = rollUp(db, period - 100, byId);
  const scopeId = opts.scopeCode ? nodes.find((n) => n.code === opts.scopeCode)?.id : null;
  const out: PersonnelNodeRow[] = [];
  for (const n of nodes) {
    const figures = now.sums.get(n.id);
    if (!figures) continue;
    if (scopeId && !ancestorsOf(byId, n.id).includes(scopeId)) continue;
    out.push({ code: n.code, name: n.name, level: n.level, imported: now.own.has(n.id), figures, lastYear: before.sums.get(n.id) ?? null });
  }
  return out;
}

/** One node's figures for the month and a year earlier (the Personal section's editor and the reports). */
export function personnelFor(db: Db, period: number, code: string): PersonnelNodeRow | null {
  return personnelFigures(db, period).find((r) => r.code === code) ?? null;
}
