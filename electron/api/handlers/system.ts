import path from 'node:path';
import { RamkollError } from '../../../db/errors';
import { listBackupFiles } from '../../../db/backup-rotation';
import { listBackups, toBackupInfo } from '../../services/backups/catalog';
import { restoreBackup } from '../../services/backups/restore';
import { getGeneralSettings, updateGeneralSettings } from '../../services/general-settings';
import { gridLayouts, saveGridLayout } from '../../services/grid-layouts';
import type { SYSTEM_CHANNELS } from '../channel-names/system';
import type { HandlerMap } from './types';
import { stockholmDate } from '../../../shared/dates';

export const systemHandlers: HandlerMap<(typeof SYSTEM_CHANNELS)[number]> = {
  'backup.list': async (_input, ctx) => listBackups(ctx.db),
  'backup.create': async (_input, ctx) => {
    const file = path.basename(await ctx.db.backup('manuell'));
    const made = listBackupFiles(ctx.db.backupDir).find((b) => b.name === file);
    if (!made) throw new Error(`backup ${file} missing right after it was taken`);
    return toBackupInfo(made);
  },
  'backup.restore': async (input, ctx) => {
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
  },
  'settings.general.get': async (_input, ctx) => getGeneralSettings(ctx.db),
  'settings.general.update': async (input, ctx) => updateGeneralSettings(ctx.db, input, ctx.now()),
  'settings.grids.get': async (_input, ctx) => gridLayouts(ctx.db),
  'settings.grids.set': async (input, ctx) => saveGridLayout(ctx.db, input.grid, input.columns),
  'system.today': async (_input, ctx) => {
    const now = ctx.now();
    return { today: stockholmDate(now), now: now.toISOString() };
  },
};
