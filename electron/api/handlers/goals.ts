import type { GoalAssessmentTable } from '../../../db/schema';
import { getSetting } from '../../services/settings';
import type { Actor } from '../../services/goals/access';
import { deleteGoal, deleteIndicator, saveGoal, saveIndicator, setIndicatorValue } from '../../services/goals/chain';
import { importIndicatorValues } from '../../services/goals/import';
import { comparisonView, saveComparisonSettings } from '../../services/goals/comparison';
import { listOccasions } from '../../services/goals/occasions';
import { goalReportSection } from '../../services/goals/report';
import { approveAssessment, assessmentHistory, markReady, returnAssessment, saveAssessment, withdrawReady } from '../../services/goals/round';
import { goalTree, orgOptions, type AssessmentView } from '../../services/goals/tree';
import type { GOALS_CHANNELS } from '../channel-names/goals';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

/** The acting site and person: the services enforce what the role and scope allow. */
function actorOf(ctx: HandlerContext): Actor {
  return { role: ctx.site.role, scopeCode: ctx.site.scopeCode, siteId: ctx.site.id, user: ctx.user, now: ctx.now() };
}

function view(a: GoalAssessmentTable): AssessmentView {
  return { id: a.id, status: a.status, forecast: a.forecast, text: a.text, roundStatus: a.round_status, returnNote: a.return_note, author: a.author, updatedAt: a.updated_at, updatedBySite: a.updated_by_site };
}

export const goalsHandlers: HandlerMap<(typeof GOALS_CHANNELS)[number]> = {
  'goals.occasions': async (input, ctx) => listOccasions(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), { all: input.all }),
  'goals.owners': async (_input, ctx) => orgOptions(ctx.db),
  'goals.tree': async (input, ctx) => goalTree(ctx.db, input.period, { actor: actorOf(ctx) }),
  'goals.report': async (input, ctx) => goalReportSection(ctx.db, input.period),
  'goals.history': async (input, ctx) => assessmentHistory(ctx.db, input),
  'goals.assessment.save': async (input, ctx) => view(saveAssessment(ctx.db, actorOf(ctx), input)),
  'goals.assessment.ready': async (input, ctx) => view(markReady(ctx.db, actorOf(ctx), input)),
  'goals.assessment.withdraw': async (input, ctx) => view(withdrawReady(ctx.db, actorOf(ctx), input)),
  'goals.assessment.approve': async (input, ctx) => view(approveAssessment(ctx.db, actorOf(ctx), input)),
  'goals.assessment.return': async (input, ctx) => view(returnAssessment(ctx.db, actorOf(ctx), input, input.note)),
  'goals.goal.save': async (input, ctx) => {
    const g = saveGoal(ctx.db, actorOf(ctx), input);
    return { id: g.id, code: g.code };
  },
  'goals.goal.delete': async (input, ctx) => {
    deleteGoal(ctx.db, actorOf(ctx), input.id);
    return null;
  },
  'goals.indicator.save': async (input, ctx) => ({ id: saveIndicator(ctx.db, actorOf(ctx), input).id }),
  'goals.indicator.delete': async (input, ctx) => {
    deleteIndicator(ctx.db, actorOf(ctx), input.id);
    return null;
  },
  'goals.value.save': async (input, ctx) => ({ result: setIndicatorValue(ctx.db, actorOf(ctx), input) }),
  'goals.import': async (input, ctx) => {
    const task = 'Läser in styrtalsvärden';
    ctx.progress({ task, done: 0, total: null });
    const result = await importIndicatorValues(
      ctx.db,
      { path: ctx.files.readable(input.file), dryRun: input.dryRun, ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), ...(input.kommun !== undefined ? { kommun: input.kommun } : {}) },
      actorOf(ctx),
      (done, total) => ctx.progress({ task, done, total }),
    );
    ctx.progress({ task, done: 1, total: 1 });
    return result;
  },
  'goals.comparison': async (input, ctx) => comparisonView(ctx.db, input.seriesKeys),
  'goals.comparison.save': async (input, ctx) => saveComparisonSettings(ctx.db, actorOf(ctx), input),
};
