import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Budget changes during the year (issue 17): a KF/KS decision that changes
 * the nämnd's ram from outside the organisation (tilläggsanslag,
 * lönekompensation, kapitalkostnadskompensation, annat), with its amounts per
 * ansvar node and year. The decision and its amounts are separate rows so
 * that a sektorchef receives only the amounts of its own sektor and two
 * sites that change different nodes of one decision do not conflict. The
 * amount's year may be a plan year (the budget year + 1 or + 2), which need
 * not exist as a fiscal year yet: it is recorded and shown; only the budget
 * year's amounts enter the budget in force (budget/in-force.ts).
 */
export const budgetChanges: Migration = {
  version: 11,
  name: 'budget changes: KF/KS decisions that change the ram during the year',
  up(db) {
    db.exec(`
CREATE TABLE budget_change (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  kind TEXT NOT NULL CHECK (kind IN ('supplementary', 'pay', 'capital', 'other')),
  decision_ref TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  text TEXT NOT NULL,
  account_code TEXT,${SYNCED}
) STRICT;
CREATE INDEX budget_change_year ON budget_change (year, decided_on);

CREATE TABLE budget_change_amount (
  id TEXT PRIMARY KEY NOT NULL,
  change_id TEXT NOT NULL REFERENCES budget_change (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  year INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,${SYNCED},
  UNIQUE (change_id, responsibility_id, year)
) STRICT;
`);
  },
};
