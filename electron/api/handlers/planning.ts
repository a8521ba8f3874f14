import { importBudget } from '../../services/budget/budget-import';
import { exportBudget } from '../../services/budget/export-budget';
import { deleteExportProfile, listExportProfiles, saveExportProfile } from '../../services/budget/export-layout';
import { distributeFrame, frameBalances, setFrame } from '../../services/budget/frames';
import { internalAccounts, internalOverview, setInternalAccounts } from '../../services/budget/internal';
import { planningLookups } from '../../services/budget/lookups';
import { multiyearPlan, setPlanAssumptions } from '../../services/budget/multiyear';
import { changesOverview, createLineForChange, deleteChange, linesOfResponsibility, linkChange, moveChange, saveChange } from '../../services/budget/operational-changes';
import {
  copyPositions,
  deletePosition,
  generatePersonnelLines,
  personnelOverview,
  personnelSettings,
  poRates,
  savePersonnelSettings,
  savePoRates,
  savePosition,
} from '../../services/budget/personnel';
import type { PlanningMeta } from '../../services/budget/planning-common';
import { budgetOnDate, deleteReallocation, saveReallocation } from '../../services/budget/reallocations';
import { deleteBudgetChange, listBudgetChanges, restoreBudgetChange, saveBudgetChange } from '../../services/budget/changes';
import { createStartingPoint } from '../../services/budget/starting-points';
import { getSetting } from '../../services/settings';
import type { PLANNING_CHANNELS } from '../channel-names/planning';
import type { HandlerContext } from '../context';
import type { HandlerMap } from './types';
import { stockholmDate } from '../../../shared/dates';

function meta(ctx: HandlerContext): PlanningMeta {
  return { siteId: ctx.site.id, user: ctx.user, at: ctx.now().toISOString() };
}

/** Today in the fiscal year asked about: the date omfördelningar are counted to when none is given. */
function defaultAsOf(ctx: HandlerContext, year: number): string {
  const today = stockholmDate(ctx.now());
  const y = Number(today.slice(0, 4));
  return y === year ? today : y > year ? `${year}-12-31` : `${year}-01-01`;
}

