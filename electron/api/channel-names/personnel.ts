/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const PERSONNEL_CHANNELS = ['personnel.import', 'personnel.figures'] as const;
