import type { Db } from '../../../db/index';

/**
 * The nodes that have an åtgärdsplan in force at a period: an approved plan
 * of an earlier occasion with an åtgärd still open (its latest status up to
 * and including the period, from the follow-ups or else the åtgärd itself,
 * is neither genomförd nor ej genomförd). Such a node's large deviation is
 * being worked on and followed up, so it is not "Åtgärdsplan saknas": the
 * controller asks for a new plan only once every earlier åtgärd is closed.
 */
export function nodesWithPlanInForce(db: Db, period: number): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT d.code
         FROM action_plan AS p
         JOIN reporting_occasion AS o ON o.id = p.occasion_id AND o.deleted_at IS NULL
         JOIN dimension_value AS d ON d.id = p.responsibility_id
         JOIN action_plan_item AS i ON i.plan_id = p.id AND i.deleted_at IS NULL
        WHERE p.deleted_at IS NULL AND p.status = 'approved' AND o.period < ?
          AND coalesce(
                (SELECT f.status FROM action_followup AS f
                   JOIN reporting_occasion AS fo ON fo.id = f.occasion_id AND fo.deleted_at IS NULL
                  WHERE f.item_id = i.id AND f.deleted_at IS NULL AND fo.period <= ?
                  ORDER BY fo.period DESC LIMIT 1),
                i.status) NOT IN ('done', 'not_done')`,
    )
    .all(period, period) as { code: string }[];
  return new Set(rows.map((r) => r.code));
}
