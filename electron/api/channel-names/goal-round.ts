/** Channel names of the goal round's rest (issue 19 point 5), for the preload's allow-list. */
export const GOAL_ROUND_CHANNELS = [
  'goals.deadline.set',
  'goals.assignments',
  'goals.assignment.save',
  'goals.assignment.delete',
  'goals.assignment.followup.save',
  'goals.assignment.followup.step',
  'goals.council.indicators',
  'goals.council.indicator.save',
  'goals.council.indicator.step',
] as const;
