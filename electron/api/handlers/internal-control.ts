import { actorOf } from '../../services/followup/actor';
import { listControls } from '../../services/internal-control/listing';
import { controlPlan, deleteControl, saveControl } from '../../services/internal-control/plan';
import { saveControlResult } from '../../services/internal-control/results';
import type { INTERNAL_CONTROL_CHANNELS } from '../channel-names/internal-control';
import type { HandlerMap } from './types';

export const internalControlHandlers: HandlerMap<(typeof INTERNAL_CONTROL_CHANNELS)[number]> = {
  'control.plan': async (input, ctx) => controlPlan(ctx.db, actorOf(ctx), input.year),
  'control.save': async (input, ctx) => saveControl(ctx.db, actorOf(ctx), input),
  'control.delete': async (input, ctx) => {
    deleteControl(ctx.db, actorOf(ctx), input.year, input.code);
    return { ok: true as const };
  },
  'control.result.save': async (input, ctx) => saveControlResult(ctx.db, actorOf(ctx), input),
  'control.list': async (input, ctx) => listControls(ctx.db, actorOf(ctx), input.year, input.period),
};
