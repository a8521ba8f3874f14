import { z } from 'zod';
import path from 'node:path';
import type { RoleName } from '../../../shared/roles';
import { type Overview, overview } from '../../services/figures/overview';
import { type Summary, summary } from '../../services/figures/summary';
import { type MasterDataImportResult, importMasterData } from '../../services/masterdata/import';
import { channel } from '../contract/define';
import { generateDemo } from '../../services/demo/generate';
import { dialogFileName } from '../../services/files/dialog-name';
import { dateInYear } from '../../services/budget/versions';
import { getSetting } from '../../services/settings';
import { APP_VERSION } from '../../services/version';

export const yearSchema = z.number().int().min(2000).max(2100);
/** A file the user chose: a path on the command line, an opaque token from a dialog in the app. */
export const fileRefSchema = z.string().min(1).max(4096);

export interface AppInfo {
  version: string;
  schemaVersion: number;
  /** File name only: the renderer never sees full paths. */
  databaseName: string;
  activeYear: number;
  site: { id: string; name: string; role: RoleName; scopeCode: string | null };
  /** Set when the database is the demo förvaltning: the date it was built as of (ÅÅÅÅ-MM-DD). */
  demo: { asOf: string } | null;
}

const fileFilterSchema = z.strictObject({ name: z.string().min(1).max(100), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/i)).min(1).max(20) });

export interface ChosenFileRef {
  ref: string;
  name: string;
}

export const coreChannels = {
  'files.open': channel<ChosenFileRef | null>()(z.strictObject({ title: z.string().min(1).max(200), filters: z.array(fileFilterSchema).max(10) }), (input, ctx) => ctx.dialogs.open(input)),
  'files.save': channel<ChosenFileRef | null>()(
    z.strictObject({ title: z.string().min(1).max(200), defaultName: z.string().min(1).max(255), filters: z.array(fileFilterSchema).max(10) }),
    (input, ctx) => ctx.dialogs.save({ ...input, defaultName: dialogFileName(input.defaultName) }),
  ),
  'app.info': channel<AppInfo>()(z.strictObject({}), async (_input, ctx) => ({
    version: APP_VERSION,
    schemaVersion: ctx.db.schemaVersion,
    databaseName: path.basename(ctx.db.file),
    activeYear: getSetting(ctx.db, 'year.active'),
    site: ctx.site,
    demo: getSetting(ctx.db, 'demo.asOf') ? { asOf: getSetting(ctx.db, 'demo.asOf') } : null,
  })),
  'overview.get': channel<Overview>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return overview(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  }),
  'summary.get': channel<Summary>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => {
    const year = input.year ?? getSetting(ctx.db, 'year.active');
    return summary(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  }),
  'masterdata.import': channel<MasterDataImportResult>()(
    z.strictObject({
      kind: z.enum(['organisation', 'accounts']),
      file: fileRefSchema,
      sheet: z.string().min(1).max(200).optional(),
      dryRun: z.boolean().default(false),
    }),
    async (input, ctx) => {
      ctx.progress({ task: 'Läser grunddata', done: 0, total: null });
      const result = await importMasterData(
        ctx.db,
        { kind: input.kind, path: ctx.files.readable(input.file), ...(input.sheet !== undefined ? { sheet: input.sheet } : {}), dryRun: input.dryRun },
        { siteId: ctx.site.id, user: ctx.user, now: ctx.now() },
      );
      ctx.progress({ task: 'Läser grunddata', done: 1, total: 1 });
      return result;
    },
  ),
  'demo.generate': channel<Summary>()(z.strictObject({ year: yearSchema.optional() }), async (input, ctx) => {
    ctx.progress({ task: 'Skapar demoförvaltningen', done: 0, total: 1 });
    // Built as of the clock's date (RAMKOLL_TODAY pins it); without a year, the year that date shows.
    const { year } = generateDemo(ctx.db, { ...(input.year !== undefined ? { year: input.year } : {}), siteId: ctx.site.id, user: ctx.user, now: ctx.now() });
    ctx.progress({ task: 'Skapar demoförvaltningen', done: 1, total: 1 });
    return summary(ctx.db, year, { today: dateInYear(ctx.now(), year) });
  }),
};
export type { Overview, SectorFigures, PeriodTotals } from '../../services/figures/overview';
export type { Summary } from '../../services/figures/summary';
export type { MasterDataImportResult } from '../../services/masterdata/import';
