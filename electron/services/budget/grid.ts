import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { BudgetVersionKind } from '../../../db/schema';
import { MONTH_COLUMNS } from './lines';
import { listProfiles, type ProfileInfo } from './profile-store';
import { loadReference, type BudgetReference, type OrgNodeRef } from './reference';

/**
 * One budget line as the grid gets it: a compact array rather than an object
 * with long keys, because 50 000 of them cross the IPC boundary when the grid
 * opens. [id, ansvar, konto, other dims ('dim=value|…'), profile id, manual
 * (0/1), year amount, then the twelve months], amounts in öre.
 */
export type LineTuple = [id: string, responsibility: string, account: string, dims: string, profileId: string | null, manual: number, yearOre: number, ...months: number[]];

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
  /**
   * The lines as the JSON text of a LineTuple[]. One string crosses IPC (and
   * the test bridge) many times faster than 50 000 arrays of 19 values, and
   * SQLite writes it in one pass; the grid parses it with JSON.parse.
   */
  linesJson: string;
  /** Lines in linesJson. */
  lineCount: number;
  /**
   * True when only the first lines (in the organisation's order) were asked
   * for, so that the grid can show its first rows while the rest is on its
   * way; totals and versionLineCount are always the whole version's.
   */
  partial: boolean;
  versionLineCount: number;
  totals: Totals;
}

const LINE_COLUMNS = `b.id, c.responsibility_code, c.account_code, c.dims, b.profile_id, b.manual, b.year_ore, ${MONTH_COLUMNS.map((m) => `b.${m}`).join(', ')}`;

export function getVersion(db: Db, versionId: string): GridVersion {
  const v = db.first(db.q.selectFrom('budget_version').select(['id', 'name', 'year', 'kind', 'locked_at', 'decision_ref', 'deleted_at']).where('id', '=', versionId));
  if (!v || v.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
  return { id: v.id, name: v.name, year: v.year, kind: v.kind, lockedAt: v.locked_at, decisionRef: v.decision_ref };
}

const ORDER = 'c.responsibility_code, c.account_code, c.dims';
const FROM_LIVE = 'FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL';

/** The live lines of a version as tuples, in kodsträng order. */
export function versionLines(db: Db, versionId: string): LineTuple[] {
  return db.prepare(`SELECT ${LINE_COLUMNS} ${FROM_LIVE} ORDER BY ${ORDER}`).raw(true).all(versionId) as LineTuple[];
}

const JSON_SELECT = `json_group_array(json_array(${LINE_COLUMNS}) ORDER BY ${ORDER}) AS json, count(*) AS count`;

/** The same lines as JSON text, written by SQLite (the same text JSON.stringify(versionLines(…)) gives). */
export function versionLinesJson(db: Db, versionId: string, responsibilities?: readonly string[]): { json: string; count: number } {
  if (responsibilities === undefined) return db.prepare(`SELECT ${JSON_SELECT} ${FROM_LIVE}`).get(versionId) as { json: string; count: number };
  return db.prepare(`SELECT ${JSON_SELECT} ${FROM_LIVE} AND c.responsibility_code IN (SELECT value FROM json_each(?))`).get(versionId, JSON.stringify(responsibilities)) as { json: string; count: number };
}

/**
 * The ansvar codes whose lines come first in the grid (the organisation
 * walked depth first, siblings by sort order and code, as the grid orders
 * them), as few as give at least `n` lines.
 */
export function firstResponsibilities(db: Db, versionId: string, org: readonly OrgNodeRef[], n: number): string[] {
  const counts = new Map(
    (db.prepare(`SELECT c.responsibility_code AS code, count(*) AS n ${FROM_LIVE} GROUP BY c.responsibility_code`).all(versionId) as { code: string; n: number }[]).map((r) => [r.code, r.n]),
  );
  const known = new Set(org.map((o) => o.code));
  const children = new Map<string | null, OrgNodeRef[]>();
  for (const o of org) {
    const parent = o.parent !== null && known.has(o.parent) ? o.parent : null;
    const list = children.get(parent) ?? [];
    list.push(o);
    children.set(parent, list);
  }
  const out: string[] = [];
  let total = 0;
  const walk = (code: string | null): boolean => {
    const list = (children.get(code) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, 'sv'));
    for (const node of list) {
      const c = counts.get(node.code) ?? 0;
      if (c > 0) {
        out.push(node.code);
        total += c;
        if (total >= n) return true;
      }
      if (walk(node.code)) return true;
    }
    return false;
  };
  walk(null);
  return out;
}

/** Lines by id as tuples (deleted ones too), for returning what a change did. */
export function linesById(db: Db, ids: readonly string[]): Map<string, { tuple: LineTuple; deleted: boolean }> {
  const out = new Map<string, { tuple: LineTuple; deleted: boolean }>();
  const take = (r: unknown[]) => {
    const deleted = r.pop() !== null;
    out.set(r[0] as string, { tuple: r as LineTuple, deleted });
  };
  if (ids.length < 50) {
    const stmt = db.prepare(`SELECT ${LINE_COLUMNS}, b.deleted_at FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.id = ?`).raw(true);
    for (const id of ids) {
      const r = stmt.get(id) as unknown[] | undefined;
      if (r) take(r);
    }
  } else {
    // Many lines (a bulk action): one statement, not one per line.
    const stmt = db.prepare(`SELECT ${LINE_COLUMNS}, b.deleted_at FROM json_each(?) AS j JOIN budget_line b ON b.id = j.value JOIN coding c ON c.id = b.coding_id`).raw(true);
    for (const r of stmt.all(JSON.stringify(ids)) as unknown[][]) take(r);
  }
  return out;
}

export function versionTotals(db: Db, versionId: string): Totals & { lines: number } {
  const r = db
    .prepare(`SELECT count(*), coalesce(sum(year_ore), 0), ${MONTH_COLUMNS.map((m) => `coalesce(sum(${m}), 0)`).join(', ')} FROM budget_line WHERE version_id = ? AND deleted_at IS NULL`)
    .raw(true)
    .get(versionId) as number[];
  return { lines: r[0]!, yearOre: r[1]!, months: r.slice(2) };
}

/** Everything the budget lines grid needs to open a version; with `firstLines`, only (about) that many lines, the first ones the grid shows. */
export function loadBudgetGrid(db: Db, versionId: string, firstLines?: number): BudgetGrid {
  const version = getVersion(db, versionId);
  const reference = loadReference(db);
  const totals = versionTotals(db, versionId);
  const lines = firstLines === undefined ? versionLinesJson(db, versionId) : versionLinesJson(db, versionId, firstResponsibilities(db, versionId, reference.org, firstLines));
  const profiles = listProfiles(db, version.year);
  const even = profiles.find((p) => p.kind === 'even') ?? profiles[0];
  if (!even) throw new RamkollError('NOT_FOUND', 'Det finns inga periodiseringsprofiler i databasen.');
  return {
    version,
    profiles,
    defaultProfileId: even.id,
    reference,
    linesJson: lines.json,
    lineCount: lines.count,
    partial: firstLines !== undefined,
    versionLineCount: totals.lines,
    totals: { yearOre: totals.yearOre, months: totals.months },
  };
}
