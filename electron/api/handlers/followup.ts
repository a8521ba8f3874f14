import path from 'node:path';
import { ORG_LEVELS } from '../../services/dimensions';
import { forecastAccuracy } from '../../services/followup/accuracy';
import { actorOf, typedOre, typedPercentBp } from '../../services/followup/actor';
import { createDefaultCalendar, deleteOccasion, getOccasion, listOccasions, saveOccasion } from '../../services/followup/calendar';
import { rowChart } from '../../services/followup/chart';
import { changeCommentStatus, getCommentDetail, saveComment } from '../../services/followup/comments';
import { drillDown } from '../../services/followup/drilldown';
import { writeDeviationWorkbook } from '../../services/followup/export-xlsx';
import { figureTree, nodeKey } from '../../services/followup/figures';
import { keptFigureTree } from '../../services/followup/kept-tree';
import { applyForecastMethod, clearForecast, getForecastDetail, setForecast } from '../../services/followup/forecast';
import { commentRoundStatus } from '../../services/followup/round';
import { actionPlanMarks } from '../../services/action-plans/marks';
import { accountRows, cliRows, deviationRows, rowsForKeys, totalRow } from '../../services/followup/rows';
import { lockOccasion, unlockOccasion } from '../../services/followup/snapshot';
import { loadThresholds, saveThreshold } from '../../services/followup/thresholds';
import { getSetting } from '../../services/settings';
import type { FOLLOWUP_CHANNELS } from '../channel-names/followup';
import type { HandlerMap } from './types';
import { stockholmDate } from '../../../shared/dates';

const thresholdList = (db: Parameters<typeof loadThresholds>[0]) => {
  const t = loadThresholds(db);
  return ORG_LEVELS.map((l) => t[l]);
};

export const followupHandlers: HandlerMap<(typeof FOLLOWUP_CHANNELS)[number]> = {
  'followup.calendar.get': async (input, ctx) => {
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
  },
  'followup.calendar.createDefault': async (input, ctx) => ({ added: createDefaultCalendar(ctx.db, actorOf(ctx), input.year) }),
  'followup.occasion.save': async (input, ctx) => saveOccasion(ctx.db, actorOf(ctx), input),
  'followup.occasion.delete': async (input, ctx) => {
    deleteOccasion(ctx.db, actorOf(ctx), input.id);
    return null;
  },
  'followup.occasion.lock': async (input, ctx) => {
    const name = getOccasion(ctx.db, input.id).name;
    const task = `Låser ${name}`;
    return lockOccasion(ctx.db, actorOf(ctx), input.id, (done, total) => ctx.progress({ task, done, total }));
  },
  'followup.occasion.unlock': async (input, ctx) => {
    // Unlocking drops the snapshot of what was reported: a backup keeps it.
    getOccasion(ctx.db, input.id);
    await ctx.db.backup('fore-upplasning');
    return unlockOccasion(ctx.db, actorOf(ctx), input.id);
  },
  'followup.thresholds.save': async (input, ctx) => {
    saveThreshold(ctx.db, actorOf(ctx), {
      level: input.level,
      amountOre: typedOre(input.amount, 'Tröskel i kronor', { allowEmpty: true, nonNegative: true }),
      percentBp: typedPercentBp(input.percent, 'Tröskel i procent'),
    });
    return thresholdList(ctx.db);
  },
  'followup.deviations.get': async (input, ctx) => {
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
  'followup.deviations.list': async (input, ctx) => cliRows(figureTree(ctx.db, { period: input.period }), input.level),
  'followup.deviations.accounts': async (input, ctx) => accountRows(ctx.db, keptFigureTree(ctx.db, { period: input.period }), input.key),
  'followup.deviations.export': async (input, ctx) => {
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
  'followup.drilldown': async (input, ctx) => drillDown(ctx.db, figureTree(ctx.db, { period: input.period }), input.key),
  'followup.chart': async (input, ctx) => rowChart(ctx.db, figureTree(ctx.db, { period: input.period }), input.key),
  'followup.comment.get': async (input, ctx) => getCommentDetail(ctx.db, actorOf(ctx), input.occasionId, input.code),
  'followup.comment.save': async (input, ctx) => saveComment(ctx.db, actorOf(ctx), input),
  'followup.comment.status': async (input, ctx) => changeCommentStatus(ctx.db, actorOf(ctx), input),
  'followup.forecast.get': async (input, ctx) => getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code),
  'followup.forecast.set': async (input, ctx) => {
    const amount = typedOre(input.amount, 'Prognos', { allowEmpty: false })!;
    setForecast(ctx.db, actorOf(ctx), { occasionId: input.occasionId, code: input.code, group: input.group, amountOre: amount, note: input.note ?? null });
    return getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code);
  },
  'followup.forecast.clear': async (input, ctx) => {
    clearForecast(ctx.db, actorOf(ctx), input);
    return getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code);
  },
  'followup.forecast.apply': async (input, ctx) => {
    // Every enhet below at once replaces many forecasts: a backup first.
    if (input.target === 'units') await ctx.db.backup('fore-prognos');
    const written = applyForecastMethod(ctx.db, actorOf(ctx), input);
    return { ...getForecastDetail(ctx.db, actorOf(ctx), input.occasionId, input.code), written };
  },
  'followup.accuracy.get': async (input, ctx) => forecastAccuracy(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), input.level),
  'followup.round.status': async (input, ctx) => commentRoundStatus(ctx.db, input.year ?? getSetting(ctx.db, 'year.active'), ctx.now()),
};
