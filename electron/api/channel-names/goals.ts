/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const GOALS_CHANNELS = [] as const;
