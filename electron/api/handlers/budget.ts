import { listBudgetVersions } from '../../services/budget/versions';
import { getSetting } from '../../services/settings';
import type { BUDGET_CHANNELS } from '../channel-names/budget';
import type { HandlerMap } from './types';

export const budgetHandlers: HandlerMap<(typeof BUDGET_CHANNELS)[number]> = {
  'budget.versions.list': async (input, ctx) => listBudgetVersions(ctx.db, input.year ?? getSetting(ctx.db, 'year.active')),
};
