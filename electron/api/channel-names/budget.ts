/** Channel names of this feature, for the preload's allow-list (names only: the preload cannot bundle zod). */
export const BUDGET_CHANNELS = [
  'budget.versions.list',
  'budget.versions.years',
  'budget.versions.create',
  'budget.versions.rename',
  'budget.versions.lock',
  'budget.versions.delete',
  'budget.versions.compare',
  'budget.versions.compareLines',
  'budget.lines.list',
  'budget.lines.apply',
  'budget.lines.totals',
  'budget.profiles.list',
  'budget.profiles.save',
  'budget.profiles.delete',
] as const;
