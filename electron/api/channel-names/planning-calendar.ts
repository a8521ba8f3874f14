/** Channel names of the planning calendar (budget process steps in the årshjul), for the preload's allow-list. */
export const PLANNING_CALENDAR_CHANNELS = [
  'calendar.year',
  'planningSteps.list',
  'planningSteps.due',
  'planningSteps.save',
  'planningSteps.setDone',
  'planningSteps.delete',
  'planningSteps.restore',
  'planningSteps.createDefault',
] as const;
