import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { RESPONSIBILITY } from '../dimensions';
import { naturalId } from '../ids';

interface OrgNode {
  id: string;
  code: string;
  name: string;
  parent: string | null;
  level: OrgLevel | null;
}

/**
 * The ansvar hierarchy as this database holds it, for scope checks: a scope
 * is a node and everything under it; no scope is the whole organisation.
 */
export class OrgTree {
  private readonly byCode = new Map<string, OrgNode>();
  private readonly codeById = new Map<string, string>();
  private readonly memo = new Map<string, boolean>();

  static load(db: Db): OrgTree {
    const tree = new OrgTree();
    const rows = db
      .prepare(
        `SELECT v.id, v.code, v.name, v.level, p.code AS parent FROM dimension_value v
         LEFT JOIN dimension_value p ON p.id = v.parent_id WHERE v.dimension_id = ?`,
      )
      .all(naturalId('dimension', RESPONSIBILITY)) as OrgNode[];
    for (const r of rows) {
      tree.byCode.set(r.code, r);
      tree.codeById.set(r.id, r.code);
    }
    return tree;
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
      cur = this.byCode.get(cur)?.parent ?? null;
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
