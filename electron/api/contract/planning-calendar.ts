import { z } from 'zod';
import type { PlanningStep, PlanningStepList } from '../../services/planning-calendar/steps';
import type { YearCalendar } from '../../services/planning-calendar/year';
import { TEXT_LIMITS } from '../../services/text-limits';
import { yearSchema } from './core';
import { channel } from './define';

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

/** The channels of the planning calendar: the budget process's steps in the årshjul, and the year's calendar as a whole. */
export const planningCalendarContract = {
  /** The årshjul of a calendar year: reporting occasions and the planning steps due in it, with what is late. */
  'calendar.year': channel<YearCalendar>()(z.strictObject({ year: yearSchema.optional() })),
  /** A budget year's steps (default: the year after the active one, whose budget is planned now). */
  'planningSteps.list': channel<PlanningStepList>()(z.strictObject({ year: yearSchema.optional() })),
  /** Late steps of any budget year, and those due within 30 days: Översikt. */
  'planningSteps.due': channel<{ today: string; late: PlanningStep[]; coming: PlanningStep[] }>()(z.strictObject({})),
  'planningSteps.save': channel<{ id: string }>()(planningStepInputSchema),
  /** done: true marks it done on doneOn (default: today), false takes the mark away. */
  'planningSteps.setDone': channel<{ id: string }>()(z.strictObject({ id, done: z.boolean(), doneOn: isoDate.optional() })),
  'planningSteps.delete': channel<{ id: string }>()(z.strictObject({ id })),
  'planningSteps.restore': channel<{ id: string }>()(z.strictObject({ id })),
  'planningSteps.createDefault': channel<{ added: number }>()(z.strictObject({ year: yearSchema })),
};

export type { PlanningStep, PlanningStepList } from '../../services/planning-calendar/steps';
export type { YearCalendar, CalendarOccasion } from '../../services/planning-calendar/year';
