import { z } from 'zod';
import { type BudgetImportResult, importBudget } from '../../services/budget/budget-import';
import { type BudgetExportResult, exportBudget } from '../../services/budget/export-budget';
import { exportLayoutSchema, type ExportProfile, deleteExportProfile, listExportProfiles, saveExportProfile } from '../../services/budget/export-layout';
import { type FrameBalances, distributeFrame, frameBalances, setFrame } from '../../services/budget/frames';
import { type InternalOverview, internalAccounts, internalOverview, setInternalAccounts } from '../../services/budget/internal';
import { type PlanningLookups, planningLookups } from '../../services/budget/lookups';
import { type ChangesOverview, changesOverview, createLineForChange, deleteChange, linesOfResponsibility, linkChange, moveChange, saveChange } from '../../services/budget/operational-changes';
import { type MultiyearPlan, multiyearPlan, setPlanAssumptions } from '../../services/budget/multiyear';
import { type GenerateResult, type PersonnelOverview, copyPositions, deletePosition, generatePersonnelLines, personnelOverview, personnelSettings, poRates, savePersonnelSettings, savePoRates, savePosition } from '../../services/budget/personnel';
import { type BudgetOnDate, budgetOnDate, deleteReallocation, saveReallocation } from '../../services/budget/reallocations';
import { type BudgetChangeList, deleteBudgetChange, listBudgetChanges, restoreBudgetChange, saveBudgetChange } from '../../services/budget/changes';
import { type StartingPointResult, createStartingPoint } from '../../services/budget/starting-points';
import { TEXT_LIMITS } from '../../services/text-limits';
import { fileRefSchema, yearSchema } from './core';
import { channel } from '../contract/define';
import type { PlanningMeta } from '../../services/budget/planning-common';
import { getSetting } from '../../services/settings';
import type { HandlerContext } from '../context';
import { stockholmDate } from '../../../shared/dates';

const id = z.string().min(1).max(64);
const code = z.string().min(1).max(40);
const ore = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'datumet skrivs ÅÅÅÅ-MM-DD');
/** Hundredths of a percent: 310 = 3,10 %. */
const bp = z.number().int().min(-10000).max(10000);
const text = (max: number) => z.string().max(max);
const ok = z.strictObject({});

/** A budget change (KF/KS decision on the ram) as the app and the CLI send it; the service checks the rest and names the field. */
export const budgetChangeInputSchema = z.strictObject({
  id: id.optional(),
  year: yearSchema,
  kind: z.enum(['supplementary', 'pay', 'capital', 'other']),
  decisionRef: text(TEXT_LIMITS.reference),
  decidedOn: isoDate,
  text: text(TEXT_LIMITS.note),
  accountCode: code.nullable().optional(),
  amounts: z.array(z.strictObject({ code, year: yearSchema.optional(), amountOre: ore })).min(1, 'ange minst ett belopp').max(2000),
});

function meta(ctx: HandlerContext): PlanningMeta {
  return { siteId: ctx.site.id, user: ctx.user, at: ctx.now().toISOString() };
}

/** Today in the fiscal year asked about: the date omfördelningar are counted to when none is given. */
function defaultAsOf(ctx: HandlerContext, year: number): string {
  const today = stockholmDate(ctx.now());
  const y = Number(today.slice(0, 4));
  return y === year ? today : y > year ? `${year}-12-31` : `${year}-01-01`;
}

