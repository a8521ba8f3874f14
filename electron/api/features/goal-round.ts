import { z } from 'zod';
import { type AssignmentRound, assignmentRound, deleteAssignment, saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../../services/goals/assignments';
import { type CouncilIndicatorRound, councilIndicatorRound, saveCouncilIndicatorAssessment, stepCouncilIndicatorAssessment } from '../../services/goals/council';
import { type GoalDeadlines, setGoalDeadline } from '../../services/goals/deadlines';
import type { SimpleRoundView } from '../../services/goals/simple-round';
import { TEXT_LIMITS } from '../../services/text-limits';
import { yearSchema } from './core';
import { channel } from '../contract/define';
import { actorOf } from '../../services/followup/actor';
import { currentGoalPeriod } from '../../services/goals/occasions';
import { getSetting } from '../../services/settings';

const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, { message: 'perioden skrivs ÅÅÅÅMM, t.ex. 202608' });
const id = z.string().min(1).max(64);
const date = z.string().max(TEXT_LIMITS.date);
const action = z.enum(['ready', 'withdraw', 'approve', 'return']);
const step = { period, action, note: z.string().max(TEXT_LIMITS.comment).nullable().optional() };

/** Deadlines per goal level, uppdrag and the förvaltning's assessment of KF's styrtal (services/goals/). */
export const goalRoundChannels = {
  /** The controller's deadline for a goal level at an occasion; null removes it (the calendar's applies again). */
  'goals.deadline.set': channel<GoalDeadlines>()(
    z.strictObject({ period, level: z.enum(['council', 'board', 'sub', 'activity', 'assignment']), date: date.nullable() }),
    async (input, ctx) => setGoalDeadline(ctx.db, actorOf(ctx), input),
  ),
  /** The uppdrag of the occasion's year with their follow-up there (`ramkoll uppdrag`); without a period the latest goal occasion begun by today. */
  'goals.assignments': channel<AssignmentRound>()(z.strictObject({ period: period.optional() }), async (input, ctx) => assignmentRound(ctx.db, input.period ?? currentGoalPeriod(ctx.db, getSetting(ctx.db, 'year.active'), ctx.now()), actorOf(ctx))),
  'goals.assignment.save': channel<{ id: string; code: string }>()(
    z.strictObject({
      id: id.optional(),
      origin: z.enum(['council', 'board']),
      code: z.string().max(TEXT_LIMITS.code),
      title: z.string().max(TEXT_LIMITS.title),
      description: z.string().max(TEXT_LIMITS.comment).default(''),
      ownerCode: z.string().min(1).max(TEXT_LIMITS.code),
      decisionRef: z.string().max(TEXT_LIMITS.reference).default(''),
      decidedOn: date.nullable(),
      dueOn: date.nullable(),
      validFromYear: yearSchema,
      validToYear: yearSchema.nullable(),
      sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    }),
    async (input, ctx) => {
      const a = saveAssignment(ctx.db, actorOf(ctx), input);
      return { id: a.id, code: a.code };
    },
  ),
  'goals.assignment.delete': channel<null>()(z.strictObject({ id }), async (input, ctx) => {
    deleteAssignment(ctx.db, actorOf(ctx), input.id);
    return null;
  }),
  'goals.assignment.followup.save': channel<SimpleRoundView>()(
    z.strictObject({
      period,
      assignmentId: id,
      status: z.enum(['not_started', 'in_progress', 'done', 'closed_not_done']).nullable(),
      text: z.string().max(TEXT_LIMITS.text),
      baseUpdatedAt: z.string().max(40).nullable().optional(),
    }),
    async (input, ctx) => saveAssignmentFollowup(ctx.db, actorOf(ctx), input),
  ),
  /** klar / ångra / godkänn / skicka tillbaka (with a note). */
  'goals.assignment.followup.step': channel<SimpleRoundView>()(z.strictObject({ ...step, assignmentId: id }), async (input, ctx) => stepAssignmentFollowup(ctx.db, actorOf(ctx), input)),
  /** KF's styrtal at the occasion with the förvaltning's assessment. */
  'goals.council.indicators': channel<CouncilIndicatorRound>()(z.strictObject({ period }), async (input, ctx) => councilIndicatorRound(ctx.db, input.period, actorOf(ctx))),
  'goals.council.indicator.save': channel<SimpleRoundView>()(
    z.strictObject({
      period,
      indicatorId: id,
      status: z.enum(['met', 'partly_met', 'not_met', 'not_started']).nullable(),
      text: z.string().max(TEXT_LIMITS.text),
      baseUpdatedAt: z.string().max(40).nullable().optional(),
    }),
    async (input, ctx) => saveCouncilIndicatorAssessment(ctx.db, actorOf(ctx), input),
  ),
  'goals.council.indicator.step': channel<SimpleRoundView>()(z.strictObject({ ...step, indicatorId: id }), async (input, ctx) => stepCouncilIndicatorAssessment(ctx.db, actorOf(ctx), input)),
};

export type { AssignmentRound, AssignmentView } from '../../services/goals/assignments';
export type { CouncilIndicatorRound, CouncilIndicatorView } from '../../services/goals/council';
export type { GoalDeadlines, LevelDeadline } from '../../services/goals/deadlines';
export type { SimpleRoundView } from '../../services/goals/simple-round';
export type { AssignmentOrigin, AssignmentStatus, GoalDeadlineLevel } from '../../../db/schema';
