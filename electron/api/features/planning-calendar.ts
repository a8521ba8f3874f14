import { z } from 'zod';
import { type PlanningStep, type PlanningStepList, createDefaultPlanningSteps, deletePlanningStep, listPlanningSteps, planningStepsDue, restorePlanningStep, savePlanningStep, setPlanningStepDone, type StepMeta } from '../../services/planning-calendar/steps';
import { type YearCalendar, yearCalendar } from '../../services/planning-calendar/year';
import { TEXT_LIMITS } from '../../services/text-limits';
import { yearSchema } from './core';
import { channel } from '../contract/define';
import { stockholmDate } from '../../../shared/dates';
import { getSetting } from '../../services/settings';
import type { HandlerContext } from '../context';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ange datum som ÅÅÅÅ-MM-DD');

/** A planning step as the app and the CLI send it; the service checks the rest and names the field. */
export const planningStepInputSchema = z.strictObject({
  id: id.optional(),
  year: yearSchema,
  kind: z.enum(['directive', 'frames', 'distribution', 'detail_budget', 'board_decision', 'registration', 'other']),
  title: z.string().max(TEXT_LIMITS.title).nullable().optional(),
  dueOn: isoDate,
  actor: z.enum(['economy', 'council', 'controller', 'sector', 'operation', 'unit', 'board']),
  note: z.string().max(TEXT_LIMITS.note).nullable().optional(),
  doneOn: isoDate.nullable().optional(),
});

const meta = (ctx: HandlerContext): StepMeta => ({ siteId: ctx.site.id, at: ctx.now().toISOString() });
/** Today in Sweden by the one clock: what "late" is measured against. */
const today = (ctx: HandlerContext) => stockholmDate(ctx.now());

/** The channels of the planning calendar: the budget process's steps in the årshjul, and the year's calendar as a whole. */
export const planningCalendarChannels = {
  /** The årshjul of a calendar year: reporting occasions and the planning steps due in it, with what is late. */
  'calendar.year': channel<YearCalendar>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => yearCalendar(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), ctx.now())),
  /** A budget year's steps (default: the year after the active one, whose budget is planned now). */
  // In the active year the next budget is planned: its steps are the ones at hand.
  'planningSteps.list': channel<PlanningStepList>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => listPlanningSteps(ctx.db, input.year ?? getSetting(ctx.db, 'year.active') + 1, today(ctx))),
  /** Late steps of any budget year, and those due within 30 days: Översikt. */
  'planningSteps.due': channel<{ today: string; late: PlanningStep[]; coming: PlanningStep[] }>()(z.strictObject({}), async (_input, ctx) => planningStepsDue(ctx.db, today(ctx))),
  'planningSteps.save': channel<{ id: string }>()(planningStepInputSchema, async (input, ctx) => ({ id: savePlanningStep(ctx.db, input, meta(ctx), ctx.site.role) })),
  /** done: true marks it done on doneOn (default: today), false takes the mark away. */
  'planningSteps.setDone': channel<{ id: string }>()(z.strictObject({ id, done: z.boolean(), doneOn: isoDate.optional() }), async (input, ctx) => {
    setPlanningStepDone(ctx.db, input.id, input.done ? (input.doneOn ?? today(ctx)) : null, meta(ctx), ctx.site.role);
    return { id: input.id };
  }),
  'planningSteps.delete': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deletePlanningStep(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  }),
  'planningSteps.restore': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    restorePlanningStep(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  }),
  'planningSteps.createDefault': channel<{ added: number }>()(z.strictObject({ year: yearSchema }), async (input, ctx) => ({ added: createDefaultPlanningSteps(ctx.db, input.year, meta(ctx), ctx.site.role) })),
};

export type { PlanningStep, PlanningStepList } from '../../services/planning-calendar/steps';
export type { YearCalendar, CalendarOccasion } from '../../services/planning-calendar/year';
