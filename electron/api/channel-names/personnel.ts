/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const PERSONNEL_CHANNELS = ['personnel.preview', 'personnel.import', 'personnel.figures', 'personnel.lastImport', 'personnel.undo'] as const;
