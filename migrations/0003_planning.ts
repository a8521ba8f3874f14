import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Planning around the detaljbudget: the personnel budget's settings per year
 * and the budget lines it generated, the saved CSV layouts for the
 * ekonomisystem, and which accounts hold internal purchases and sales.
 */
export const planning: Migration = {
  version: 3,
  name: 'planning: personnel settings, generated personnel lines, export layouts, internal accounts',
  up(db) {
    db.exec(`
-- Per budget year: the accounts the personnel budget books salaries and PO on
-- by default, and the inkomstbasbelopp that sets the 7,5 IBB limit above which
-- the higher PO category applies.
CREATE TABLE personnel_setting (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL UNIQUE REFERENCES fiscal_year (year),
  salary_account_code TEXT NOT NULL,
  po_account_code TEXT NOT NULL,
  income_base_amount_ore INTEGER NOT NULL CHECK (income_base_amount_ore > 0),${SYNCED}
) STRICT;

-- The budget lines the personnel budget generated (one per ansvar and
-- account), so that generating again replaces exactly them.
CREATE TABLE personnel_budget_line (
  id TEXT PRIMARY KEY NOT NULL,
  budget_line_id TEXT NOT NULL UNIQUE REFERENCES budget_line (id),
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  kind TEXT NOT NULL CHECK (kind IN ('salary', 'po')),${SYNCED}
) STRICT;
CREATE INDEX personnel_budget_line_version ON personnel_budget_line (version_id, responsibility_id);

-- A saved column layout for exporting the detaljbudget as CSV (and reading
-- such a file back); the layout itself is JSON checked by the service.
CREATE TABLE export_profile (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE,
  layout TEXT NOT NULL CHECK (json_valid(layout)),${SYNCED}
) STRICT;

-- Accounts of interna köp och försäljning: their lines carry the
-- counterparty (motpart) and should net to zero within the förvaltning.
CREATE TABLE internal_account (
  id TEXT PRIMARY KEY NOT NULL,
  account_code TEXT NOT NULL UNIQUE,${SYNCED}
) STRICT;

CREATE INDEX reallocation_year ON reallocation (year, decided_on);
CREATE INDEX personnel_position_version ON personnel_position (version_id, responsibility_id);
CREATE INDEX operational_change_version ON operational_change (version_id);
CREATE INDEX frame_version ON frame (version_id);
-- Sums of a version's live lines (ram balances, totals) read the index alone.
CREATE INDEX budget_line_version_amount ON budget_line (version_id, coding_id, year_ore) WHERE deleted_at IS NULL;
`);
  },
};
