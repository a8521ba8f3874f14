/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const SYSTEM_CHANNELS = [] as const;
