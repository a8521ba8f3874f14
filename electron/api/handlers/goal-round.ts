import { actorOf } from '../../services/followup/actor';
import { assignmentRound, deleteAssignment, saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../../services/goals/assignments';
import { councilIndicatorRound, saveCouncilIndicatorAssessment, stepCouncilIndicatorAssessment } from '../../services/goals/council';
import { setGoalDeadline } from '../../services/goals/deadlines';
import { currentGoalPeriod } from '../../services/goals/occasions';
import { getSetting } from '../../services/settings';
import type { GOAL_ROUND_CHANNELS } from '../channel-names/goal-round';
import type { HandlerMap } from './types';

export const goalRoundHandlers: HandlerMap<(typeof GOAL_ROUND_CHANNELS)[number]> = {
  'goals.deadline.set': async (input, ctx) => setGoalDeadline(ctx.db, actorOf(ctx), input),
  'goals.assignments': async (input, ctx) => assignmentRound(ctx.db, input.period ?? currentGoalPeriod(ctx.db, getSetting(ctx.db, 'year.active'), ctx.now()), actorOf(ctx)),
  'goals.assignment.save': async (input, ctx) => {
    const a = saveAssignment(ctx.db, actorOf(ctx), input);
    return { id: a.id, code: a.code };
  },
  'goals.assignment.delete': async (input, ctx) => {
    deleteAssignment(ctx.db, actorOf(ctx), input.id);
    return null;
  },
  'goals.assignment.followup.save': async (input, ctx) => saveAssignmentFollowup(ctx.db, actorOf(ctx), input),
  'goals.assignment.followup.step': async (input, ctx) => stepAssignmentFollowup(ctx.db, actorOf(ctx), input),
  'goals.council.indicators': async (input, ctx) => councilIndicatorRound(ctx.db, input.period, actorOf(ctx)),
  'goals.council.indicator.save': async (input, ctx) => saveCouncilIndicatorAssessment(ctx.db, actorOf(ctx), input),
  'goals.council.indicator.step': async (input, ctx) => stepCouncilIndicatorAssessment(ctx.db, actorOf(ctx), input),
};
