import { z } from 'zod';
import type { BudgetImportResult } from '../../services/budget/budget-import';
import type { BudgetExportResult } from '../../services/budget/export-budget';
import { exportLayoutSchema, type ExportProfile } from '../../services/budget/export-layout';
import type { FrameBalances } from '../../services/budget/frames';
import type { InternalOverview } from '../../services/budget/internal';
import type { PlanningLookups } from '../../services/budget/lookups';
import type { ChangesOverview } from '../../services/budget/operational-changes';
import type { MultiyearPlan } from '../../services/budget/multiyear';
import type { GenerateResult, PersonnelOverview } from '../../services/budget/personnel';
import type { BudgetOnDate } from '../../services/budget/reallocations';
import type { BudgetChangeList } from '../../services/budget/changes';
import type { StartingPointResult } from '../../services/budget/starting-points';
import { TEXT_LIMITS } from '../../services/text-limits';
import { fileRefSchema, yearSchema } from './core';
import { channel } from './define';

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

/** The channels of the planning around the detaljbudget: ramar, omfördelningar, personnel, VF-lista, internal trade, starting points, import and export. */
export const planningContract = {
  'planning.lookups': channel<PlanningLookups>()(ok),

  'planning.frames.get': channel<FrameBalances>()(z.strictObject({ versionId: id, asOf: isoDate.optional() })),
  'planning.frames.set': channel<FrameBalances>()(
    z.strictObject({
      versionId: id,
      responsibilityCode: code,
      amountOre: ore.nullable(),
      note: text(500).nullable().optional(),
      /** The ram of plan year 1 and 2; a left-out (or undefined) year keeps its ram, null removes it. */
      planOre: z.array(ore.nullable().optional()).max(2).optional(),
    }),
  ),
  'planning.multiyear.get': channel<MultiyearPlan>()(z.strictObject({ versionId: id })),
  'planning.multiyear.setAssumptions': channel<MultiyearPlan>()(
    z.strictObject({ versionId: id, planYear: z.union([z.literal(1), z.literal(2)]), salaryBp: bp, priceBp: bp, volumeBp: bp }),
  ),
  'planning.frames.distribute': channel<FrameBalances>()(z.strictObject({ versionId: id, responsibilityCode: code })),

  'planning.reallocations.get': channel<BudgetOnDate>()(z.strictObject({ year: yearSchema.optional(), asOf: isoDate.optional() })),
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
  ),
  'planning.reallocations.delete': channel<{ id: string }>()(z.strictObject({ id })),

  'planning.budgetChanges.list': channel<BudgetChangeList>()(z.strictObject({ year: yearSchema.optional() })),
  'planning.budgetChanges.save': channel<{ id: string }>()(budgetChangeInputSchema),
  'planning.budgetChanges.delete': channel<{ id: string }>()(z.strictObject({ id })),
  'planning.budgetChanges.restore': channel<{ id: string }>()(z.strictObject({ id })),

  'planning.personnel.get': channel<PersonnelOverview>()(z.strictObject({ versionId: id })),
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
  ),
  'planning.personnel.deletePosition': channel<{ id: string }>()(z.strictObject({ id })),
  'planning.personnel.saveRates': channel<PersonnelOverview['rates']>()(
    z.strictObject({
      year: yearSchema,
      rates: z.array(z.strictObject({ category: code, name: text(200), rateBp: z.number().int().min(0).max(10000) })).min(1).max(20),
      /** Whose rates and for which year, e.g. "SKR 2026 (cirkulär …)". */
      source: text(TEXT_LIMITS.reference).optional(),
    }),
  ),
  'planning.personnel.saveSettings': channel<PersonnelOverview['settings']>()(
    z.strictObject({ year: yearSchema, salaryAccountCode: code, poAccountCode: code, incomeBaseAmountOre: ore.min(1), incomeBaseAmountSource: text(TEXT_LIMITS.reference).optional() }),
  ),
  'planning.personnel.generate': channel<GenerateResult>()(z.strictObject({ versionId: id, responsibilityCodes: z.array(code).max(10000).nullable().default(null) })),
  'planning.personnel.copy': channel<{ positions: number }>()(z.strictObject({ fromVersionId: id, toVersionId: id })),

  'planning.changes.get': channel<ChangesOverview>()(z.strictObject({ versionId: id, nodeCode: code.nullable().optional(), revenueIncreaseOre: ore.min(0).optional() })),
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
  ),
  'planning.changes.delete': channel<{ id: string }>()(z.strictObject({ id })),
  'planning.changes.move': channel<{ id: string }>()(z.strictObject({ id, direction: z.enum(['up', 'down']) })),
  'planning.changes.link': channel<{ id: string }>()(z.strictObject({ id, budgetLineId: id.nullable() })),
  'planning.changes.createLine': channel<{ id: string; budgetLineId: string }>()(z.strictObject({ id, accountCode: code })),
  'planning.changes.lines': channel<{ id: string; accountCode: string; dims: string; yearOre: number }[]>()(z.strictObject({ versionId: id, responsibilityCode: code })),

  'planning.internal.get': channel<InternalOverview>()(z.strictObject({ versionId: id })),
  'planning.internal.setAccounts': channel<InternalOverview['accounts']>()(z.strictObject({ accounts: z.array(code).max(200) })),

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
  ),
  'planning.export.budget': channel<BudgetExportResult>()(
    z.strictObject({ version: z.union([z.literal('current'), id]), year: yearSchema.optional(), format: z.enum(['csv', 'sie', 'xlsx']), file: fileRefSchema, profile: text(200).optional() }),
    { heavy: true },
  ),
  'planning.exportProfiles.list': channel<ExportProfile[]>()(ok),
  'planning.exportProfiles.save': channel<ExportProfile[]>()(z.strictObject({ name: text(100), layout: exportLayoutSchema })),
  'planning.exportProfiles.delete': channel<ExportProfile[]>()(z.strictObject({ name: text(100) })),
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
