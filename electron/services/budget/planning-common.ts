import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { AccountGroup, BudgetVersionKind } from '../../../db/schema';
import { RESPONSIBILITY } from '../dimensions';
import { OrgTree, type OrgNode } from '../figures/org-tree';
import { naturalId } from '../ids';
import { versionInForce } from './versions';

/** Who changes what, and when: what every write of the planning services needs. */
export interface PlanningMeta {
  siteId: string;
  user: string;
  /** ISO time of the change. */
  at: string;
}

export interface VersionRow {
  id: string;
  year: number;
  name: string;
  kind: BudgetVersionKind;
  lockedAt: string | null;
}

/** A budget version that exists (not tombstoned), or a clear error. */
export function loadVersion(db: Db, versionId: string): VersionRow {
  const v = db.first(db.q.selectFrom('budget_version').select(['id', 'year', 'name', 'kind', 'locked_at', 'deleted_at']).where('id', '=', versionId));
  if (!v || v.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
  return { id: v.id, year: v.year, name: v.name, kind: v.kind, lockedAt: v.locked_at };
}

/**
 * 'current' means the budget in force at the end of the year (the adopted
 * budget, or the latest decided revision): the budget to register in the
 * ekonomisystem, or to start next year from.
 */
export function resolveVersion(db: Db, ref: string, year: number): VersionRow {
  if (ref !== 'current') return loadVersion(db, ref);
  const current = versionInForce(db, year, `${year}-12-31`);
  if (!current) throw new RamkollError('NOT_FOUND', `Det finns ingen budgetversion för ${year}. Skapa eller importera en budget först.`);
  return loadVersion(db, current.id);
}

/** The ansvar hierarchy, with errors that name the code the user gave. */
export class Org {
  readonly tree: OrgTree;
  private readonly byId = new Map<string, OrgNode>();

  constructor(db: Db) {
    this.tree = OrgTree.load(db);
    for (const n of this.tree.byCode.values()) this.byId.set(n.id, n);
  }

  node(code: string, what = 'Ansvaret'): OrgNode {
    const n = this.tree.byCode.get(code);
    if (!n) throw new RamkollError('NOT_FOUND', `${what} ${code} finns inte i organisationen. Välj ett ansvar ur listan eller läs in organisationen först.`);
    return n;
  }

  byIdOrNull(id: string | null): OrgNode | null {
    return id === null ? null : (this.byId.get(id) ?? null);
  }

  /** Depth-first, each node before its children, siblings in sort order. */
  ordered(): { node: OrgNode; depth: number }[] {
    const out: { node: OrgNode; depth: number }[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const n of this.tree.children.get(parent) ?? []) {
        out.push({ node: n, depth });
        walk(n.code, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  }

  /** The codes of the node and all nodes above it, nearest first. */
  ancestorsAndSelf(code: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (let n = this.tree.byCode.get(code); n && !seen.has(n.code); n = n.parentCode === null ? undefined : this.tree.byCode.get(n.parentCode)) {
      seen.add(n.code);
      out.push(n.code);
    }
    return out;
  }

  /** True when `code` is `ancestor` or lies under it. */
  isUnder(code: string, ancestor: string): boolean {
    return this.ancestorsAndSelf(code).includes(ancestor);
  }
}

export const RESPONSIBILITY_DIMENSION_ID = naturalId('dimension', RESPONSIBILITY);

export interface AccountRow {
  code: string;
  name: string;
  group: AccountGroup;
}

/** The kontoplan in memory, with an error that says what to do for an unknown account. */
export class Accounts {
  readonly byCode = new Map<string, AccountRow>();
  constructor(db: Db) {
    for (const a of db.all(db.q.selectFrom('account').select(['code', 'name', 'account_group']).where('deleted_at', 'is', null))) {
      this.byCode.set(a.code, { code: a.code, name: a.name, group: a.account_group });
    }
  }
  get(code: string, what = 'Kontot'): AccountRow {
    const a = this.byCode.get(code);
    if (!a) throw new RamkollError('NOT_FOUND', `${what} ${code} finns inte i kontoplanen. Välj ett konto ur listan eller läs in kontoplanen först.`);
    return a;
  }
}

/** Sum of the version's budget lines per ansvar code (year amounts). One grouped query: fast on 50 000 lines. */
export function budgetByResponsibility(db: Db, versionId: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT c.responsibility_code AS code, SUM(b.year_ore) AS total
       FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL
       GROUP BY c.responsibility_code`,
    )
    .all(versionId) as { code: string; total: number }[];
  return new Map(rows.map((r) => [r.code, r.total]));
}

/** Money as a Swedish text for messages: "1 234 567,89 kr". */
export function kronor(ore: number): string {
  const sign = ore < 0 ? '−' : '';
  const abs = Math.abs(ore);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}\u00a0kr`;
}

/** Rounds numerator/denominator (both integers, denominator > 0) half away from zero, exactly. */
export function divRound(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  const n = Number(q);
  return negative && n !== 0 ? -n : n;
}

/** A yyyy-mm-dd date that exists in the calendar. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
