import { z } from 'zod';
import { type CliControlPlan, listControls } from '../../services/internal-control/listing';
import { CONTROL_LIMITS, CONTROL_OCCASION_KINDS, type ControlPlan, type ControlResultView, type ControlView, controlPlan, deleteControl, saveControl } from '../../services/internal-control/plan';
import { TEXT_LIMITS } from '../../services/text-limits';
import { channel } from '../contract/define';
import { actorOf } from '../../services/followup/actor';
import { saveControlResult } from '../../services/internal-control/results';

const id = z.string().min(1).max(TEXT_LIMITS.id);
const code = z.string().min(1).max(TEXT_LIMITS.code);
const year = z.number().int().min(2000).max(2100);
const grade = z.number().int().min(1).max(4);
/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202608');

/** The nämnd's internal control plan and its results (issue 19 point 4): services/internal-control/. */
export const internalControlChannels = {
  /** The year's plan with every result, as this installation sees it (a chef: its own part's controls). */
  'control.plan': channel<ControlPlan>()(z.strictObject({ year }), async (input, ctx) => controlPlan(ctx.db, actorOf(ctx), input.year)),
  /** Adds or changes a control (by year and code); the controller's. */
  'control.save': channel<ControlView>()(
    z.strictObject({
      year,
      code: z.string().max(CONTROL_LIMITS.code),
      process: z.string().max(CONTROL_LIMITS.name),
      risk: z.string().max(CONTROL_LIMITS.text),
      probability: grade,
      consequence: grade,
      controlStep: z.string().max(CONTROL_LIMITS.text),
      node: code,
      responsible: z.string().max(CONTROL_LIMITS.name),
      occasionKinds: z.array(z.enum(CONTROL_OCCASION_KINDS)).max(3),
      sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    }),
    async (input, ctx) => saveControl(ctx.db, actorOf(ctx), input),
  ),
  'control.delete': channel<{ ok: true }>()(z.strictObject({ year, code: z.string().min(1).max(CONTROL_LIMITS.code) }), async (input, ctx) => {
    deleteControl(ctx.db, actorOf(ctx), input.year, input.code);
    return { ok: true as const };
  }),
  /** A control's result at an occasion; the level the control is assigned to, or the controller. */
  'control.result.save': channel<ControlResultView>()(
    z.strictObject({
      controlId: id,
      occasionId: id,
      performed: z.boolean(),
      deviation: z.boolean(),
      observations: z.string().max(CONTROL_LIMITS.text + 100),
      actions: z.string().max(CONTROL_LIMITS.text + 100),
      actionOwner: z.string().max(CONTROL_LIMITS.name),
      actionDue: z.string().max(TEXT_LIMITS.date).nullable(),
    }),
    async (input, ctx) => saveControlResult(ctx.db, actorOf(ctx), input),
  ),
  /** The plan and results of a year, or of one occasion (`ramkoll control`). */
  'control.list': channel<CliControlPlan>()(z.strictObject({ year, period: period.optional() }), async (input, ctx) => listControls(ctx.db, actorOf(ctx), input.year, input.period)),
};

export type { CliControlPlan, CliControlRow } from '../../services/internal-control/listing';
export type { ControlOccasion, ControlOccasionKind, ControlPlan, ControlResultView, ControlView } from '../../services/internal-control/plan';
