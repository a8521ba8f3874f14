/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const TEMPLATES_CHANNELS = ['template.get', 'template.save'] as const;
