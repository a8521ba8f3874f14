import { applyLineChanges } from '../../services/budget/line-edit';
import { compareVersionLines, compareVersions } from '../../services/budget/compare';
import { getVersion, loadBudgetGrid, versionTotals } from '../../services/budget/grid';
import type { WriteMeta } from '../../services/budget/lines';
import { deleteCustomProfile, listProfiles, saveCustomProfile } from '../../services/budget/profile-store';
import { createVersion, deleteVersion, lockVersion, renameVersion } from '../../services/budget/version-ops';
import { budgetYears, dateInYear, listBudgetVersions } from '../../services/budget/versions';
import { getSetting } from '../../services/settings';
import type { BUDGET_CHANNELS } from '../channel-names/budget';
import type { HandlerContext } from '../context';
import { stockholmDate } from '../../../shared/dates';
import type { HandlerMap } from './types';

/** A batch of at least this many changes is a bulk change: backup first. */
const BULK_BACKUP_AT = 200;


const meta = (ctx: HandlerContext): WriteMeta => ({ siteId: ctx.site.id, at: ctx.now().toISOString() });

export const budgetHandlers: HandlerMap<(typeof BUDGET_CHANNELS)[number]> = {
  'budget.versions.list': async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return listBudgetVersions(ctx.db, year, dateInYear(ctx.now(), year));
  },
  'budget.versions.years': async (_input, ctx) => budgetYears(ctx.db, getSetting(ctx.db, 'year.active')),
  'budget.versions.create': async (input, ctx) => {
    const task = 'Skapar budgetversionen';
    ctx.progress({ task, done: 0, total: null });
    await ctx.db.backup('fore-ny-budgetversion');
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    const result = ctx.db.tx(() => createVersion(ctx.db, { year, name: input.name, kind: input.kind, basedOnId: input.basedOnId }, meta(ctx), (done, total) => ctx.progress({ task, done, total })));
    ctx.progress({ task, done: 1, total: 1 });
    return result;
  },
  'budget.versions.rename': async (input, ctx) => {
    ctx.db.tx(() => renameVersion(ctx.db, input.id, input.name, meta(ctx)));
    return { id: input.id };
  },
  'budget.versions.lock': async (input, ctx) => {
    await ctx.db.backup('fore-last-budgetversion');
    // The decision date defaults to today in Sweden's calendar: the day the user records the decision.
    const decidedOn = input.decidedOn ?? stockholmDate(ctx.now());
    return ctx.db.tx(() => lockVersion(ctx.db, input.id, input.decisionRef, decidedOn, meta(ctx), { overFrameOk: input.overFrameOk, user: ctx.user }));
  },
  'budget.versions.delete': async (input, ctx) => {
    await ctx.db.backup('fore-borttagen-budgetversion');
    return ctx.db.tx(() => deleteVersion(ctx.db, input.id, meta(ctx)));
  },
  'budget.versions.compare': async (input, ctx) => compareVersions(ctx.db, input.a, input.b, input.level),
  'budget.versions.compareLines': async (input, ctx) => compareVersionLines(ctx.db, input.a, input.b, { level: input.level, node: input.node, group: input.group }),
  'budget.lines.list': async (input, ctx) => loadBudgetGrid(ctx.db, input.versionId, input.firstLines),
  'budget.lines.apply': async (input, ctx) => {
    if (input.changes.length >= BULK_BACKUP_AT) await ctx.db.backup('fore-massandring-budgetrader');
    return ctx.db.tx(() => applyLineChanges(ctx.db, input.versionId, input.changes, meta(ctx), { allowUnknownCodes: input.allowUnknownCodes, withTotals: input.withTotals }));
  },
  'budget.lines.totals': async (input, ctx) => {
    getVersion(ctx.db, input.versionId);
    return versionTotals(ctx.db, input.versionId);
  },
  'budget.profiles.list': async (input, ctx) => listProfiles(ctx.db, input.year ?? getSetting(ctx.db, 'year.active')),
  'budget.profiles.save': async (input, ctx) => {
    if (input.id !== undefined) await ctx.db.backup('fore-andrad-profil');
    return ctx.db.tx(() => saveCustomProfile(ctx.db, input, meta(ctx)));
  },
  'budget.profiles.delete': async (input, ctx) => {
    ctx.db.tx(() => deleteCustomProfile(ctx.db, input.id, meta(ctx)));
    return { id: input.id };
  },
};
