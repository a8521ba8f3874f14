import { z } from 'zod';
import type { CapitalLinesResult } from '../../services/investments/generate';
import type { InvestmentOverview } from '../../services/investments/overview';
import type { InvestmentRound, InvestmentRoundProject } from '../../services/investments/comments';
import { TEXT_LIMITS } from '../../services/text-limits';
import { yearSchema } from './core';
import { channel } from './define';

const id = z.string().min(1).max(64);
const code = z.string().min(1).max(40);
const ore = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
/** YYYYMM */
const period = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'månaden skrivs ÅÅÅÅMM, t.ex. 202603');
const text = (max: number) => z.string().max(max);

export type { InvestmentOverview, ProjectOverview } from '../../services/investments/overview';
export type { CapitalLinesResult } from '../../services/investments/generate';
export type { InvestmentRound, InvestmentRoundProject, InvestmentComment } from '../../services/investments/comments';

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

/** The investment budget: projects with components and years, investment ramar, internränta, and the kapitaltjänst lines they generate. */
export const investmentsContract = {
  'investments.get': channel<InvestmentOverview>()(z.strictObject({ year: yearSchema.optional() })),
  'investments.project.save': channel<{ id: string }>()(investmentProjectSchema),
  'investments.project.delete': channel<{ id: string }>()(z.strictObject({ id })),
  'investments.frame.set': channel<InvestmentOverview>()(z.strictObject({ responsibilityCode: code, year: yearSchema, amountOre: ore.min(0).nullable(), note: text(TEXT_LIMITS.note).nullable().optional() })),
  'investments.settings.save': channel<InvestmentOverview>()(
    z.strictObject({
      year: yearSchema,
      rateBp: z.number().int().min(0).max(10000),
      rateSource: text(TEXT_LIMITS.reference).optional(),
      depreciationAccountCode: code,
      interestAccountCode: code,
    }),
  ),
  'investments.generate': channel<CapitalLinesResult>()(z.strictObject({ versionId: id })),
  /** The projects in an occasion's comment round: figures, whether a comment is required, the comment. */
  'investments.round': channel<InvestmentRound>()(z.strictObject({ occasionId: id })),
  'investments.comment.save': channel<InvestmentRoundProject>()(
    z.strictObject({ occasionId: id, projectCode: code, cause: text(TEXT_LIMITS.comment), action: text(TEXT_LIMITS.comment) }),
  ),
  'investments.comment.status': channel<InvestmentRoundProject>()(
    z.strictObject({ occasionId: id, projectCode: code, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: text(TEXT_LIMITS.comment).optional() }),
  ),
};
