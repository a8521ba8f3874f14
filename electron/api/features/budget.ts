import { z } from 'zod';
import { type CompareLineRow, type VersionComparison, compareVersionLines, compareVersions } from '../../services/budget/compare';
import { type BudgetGrid, type Totals, getVersion, loadBudgetGrid, versionTotals } from '../../services/budget/grid';
import { type ApplyResult, applyLineChanges } from '../../services/budget/line-edit';
import { type ProfileInfo, type SaveProfileResult, deleteCustomProfile, listProfiles, saveCustomProfile } from '../../services/budget/profile-store';
import { type CreateVersionResult, type LockResult, createVersion, deleteVersion, lockVersion, renameVersion } from '../../services/budget/version-ops';
import type { RemovedParts } from '../../services/budget/version-copy';
import { type BudgetVersionInfo, type BudgetYears, budgetYears, dateInYear, listBudgetVersions } from '../../services/budget/versions';
import { yearSchema } from './core';
import { channel } from '../contract/define';
import type { WriteMeta } from '../../services/budget/lines';
import { getSetting } from '../../services/settings';
import type { HandlerContext } from '../context';
import { stockholmDate } from '../../../shared/dates';

const idSchema = z.string().min(1).max(64);
/** Öre, at most 10 000 miljarder kronor either way. */
const oreSchema = z.number().int().min(-1e15).max(1e15);
const monthsSchema = z.array(oreSchema).length(12);
const codeSchema = z.string().trim().min(1).max(20);
const dimsSchema = z.record(z.string().min(1).max(40), z.string().trim().max(20));
const levelSchema = z.enum(['sector', 'operation', 'unit']);
const groupSchema = z.enum(['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial', 'unknown']);

const lineStateSchema = z.strictObject({
  account: codeSchema,
  responsibility: codeSchema,
  dims: z.string().max(400),
  profileId: idSchema.nullable(),
  manual: z.boolean(),
  yearOre: oreSchema,
  months: monthsSchema,
  deleted: z.boolean(),
});

/** One change to the lines of a version; see services/budget/line-edit.ts. */
export const lineChangeSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('create'), account: codeSchema, responsibility: codeSchema, dims: dimsSchema.optional(), yearOre: oreSchema, profileId: idSchema.nullable().optional(), months: monthsSchema.optional() }),
  z.strictObject({ op: z.literal('duplicate'), fromId: idSchema, account: codeSchema.optional(), responsibility: codeSchema.optional(), dims: dimsSchema.optional() }),
  z.strictObject({ op: z.literal('year'), id: idSchema, yearOre: oreSchema }),
  z.strictObject({ op: z.literal('month'), id: idSchema, month: z.number().int().min(1).max(12), ore: oreSchema }),
  z.strictObject({ op: z.literal('months'), id: idSchema, months: monthsSchema }),
  z.strictObject({ op: z.literal('profile'), id: idSchema, profileId: idSchema }),
  // Parts per million: +3,5 % = 35 000; at most −100 % and +1 000 %.
  z.strictObject({ op: z.literal('scale'), id: idSchema, ppm: z.number().int().min(-1_000_000).max(10_000_000) }),
  z.strictObject({ op: z.literal('coding'), id: idSchema, account: codeSchema, responsibility: codeSchema, dims: dimsSchema.optional() }),
  z.strictObject({ op: z.literal('delete'), id: idSchema }),
  z.strictObject({ op: z.literal('put'), id: idSchema, state: lineStateSchema }),
]);

/** A batch of at least this many changes is a bulk change: backup first. */
const BULK_BACKUP_AT = 200;

const meta = (ctx: HandlerContext): WriteMeta => ({ siteId: ctx.site.id, at: ctx.now().toISOString() });

