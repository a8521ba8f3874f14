import { z } from 'zod';
import type { CompareLineRow, VersionComparison } from '../../services/budget/compare';
import type { BudgetGrid, Totals } from '../../services/budget/grid';
import type { ApplyResult } from '../../services/budget/line-edit';
import type { ProfileInfo, SaveProfileResult } from '../../services/budget/profile-store';
import type { CreateVersionResult, LockResult } from '../../services/budget/version-ops';
import type { RemovedParts } from '../../services/budget/version-copy';
import type { BudgetVersionInfo, BudgetYears } from '../../services/budget/versions';
import { yearSchema } from './core';
import { channel } from './define';

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

/** The channels of the detaljbudget: versions, lines and periodisation. */
export const budgetContract = {
  'budget.versions.list': channel<BudgetVersionInfo[]>()(z.strictObject({ year: yearSchema.optional() })),
  'budget.versions.years': channel<BudgetYears>()(z.strictObject({})),
  'budget.versions.create': channel<CreateVersionResult>()(
    z.strictObject({ year: yearSchema.optional(), name: z.string().max(100), kind: z.enum(['draft', 'revision']), basedOnId: idSchema.nullable() }),
    { heavy: true },
  ),
  'budget.versions.rename': channel<{ id: string }>()(z.strictObject({ id: idSchema, name: z.string().max(100) })),
  'budget.versions.lock': channel<LockResult>()(
    z.strictObject({
      id: idSchema,
      decisionRef: z.string().max(200),
      decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Beslutsdatumet ska skrivas ÅÅÅÅ-MM-DD.').optional(),
      /** The user has seen the nodes over their ram (planning.frames.get) and locks all the same; recorded on the version. */
      overFrameOk: z.boolean().default(false),
    }),
  ),
  'budget.versions.delete': channel<RemovedParts>()(z.strictObject({ id: idSchema })),
  'budget.versions.compare': channel<VersionComparison>()(z.strictObject({ a: idSchema, b: idSchema, level: levelSchema.default('sector') })),
  'budget.versions.compareLines': channel<CompareLineRow[]>()(
    z.strictObject({ a: idSchema, b: idSchema, level: levelSchema.default('sector'), node: codeSchema.optional(), group: groupSchema.optional() }),
  ),
  // firstLines: only about that many lines, the first the grid shows (it asks for the rest next).
  'budget.lines.list': channel<BudgetGrid>()(z.strictObject({ versionId: idSchema, firstLines: z.number().int().min(1).max(1_000_000).optional() })),
  'budget.lines.apply': channel<ApplyResult>()(
    z.strictObject({
      versionId: idSchema,
      changes: z.array(lineChangeSchema).min(1).max(200_000),
      allowUnknownCodes: z.boolean().default(false),
      withTotals: z.boolean().default(true),
    }),
  ),
  'budget.lines.totals': channel<Totals & { lines: number }>()(z.strictObject({ versionId: idSchema })),
  'budget.profiles.list': channel<ProfileInfo[]>()(z.strictObject({ year: yearSchema.optional() })),
  'budget.profiles.save': channel<SaveProfileResult>()(
    z.strictObject({ id: idSchema.optional(), name: z.string().max(80), weightsPpm: z.array(z.number().int().min(0).max(1_000_000)).length(12) }),
  ),
  'budget.profiles.delete': channel<{ id: string }>()(z.strictObject({ id: idSchema })),
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
