import { z } from 'zod';
import { type GoalOccasion, listOccasions } from '../../services/goals/occasions';
import { type GoalReportSection, goalReportSection } from '../../services/goals/report';
import { type AssessmentEvent, approveAssessment, assessmentHistory, markReady, returnAssessment, saveAssessment, withdrawReady } from '../../services/goals/round';
import { type AssessmentView, type GoalTree, type OrgOption, goalTree, orgOptions } from '../../services/goals/tree';
import { type IndicatorImportResult, importIndicatorValues } from '../../services/goals/import';
import { type ComparisonView, comparisonView, saveComparisonSettings } from '../../services/goals/comparison';
import { fileRefSchema, yearSchema } from './core';
import { channel } from '../contract/define';
import { TEXT_LIMITS } from '../../services/text-limits';
import type { GoalAssessmentTable } from '../../../db/schema';
import { getSetting } from '../../services/settings';
import type { Actor } from '../../services/goals/access';
import { deleteGoal, deleteIndicator, saveGoal, saveIndicator, setIndicatorValue } from '../../services/goals/chain';
import type { HandlerContext } from '../context';

const periodSchema = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, { message: 'perioden skrivs ÅÅÅÅMM, t.ex. 202608' });
const idSchema = z.string().min(1).max(64);
const levelSchema = z.enum(['council', 'board', 'sub', 'activity']);
const statusSchema = z.enum(['met', 'partly_met', 'not_met', 'not_started', 'done', 'in_progress']).nullable();
const ref = { period: periodSchema, goalId: idSchema };

export interface GoalSaved {
  id: string;
  code: string;
}

/** The acting site and person: the services enforce what the role and scope allow. */
function actorOf(ctx: HandlerContext): Actor {
  return { role: ctx.site.role, scopeCode: ctx.site.scopeCode, siteId: ctx.site.id, user: ctx.user, now: ctx.now() };
}

function view(a: GoalAssessmentTable): AssessmentView {
  return { id: a.id, status: a.status, forecast: a.forecast, text: a.text, roundStatus: a.round_status, returnNote: a.return_note, author: a.author, updatedAt: a.updated_at, updatedBySite: a.updated_by_site };
}

