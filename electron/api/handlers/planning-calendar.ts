import { stockholmDate } from '../../../shared/dates';
import {
  createDefaultPlanningSteps,
  deletePlanningStep,
  listPlanningSteps,
  planningStepsDue,
  restorePlanningStep,
  savePlanningStep,
  setPlanningStepDone,
  type StepMeta,
} from '../../services/planning-calendar/steps';
import { yearCalendar } from '../../services/planning-calendar/year';
import { getSetting } from '../../services/settings';
import type { PLANNING_CALENDAR_CHANNELS } from '../channel-names/planning-calendar';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

const meta = (ctx: HandlerContext): StepMeta => ({ siteId: ctx.site.id, at: ctx.now().toISOString() });
/** Today in Sweden by the one clock: what "late" is measured against. */
const today = (ctx: HandlerContext) => stockholmDate(ctx.now());

export const planningCalendarHandlers: HandlerMap<(typeof PLANNING_CALENDAR_CHANNELS)[number]> = {
  'calendar.year': async (input, ctx) => yearCalendar(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), ctx.now()),
  // In the active year the next budget is planned: its steps are the ones at hand.
  'planningSteps.list': async (input, ctx) => listPlanningSteps(ctx.db, input.year ?? getSetting(ctx.db, 'year.active') + 1, today(ctx)),
  'planningSteps.due': async (_input, ctx) => planningStepsDue(ctx.db, today(ctx)),
  'planningSteps.save': async (input, ctx) => ({ id: savePlanningStep(ctx.db, input, meta(ctx), ctx.site.role) }),
  'planningSteps.setDone': async (input, ctx) => {
    setPlanningStepDone(ctx.db, input.id, input.done ? (input.doneOn ?? today(ctx)) : null, meta(ctx), ctx.site.role);
    return { id: input.id };
  },
  'planningSteps.delete': async (input, ctx) => {
    deletePlanningStep(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  },
  'planningSteps.restore': async (input, ctx) => {
    restorePlanningStep(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  },
  'planningSteps.createDefault': async (input, ctx) => ({ added: createDefaultPlanningSteps(ctx.db, input.year, meta(ctx), ctx.site.role) }),
};
