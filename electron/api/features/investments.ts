import { z } from 'zod';
import { type CapitalLinesResult, generateCapitalLines } from '../../services/investments/generate';
import { type InvestmentOverview, investmentOverview } from '../../services/investments/overview';
import { type InvestmentRound, type InvestmentRoundProject, changeInvestmentCommentStatus, investmentRound, saveInvestmentComment } from '../../services/investments/comments';
import { TEXT_LIMITS } from '../../services/text-limits';
import { yearSchema } from './core';
import { channel } from '../contract/define';
import type { PlanningMeta } from '../../services/budget/planning-common';
import { actorOf } from '../../services/followup/actor';
import { deleteProject, saveInvestmentFrame, saveInvestmentSettings, saveProject } from '../../services/investments/projects';
import { getSetting } from '../../services/settings';
import type { HandlerContext } from '../context';

const id = z.string().min(1).max(64);
const code = z.string().min(1).max(40);
const ore = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202603');
const text = (max: number) => z.string().max(max);

export const investmentProjectSchema = z.strictObject({
  id: id.optional(),
  code: code,
  name: text(TEXT_LIMITS.name),
  responsibilityCode: code,
  category: z.enum(['reinvestment', 'expansion', 'development']),
  startPeriod: period,
  plannedActivation: period,
  activated: period.nullable(),
  note: text(TEXT_LIMITS.note).nullable().optional(),
  components: z
    .array(
      z.strictObject({
        name: text(TEXT_LIMITS.name),
        amountOre: ore.min(0).nullable(),
        shareBp: z.number().int().min(0).max(10000).nullable(),
        lifeYears: z.number().int().min(1).max(100),
      }),
    )
    .max(50),
  years: z.array(z.strictObject({ year: yearSchema, budgetOre: ore, forecastOre: ore.nullable(), comment: text(TEXT_LIMITS.comment).nullable() })).max(50),
});

function meta(ctx: HandlerContext): PlanningMeta {
  return { siteId: ctx.site.id, user: ctx.user, at: ctx.now().toISOString() };
}

/** The investment budget: projects with components and years, investment ramar, internränta, and the kapitaltjänst lines they generate. */
export const investmentsChannels = {
  'investments.get': channel<InvestmentOverview>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => investmentOverview(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'))),
  'investments.project.save': channel<{ id: string }>()(investmentProjectSchema, async (input, ctx) => ({ id: saveProject(ctx.db, input, meta(ctx)) })),
  'investments.project.delete': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deleteProject(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  }),
  'investments.frame.set': channel<InvestmentOverview>()(
    z.strictObject({ responsibilityCode: code, year: yearSchema, amountOre: ore.min(0).nullable(), note: text(TEXT_LIMITS.note).nullable().optional() }),
    async (input, ctx) => {
      saveInvestmentFrame(ctx.db, input, meta(ctx));
      return investmentOverview(ctx.db, input.year);
    },
  ),
  'investments.settings.save': channel<InvestmentOverview>()(
    z.strictObject({
      year: yearSchema,
      rateBp: z.number().int().min(0).max(10000),
      rateSource: text(TEXT_LIMITS.reference).optional(),
      depreciationAccountCode: code,
      interestAccountCode: code,
    }),
    async (input, ctx) => {
      saveInvestmentSettings(ctx.db, input, meta(ctx));
      return investmentOverview(ctx.db, input.year);
    },
  ),
  'investments.generate': channel<CapitalLinesResult>()(z.strictObject({ versionId: id }), async (input, ctx) => generateCapitalLines(ctx.db, input.versionId, meta(ctx))),
  /** The projects in an occasion's comment round: figures, whether a comment is required, the comment. */
  'investments.round': channel<InvestmentRound>()(z.strictObject({ occasionId: id }), async (input, ctx) => investmentRound(ctx.db, actorOf(ctx), input.occasionId)),
  'investments.comment.save': channel<InvestmentRoundProject>()(
    z.strictObject({ occasionId: id, projectCode: code, cause: text(TEXT_LIMITS.comment), action: text(TEXT_LIMITS.comment) }),
    async (input, ctx) => saveInvestmentComment(ctx.db, actorOf(ctx), input),
  ),
  'investments.comment.status': channel<InvestmentRoundProject>()(
    z.strictObject({ occasionId: id, projectCode: code, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: text(TEXT_LIMITS.comment).optional() }),
    async (input, ctx) => changeInvestmentCommentStatus(ctx.db, actorOf(ctx), input),
  ),
};

export type { InvestmentOverview, ProjectOverview } from '../../services/investments/overview';
export type { CapitalLinesResult } from '../../services/investments/generate';
export type { InvestmentRound, InvestmentRoundProject, InvestmentComment } from '../../services/investments/comments';
