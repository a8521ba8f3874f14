import type { Db } from '../../../db/index';
import type { ActionStatus, CommentStatus, OccasionKind, OrgLevel } from '../../../db/schema';
import { getOccasion } from '../followup/calendar';
import type { FigureNode } from '../followup/figures';
import { keptFigureTree } from '../followup/kept-tree';
import type { Actor } from '../followup/model';
import { canApprove, canWrite, isWithin } from '../followup/permissions';
import { nodesWithPlanInForce } from './in-force';
import { isLargeDeviation } from './large';

/**
 * The åtgärdsplaner of one reporting occasion (issue 19 point 5): per node
 * with a large deviation (large.ts) its plan, in the comment round, and the
 * åtgärder of earlier occasions' plans still open when this occasion came,
 * to be followed up now. An åtgärd stays open until a follow-up says
 * genomförd or ej genomförd.
 */

export const ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress', 'done', 'not_done'];
export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = { planned: 'planerad', in_progress: 'pågår', done: 'genomförd', not_done: 'ej genomförd' };
export const isClosed = (s: ActionStatus) => s === 'done' || s === 'not_done';

export interface ActionItemView {
  id: string;
  what: string;
  owner: string;
  /** ISO date: by when. */
  dueDate: string;
  effectOre: number | null;
  /** The status given when the plan was written. */
  status: ActionStatus;
}

export interface ActionFollowupView {
  occasionId: string;
  occasionName: string;
  period: number;
  status: ActionStatus;
  comment: string;
  author: string;
  updatedAt: string;
}

/** An åtgärd of an earlier occasion's plan that was open when this occasion came. */
export interface EarlierAction extends ActionItemView {
  plan: { id: string; occasionName: string; period: number; status: CommentStatus };
  /** Follow-ups at occasions before this one, oldest first. */
  history: ActionFollowupView[];
  /** This occasion's follow-up, if written. */
  followup: ActionFollowupView | null;
  /** The latest status: this occasion's follow-up, else the latest earlier one, else the plan's. */
  currentStatus: ActionStatus;
}

export interface ActionPlanView {
  id: string;
  status: CommentStatus;
  returnNote: string | null;
  author: string;
  updatedAt: string;
  items: ActionItemView[];
}

export interface ActionNode {
  code: string;
  name: string;
  level: OrgLevel;
  depth: number;
  large: boolean;
  deviationAcc: number;
  deviationForecast: number | null;
  plan: ActionPlanView | null;
  /** A large deviation without an åtgärd in its plan: "åtgärdsplan saknas". */
  planMissing: boolean;
  earlier: EarlierAction[];
  canWrite: boolean;
  canApprove: boolean;
}

export interface ActionRound {
  occasion: { id: string; name: string; period: number; kind: OccasionKind; lockedAt: string | null };
  /** Nodes with a large deviation, a plan, or open åtgärder of earlier occasions, top down; a chef's: its own part. */
  nodes: ActionNode[];
}

interface PlanRow {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  code: string;
  period: number;
  occasion_name: string;
  status: CommentStatus;
  return_note: string | null;
  author: string;
  updated_at: string;
}

function plansUpTo(db: Db, period: number): PlanRow[] {
  return db.prepare(
    `SELECT p.id, p.occasion_id, p.responsibility_id, d.code, o.period, o.name AS occasion_name, p.status, p.return_note, p.author, p.updated_at
       FROM action_plan AS p JOIN reporting_occasion AS o ON o.id = p.occasion_id JOIN dimension_value AS d ON d.id = p.responsibility_id
      WHERE p.deleted_at IS NULL AND o.deleted_at IS NULL AND o.period <= ?
      ORDER BY o.period, d.code`,
  ).all(period) as PlanRow[];
}

function itemsOf(db: Db, planIds: readonly string[]): Map<string, ActionItemView[]> {
  const out = new Map<string, ActionItemView[]>();
  if (planIds.length === 0) return out;
  const rows = db.all(
    db.q
      .selectFrom('action_plan_item')
      .select(['id', 'plan_id', 'what', 'owner', 'due_date', 'effect_ore', 'status'])
      .where('plan_id', 'in', planIds)
      .where('deleted_at', 'is', null)
      .orderBy('sort_order')
      .orderBy('due_date')
      .orderBy('id'),
  );
  for (const r of rows) {
    const list = out.get(r.plan_id) ?? [];
    list.push({ id: r.id, what: r.what, owner: r.owner, dueDate: r.due_date, effectOre: r.effect_ore, status: r.status });
    out.set(r.plan_id, list);
  }
  return out;
}

