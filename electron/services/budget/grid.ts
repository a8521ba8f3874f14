import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { BudgetVersionKind } from '../../../db/schema';
import { MONTH_COLUMNS } from './lines';
import { listProfiles, type ProfileInfo } from './profile-store';
import { loadReference, type BudgetReference } from './reference';

/**
 * One budget line as the grid gets it: a compact array rather than an object
 * with long keys, because 50 000 of them cross the IPC boundary when the grid
 * opens. [id, ansvar, konto, other dims ('dim=value|…'), profile id, manual
 * (0/1), year amount, then the twelve months], amounts in öre.
 */
export type LineTuple = [id: string, responsibility: string, account: string, dims: string, profileId: string | null, manual: number, yearOre: number, ...months: number[]];

/** Index of the first month in a LineTuple. */
export const TUPLE_MONTH0 = 7;

export interface Totals {
  yearOre: number;
  months: number[];
}

export interface GridVersion {
  id: string;
  name: string;
  year: number;
  kind: BudgetVersionKind;
  lockedAt: string | null;
  decisionRef: string | null;
}

export interface BudgetGrid {
  version: GridVersion;
  profiles: ProfileInfo[];
  /** The profile new lines get unless another is chosen. */
  defaultProfileId: string;
  reference: BudgetReference;
  lines: LineTuple[];
  totals: Totals;
}

const LINE_COLUMNS = `b.id, c.responsibility_code, c.account_code, c.dims, b.profile_id, b.manual, b.year_ore, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}`;

export function getVersion(db: Db, versionId: string): GridVersion {
  const v = db.first(db.q.selectFrom('budget_version').select(['id', 'name', 'year', 'kind', 'locked_at', 'decision_ref', 'deleted_at']).where('id', '=', versionId));
  if (!v || v.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
  return { id: v.id, name: v.name, year: v.year, kind: v.kind, lockedAt: v.locked_at, decisionRef: v.decision_ref };
}

/** The live lines of a version as tuples, in kodsträng order. */
export function versionLines(db: Db, versionId: string): LineTuple[] {
  return db
    .prepare(`SELECT ${LINE_COLUMNS} FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL ORDER BY c.responsibility_code, c.account_code, c.dims`)
    .raw(true)
    .all(versionId) as LineTuple[];
}

/** Lines by id as tuples (deleted ones too), for returning what a change did. */
export function linesById(db: Db, ids: readonly string[]): Map<string, { tuple: LineTuple; deleted: boolean }> {
  const out = new Map<string, { tuple: LineTuple; deleted: boolean }>();
  const stmt = db.prepare(`SELECT ${LINE_COLUMNS}, b.deleted_at FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.id = ?`).raw(true);
  for (const id of ids) {
    const r = stmt.get(id) as unknown[] | undefined;
    if (!r) continue;
    const deleted = r.pop() !== null;
    out.set(id, { tuple: r as LineTuple, deleted });
  }
  return out;
}

export function versionTotals(db: Db, versionId: string): Totals {
  const r = db
    .prepare(`SELECT coalesce(sum(year_ore), 0), ${MONTH_COLUMNS.map((m) => `coalesce(sum(${m}), 0)`).join(', ')} FROM budget_line WHERE version_id = ? AND deleted_at IS NULL`)
    .raw(true)
    .get(versionId) as number[];
  return { yearOre: r[0]!, months: r.slice(1) };
}

/** Everything the budget lines grid needs to open a version. */
export function loadBudgetGrid(db: Db, versionId: string): BudgetGrid {
  const version = getVersion(db, versionId);
  const lines = versionLines(db, versionId);
  const totals: Totals = { yearOre: 0, months: new Array<number>(12).fill(0) };
  for (const l of lines) {
    totals.yearOre += l[6] as number;
    for (let m = 0; m < 12; m++) totals.months[m]! += l[TUPLE_MONTH0 + m] as number;
  }
  const profiles = listProfiles(db, version.year);
  const even = profiles.find((p) => p.kind === 'even') ?? profiles[0];
  if (!even) throw new RamkollError('NOT_FOUND', 'Det finns inga periodiseringsprofiler i databasen.');
  return { version, profiles, defaultProfileId: even.id, reference: loadReference(db), lines, totals };
}