/** The channels of the planning around the detaljbudget: ramar, omfördelningar, personnel, VF-lista, internal trade, starting points, import and export. */
export const planningChannels = {
  'planning.lookups': channel<PlanningLookups>()(ok, async (_input, ctx) => planningLookups(ctx.db)),
  'planning.frames.get': channel<FrameBalances>()(z.strictObject({ versionId: id, asOf: isoDate.optional() }), async (input, ctx) => frameBalances(ctx.db, input.versionId, input.asOf)),
  'planning.frames.set': channel<FrameBalances>()(
    z.strictObject({
      versionId: id,
      responsibilityCode: code,
      amountOre: ore.nullable(),
      note: text(500).nullable().optional(),
      /** The ram of plan year 1 and 2; a left-out (or undefined) year keeps its ram, null removes it. */
      planOre: z.array(ore.nullable().optional()).max(2).optional(),
    }),
    async (input, ctx) => {
      setFrame(
        ctx.db,
        { versionId: input.versionId, responsibilityCode: input.responsibilityCode, amountOre: input.amountOre, note: input.note ?? null, ...(input.planOre ? { planOre: input.planOre } : {}) },
        meta(ctx),
      );
      return frameBalances(ctx.db, input.versionId);
    },
  ),
  'planning.multiyear.get': channel<MultiyearPlan>()(z.strictObject({ versionId: id }), async (input, ctx) => multiyearPlan(ctx.db, input.versionId)),
  'planning.multiyear.setAssumptions': channel<MultiyearPlan>()(
    z.strictObject({ versionId: id, planYear: z.union([z.literal(1), z.literal(2)]), salaryBp: bp, priceBp: bp, volumeBp: bp }),
    async (input, ctx) => {
      setPlanAssumptions(ctx.db, input, meta(ctx));
      return multiyearPlan(ctx.db, input.versionId);
    },
  ),
  'planning.frames.distribute': channel<FrameBalances>()(z.strictObject({ versionId: id, responsibilityCode: code }), async (input, ctx) => {
    await distributeFrame(ctx.db, input, meta(ctx));
    return frameBalances(ctx.db, input.versionId);
  }),
  'planning.reallocations.get': channel<BudgetOnDate>()(z.strictObject({ year: yearSchema.optional(), asOf: isoDate.optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return budgetOnDate(ctx.db, year, input.asOf ?? defaultAsOf(ctx, year));
  }),
  'planning.reallocations.save': channel<{ id: string }>()(
    z.strictObject({
      id: id.optional(),
      year: yearSchema,
      decisionRef: text(200),
      decidedOn: isoDate,
      fromCode: code,
      toCode: code,
      accountCode: code.nullable().optional(),
      amountOre: ore,
      note: text(1000).nullable().optional(),
    }),
    async (input, ctx) => ({ id: saveReallocation(ctx.db, input, meta(ctx)) }),
  ),
  'planning.reallocations.delete': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deleteReallocation(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  }),
  'planning.budgetChanges.list': channel<BudgetChangeList>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => listBudgetChanges(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'))),
  'planning.budgetChanges.save': channel<{ id: string }>()(budgetChangeInputSchema, async (input, ctx) => ({ id: saveBudgetChange(ctx.db, input, meta(ctx), ctx.site.role) })),
  'planning.budgetChanges.delete': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deleteBudgetChange(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  }),
  'planning.budgetChanges.restore': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    restoreBudgetChange(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  }),
  'planning.personnel.get': channel<PersonnelOverview>()(z.strictObject({ versionId: id }), async (input, ctx) => personnelOverview(ctx.db, input.versionId)),
  'planning.personnel.savePosition': channel<{ id: string }>()(
    z.strictObject({
      id: id.optional(),
      versionId: id,
      responsibilityCode: code,
      title: text(200),
      personName: text(200).nullable().optional(),
      employmentBp: z.number().int().min(1).max(10000),
      monthlySalaryOre: ore.min(0),
      raiseBp: bp,
      raiseFromMonth: z.number().int().min(1).max(12).default(4),
      vacancyMonths: z.array(z.number().int().min(1).max(12)).max(12).default([]),
      poCategory: code,
      salaryAccountCode: code.nullable().optional(),
      poAccountCode: code.nullable().optional(),
    }),
    async (input, ctx) => ({ id: savePosition(ctx.db, input, meta(ctx)) }),
  ),
  'planning.personnel.deletePosition': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deletePosition(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  }),
  'planning.personnel.saveRates': channel<PersonnelOverview['rates']>()(
    z.strictObject({
      year: yearSchema,
      rates: z.array(z.strictObject({ category: code, name: text(200), rateBp: z.number().int().min(0).max(10000) })).min(1).max(20),
      /** Whose rates and for which year, e.g. "SKR 2026 (cirkulär …)". */
      source: text(TEXT_LIMITS.reference).optional(),
    }),
    async (input, ctx) => {
      savePoRates(ctx.db, input.year, input.rates, meta(ctx), input.source ?? '');
      return poRates(ctx.db, input.year);
    },
  ),
  'planning.personnel.saveSettings': channel<PersonnelOverview['settings']>()(
    z.strictObject({ year: yearSchema, salaryAccountCode: code, poAccountCode: code, incomeBaseAmountOre: ore.min(1), incomeBaseAmountSource: text(TEXT_LIMITS.reference).optional() }),
    async (input, ctx) => {
      savePersonnelSettings(ctx.db, input, meta(ctx));
      return personnelSettings(ctx.db, input.year);
    },
  ),
  'planning.personnel.generate': channel<GenerateResult>()(
    z.strictObject({ versionId: id, responsibilityCodes: z.array(code).max(10000).nullable().default(null) }),
    async (input, ctx) => {
      ctx.progress({ task: 'Tar fram personalbudgetens rader', done: 0, total: 1 });
      const r = await generatePersonnelLines(ctx.db, input.versionId, input.responsibilityCodes, meta(ctx));
      ctx.progress({ task: 'Tar fram personalbudgetens rader', done: 1, total: 1 });
      return r;
    },
  ),
  'planning.personnel.copy': channel<{ positions: number }>()(z.strictObject({ fromVersionId: id, toVersionId: id }), async (input, ctx) => {
    await ctx.db.backup('fore-kopiering-av-befattningar');
    return { positions: copyPositions(ctx.db, input, meta(ctx)) };
  }),
  'planning.changes.get': channel<ChangesOverview>()(
    z.strictObject({ versionId: id, nodeCode: code.nullable().optional(), revenueIncreaseOre: ore.min(0).optional() }),
    async (input, ctx) =>
      changesOverview(ctx.db, input.versionId, { nodeCode: input.nodeCode ?? null, ...(input.revenueIncreaseOre !== undefined ? { revenueIncreaseOre: input.revenueIncreaseOre } : {}) }),
  ),
  'planning.changes.save': channel<{ id: string }>()(
    z.strictObject({
      id: id.optional(),
      versionId: id,
      description: text(500),
      amountOre: ore,
      /** The effect in plan year 1 and 2. */
      planOre: z.array(ore).length(2).optional(),
      status: z.enum(['proposed', 'decided', 'rejected']),
      responsibilityCode: code.nullable().optional(),
      priority: z.number().int().min(0).max(1_000_000).optional(),
    }),
    async (input, ctx) => ({ id: saveChange(ctx.db, input, meta(ctx)) }),
  ),
  'planning.changes.delete': channel<{ id: string }>()(z.strictObject({ id }), async (input, ctx) => {
    deleteChange(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  }),
  'planning.changes.move': channel<{ id: string }>()(z.strictObject({ id, direction: z.enum(['up', 'down']) }), async (input, ctx) => {
    moveChange(ctx.db, input.id, input.direction, meta(ctx));
    return { id: input.id };
  }),
  'planning.changes.link': channel<{ id: string }>()(z.strictObject({ id, budgetLineId: id.nullable() }), async (input, ctx) => {
    linkChange(ctx.db, input.id, input.budgetLineId, meta(ctx));
    return { id: input.id };
  }),
  'planning.changes.createLine': channel<{ id: string; budgetLineId: string }>()(z.strictObject({ id, accountCode: code }), async (input, ctx) => ({ id: input.id, budgetLineId: createLineForChange(ctx.db, input.id, input.accountCode, meta(ctx)) })),
  'planning.changes.lines': channel<{ id: string; accountCode: string; dims: string; yearOre: number }[]>()(
    z.strictObject({ versionId: id, responsibilityCode: code }),
    async (input, ctx) => linesOfResponsibility(ctx.db, input.versionId, input.responsibilityCode),
  ),
  'planning.internal.get': channel<InternalOverview>()(z.strictObject({ versionId: id }), async (input, ctx) => internalOverview(ctx.db, input.versionId)),
  'planning.internal.setAccounts': channel<InternalOverview['accounts']>()(z.strictObject({ accounts: z.array(code).max(200) }), async (input, ctx) => {
    setInternalAccounts(ctx.db, input.accounts, meta(ctx));
    return internalAccounts(ctx.db);
  }),
  'planning.start.create': channel<StartingPointResult>()(
    z.strictObject({
      source: z.enum(['budget', 'actual']),
      sourceYear: yearSchema,
      sourceVersion: id.optional(),
      targetYear: yearSchema.optional(),
      name: text(200).optional(),
      salaryIncreaseBp: bp,
      priceIndexBp: bp,
      efficiencyBp: z.number().int().min(0).max(5000).default(0),
      rounding: z.enum(['ore', 'krona', 'hundred', 'thousand']).default('krona'),
      annualise: z.boolean().default(true),
    }),
    { heavy: true },
    async (input, ctx) =>
      createStartingPoint(ctx.db, input, meta(ctx), (done, total) => ctx.progress({ task: 'Skapar den nya budgeten', done, total })),
  ),
  'planning.import.budget': channel<BudgetImportResult>()(
    z.strictObject({
      file: fileRefSchema,
      sheet: text(200).optional(),
      profile: text(200).optional(),
      versionId: id.optional(),
      year: yearSchema.optional(),
      versionName: text(200).optional(),
      replace: z.boolean().default(false),
      dryRun: z.boolean().default(false),
    }),
    { heavy: true },
    async (input, ctx) =>
      importBudget(
        ctx.db,
        {
          path: ctx.files.readable(input.file),
          ...(input.sheet !== undefined ? { sheet: input.sheet } : {}),
          ...(input.profile !== undefined ? { profile: input.profile } : {}),
          ...(input.versionId !== undefined ? { versionId: input.versionId } : {}),
          ...(input.year !== undefined ? { year: input.year } : {}),
          ...(input.versionName !== undefined ? { versionName: input.versionName } : {}),
          replace: input.replace,
          dryRun: input.dryRun,
        },
        meta(ctx),
        (done, total) => ctx.progress({ task: 'Läser in detaljbudgeten', done, total }),
      ),
  ),
  'planning.export.budget': channel<BudgetExportResult>()(
    z.strictObject({ version: z.union([z.literal('current'), id]), year: yearSchema.optional(), format: z.enum(['csv', 'sie', 'xlsx']), file: fileRefSchema, profile: text(200).optional() }),
    { heavy: true },
    async (input, ctx) => {
      ctx.progress({ task: 'Exporterar detaljbudgeten', done: 0, total: 1 });
      const r = await exportBudget(ctx.db, {
        version: input.version,
        year: input.year ?? getSetting(ctx.db, 'year.active'),
        format: input.format,
        path: ctx.files.writable(input.file),
        ...(input.profile !== undefined ? { profile: input.profile } : {}),
        user: ctx.user,
        now: ctx.now(),
      });
      ctx.progress({ task: 'Exporterar detaljbudgeten', done: 1, total: 1 });
      return r;
    },
  ),
  'planning.exportProfiles.list': channel<ExportProfile[]>()(ok, async (_input, ctx) => listExportProfiles(ctx.db)),
  'planning.exportProfiles.save': channel<ExportProfile[]>()(z.strictObject({ name: text(100), layout: exportLayoutSchema }), async (input, ctx) => {
    saveExportProfile(ctx.db, input.name, input.layout, meta(ctx));
    return listExportProfiles(ctx.db);
  }),
  'planning.exportProfiles.delete': channel<ExportProfile[]>()(z.strictObject({ name: text(100) }), async (input, ctx) => {
    deleteExportProfile(ctx.db, input.name, meta(ctx));
    return listExportProfiles(ctx.db);
  }),
};

export type { BudgetImportResult } from '../../services/budget/budget-import';
export type { BudgetExportResult, ExportFormat } from '../../services/budget/export-budget';
export type { ExportLayout, ExportProfile, LayoutColumn } from '../../services/budget/export-layout';
export type { FrameBalances, FrameNode, FramePlanYear } from '../../services/budget/frames';
export type { MultiyearPlan, PlanGroupRow, PlanNode, PlanYearAssumptions } from '../../services/budget/multiyear';
export type { InternalOverview, InternalPair } from '../../services/budget/internal';
export type { PlanningLookups } from '../../services/budget/lookups';
export type { ChangesOverview, OperationalChange, ChangeStatus } from '../../services/budget/operational-changes';
export type { GenerateResult, PersonnelOverview, Position, PoRate, PersonnelSummaryRow } from '../../services/budget/personnel';
export type { BudgetOnDate, BudgetOnDateNode, Reallocation } from '../../services/budget/reallocations';
export type { BudgetChange, BudgetChangeAmount, BudgetChangeList } from '../../services/budget/changes';
export type { StartingPointResult } from '../../services/budget/starting-points';
