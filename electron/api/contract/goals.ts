import { z } from 'zod';
import type { GoalOccasion } from '../../services/goals/occasions';
import type { GoalReportSection } from '../../services/goals/report';
import type { AssessmentEvent } from '../../services/goals/round';
import type { AssessmentView, GoalTree, OrgOption } from '../../services/goals/tree';
import type { IndicatorImportResult } from '../../services/goals/import';
import type { ComparisonView } from '../../services/goals/comparison';
import { fileRefSchema, yearSchema } from './core';
import { channel } from './define';
import { TEXT_LIMITS } from '../../services/text-limits';

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

/** The goal chain, its follow-up per occasion, styrtal and their import. */
export const goalsContract = {
  'goals.occasions': channel<GoalOccasion[]>()(z.strictObject({ year: yearSchema.optional(), all: z.boolean().default(false) })),
  'goals.owners': channel<OrgOption[]>()(z.strictObject({})),
  'goals.tree': channel<GoalTree>()(z.strictObject({ period: periodSchema })),
  'goals.report': channel<GoalReportSection>()(z.strictObject({ period: periodSchema })),
  'goals.history': channel<AssessmentEvent[]>()(z.strictObject(ref)),
  'goals.assessment.save': channel<AssessmentView>()(
    z.strictObject({ ...ref, status: statusSchema, forecast: statusSchema, text: z.string().max(TEXT_LIMITS.text), baseUpdatedAt: z.string().max(40).nullable().optional() }),
  ),
  'goals.assessment.ready': channel<AssessmentView>()(z.strictObject(ref)),
  'goals.assessment.withdraw': channel<AssessmentView>()(z.strictObject(ref)),
  'goals.assessment.approve': channel<AssessmentView>()(z.strictObject(ref)),
  'goals.assessment.return': channel<AssessmentView>()(z.strictObject({ ...ref, note: z.string().max(TEXT_LIMITS.comment) })),
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
  ),
  'goals.goal.delete': channel<null>()(z.strictObject({ id: idSchema })),
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
  ),
  'goals.indicator.delete': channel<null>()(z.strictObject({ id: idSchema })),
  'goals.value.save': channel<{ result: 'created' | 'updated' | 'unchanged' | 'removed' }>()(
    z.strictObject({ seriesKey: z.string().min(1).max(100), date: z.string().max(20), value: z.string().max(40).nullable(), note: z.string().max(500).optional() }),
  ),
  'goals.import': channel<IndicatorImportResult>()(
    z.strictObject({ file: fileRefSchema, sheet: z.string().min(1).max(200).optional(), kommun: z.string().min(1).max(100).optional(), dryRun: z.boolean().default(false) }),
    { heavy: true },
  ),
  /** Styrtal beside Kolada's other kommuner, the comparison group, the region and riket (all series with comparison rows, or those named). */
  'goals.comparison': channel<ComparisonView>()(z.strictObject({ seriesKeys: z.array(z.string().min(1).max(100)).max(500).optional() })),
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
  ),
};

export type { GoalOccasion } from '../../services/goals/occasions';
export type { GoalReportSection, ReportBoardGoal, ReportCouncilGoal, ReportGoal, ReportIndicator } from '../../services/goals/report';
export type { AssessmentEvent } from '../../services/goals/round';
export type { AssessmentView, GoalRow, GoalTree, IndicatorView, LevelCounts, OrgOption, OwnerOption, StatusKey } from '../../services/goals/tree';
export type { IndicatorImportResult } from '../../services/goals/import';
export type { ComparisonGroup, ComparisonView, ComparisonYear, SeriesComparison } from '../../services/goals/comparison';
export type { CommentStatus, GoalLevel, GoalStatus } from '../../services/goals/types';
