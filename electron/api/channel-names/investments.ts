/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const INVESTMENTS_CHANNELS = [
  'investments.get',
  'investments.project.save',
  'investments.project.delete',
  'investments.frame.set',
  'investments.settings.save',
  'investments.generate',
  'investments.round',
  'investments.comment.save',
  'investments.comment.status',
] as const;
