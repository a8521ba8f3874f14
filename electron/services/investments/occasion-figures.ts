import type { Db } from '../../../db/index';
import { investmentOverview, type ProjectOverview } from './overview';

/** A project's figures as a reporting occasion shows them. */
export type OccasionProject = Pick<ProjectOverview, 'id' | 'code' | 'name' | 'responsibilityCode' | 'responsibilityName' | 'categoryName' | 'year' | 'wholeProject'>;

interface OccasionRef {
  id: string;
  year: number;
  period: number;
  lockedAt: string | null;
}

/**
 * The projects' figures up to the occasion's period (utfall of later months
 * does not belong in a report on August), from the occasion's snapshot once
 * it is locked, so that a fastställd delårsrapport printed again later shows
 * what it showed when it was reported, as the drift figures do. Occasions
 * locked before the snapshot kept them are read live, up to their period.
 */
export function occasionProjects(db: Db, occasion: OccasionRef): OccasionProject[] {
  if (occasion.lockedAt !== null) {
    const meta = db.prepare('SELECT meta FROM occasion_snapshot WHERE occasion_id = ?').pluck().get(occasion.id) as string | undefined;
    const kept = meta === undefined ? undefined : (JSON.parse(meta) as { investments?: OccasionProject[] }).investments;
    if (kept) return kept;
  }
  return liveOccasionProjects(db, occasion.year, occasion.period);
}

/** What a lock keeps in the occasion's snapshot. */
export function liveOccasionProjects(db: Db, year: number, period: number): OccasionProject[] {
  return investmentOverview(db, year, period).projects.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    responsibilityCode: p.responsibilityCode,
    responsibilityName: p.responsibilityName,
    categoryName: p.categoryName,
    year: p.year,
    wholeProject: p.wholeProject,
  }));
}
