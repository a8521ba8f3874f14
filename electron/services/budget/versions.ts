import type { Db } from '../../../db/index';
import type { BudgetVersionKind } from '../../../db/schema';
import { stockholmDate } from '../../../shared/dates';
import { parseOverFrameAck, type OverFrameAck } from './frame-ack';

export interface BudgetVersionRef {
  id: string;
  name: string;
  kind: BudgetVersionKind;
}

const PREFERENCE: Record<BudgetVersionKind, number> = { adopted: 0, revision: 1, draft: 2 };

/** A version as the budget in force names it: with its decision. */
export interface DecidedVersionRef extends BudgetVersionRef {
  decisionRef: string | null;
  /** yyyy-mm-dd the version was decided (a version locked before decision dates were kept: the day it was locked); null while undecided. */
  decidedOn: string | null;
}

interface VersionRow extends DecidedVersionRef {
  lockedAt: string | null;
  createdAt: string;
}

function liveVersions(db: Db, year: number): VersionRow[] {
  const rows = db
    .prepare(
      `SELECT id, name, kind, decision_ref, coalesce(decided_on, substr(locked_at, 1, 10)) AS decided_on, locked_at, created_at
       FROM budget_version WHERE year = ? AND deleted_at IS NULL`,
    )
    .all(year) as { id: string; name: string; kind: BudgetVersionKind; decision_ref: string | null; decided_on: string | null; locked_at: string | null; created_at: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, decisionRef: r.decision_ref, decidedOn: r.locked_at === null ? null : r.decided_on, lockedAt: r.locked_at, createdAt: r.created_at }));
}

const ref = (v: VersionRow | undefined): DecidedVersionRef | null => (v ? { id: v.id, name: v.name, kind: v.kind, decisionRef: v.decisionRef, decidedOn: v.decidedOn } : null);

/** Newest first: the adopted budget, else the latest revision, else the latest draft (a year still being planned). */
function byPreference(versions: VersionRow[]): VersionRow[] {
  return [...versions].sort((a, b) => PREFERENCE[a.kind] - PREFERENCE[b.kind] || b.createdAt.localeCompare(a.createdAt));
}

/**
 * The original budget of a year ("Ursprunglig budget"): the adopted
 * version; before one is adopted, the version being worked on (the latest
 * revision, else the latest draft).
 */
export function originalBudgetVersion(db: Db, year: number): DecidedVersionRef | null {
  return ref(byPreference(liveVersions(db, year))[0]);
}

/**
 * The version whose lines are the budget in force on a date (yyyy-mm-dd):
 * the latest decided (locked) revision whose decision date is on or before
 * the date, else the original budget. A revision that is not decided yet
 * never replaces the adopted budget. The omfördelningar decided up to the
 * date come on top of it (budget/in-force.ts).
 */
export function versionInForce(db: Db, year: number, asOf: string): DecidedVersionRef | null {
  const versions = liveVersions(db, year);
  const decided = versions
    .filter((v) => v.kind === 'revision' && v.lockedAt !== null && v.decidedOn !== null && v.decidedOn <= asOf)
    .sort((a, b) => b.decidedOn!.localeCompare(a.decidedOn!) || b.lockedAt!.localeCompare(a.lockedAt!) || b.createdAt.localeCompare(a.createdAt));
  return ref(decided[0] ?? byPreference(versions)[0]);
}

/** The day a date falls on in Sweden's calendar, clipped to the fiscal year: the default "as of" of a year's budget in force. */
export function dateInYear(now: Date, year: number): string {
  const today = stockholmDate(now);
  return today < `${year}-01-01` ? `${year}-01-01` : today > `${year}-12-31` ? `${year}-12-31` : today;
}

export interface BudgetVersionInfo extends BudgetVersionRef {
  year: number;
  decisionRef: string | null;
  /** yyyy-mm-dd the version was decided; null while it is not. */
  decidedOn: string | null;
  basedOnId: string | null;
  /** ISO time it was locked (an adopted budget is locked once decided), or null. */
  lockedAt: string | null;
  /** The budget in force on the date asked for (today): the version follow-up compares against now. */
  current: boolean;
  /** The original budget of the year ("Ursprunglig budget"). */
  original: boolean;
  lines: number;
  /** Locked while nodes were over their ram: who confirmed it, when, which nodes by how much; null otherwise. */
  overFrame: OverFrameAck | null;
}

/** The budget versions of a year, the one in force on `asOf` (yyyy-mm-dd) first, then by kind and age. */
export function listBudgetVersions(db: Db, year: number, asOf: string = `${year}-12-31`): BudgetVersionInfo[] {
  const current = versionInForce(db, year, asOf);
  const original = originalBudgetVersion(db, year);
  const extra = new Map(
    (
      db
        .prepare(
          `SELECT v.id, v.based_on_id, v.over_frame_ack, (SELECT count(*) FROM budget_line b WHERE b.version_id = v.id AND b.deleted_at IS NULL) AS lines
           FROM budget_version v WHERE v.year = ? AND v.deleted_at IS NULL`,
        )
        .all(year) as { id: string; based_on_id: string | null; over_frame_ack: string | null; lines: number }[]
    ).map((r) => [r.id, r]),
  );
  return liveVersions(db, year)
    .sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id) || PREFERENCE[a.kind] - PREFERENCE[b.kind] || b.createdAt.localeCompare(a.createdAt))
    .map((v) => ({
      id: v.id,
      name: v.name,
      kind: v.kind,
      year,
      decisionRef: v.decisionRef,
      decidedOn: v.decidedOn,
      basedOnId: extra.get(v.id)?.based_on_id ?? null,
      lockedAt: v.lockedAt,
      current: v.id === current?.id,
      original: v.id === original?.id,
      lines: extra.get(v.id)?.lines ?? 0,
      overFrame: parseOverFrameAck(extra.get(v.id)?.over_frame_ack ?? null),
    }));
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
