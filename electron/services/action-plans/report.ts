import type { Db } from '../../../db/index';
import type { ActionStatus } from '../../../db/schema';
import type { Occasion } from '../followup/calendar';
import { actionRound } from './round';

/**
 * Åtgärdsplaner vid stora avvikelser in the report (issue 19 point 5): the
 * occasion's approved plans, åtgärd by åtgärd with who, by when, the
 * expected effect and the status, and the follow-up of the åtgärder of
 * earlier approved plans that were open when the occasion came. Plans not
 * approved stay out, as unapproved comments do. A locked occasion's plans
 * and follow-ups cannot change (the service and the exchange refuse it).
 */

export interface ActionPlanReportRow {
  node: string;
  what: string;
  owner: string;
  dueDate: string;
  effectOre: number | null;
  status: ActionStatus;
}

export interface ActionFollowupReportRow extends ActionPlanReportRow {
  planOccasion: string;
  /** The status before this occasion (the latest earlier follow-up, else the plan's). */
  before: ActionStatus;
  /** This occasion's follow-up; null when none was written. */
  now: ActionStatus | null;
  comment: string;
}

export interface ActionPlanReportPart {
  occasionName: string;
  plans: ActionPlanReportRow[];
  followups: ActionFollowupReportRow[];
}

export function actionPlanReportPart(db: Db, occasion: Occasion, scope: string | null, now: Date): ActionPlanReportPart | null {
  // The report reads as the controller does, inside the report's scope.
  const round = actionRound(db, { siteId: '', user: '', role: 'controller', scopeCode: scope, now }, occasion.id);
  const plans: ActionPlanReportRow[] = [];
  const followups: ActionFollowupReportRow[] = [];
  for (const n of round.nodes) {
    const node = `${n.code} ${n.name}`;
    if (n.plan?.status === 'approved') for (const i of n.plan.items) plans.push({ node, what: i.what, owner: i.owner, dueDate: i.dueDate, effectOre: i.effectOre, status: i.status });
    for (const e of n.earlier) {
      if (e.plan.status !== 'approved') continue;
      const before = e.history.length > 0 ? e.history[e.history.length - 1]!.status : e.status;
      followups.push({ node, what: e.what, owner: e.owner, dueDate: e.dueDate, effectOre: e.effectOre, status: e.status, planOccasion: e.plan.occasionName, before, now: e.followup?.status ?? null, comment: e.followup?.comment ?? '' });
    }
  }
  return plans.length === 0 && followups.length === 0 ? null : { occasionName: occasion.name, plans, followups };
}
