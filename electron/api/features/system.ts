import { z } from 'zod';
import path from 'node:path';
import { type BackupInfo, type BackupList, listBackups, toBackupInfo } from '../../services/backups/catalog';
import { type RestoreResult, restoreBackup } from '../../services/backups/restore';
import { type GeneralSettings, getGeneralSettings, updateGeneralSettings } from '../../services/general-settings';
import { LAYOUT_GRIDS, type GridColumnPref, type GridLayouts, gridLayouts, saveGridLayout } from '../../services/grid-layouts';
import { channel } from '../contract/define';
import { yearSchema } from './core';
import { RamkollError } from '../../../db/errors';
import { listBackupFiles } from '../../../db/backup-rotation';
import { stockholmDate } from '../../../shared/dates';

/** A backup's file name as listed (never a path: no separators, no "..", only the backup name pattern). */
const backupNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[a-z0-9-]+\.db$/i, 'ska vara namnet på en säkerhetskopia i listan');

const nameSchema = z.string().trim().min(1).max(120);

/** One column of a grid as the user arranged it: its id, whether it is hidden, its width. */
const gridColumnSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9:._-]+$/, 'ska vara en kolumns id'),
  hidden: z.boolean(),
  width: z.number().int().min(30).max(1200).optional(),
});

/** Today by the program's clock: the renderer never reads the machine's clock itself (RAMKOLL_TODAY pins it). */
export interface Today {
  /** Today's date in Sweden, ÅÅÅÅ-MM-DD. */
  today: string;
  /** This instant, ISO 8601 (UTC). */
  now: string;
}

export type { BackupInfo, BackupList, RestoreResult, GeneralSettings, GridColumnPref, GridLayouts };

/**
 * Events the shell sends to the page (menu commands and files opened from
 * outside), delivered through window.ramkoll.onAppEvent.
 * - undo/redo: Redigera › Ångra (Ctrl+Z) / Gör om (Ctrl+Y)
 * - find: Redigera › Sök (Ctrl+F): focus the page's search field
 * - print: Arkiv › Skriv ut rapport (Ctrl+P)
 * - open-package: a .ramkoll file was double-clicked or passed on the command
 *   line; `file` is a read grant for it (a token, never a path). The renderer
 *   goes to Utbyte and hands it to the page there (renderer/app-events.ts).
 */
export type AppEvent =
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'find' }
  | { type: 'print' }
  | { type: 'open-package'; file: { ref: string; name: string } };

export const systemChannels = {
  'backup.list': channel<BackupList>()(z.strictObject({}), async (_input, ctx) => listBackups(ctx.db)),
  'backup.create': channel<BackupInfo>()(z.strictObject({}), async (_input, ctx) => {
    const file = path.basename(await ctx.db.backup('manuell'));
    const made = listBackupFiles(ctx.db.backupDir).find((b) => b.name === file);
    if (!made) throw new Error(`backup ${file} missing right after it was taken`);
    return toBackupInfo(made);
  }),
  'backup.restore': channel<RestoreResult>()(z.strictObject({ name: backupNameSchema }), async (input, ctx) => {
    const host = ctx.database;
    if (!host) throw new RamkollError('FORBIDDEN', 'En säkerhetskopia kan inte återställas härifrån. Använd Inställningar › Säkerhetskopior eller "ramkoll backup restore".');
    ctx.progress({ task: 'Återställer säkerhetskopian', done: 0, total: 1 });
    const result = await restoreBackup({
      file: ctx.db.file,
      backupDir: ctx.db.backupDir,
      name: input.name,
      db: ctx.db,
      whileClosed: (fn) => host.whileClosed(fn),
      now: ctx.now(),
    });
    ctx.progress({ task: 'Återställer säkerhetskopian', done: 1, total: 1 });
    return result;
  }),
  'settings.general.get': channel<GeneralSettings>()(z.strictObject({}), async (_input, ctx) => getGeneralSettings(ctx.db)),
  'settings.general.update': channel<GeneralSettings>()(
    z.strictObject({ kommunName: nameSchema.optional(), administrationName: nameSchema.optional(), boardName: nameSchema.optional(), activeYear: yearSchema.optional() }),
    async (input, ctx) => updateGeneralSettings(ctx.db, input, ctx.now()),
  ),
  'system.today': channel<Today>()(z.strictObject({}), async (_input, ctx) => {
    const now = ctx.now();
    return { today: stockholmDate(now), now: now.toISOString() };
  }),
  /** The columns chosen for each grid (which, in which order, how wide), kept in the database's local settings. */
  'settings.grids.get': channel<GridLayouts>()(z.strictObject({}), async (_input, ctx) => gridLayouts(ctx.db)),
  /** Saves one grid's columns in their order; null puts the grid's own columns back. */
  'settings.grids.set': channel<GridLayouts>()(z.strictObject({ grid: z.enum(LAYOUT_GRIDS), columns: z.array(gridColumnSchema).max(100).nullable() }), async (input, ctx) => saveGridLayout(ctx.db, input.grid, input.columns)),
};
