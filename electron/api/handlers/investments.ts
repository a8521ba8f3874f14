import type { PlanningMeta } from '../../services/budget/planning-common';
import { actorOf } from '../../services/followup/actor';
import { changeInvestmentCommentStatus, investmentRound, saveInvestmentComment } from '../../services/investments/comments';
import { generateCapitalLines } from '../../services/investments/generate';
import { investmentOverview } from '../../services/investments/overview';
import { deleteProject, saveInvestmentFrame, saveInvestmentSettings, saveProject } from '../../services/investments/projects';
import { getSetting } from '../../services/settings';
import type { INVESTMENTS_CHANNELS } from '../channel-names/investments';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';

function meta(ctx: HandlerContext): PlanningMeta {
  return { siteId: ctx.site.id, user: ctx.user, at: ctx.now().toISOString() };
}

export const investmentsHandlers: HandlerMap<(typeof INVESTMENTS_CHANNELS)[number]> = {
  'investments.get': async (input, ctx) => investmentOverview(ctx.db, input.year ?? getSetting(ctx.db, 'year.active')),
  'investments.project.save': async (input, ctx) => ({ id: saveProject(ctx.db, input, meta(ctx)) }),
  'investments.project.delete': async (input, ctx) => {
    deleteProject(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  },
  'investments.frame.set': async (input, ctx) => {
    saveInvestmentFrame(ctx.db, input, meta(ctx));
    return investmentOverview(ctx.db, input.year);
  },
  'investments.settings.save': async (input, ctx) => {
    saveInvestmentSettings(ctx.db, input, meta(ctx));
    return investmentOverview(ctx.db, input.year);
  },
  'investments.generate': async (input, ctx) => generateCapitalLines(ctx.db, input.versionId, meta(ctx)),
  'investments.round': async (input, ctx) => investmentRound(ctx.db, actorOf(ctx), input.occasionId),
  'investments.comment.save': async (input, ctx) => saveInvestmentComment(ctx.db, actorOf(ctx), input),
  'investments.comment.status': async (input, ctx) => changeInvestmentCommentStatus(ctx.db, actorOf(ctx), input),
};