/** The goal chain, its follow-up per occasion, styrtal and their import. */
export const goalsChannels = {
  'goals.occasions': channel<GoalOccasion[]>()(z.strictObject({ year: yearSchema.optional(), all: z.boolean().default(false) }), async (input, ctx) => listOccasions(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), { all: input.all })),
  'goals.owners': channel<OrgOption[]>()(z.strictObject({}), async (_input, ctx) => orgOptions(ctx.db)),
  'goals.tree': channel<GoalTree>()(z.strictObject({ period: periodSchema }), async (input, ctx) => goalTree(ctx.db, input.period, { actor: actorOf(ctx) })),
  'goals.report': channel<GoalReportSection>()(z.strictObject({ period: periodSchema }), async (input, ctx) => goalReportSection(ctx.db, input.period)),
  'goals.history': channel<AssessmentEvent[]>()(z.strictObject(ref), async (input, ctx) => assessmentHistory(ctx.db, input)),
  'goals.assessment.save': channel<AssessmentView>()(
    z.strictObject({ ...ref, status: statusSchema, forecast: statusSchema, text: z.string().max(TEXT_LIMITS.text), baseUpdatedAt: z.string().max(40).nullable().optional() }),
    async (input, ctx) => view(saveAssessment(ctx.db, actorOf(ctx), input)),
  ),
  'goals.assessment.ready': channel<AssessmentView>()(z.strictObject(ref), async (input, ctx) => view(markReady(ctx.db, actorOf(ctx), input))),
  'goals.assessment.withdraw': channel<AssessmentView>()(z.strictObject(ref), async (input, ctx) => view(withdrawReady(ctx.db, actorOf(ctx), input))),
  'goals.assessment.approve': channel<AssessmentView>()(z.strictObject(ref), async (input, ctx) => view(approveAssessment(ctx.db, actorOf(ctx), input))),
  'goals.assessment.return': channel<AssessmentView>()(z.strictObject({ ...ref, note: z.string().max(TEXT_LIMITS.comment) }), async (input, ctx) => view(returnAssessment(ctx.db, actorOf(ctx), input, input.note))),
  'goals.goal.save': channel<GoalSaved>()(
    z.strictObject({
      id: idSchema.optional(),
      level: levelSchema,
      parentId: idSchema.nullable(),
      code: z.string().max(100),
      title: z.string().max(TEXT_LIMITS.title),
      description: z.string().max(TEXT_LIMITS.text).default(''),
      ownerCode: z.string().min(1).max(40),
      validFromYear: yearSchema,
      validToYear: yearSchema.nullable(),
      sortOrder: z.number().int().min(0).max(1_000_000).optional(),
      /** An aktivitet's plan: responsible person, start, end, cost in öre (absent: unchanged). */
      activity: z
        .strictObject({
          responsible: z.string().max(TEXT_LIMITS.reference),
          startOn: z.string().max(TEXT_LIMITS.date).nullable(),
          endOn: z.string().max(TEXT_LIMITS.date).nullable(),
          costOre: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
        })
        .optional(),
    }),
    async (input, ctx) => {
      const g = saveGoal(ctx.db, actorOf(ctx), input);
      return { id: g.id, code: g.code };
    },
  ),
  'goals.goal.delete': channel<null>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    deleteGoal(ctx.db, actorOf(ctx), input.id);
    return null;
  }),
  'goals.indicator.save': channel<{ id: string }>()(
    z.strictObject({
      id: idSchema.optional(),
      goalId: idSchema,
      name: z.string().max(TEXT_LIMITS.title),
      unit: z.string().max(TEXT_LIMITS.code),
      direction: z.enum(['higher', 'lower']),
      source: z.enum(['kolada', 'own']),
      seriesKey: z.string().max(TEXT_LIMITS.code),
      sourceNote: z.string().max(TEXT_LIMITS.note).default(''),
      startValue: z.string().max(40).nullable(),
      startYear: yearSchema.nullable(),
      targetValue: z.string().max(40),
      targetYear: yearSchema,
      sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    }),
    async (input, ctx) => ({ id: saveIndicator(ctx.db, actorOf(ctx), input).id }),
  ),
  'goals.indicator.delete': channel<null>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    deleteIndicator(ctx.db, actorOf(ctx), input.id);
    return null;
  }),
  'goals.value.save': channel<{ result: 'created' | 'updated' | 'unchanged' | 'removed' }>()(
    z.strictObject({ seriesKey: z.string().min(1).max(100), date: z.string().max(20), value: z.string().max(40).nullable(), note: z.string().max(500).optional() }),
    async (input, ctx) => ({ result: setIndicatorValue(ctx.db, actorOf(ctx), input) }),
  ),
  'goals.import': channel<IndicatorImportResult>()(
    z.strictObject({ file: fileRefSchema, sheet: z.string().min(1).max(200).optional(), kommun: z.string().min(1).max(100).optional(), dryRun: z.boolean().default(false) }),
    { heavy: true },
    async (input, ctx) => {
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
  ),
  /** Styrtal beside Kolada's other kommuner, the comparison group, the region and riket (all series with comparison rows, or those named). */
  'goals.comparison': channel<ComparisonView>()(z.strictObject({ seriesKeys: z.array(z.string().min(1).max(100)).max(500).optional() }), async (input, ctx) => comparisonView(ctx.db, input.seriesKeys)),
  'goals.comparison.save': channel<ComparisonView>()(
    z.strictObject({
      kommunCode: z.string().max(10),
      group: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('grupp'), code: z.string().min(1).max(20) }),
          z.strictObject({ kind: z.literal('kommuner'), codes: z.array(z.string().min(1).max(100)).max(300) }),
        ])
        .nullable(),
    }),
    async (input, ctx) => saveComparisonSettings(ctx.db, actorOf(ctx), input),
  ),
};

export type { GoalOccasion } from '../../services/goals/occasions';
export type { GoalReportSection, ReportBoardGoal, ReportCouncilGoal, ReportGoal, ReportIndicator } from '../../services/goals/report';
export type { AssessmentEvent } from '../../services/goals/round';
export type { AssessmentView, GoalRow, GoalTree, IndicatorView, LevelCounts, OrgOption, OwnerOption, StatusKey } from '../../services/goals/tree';
export type { IndicatorImportResult } from '../../services/goals/import';
export type { ComparisonGroup, ComparisonView, ComparisonYear, SeriesComparison } from '../../services/goals/comparison';
export type { CommentStatus, GoalLevel, GoalStatus } from '../../services/goals/types';
