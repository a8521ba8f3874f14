/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const BUDGET_CHANNELS = ['budget.versions.list'] as const;
