import { z } from 'zod';
import path from 'node:path';
import type { RoleName } from '../../../shared/roles';
import { type AccuracyView, forecastAccuracy } from '../../services/followup/accuracy';
import { type Occasion, createDefaultCalendar, deleteOccasion, getOccasion, listOccasions, saveOccasion } from '../../services/followup/calendar';
import { type RowChart, rowChart } from '../../services/followup/chart';
import { type CommentDetail, changeCommentStatus, getCommentDetail, saveComment } from '../../services/followup/comments';
import { type CommentSummary, figureTree, nodeKey } from '../../services/followup/figures';
import { type DrillDown, drillDown } from '../../services/followup/drilldown';
import { type ForecastDetail, applyForecastMethod, clearForecast, getForecastDetail, setForecast } from '../../services/followup/forecast';
import type { Threshold } from '../../services/followup/model';
import { type RoundStatus, commentRoundStatus } from '../../services/followup/round';
import { actionPlanMarks } from '../../services/action-plans/marks';
import { type CliDeviationRow, type DeviationRow, type DeviationView, accountRows, cliRows, deviationRows, rowsForKeys, totalRow } from '../../services/followup/rows';
import { fileRefSchema, yearSchema } from './core';
import { channel } from '../contract/define';
import { TEXT_LIMITS } from '../../services/text-limits';
import { ORG_LEVELS } from '../../services/dimensions';
import { actorOf, typedOre, typedPercentBp } from '../../services/followup/actor';
import { writeDeviationWorkbook } from '../../services/followup/export-xlsx';
import { keptFigureTree } from '../../services/followup/kept-tree';
import { lockOccasion, unlockOccasion } from '../../services/followup/snapshot';
import { loadThresholds, saveThreshold } from '../../services/followup/thresholds';
import { getSetting } from '../../services/settings';
import { stockholmDate } from '../../../shared/dates';

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

const thresholdList = (db: Parameters<typeof loadThresholds>[0]) => {
  const t = loadThresholds(db);
  return ORG_LEVELS.map((l) => t[l]);
};

