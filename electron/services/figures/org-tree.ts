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

/** The ansvar hierarchy held in memory, with lookups up the tree. */
export class OrgTree {
  readonly byCode = new Map<string, OrgNode>();
  readonly children = new Map<string | null, OrgNode[]>();

  constructor(nodes: OrgNode[]) {
    for (const n of nodes) this.byCode.set(n.code, n);
    for (const n of nodes) {
      const list = this.children.get(n.parentCode) ?? [];
      list.push(n);
      this.children.set(n.parentCode, list);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code, 'sv'));
  }

  static load(db: Db): OrgTree {
    const rows = db.all(
      db.q
        .selectFrom('dimension_value as v')
        .leftJoin('dimension_value as p', 'p.id', 'v.parent_id')
        .select(['v.id', 'v.code', 'v.name', 'v.level', 'v.sort_order', 'p.code as parent_code'])
        .where('v.dimension_id', '=', naturalId('dimension', RESPONSIBILITY))
        .where('v.deleted_at', 'is', null),
    );
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
}