export const planningHandlers: HandlerMap<(typeof PLANNING_CHANNELS)[number]> = {
  'planning.lookups': async (_input, ctx) => planningLookups(ctx.db),

  'planning.frames.get': async (input, ctx) => frameBalances(ctx.db, input.versionId, input.asOf),
  'planning.frames.set': async (input, ctx) => {
    setFrame(
      ctx.db,
      { versionId: input.versionId, responsibilityCode: input.responsibilityCode, amountOre: input.amountOre, note: input.note ?? null, ...(input.planOre ? { planOre: input.planOre } : {}) },
      meta(ctx),
    );
    return frameBalances(ctx.db, input.versionId);
  },
  'planning.multiyear.get': async (input, ctx) => multiyearPlan(ctx.db, input.versionId),
  'planning.multiyear.setAssumptions': async (input, ctx) => {
    setPlanAssumptions(ctx.db, input, meta(ctx));
    return multiyearPlan(ctx.db, input.versionId);
  },
  'planning.frames.distribute': async (input, ctx) => {
    await distributeFrame(ctx.db, input, meta(ctx));
    return frameBalances(ctx.db, input.versionId);
  },

  'planning.reallocations.get': async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return budgetOnDate(ctx.db, year, input.asOf ?? defaultAsOf(ctx, year));
  },
  'planning.reallocations.save': async (input, ctx) => ({ id: saveReallocation(ctx.db, input, meta(ctx)) }),
  'planning.reallocations.delete': async (input, ctx) => {
    deleteReallocation(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  },

  'planning.budgetChanges.list': async (input, ctx) => listBudgetChanges(ctx.db, input.year ?? getSetting(ctx.db, 'year.active')),
  'planning.budgetChanges.save': async (input, ctx) => ({ id: saveBudgetChange(ctx.db, input, meta(ctx), ctx.site.role) }),
  'planning.budgetChanges.delete': async (input, ctx) => {
    deleteBudgetChange(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  },
  'planning.budgetChanges.restore': async (input, ctx) => {
    restoreBudgetChange(ctx.db, input.id, meta(ctx), ctx.site.role);
    return { id: input.id };
  },

  'planning.personnel.get': async (input, ctx) => personnelOverview(ctx.db, input.versionId),
  'planning.personnel.savePosition': async (input, ctx) => ({ id: savePosition(ctx.db, input, meta(ctx)) }),
  'planning.personnel.deletePosition': async (input, ctx) => {
    deletePosition(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  },
  'planning.personnel.saveRates': async (input, ctx) => {
    savePoRates(ctx.db, input.year, input.rates, meta(ctx), input.source ?? '');
    return poRates(ctx.db, input.year);
  },
  'planning.personnel.saveSettings': async (input, ctx) => {
    savePersonnelSettings(ctx.db, input, meta(ctx));
    return personnelSettings(ctx.db, input.year);
  },
  'planning.personnel.generate': async (input, ctx) => {
    ctx.progress({ task: 'Tar fram personalbudgetens rader', done: 0, total: 1 });
    const r = await generatePersonnelLines(ctx.db, input.versionId, input.responsibilityCodes, meta(ctx));
    ctx.progress({ task: 'Tar fram personalbudgetens rader', done: 1, total: 1 });
    return r;
  },
  'planning.personnel.copy': async (input, ctx) => {
    await ctx.db.backup('fore-kopiering-av-befattningar');
    return { positions: copyPositions(ctx.db, input, meta(ctx)) };
  },

  'planning.changes.get': async (input, ctx) =>
    changesOverview(ctx.db, input.versionId, { nodeCode: input.nodeCode ?? null, ...(input.revenueIncreaseOre !== undefined ? { revenueIncreaseOre: input.revenueIncreaseOre } : {}) }),
  'planning.changes.save': async (input, ctx) => ({ id: saveChange(ctx.db, input, meta(ctx)) }),
  'planning.changes.delete': async (input, ctx) => {
    deleteChange(ctx.db, input.id, meta(ctx));
    return { id: input.id };
  },
  'planning.changes.move': async (input, ctx) => {
    moveChange(ctx.db, input.id, input.direction, meta(ctx));
    return { id: input.id };
  },
  'planning.changes.link': async (input, ctx) => {
    linkChange(ctx.db, input.id, input.budgetLineId, meta(ctx));
    return { id: input.id };
  },
  'planning.changes.createLine': async (input, ctx) => ({ id: input.id, budgetLineId: createLineForChange(ctx.db, input.id, input.accountCode, meta(ctx)) }),
  'planning.changes.lines': async (input, ctx) => linesOfResponsibility(ctx.db, input.versionId, input.responsibilityCode),

  'planning.internal.get': async (input, ctx) => internalOverview(ctx.db, input.versionId),
  'planning.internal.setAccounts': async (input, ctx) => {
    setInternalAccounts(ctx.db, input.accounts, meta(ctx));
    return internalAccounts(ctx.db);
  },

  'planning.start.create': async (input, ctx) =>
    createStartingPoint(ctx.db, input, meta(ctx), (done, total) => ctx.progress({ task: 'Skapar den nya budgeten', done, total })),
  'planning.import.budget': async (input, ctx) =>
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
  'planning.export.budget': async (input, ctx) => {
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
  'planning.exportProfiles.list': async (_input, ctx) => listExportProfiles(ctx.db),
  'planning.exportProfiles.save': async (input, ctx) => {
    saveExportProfile(ctx.db, input.name, input.layout, meta(ctx));
    return listExportProfiles(ctx.db);
  },
  'planning.exportProfiles.delete': async (input, ctx) => {
    deleteExportProfile(ctx.db, input.name, meta(ctx));
    return listExportProfiles(ctx.db);
  },
};
