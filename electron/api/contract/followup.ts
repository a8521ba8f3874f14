import { z } from 'zod';
import type { RoleName } from '../../../shared/roles';
import type { AccuracyView } from '../../services/followup/accuracy';
import type { Occasion } from '../../services/followup/calendar';
import type { RowChart } from '../../services/followup/chart';
import type { CommentDetail } from '../../services/followup/comments';
import type { CommentSummary } from '../../services/followup/figures';
import type { DrillDown } from '../../services/followup/drilldown';
import type { ForecastDetail } from '../../services/followup/forecast';
import type { Threshold } from '../../services/followup/model';
import type { RoundStatus } from '../../services/followup/round';
import type { CliDeviationRow, DeviationRow, DeviationView } from '../../services/followup/rows';
import { fileRefSchema, yearSchema } from './core';
import { channel } from './define';
import { TEXT_LIMITS } from '../../services/text-limits';

const periodSchema = z
  .number()
  .int()
  .refine((p) => p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12, 'ange perioden som ÅÅÅÅMM, t.ex. 202610');
const idSchema = z.string().min(1).max(100);
const codeSchema = z.string().max(100);
/** A row of the deviation grid: 'n:3100', 'n:3100/g:personnel', 'n:3100/g:personnel/a:5010', 'd:…', 'u:…'. */
const rowKeySchema = z.string().min(3).max(1000);
const levelSchema = z.enum(['administration', 'sector', 'operation', 'unit']);
const groupSchema = z.enum(['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial']);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ange datum som ÅÅÅÅ-MM-DD').nullable();
/** An amount or share as typed, e.g. "250 000" or "2,5"; '' for none. Parsed exactly on the Node side. */
const typedNumberSchema = z.string().max(40);

export interface FollowUpCalendar {
  year: number;
  occasions: Occasion[];
  /** Latest period of the year with outcome. */
  latestPeriod: number | null;
  /** The period the Uppföljning page opens on: the latest with outcome. */
  defaultPeriod: number;
  thresholds: Threshold[];
  site: { role: RoleName; scopeCode: string | null };
  /** ISO date of today, for deadlines. */
  today: string;
}

/** The channels of follow-up: calendar, deviations, comments, forecasts. */
export const followupContract = {
  'followup.calendar.get': channel<FollowUpCalendar>()(z.strictObject({ year: yearSchema.optional() })),
  'followup.calendar.createDefault': channel<{ added: number }>()(z.strictObject({ year: yearSchema })),
  'followup.occasion.save': channel<Occasion>()(
    z.strictObject({
      id: idSchema.optional(),
      year: yearSchema,
      period: periodSchema,
      kind: z.enum(['monthly', 'monthly_forecast', 'tertial', 'interim', 'annual']),
      name: z.string().min(1).max(200),
      deadlines: z.strictObject({ unit: dateSchema, operation: dateSchema, sector: dateSchema, administration: dateSchema }),
    }),
  ),
  'followup.occasion.delete': channel<null>()(z.strictObject({ id: idSchema })),
  'followup.occasion.lock': channel<Occasion>()(z.strictObject({ id: idSchema }), { heavy: true }),
  'followup.occasion.unlock': channel<Occasion>()(z.strictObject({ id: idSchema })),
  'followup.thresholds.save': channel<Threshold[]>()(z.strictObject({ level: levelSchema, amount: typedNumberSchema, percent: typedNumberSchema })),
  /**
   * The deviation view. With `levels` only the rows of the tree's top levels (depth below it) are sent, and
   * `partial` says so: the page shows them at once and asks for the whole tree after.
   */
  'followup.deviations.get': channel<DeviationView>()(
    z.strictObject({ period: periodSchema, groups: z.boolean().default(false), levels: z.number().int().min(1).max(20).nullable().default(null) }),
  ),
  /** One row per node down to a level, as `ramkoll deviations` prints them. */
  'followup.deviations.list': channel<CliDeviationRow[]>()(z.strictObject({ period: periodSchema, level: z.enum(['sector', 'operation', 'unit']).nullable().default(null) })),
  'followup.deviations.accounts': channel<DeviationRow[]>()(z.strictObject({ period: periodSchema, key: rowKeySchema })),
  'followup.deviations.export': channel<{ rows: number; file: string }>()(
    z.strictObject({ period: periodSchema, unit: z.enum(['kr', 'tkr']), keys: z.array(rowKeySchema).max(2_000_000).nullable(), file: fileRefSchema }),
    { heavy: true },
  ),
  'followup.drilldown': channel<DrillDown>()(z.strictObject({ period: periodSchema, key: rowKeySchema })),
  'followup.chart': channel<RowChart>()(z.strictObject({ period: periodSchema, key: rowKeySchema })),
  'followup.comment.get': channel<CommentDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema })),
  'followup.comment.save': channel<CommentSummary>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, cause: z.string().max(TEXT_LIMITS.comment), action: z.string().max(TEXT_LIMITS.comment), actionEffect: typedNumberSchema }),
  ),
  'followup.comment.status': channel<CommentSummary>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: z.string().max(TEXT_LIMITS.comment).optional() }),
  ),
  'followup.forecast.get': channel<ForecastDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema })),
  'followup.forecast.set': channel<ForecastDetail>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, group: groupSchema, amount: typedNumberSchema, note: z.string().max(TEXT_LIMITS.note).optional() }),
  ),
  'followup.forecast.clear': channel<ForecastDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema, group: groupSchema.nullable() })),
  'followup.forecast.apply': channel<ForecastDetail & { written: number }>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, method: z.enum(['actual_plus_remaining', 'linear', 'last_year']), target: z.enum(['node', 'units']) }),
  ),
  'followup.accuracy.get': channel<AccuracyView>()(z.strictObject({ year: yearSchema.optional(), level: levelSchema.default('sector') })),
  'followup.round.status': channel<RoundStatus>()(z.strictObject({ year: yearSchema.optional() })),
};

export type { Occasion, Deadlines } from '../../services/followup/calendar';
export type { CliDeviationRow, DeviationRow, DeviationView, RowKind } from '../../services/followup/rows';
export type { CommentDetail, CommentBelow } from '../../services/followup/comments';
export type { CommentSummary, StatusCounts, ForecastSource } from '../../services/followup/figures';
export type { DrillDown, DrillBudgetChange, DrillBudgetLine, DrillBatch, DrillTransaction } from '../../services/followup/drilldown';
export type { RowChart } from '../../services/followup/chart';
export type { ChartGeometry, ChartSeries } from '../../services/followup/chart-geometry';
export type { ForecastDetail, ForecastGroupDetail } from '../../services/followup/forecast';
export type { AccuracyView, AccuracyRow } from '../../services/followup/accuracy';
export type { RoundStatus, OccasionRound, LevelRound, OverdueComment } from '../../services/followup/round';
export type { OverduePlan } from '../../services/action-plans/overdue';
export type { ActionPlanMark } from '../../services/action-plans/marks';
export type { Threshold, GroupKey } from '../../services/followup/model';
