import type { Db } from '../../../db/index';
import type { OrgLevel } from '../../../db/schema';
import { RESPONSIBILITY } from '../dimensions';

export interface OrgNode {
  id: string;
  code: string;
  name: string;
  level: OrgLevel | null;
  parentId: string | null;
  sortOrder: number;
}

/** The ansvar tree (live nodes), for finding an export's codes and summing upwards. */
export function orgNodes(db: Db): OrgNode[] {
  return db.prepare(
    `SELECT v.id, v.code, v.name, v.level, v.parent_id AS parentId, v.sort_order AS sortOrder
       FROM dimension_value v JOIN dimension d ON d.id = v.dimension_id
      WHERE d.code = ? AND v.deleted_at IS NULL
      ORDER BY v.sort_order, v.code`,
  ).all(RESPONSIBILITY) as OrgNode[];
}

/** Ids of a node and of every node above it. */
export function ancestorsOf(byId: Map<string, OrgNode>, id: string): string[] {
  const out: string[] = [];
  for (let n = byId.get(id); n; n = n.parentId ? byId.get(n.parentId) : undefined) {
    if (out.includes(n.id)) break;
    out.push(n.id);
  }
  return out;
}
