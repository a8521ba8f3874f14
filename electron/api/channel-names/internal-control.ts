/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const INTERNAL_CONTROL_CHANNELS = ['control.plan', 'control.save', 'control.delete', 'control.result.save', 'control.list'] as const;
