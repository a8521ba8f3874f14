import { z } from 'zod';
import type { BackupInfo, BackupList } from '../../services/backups/catalog';
import type { RestoreResult } from '../../services/backups/restore';
import type { GeneralSettings } from '../../services/general-settings';
import { LAYOUT_GRIDS, type GridColumnPref, type GridLayouts } from '../../services/grid-layouts';
import { channel, type ChannelDef } from './define';
import type { SYSTEM_CHANNELS } from '../channel-names/system';
import { yearSchema } from './core';

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

export const systemContract = {
  'backup.list': channel<BackupList>()(z.strictObject({})),
  'backup.create': channel<BackupInfo>()(z.strictObject({})),
  'backup.restore': channel<RestoreResult>()(z.strictObject({ name: backupNameSchema })),
  'settings.general.get': channel<GeneralSettings>()(z.strictObject({})),
  'settings.general.update': channel<GeneralSettings>()(
    z.strictObject({ kommunName: nameSchema.optional(), administrationName: nameSchema.optional(), boardName: nameSchema.optional(), activeYear: yearSchema.optional() }),
  ),
  'system.today': channel<Today>()(z.strictObject({})),
  /** The columns chosen for each grid (which, in which order, how wide), kept in the database's local settings. */
  'settings.grids.get': channel<GridLayouts>()(z.strictObject({})),
  /** Saves one grid's columns in their order; null puts the grid's own columns back. */
  'settings.grids.set': channel<GridLayouts>()(z.strictObject({ grid: z.enum(LAYOUT_GRIDS), columns: z.array(gridColumnSchema).max(100).nullable() })),
} satisfies Record<(typeof SYSTEM_CHANNELS)[number], ChannelDef>;

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
