import { z } from 'zod';
import { type ActionNode, type ActionRound, actionRound } from '../../services/action-plans/round';
import { ACTION_LIMITS, changeActionPlanStatus, deleteActionItem, saveActionFollowup, saveActionItem } from '../../services/action-plans/write';
import { TEXT_LIMITS } from '../../services/text-limits';
import { channel } from '../contract/define';
import { RamkollError } from '../../../db/errors';
import { actorOf } from '../../services/followup/actor';
import { occasionForPeriod } from '../../services/followup/calendar';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const code = z.string().min(1).max(TEXT_LIMITS.code);
const status = z.enum(['planned', 'in_progress', 'done', 'not_done']);
/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202608');

/** Åtgärdsplaner per large deviation, followed up at later occasions (issue 19 point 5): services/action-plans/. */
export const actionPlansChannels = {
  /** The occasion's nodes with a large deviation, their plans and the earlier occasions' open åtgärder, as this installation sees them. */
  'actions.round': channel<ActionRound>()(z.strictObject({ occasionId: id }), async (input, ctx) => actionRound(ctx.db, actorOf(ctx), input.occasionId)),
  /** Adds (no id) or changes an åtgärd of a node's plan; the level that owns the node. */
  'actions.item.save': channel<ActionNode>()(
    z.strictObject({
      occasionId: id,
      code,
      id: id.optional(),
      what: z.string().max(ACTION_LIMITS.what + 100),
      owner: z.string().max(ACTION_LIMITS.owner + 100),
      dueDate: z.string().max(TEXT_LIMITS.date),
      effect: z.string().max(40),
      status,
    }),
    async (input, ctx) => saveActionItem(ctx.db, actorOf(ctx), input),
  ),
  'actions.item.delete': channel<ActionNode>()(z.strictObject({ occasionId: id, code, id }), async (input, ctx) => deleteActionItem(ctx.db, actorOf(ctx), input)),
  /** The plan's round: klar, godkänd, återskickad (with a note), back to utkast. */
  'actions.status': channel<ActionNode>()(
    z.strictObject({ occasionId: id, code, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: z.string().max(ACTION_LIMITS.comment).optional() }),
    async (input, ctx) => changeActionPlanStatus(ctx.db, actorOf(ctx), input),
  ),
  /** An earlier åtgärd's status and comment at this occasion. */
  'actions.followup.save': channel<ActionNode>()(z.strictObject({ occasionId: id, itemId: id, status, comment: z.string().max(ACTION_LIMITS.comment + 100) }), async (input, ctx) => saveActionFollowup(ctx.db, actorOf(ctx), input)),
  /** The åtgärdsplaner of the occasion of a period (`ramkoll actions`). */
  'actions.list': channel<ActionRound>()(z.strictObject({ period }), async (input, ctx) => {
    const occasion = occasionForPeriod(ctx.db, input.period);
    if (!occasion) throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för ${input.period}. Se ramkoll calendar för årets tillfällen.`);
    return actionRound(ctx.db, actorOf(ctx), occasion.id);
  }),
};

export type { ActionFollowupView, ActionItemView, ActionNode, ActionPlanView, ActionRound, EarlierAction } from '../../services/action-plans/round';