/** The channels of the detaljbudget: versions, lines and periodisation. */
export const budgetChannels = {
  'budget.versions.list': channel<BudgetVersionInfo[]>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return listBudgetVersions(ctx.db, year, dateInYear(ctx.now(), year));
  }),
  'budget.versions.years': channel<BudgetYears>()(z.strictObject({}), async (_input, ctx) => budgetYears(ctx.db, getSetting(ctx.db, 'year.active'))),
  'budget.versions.create': channel<CreateVersionResult>()(
    z.strictObject({ year: yearSchema.optional(), name: z.string().max(100), kind: z.enum(['draft', 'revision']), basedOnId: idSchema.nullable() }),
    { heavy: true },
    async (input, ctx) => {
      const task = 'Skapar budgetversionen';
      ctx.progress({ task, done: 0, total: null });
      await ctx.db.backup('fore-ny-budgetversion');
      const year = input.year ?? getSetting(ctx.db, 'year.active');
      const result = ctx.db.tx(() => createVersion(ctx.db, { year, name: input.name, kind: input.kind, basedOnId: input.basedOnId }, meta(ctx), (done, total) => ctx.progress({ task, done, total })));
      ctx.progress({ task, done: 1, total: 1 });
      return result;
    },
  ),
  'budget.versions.rename': channel<{ id: string }>()(z.strictObject({ id: idSchema, name: z.string().max(100) }), async (input, ctx) => {
    ctx.db.tx(() => renameVersion(ctx.db, input.id, input.name, meta(ctx)));
    return { id: input.id };
  }),
  'budget.versions.lock': channel<LockResult>()(
    z.strictObject({
      id: idSchema,
      decisionRef: z.string().max(200),
      decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Beslutsdatumet ska skrivas ÅÅÅÅ-MM-DD.').optional(),
      /** The user has seen the nodes over their ram (planning.frames.get) and locks all the same; recorded on the version. */
      overFrameOk: z.boolean().default(false),
    }),
    async (input, ctx) => {
      await ctx.db.backup('fore-last-budgetversion');
      // The decision date defaults to today in Sweden's calendar: the day the user records the decision.
      const decidedOn = input.decidedOn ?? stockholmDate(ctx.now());
      return ctx.db.tx(() => lockVersion(ctx.db, input.id, input.decisionRef, decidedOn, meta(ctx), { overFrameOk: input.overFrameOk, user: ctx.user }));
    },
  ),
  'budget.versions.delete': channel<RemovedParts>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    await ctx.db.backup('fore-borttagen-budgetversion');
    return ctx.db.tx(() => deleteVersion(ctx.db, input.id, meta(ctx)));
  }),
  'budget.versions.compare': channel<VersionComparison>()(z.strictObject({ a: idSchema, b: idSchema, level: levelSchema.default('sector') }), async (input, ctx) => compareVersions(ctx.db, input.a, input.b, input.level)),
  'budget.versions.compareLines': channel<CompareLineRow[]>()(
    z.strictObject({ a: idSchema, b: idSchema, level: levelSchema.default('sector'), node: codeSchema.optional(), group: groupSchema.optional() }),
    async (input, ctx) => compareVersionLines(ctx.db, input.a, input.b, { level: input.level, node: input.node, group: input.group }),
  ),
  // firstLines: only about that many lines, the first the grid shows (it asks for the rest next).
  'budget.lines.list': channel<BudgetGrid>()(z.strictObject({ versionId: idSchema, firstLines: z.number().int().min(1).max(1_000_000).optional() }), async (input, ctx) => loadBudgetGrid(ctx.db, input.versionId, input.firstLines)),
  'budget.lines.apply': channel<ApplyResult>()(
    z.strictObject({
      versionId: idSchema,
      changes: z.array(lineChangeSchema).min(1).max(200_000),
      allowUnknownCodes: z.boolean().default(false),
      withTotals: z.boolean().default(true),
    }),
    async (input, ctx) => {
      if (input.changes.length >= BULK_BACKUP_AT) await ctx.db.backup('fore-massandring-budgetrader');
      return ctx.db.tx(() => applyLineChanges(ctx.db, input.versionId, input.changes, meta(ctx), { allowUnknownCodes: input.allowUnknownCodes, withTotals: input.withTotals }));
    },
  ),
  'budget.lines.totals': channel<Totals & { lines: number }>()(z.strictObject({ versionId: idSchema }), async (input, ctx) => {
    getVersion(ctx.db, input.versionId);
    return versionTotals(ctx.db, input.versionId);
  }),
  'budget.profiles.list': channel<ProfileInfo[]>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => listProfiles(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'))),
  'budget.profiles.save': channel<SaveProfileResult>()(
    z.strictObject({ id: idSchema.optional(), name: z.string().max(80), weightsPpm: z.array(z.number().int().min(0).max(1_000_000)).length(12) }),
    async (input, ctx) => {
      if (input.id !== undefined) await ctx.db.backup('fore-andrad-profil');
      return ctx.db.tx(() => saveCustomProfile(ctx.db, input, meta(ctx)));
    },
  ),
  'budget.profiles.delete': channel<{ id: string }>()(z.strictObject({ id: idSchema }), async (input, ctx) => {
    ctx.db.tx(() => deleteCustomProfile(ctx.db, input.id, meta(ctx)));
    return { id: input.id };
  }),
};

export type { BudgetVersionInfo, BudgetYears } from '../../services/budget/versions';
export type { BudgetGrid, GridVersion, LineTuple, Totals } from '../../services/budget/grid';
export type { ApplyResult, LineChange, LineState } from '../../services/budget/line-edit';
export type { ProfileInfo, SaveProfileResult } from '../../services/budget/profile-store';
export type { BudgetReference, OrgNodeRef, AccountRef, DimensionRef } from '../../services/budget/reference';
export type { CompareLevel, CompareLineRow, CompareRow, GroupKey, VersionComparison } from '../../services/budget/compare';
export type { CreateVersionResult, LockResult } from '../../services/budget/version-ops';
export type { OverFrameAck, OverFrameNode } from '../../services/budget/frame-ack';
export type { CopiedParts, RemovedParts } from '../../services/budget/version-copy';
