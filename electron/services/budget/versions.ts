import type { Db } from '../../../db/index';
import type { BudgetVersionKind } from '../../../db/schema';
import { parseOverFrameAck, type OverFrameAck } from './frame-ack';

export interface BudgetVersionRef {
  id: string;
  name: string;
  kind: BudgetVersionKind;
}

const PREFERENCE: Record<BudgetVersionKind, number> = { adopted: 0, revision: 1, draft: 2 };

/**
 * The budget version that follow-up compares against for a year: the
 * adopted budget if there is one, else the latest revision, else the draft.
 */
export function currentBudgetVersion(db: Db, year: number): BudgetVersionRef | null {
  const versions = db.all(
    db.q.selectFrom('budget_version').select(['id', 'name', 'kind', 'created_at']).where('year', '=', year).where('deleted_at', 'is', null),
  );
  versions.sort((a, b) => PREFERENCE[a.kind] - PREFERENCE[b.kind] || b.created_at.localeCompare(a.created_at));
  const v = versions[0];
  return v ? { id: v.id, name: v.name, kind: v.kind } : null;
}

export interface BudgetVersionInfo extends BudgetVersionRef {
  year: number;
  decisionRef: string | null;
  basedOnId: string | null;
  /** ISO time it was locked (an adopted budget is locked once decided), or null. */
  lockedAt: string | null;
  /** The version follow-up compares against for the year. */
  current: boolean;
  lines: number;
  /** Locked while nodes were over their ram: who confirmed it, when, which nodes by how much; null otherwise. */
  overFrame: OverFrameAck | null;
}

/** The budget versions of a year, the current one first, then by kind and age. */
export function listBudgetVersions(db: Db, year: number): BudgetVersionInfo[] {
  const current = currentBudgetVersion(db, year);
  const rows = db
    .prepare(
      `SELECT v.id, v.name, v.kind, v.year, v.decision_ref, v.based_on_id, v.locked_at, v.over_frame_ack, v.created_at,
              (SELECT count(*) FROM budget_line b WHERE b.version_id = v.id AND b.deleted_at IS NULL) AS lines
       FROM budget_version v WHERE v.year = ? AND v.deleted_at IS NULL`,
    )
    .all(year) as {
    id: string;
    name: string;
    kind: BudgetVersionKind;
    year: number;
    decision_ref: string | null;
    based_on_id: string | null;
    locked_at: string | null;
    over_frame_ack: string | null;
    created_at: string;
    lines: number;
  }[];
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      year: r.year,
      decisionRef: r.decision_ref,
      basedOnId: r.based_on_id,
      lockedAt: r.locked_at,
      current: r.id === current?.id,
      lines: r.lines,
      overFrame: parseOverFrameAck(r.over_frame_ack),
      createdAt: r.created_at,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || PREFERENCE[a.kind] - PREFERENCE[b.kind] || b.createdAt.localeCompare(a.createdAt))
    .map(({ createdAt: _c, ...v }) => v);
}

export interface BudgetYears {
  /** The active budget year (Inställningar): what the other pages follow. */
  active: number;
  /** Every year that has a budget version, and the active year, in order, with how many versions each has. */
  years: { year: number; versions: number }[];
}

/** The years the Budget page can show: those with versions (a budget started for next year among them) and the active one. */
export function budgetYears(db: Db, active: number): BudgetYears {
  const rows = db.prepare('SELECT year, count(*) AS versions FROM budget_version WHERE deleted_at IS NULL GROUP BY year').all() as { year: number; versions: number }[];
  if (!rows.some((r) => r.year === active)) rows.push({ year: active, versions: 0 });
  return { active, years: rows.sort((a, b) => a.year - b.year) };
}
