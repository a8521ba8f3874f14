import type { BudgetChangeKind } from '../../../db/schema';

/** The kinds of budget change a KF/KS decision makes, as people say them (stored as the English codes). */
export const BUDGET_CHANGE_KIND_NAMES: Readonly<Record<BudgetChangeKind, string>> = {
  supplementary: 'Tilläggsanslag',
  pay: 'Lönekompensation',
  capital: 'Kapitalkostnadskompensation',
  other: 'Annat',
};

export const BUDGET_CHANGE_KINDS = Object.keys(BUDGET_CHANGE_KIND_NAMES) as BudgetChangeKind[];
