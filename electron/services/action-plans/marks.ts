import type { Db } from '../../../db/index';
import type { CommentStatus } from '../../../db/schema';
import type { FigureNode, FigureTree } from '../followup/figures';
import { nodesWithPlanInForce } from './in-force';
import { isLargeDeviation } from './large';

/**
 * What the deviation grid shows of a node's åtgärdsplan at the period's
 * occasion: 'missing' for a large deviation (large.ts) whose plan has no
 * åtgärd yet and no earlier plan in force (in-force.ts; "Åtgärdsplan saknas", as
 * round.ts `planMissing`), else the
 * plan's status in the round when the node has one. One query per view and
 * a comparison per node: the grid of 5,000 nodes asks for it every time.
 */
export type ActionPlanMark = 'missing' | CommentStatus;

export type PlanMarks = (n: FigureNode) => ActionPlanMark | null;

const NONE: PlanMarks = () => null;

export function actionPlanMarks(db: Db, tree: FigureTree): PlanMarks {
  if (!tree.occasion) return NONE;
  const rows = db
    .prepare(
      `SELECT d.code, p.status,
              (SELECT count(*) FROM action_plan_item AS i WHERE i.plan_id = p.id AND i.deleted_at IS NULL) AS items
         FROM action_plan AS p JOIN dimension_value AS d ON d.id = p.responsibility_id
        WHERE p.occasion_id = ? AND p.deleted_at IS NULL`,
    )
    .all(tree.occasion.id) as { code: string; status: CommentStatus; items: number }[];
  const plans = new Map(rows.map((r) => [r.code, r]));
  const inForce = nodesWithPlanInForce(db, tree.occasion.period);
  return (n) => {
    if (n.kind !== 'node') return null;
    const p = plans.get(n.code);
    if ((!p || p.items === 0) && !inForce.has(n.code) && isLargeDeviation(n.figures, tree.thresholds[n.level])) return 'missing';
    return p?.status ?? null;
  };
}
