import { RamkollError } from '../../../db/errors';
import { actionRound } from '../../services/action-plans/round';
import { changeActionPlanStatus, deleteActionItem, saveActionFollowup, saveActionItem } from '../../services/action-plans/write';
import { actorOf } from '../../services/followup/actor';
import { occasionForPeriod } from '../../services/followup/calendar';
import type { ACTION_PLAN_CHANNELS } from '../channel-names/action-plans';
import type { HandlerMap } from './types';

export const actionPlanHandlers: HandlerMap<(typeof ACTION_PLAN_CHANNELS)[number]> = {
  'actions.round': async (input, ctx) => actionRound(ctx.db, actorOf(ctx), input.occasionId),
  'actions.item.save': async (input, ctx) => saveActionItem(ctx.db, actorOf(ctx), input),
  'actions.item.delete': async (input, ctx) => deleteActionItem(ctx.db, actorOf(ctx), input),
  'actions.status': async (input, ctx) => changeActionPlanStatus(ctx.db, actorOf(ctx), input),
  'actions.followup.save': async (input, ctx) => saveActionFollowup(ctx.db, actorOf(ctx), input),
  'actions.list': async (input, ctx) => {
    const occasion = occasionForPeriod(ctx.db, input.period);
    if (!occasion) throw new RamkollError('NOT_FOUND', `Det finns inget uppföljningstillfälle för ${input.period}. Se ramkoll calendar för årets tillfällen.`);
    return actionRound(ctx.db, actorOf(ctx), occasion.id);
  },
};
