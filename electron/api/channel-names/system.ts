/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const SYSTEM_CHANNELS = ['backup.list', 'backup.create', 'backup.restore', 'settings.general.get', 'settings.general.update', 'system.today', 'settings.grids.get', 'settings.grids.set'] as const;
