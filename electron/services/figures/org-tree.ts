import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { RESPONSIBILITY } from '../dimensions';
import { naturalId } from '../ids';

export interface OrgNode {
  id: string;
  code: string;
  name: string;
  level: OrgLevel | null;
  parentCode: string | null;
  sortOrder: number;
}

/**
 * The ansvar hierarchy held in memory, with lookups up the tree and the
 * scope checks of the exchange: a scope is a node and everything under it;
 * no scope (null) is the whole organisation.
 */
export class OrgTree {
  readonly byCode = new Map<string, OrgNode>();
  readonly children = new Map<string | null, OrgNode[]>();
  private readonly codeById = new Map<string, string>();
  private readonly memo = new Map<string, boolean>();

  constructor(nodes: OrgNode[]) {
    for (const n of nodes) {
      this.byCode.set(n.code, n);
      this.codeById.set(n.id, n.code);
    }
    for (const n of nodes) {
      const list = this.children.get(n.parentCode) ?? [];
      list.push(n);
      this.children.set(n.parentCode, list);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, 'sv'));
  }

  /**
   * The tree as this database holds it. `withDeleted`: removed nodes too, as
   * the exchange needs them (a package may still name a node removed here).
   */
  static load(db: Db, opts: { withDeleted?: boolean } = {}): OrgTree {
    let q = db.q
      .selectFrom('dimension_value as v')
      .leftJoin('dimension_value as p', 'p.id', 'v.parent_id')
      .select(['v.id', 'v.code', 'v.name', 'v.level', 'v.sort_order', 'p.code as parent_code'])
      .where('v.dimension_id', '=', naturalId('dimension', RESPONSIBILITY));
    if (!opts.withDeleted) q = q.where('v.deleted_at', 'is', null);
    const rows = db.all(q);
    return new OrgTree(rows.map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, sortOrder: r.sort_order })));
  }

  /** The node and everything below it as a tree of its own, the node its root; null for an unknown code. */
  subtree(code: string): OrgTree | null {
    const top = this.byCode.get(code);
    if (!top) return null;
    const nodes: OrgNode[] = [{ ...top, parentCode: null }];
    for (let i = 0; i < nodes.length; i++) nodes.push(...(this.children.get(nodes[i]!.code) ?? []));
    return new OrgTree(nodes);
  }

  get roots(): OrgNode[] {
    return this.children.get(null) ?? [];
  }

  nodesAt(level: OrgLevel): OrgNode[] {
    return [...this.byCode.values()].filter((n) => n.level === level).sort((a, b) => a.sortOrder - b.sortOrder);
  }

  /** The node itself or its nearest ancestor at `level`; undefined if none (or unknown code). */
  ancestorAt(code: string, level: OrgLevel): OrgNode | undefined {
    for (let n = this.byCode.get(code); n; n = n.parentCode === null ? undefined : this.byCode.get(n.parentCode)) {
      if (n.level === level) return n;
    }
    return undefined;
  }

  get size(): number {
    return this.byCode.size;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  codeOfId(id: string): string | null {
    return this.codeById.get(id) ?? null;
  }

  node(code: string): OrgNode | undefined {
    return this.byCode.get(code);
  }

  levelOf(code: string): OrgLevel | null {
    return this.byCode.get(code)?.level ?? null;
  }

  /** Is the node `code` the scope's node or below it? A code missing from the tree is inside no scope but the whole organisation. */
  inScope(code: string | null, scope: string | null): boolean {
    if (scope === null) return true;
    if (code === null) return false;
    const key = `${code}\u0000${scope}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    let cur: string | null = code;
    let found = false;
    for (let steps = 0; cur !== null && steps < 100; steps++) {
      if (cur === scope) {
        found = true;
        break;
      }
      cur = this.byCode.get(cur)?.parentCode ?? null;
    }
    this.memo.set(key, found);
    return found;
  }

  /** Every code in the scope (the node and its descendants); null scope: null (everything). */
  codesIn(scope: string | null): string[] | null {
    if (scope === null) return null;
    return [...this.byCode.keys()].filter((c) => this.inScope(c, scope));
  }

  /** The narrower of two nested scopes; when neither contains the other, nothing is shared ('' matches no code). */
  static intersect(tree: OrgTree, a: string | null, b: string | null): string | null {
    if (a === null) return b;
    if (b === null) return a;
    if (tree.inScope(a, b)) return a;
    if (tree.inScope(b, a)) return b;
    return '';
  }
}