/** The channels of follow-up: calendar, deviations, comments, forecasts. */
export const followupChannels = {
  'followup.calendar.get': channel<FollowUpCalendar>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    const latest = (ctx.db.prepare('SELECT max(period) AS p FROM actual_balance WHERE period BETWEEN ? AND ?').get(year * 100 + 1, year * 100 + 12) as { p: number | null }).p;
    return {
      year,
      occasions: listOccasions(ctx.db, year),
      latestPeriod: latest,
      defaultPeriod: latest ?? year * 100 + 1,
      thresholds: thresholdList(ctx.db),
      site: { role: ctx.site.role, scopeCode: ctx.site.scopeCode },
      today: stockholmDate(ctx.now()),
    };
  }),
  'followup.calendar.createDefault': channel<{ added: number }>()(z.strictObject({ year: yearSchema }), async (input, ctx) => ({ added: createDefaultCalendar(ctx.db, actorOf(ctx), input.year) })),
  'followup.occasion.save': channel<Occasion>()(
    z.strictObject({
      id: idSchema.optional(),
      year: yearSchema,
      period: periodSchema,
      kind: z.enum(['monthly', 'monthly_forecast', 'tertial', 'interim', 'annual']),
      name: z.string().min(1).max(200),
      deadlines: z.strictObject({ unit: dateSchema, operation: dateSchema, sector: dateSchema, administration: dateSchema }),
    }),
    async (input, ctx) => saveOccasion(ctx.db, actorOf(ctx), input),
  ),
  'followup.occasion.delete': channel<null>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    deleteOccasion(ctx.db, actorOf(ctx), input.id);
    return null;
  }),
  'followup.occasion.lock': channel<Occasion>()(z.strictObject({ id: idSchema }), { heavy: true }, async (input, ctx) => {
    const name = getOccasion(ctx.db, input.id).name;
    const task = `Låser ${name}`;
    return lockOccasion(ctx.db, actorOf(ctx), input.id, (done, total) => ctx.progress({ task, done, total }));
  }),
  'followup.occasion.unlock': channel<Occasion>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    // Unlocking drops the snapshot of what was reported: a backup keeps it.
    getOccasion(ctx.db, input.id);
    await ctx.db.backup('fore-upplasning');
    return unlockOccasion(ctx.db, actorOf(ctx), input.id);
  }),
  'followup.thresholds.save': channel<Threshold[]>()(z.strictObject({ level: levelSchema, amount: typedNumberSchema, percent: typedNumberSchema }), async (input, ctx) => {
    saveThreshold(ctx.db, actorOf(ctx), {
      level: input.level,
      amountOre: typedOre(input.amount, 'Tröskel i kronor', { allowEmpty: true, nonNegative: true }),
      percentBp: typedPercentBp(input.percent, 'Tröskel i procent'),
    });
    return thresholdList(ctx.db);
  }),
  /**
   * The deviation view. With `levels` only the rows of the tree's top levels (depth below it) are sent, and
   * `partial` says so: the page shows them at once and asks for the whole tree after.
   */
  'followup.deviations.get': channel<DeviationView>()(
    z.strictObject({ period: periodSchema, groups: z.boolean().default(false), levels: z.number().int().min(1).max(20).nullable().default(null) }),
    async (input, ctx) => {
      const tree = keptFigureTree(ctx.db, { period: input.period });
      const actor = actorOf(ctx);
      const scopeNode = actor.scopeCode ? tree.byKey.get(nodeKey(actor.scopeCode)) : undefined;
      return {
        year: tree.year,
        period: tree.period,
        occasion: tree.occasion,
        source: tree.source,
        snapshotAt: tree.snapshotAt,
        budgetVersion: tree.budgetVersion ? { id: tree.budgetVersion.id, name: tree.budgetVersion.name } : null,
        forecastOccasion: tree.forecastOccasion,
        thresholds: ORG_LEVELS.map((l) => tree.thresholds[l]),
        site: { role: actor.role, scopeCode: actor.scopeCode, scopeKey: scopeNode?.key ?? null },
        rows: deviationRows(tree, { groups: input.groups, levels: input.levels, marks: actionPlanMarks(ctx.db, tree) }),
        total: totalRow(tree),
        partial: input.levels !== null,
      };
    },
  ),
  /** One row per node down to a level, as `ramkoll deviations` prints them. */
  'followup.deviations.list': channel<CliDeviationRow[]>()(
    z.strictObject({ period: periodSchema, level: z.enum(['sector', 'operation', 'unit']).nullable().default(null) }),
    async (input, ctx) => cliRows(figureTree(ctx.db, { period: input.period }), input.level),
  ),
  'followup.deviations.accounts': channel<DeviationRow[]>()(z.strictObject({ period: periodSchema, key: rowKeySchema }), async (input, ctx) => accountRows(ctx.db, keptFigureTree(ctx.db, { period: input.period }), input.key)),
  'followup.deviations.export': channel<{ rows: number; file: string }>()(
    z.strictObject({ period: periodSchema, unit: z.enum(['kr', 'tkr']), keys: z.array(rowKeySchema).max(2_000_000).nullable(), file: fileRefSchema }),
    { heavy: true },
    async (input, ctx) => {
      const file = ctx.files.writable(input.file);
      ctx.progress({ task: 'Exporterar avvikelser till Excel', done: 0, total: 2 });
      const tree = figureTree(ctx.db, { period: input.period });
      const rows = input.keys === null ? deviationRows(tree, { groups: false }) : rowsForKeys(ctx.db, tree, input.keys);
      ctx.progress({ task: 'Exporterar avvikelser till Excel', done: 1, total: 2 });
      const n = await writeDeviationWorkbook(file, tree, rows, totalRow(tree), {
        unit: input.unit,
        administration: getSetting(ctx.db, 'administration.name'),
        kommun: getSetting(ctx.db, 'kommun.name'),
      });
      ctx.progress({ task: 'Exporterar avvikelser till Excel', done: 2, total: 2 });
      return { rows: n, file: path.basename(file) };
    },
  ),
  'followup.drilldown': channel<DrillDown>()(z.strictObject({ period: periodSchema, key: rowKeySchema }), async (input, ctx) => drillDown(ctx.db, figureTree(ctx.db, { period: input.period }), input.key)),
  'followup.chart': channel<RowChart>()(z.strictObject({ period: periodSchema, key: rowKeySchema }), async (input, ctx) => rowChart(ctx.db, figureTree(ctx.db, { period: input.period }), input.key)),
  'followup.comment.get': channel<CommentDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema }), async (input, ctx) => getCommentDetail(ctx.db, actorOf(ctx), input.occasionId, input.code)),
  'followup.comment.save': channel<CommentSummary>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, cause: z.string().max(TEXT_LIMITS.comment), action: z.string().max(TEXT_LIMITS.comment), actionEffect: typedNumberSchema }),
    async (input, ctx) => saveComment(ctx.db, actorOf(ctx), input),
  ),
  'followup.comment.status': channel<CommentSummary>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, action: z.enum(['ready', 'approve', 'return', 'reopen']), note: z.string().max(TEXT_LIMITS.comment).optional() }),
    async (input, ctx) => changeCommentStatus(ctx.db, actorOf(ctx), input),
  ),
  'followup.forecast.get': channel<ForecastDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema }), async (input, ctx) => getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code)),
  'followup.forecast.set': channel<ForecastDetail>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, group: groupSchema, amount: typedNumberSchema, note: z.string().max(TEXT_LIMITS.note).optional() }),
    async (input, ctx) => {
      const amount = typedOre(input.amount, 'Prognos', { allowEmpty: false })!;
      setForecast(ctx.db, actorOf(ctx), { occasionId: input.occasionId, code: input.code, group: input.group, amountOre: amount, note: input.note ?? null });
      return getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code);
    },
  ),
  'followup.forecast.clear': channel<ForecastDetail>()(z.strictObject({ occasionId: idSchema, code: codeSchema, group: groupSchema.nullable() }), async (input, ctx) => {
    clearForecast(ctx.db, actorOf(ctx), input);
    return getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code);
  }),
  'followup.forecast.apply': channel<ForecastDetail & { written: number }>()(
    z.strictObject({ occasionId: idSchema, code: codeSchema, method: z.enum(['actual_plus_remaining', 'linear', 'last_year']), target: z.enum(['node', 'units']) }),
    async (input, ctx) => {
      // Every enhet below at once replaces many forecasts: a backup first.
      if (input.target === 'units') await ctx.db.backup('fore-prognos');
      const written = applyForecastMethod(ctx.db, actorOf(ctx), input);
      return { ...getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code), written };
    },
  ),
  'followup.accuracy.get': channel<AccuracyView>()(z.strictObject({ year: yearSchema.optional(), level: levelSchema.default('sector') }), async (input, ctx) => forecastAccuracy(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), input.level)),
  'followup.round.status': channel<RoundStatus>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => commentRoundStatus(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), ctx.now())),
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
