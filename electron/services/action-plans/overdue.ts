import type { Db } from '../../../db/index';
import type { CommentStatus, OrgLevel } from '../../../db/schema';
import type { FigureNode, FigureTree } from '../followup/figures';
import { nodesWithPlanInForce } from './in-force';
import { isLargeDeviation } from './large';

/** A large deviation whose level's deadline has passed without an approved åtgärdsplan. */
export interface OverduePlan {
  code: string;
  name: string;
  level: OrgLevel;
  /** The plan's status, or null when no plan is written. */
  status: CommentStatus | null;
  deadline: string;
}

/**
 * The åtgärdsplaner the comment round is late with (Översikt's overdue
 * list): per node with a large deviation (large.ts), at a level whose
 * deadline has passed, the plan is missing (and no earlier plan is in force,
 * in-force.ts) or not approved yet. The plan
 * goes through the same round as the comments, so the same deadline holds.
 */
export function overduePlans(db: Db, tree: FigureTree, occasion: { id: string; period: number }, passedDeadline: (level: OrgLevel) => string | null): OverduePlan[] {
  const rows = db
    .prepare(
      `SELECT d.code, p.status FROM action_plan AS p JOIN dimension_value AS d ON d.id = p.responsibility_id
        WHERE p.occasion_id = ? AND p.deleted_at IS NULL`,
    )
    .all(occasion.id) as { code: string; status: CommentStatus }[];
  const status = new Map(rows.map((r) => [r.code, r.status]));
  const inForce = nodesWithPlanInForce(db, occasion.period);
  const out: OverduePlan[] = [];
  const walk = (n: FigureNode) => {
    if (n.kind === 'node') {
      const deadline = passedDeadline(n.level);
      const s = status.get(n.code) ?? null;
      if (deadline !== null && s !== 'approved' && !(s === null && inForce.has(n.code)) && isLargeDeviation(n.figures, tree.thresholds[n.level])) out.push({ code: n.code, name: n.name, level: n.level, status: s, deadline });
    }
    n.children.forEach(walk);
  };
  tree.roots.forEach(walk);
  return out;
}
