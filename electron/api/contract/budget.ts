import { z } from 'zod';
import type { BudgetVersionInfo } from '../../services/budget/versions';
import { yearSchema } from './core';
import { channel } from './define';

/** The channels of the detaljbudget: versions, lines and periodisation. */
export const budgetContract = {
  'budget.versions.list': channel<BudgetVersionInfo[]>()(z.strictObject({ year: yearSchema.optional() })),
};

export type { BudgetVersionInfo } from '../../services/budget/versions';
