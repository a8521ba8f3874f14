import { generateDemo } from '../../services/demo/generate';
import { dialogFileName } from '../../services/files/dialog-name';
import { overview } from '../../services/figures/overview';
import { dateInYear } from '../../services/budget/versions';
import { summary } from '../../services/figures/summary';
import { importMasterData } from '../../services/masterdata/import';
import { getSetting } from '../../services/settings';
import { APP_VERSION } from '../../services/version';
import path from 'node:path';
import type { HandlerMap } from './types';

export const coreHandlers: HandlerMap<'files.open' | 'files.save' | 'app.info' | 'overview.get' | 'summary.get' | 'masterdata.import' | 'demo.generate'> = {
  'files.open': (input, ctx) => ctx.dialogs.open(input),
  'files.save': (input, ctx) => ctx.dialogs.save({ ...input, defaultName: dialogFileName(input.defaultName) }),
  'app.info': async (_input, ctx) => ({
    version: APP_VERSION,
    schemaVersion: ctx.db.schemaVersion,
    databaseName: path.basename(ctx.db.file),
    activeYear: getSetting(ctx.db, 'year.active'),
    site: ctx.site,
    demo: getSetting(ctx.db, 'demo.asOf') ? { asOf: getSetting(ctx.db, 'demo.asOf') } : null,
  }),
  'overview.get': async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return overview(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  },
  'summary.get': async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return summary(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  },
  'masterdata.import': async (input, ctx) => {
    ctx.progress({ task: 'Läser grunddata', done: 0, total: null });
    const result = await importMasterData(
      ctx.db,
      { kind: input.kind, path: ctx.files.readable(input.file), ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), dryRun: input.dryRun },
      { siteId: ctx.site.id, user: ctx.user, now: ctx.now() },
    );
    ctx.progress({ task: 'Läser grunddata', done: 1, total: 1 });
    return result;
  },
  'demo.generate': async (input, ctx) => {
    ctx.progress({ task: 'Skapar demoförvaltningen', done: 0, total: 1 });
    // Built as of the clock's date (RAMKOLL_TODAY pins it); without a year, the year that date shows.
    const { year } = generateDemo(ctx.db, { ...(input.year !== undefined ? { year: input.year } : {}), siteId: ctx.site.id, user: ctx.user, now: ctx.now() });
    ctx.progress({ task: 'Skapar demoförvaltningen', done: 1, total: 1 });
    return summary(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  },
};
