/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const TEXTS_CHANNELS = ['texts.round', 'texts.get', 'texts.save', 'texts.status', 'texts.list', 'texts.kinds.save'] as const;
