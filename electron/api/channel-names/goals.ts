/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const GOALS_CHANNELS = [
  'goals.occasions',
  'goals.owners',
  'goals.tree',
  'goals.report',
  'goals.history',
  'goals.assessment.save',
  'goals.assessment.ready',
  'goals.assessment.withdraw',
  'goals.assessment.approve',
  'goals.assessment.return',
  'goals.goal.save',
  'goals.goal.delete',
  'goals.indicator.save',
  'goals.indicator.delete',
  'goals.value.save',
  'goals.import',
] as const;
