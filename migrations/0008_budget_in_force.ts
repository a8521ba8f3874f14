import type { Migration } from './types';

/**
 * A budget version's decision date (issue 13: one budget in force). A
 * decided revision replaces the adopted budget in follow-up from the day it
 * was decided, so the date is data of its own, not the time someone clicked
 * "lock". Versions locked before this migration get the day they were
 * locked (UTC), the best there is to go on.
 */
export const budgetInForce: Migration = {
  version: 8,
  name: 'budget_in_force',
  up(db) {
    db.exec(`
ALTER TABLE budget_version ADD COLUMN decided_on TEXT CHECK (decided_on IS NULL OR (length(decided_on) = 10 AND date(decided_on) = decided_on));
UPDATE budget_version SET decided_on = substr(locked_at, 1, 10) WHERE locked_at IS NOT NULL AND decided_on IS NULL;
`);
  },
};
