import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * The flerårsplan (issue 17, point 1): a budget version covers its budget
 * year and two plan years.
 *
 * - frame: the ram of plan year 1 and 2 (the budget year + 1, + 2) beside the
 *   budget year's amount_ore; null where KF or the controller has given no
 *   ram for that year. An existing ram stays the budget year's ram.
 * - operational_change: a VF measure's effect in each plan year (its
 *   amount_ore is the budget year's). A measure recorded before this
 *   migration goes on with the same effect: both plan years get its amount.
 * - plan_assumption: per version and plan year, the löneökning, prisindex and
 *   volume change (hundredths of a percent) that draw the plan year from the
 *   year before (budget/plan-years.ts). The plan years' figures themselves are
 *   not stored: they are computed on read from the budget year's sums, these
 *   assumptions and the decided VF measures (budget/multiyear.ts says why).
 */
export const multiyear: Migration = {
  version: 13,
  name: 'flerårsplan: ramar and VF effects for two plan years, plan-year assumptions',
  up(db) {
    db.exec(`
ALTER TABLE frame ADD COLUMN plan1_ore INTEGER;
ALTER TABLE frame ADD COLUMN plan2_ore INTEGER;

ALTER TABLE operational_change ADD COLUMN plan1_ore INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operational_change ADD COLUMN plan2_ore INTEGER NOT NULL DEFAULT 0;
UPDATE operational_change SET plan1_ore = amount_ore, plan2_ore = amount_ore;

CREATE TABLE plan_assumption (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  plan_year INTEGER NOT NULL CHECK (plan_year IN (1, 2)),
  salary_bp INTEGER NOT NULL,
  price_bp INTEGER NOT NULL,
  volume_bp INTEGER NOT NULL,${SYNCED},
  UNIQUE (version_id, plan_year)
) STRICT;
`);
  },
};