function followupsOf(db: Db, itemIds: readonly string[], period: number): Map<string, ActionFollowupView[]> {
  const out = new Map<string, ActionFollowupView[]>();
  if (itemIds.length === 0) return out;
  const rows = db.all(
    db.q
      .selectFrom('action_followup as f')
      .innerJoin('reporting_occasion as o', 'o.id', 'f.occasion_id')
      .select(['f.item_id', 'f.occasion_id', 'o.name', 'o.period', 'f.status', 'f.comment', 'f.author', 'f.updated_at'])
      .where('f.item_id', 'in', itemIds)
      .where('f.deleted_at', 'is', null)
      .where('o.deleted_at', 'is', null)
      .where('o.period', '<=', period)
      .orderBy('o.period'),
  );
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({ occasionId: r.occasion_id, occasionName: r.name, period: r.period, status: r.status, comment: r.comment, author: r.author, updatedAt: r.updated_at });
    out.set(r.item_id, list);
  }
  return out;
}

/** Every node's plan and earlier open åtgärder at the occasion, as this installation sees them. */
export function actionRound(db: Db, actor: Actor, occasionId: string): ActionRound {
  const occasion = getOccasion(db, occasionId);
  const tree = keptFigureTree(db, { period: occasion.period });
  const plans = plansUpTo(db, occasion.period);
  const items = itemsOf(db, plans.map((p) => p.id));
  const allItemIds = [...items.values()].flat().map((i) => i.id);
  const followups = followupsOf(db, allItemIds, occasion.period);

  const current = new Map<string, PlanRow>();
  const earlier = new Map<string, EarlierAction[]>();
  for (const p of plans) {
    if (p.occasion_id === occasion.id) {
      current.set(p.code, p);
      continue;
    }
    if (p.period >= occasion.period) continue;
    for (const item of items.get(p.id) ?? []) {
      const all = followups.get(item.id) ?? [];
      const history = all.filter((f) => f.period < occasion.period);
      const before = history.length > 0 ? history[history.length - 1]!.status : item.status;
      if (isClosed(before)) continue;
      const now = all.find((f) => f.occasionId === occasion.id) ?? null;
      const list = earlier.get(p.code) ?? [];
      list.push({ ...item, plan: { id: p.id, occasionName: p.occasion_name, period: p.period, status: p.status }, history, followup: now, currentStatus: now?.status ?? before });
      earlier.set(p.code, list);
    }
  }

  const inForce = nodesWithPlanInForce(db, occasion.period);
  const open = occasion.lockedAt === null;
  const nodes: ActionNode[] = [];
  const walk = (n: FigureNode) => {
    if (n.kind !== 'node') return;
    const inScope = actor.scopeCode === null || isWithin(tree.org, n.code, actor.scopeCode);
    const large = isLargeDeviation(n.figures, tree.thresholds[n.level]);
    const p = current.get(n.code);
    const before = earlier.get(n.code) ?? [];
    if (inScope && (large || p || before.length > 0)) {
      const planItems = p ? (items.get(p.id) ?? []) : [];
      nodes.push({
        code: n.code,
        name: n.name,
        level: n.level,
        depth: n.depth,
        large,
        deviationAcc: n.figures.budgetAcc - n.figures.actualAcc,
        deviationForecast: n.figures.forecastYear === null ? null : n.figures.budgetYear - n.figures.forecastYear,
        plan: p ? { id: p.id, status: p.status, returnNote: p.return_note, author: p.author, updatedAt: p.updated_at, items: planItems } : null,
        planMissing: large && planItems.length === 0 && !inForce.has(n.code),
        earlier: before,
        canWrite: open && canWrite(actor, tree.org, n.code),
        canApprove: open && canApprove(actor, tree.org, n.code),
      });
    }
    for (const c of n.children) walk(c);
  };
  for (const r of tree.roots) walk(r);
  return { occasion: { id: occasion.id, name: occasion.name, period: occasion.period, kind: occasion.kind, lockedAt: occasion.lockedAt }, nodes };
}
