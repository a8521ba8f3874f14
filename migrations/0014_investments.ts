import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * The investment budget (issue 17 point 2). A project is identified by its
 * projekt-id, the code it carries in the ledger's Projekt dimension, and
 * belongs to one ansvar node (whose drift budget bears its kapitaltjänst).
 * Its components carry the avskrivningstid (RKR R4: straight-line per
 * component); its years carry budget, prognos and a comment; ramar for
 * investments are per node and year; the internränta and the kapitaltjänst
 * accounts are settings per year. Years are plain integers: a plan year need
 * not exist as a fiscal year. Periods are YYYYMM.
 *
 * investment_actual holds the investment outcome per project, account and
 * period as read from the ledger (kontoklass 1 on the project's code); it is
 * kept apart from actual_balance because the drift follow-up must not count
 * balance accounts.
 */
export const investments: Migration = {
  version: 14,
  name: 'investment budget: projects, components, years, ramar, settings and kapitaltjänst lines',
  up(db) {
    db.exec(`
CREATE TABLE investment_setting (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL UNIQUE,
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  rate_source TEXT NOT NULL,
  depreciation_account_code TEXT NOT NULL,
  interest_account_code TEXT NOT NULL,${SYNCED}
) STRICT;

CREATE TABLE investment_project (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  category TEXT NOT NULL CHECK (category IN ('reinvestment', 'expansion', 'development')),
  start_period INTEGER NOT NULL,
  planned_activation INTEGER NOT NULL,
  activated INTEGER,
  note TEXT,${SYNCED}
) STRICT;

CREATE TABLE investment_component (
  id TEXT PRIMARY KEY NOT NULL,
  project_id TEXT NOT NULL REFERENCES investment_project (id),
  name TEXT NOT NULL,
  amount_ore INTEGER,
  share_bp INTEGER,
  life_years INTEGER NOT NULL CHECK (life_years BETWEEN 1 AND 100),
  sort_order INTEGER NOT NULL,${SYNCED},
  CHECK ((amount_ore IS NULL) <> (share_bp IS NULL))
) STRICT;
CREATE INDEX investment_component_project ON investment_component (project_id);

CREATE TABLE investment_year (
  id TEXT PRIMARY KEY NOT NULL,
  project_id TEXT NOT NULL REFERENCES investment_project (id),
  year INTEGER NOT NULL,
  budget_ore INTEGER NOT NULL,
  forecast_ore INTEGER,
  comment TEXT,${SYNCED},
  UNIQUE (project_id, year)
) STRICT;

CREATE TABLE investment_frame (
  id TEXT PRIMARY KEY NOT NULL,
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  year INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,
  note TEXT,${SYNCED},
  UNIQUE (responsibility_id, year)
) STRICT;

CREATE TABLE investment_budget_line (
  id TEXT PRIMARY KEY NOT NULL,
  budget_line_id TEXT NOT NULL UNIQUE REFERENCES budget_line (id),
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  kind TEXT NOT NULL CHECK (kind IN ('depreciation', 'interest')),${SYNCED}
) STRICT;
CREATE INDEX investment_budget_line_version ON investment_budget_line (version_id);

CREATE TABLE investment_actual (
  project_code TEXT NOT NULL,
  account_code TEXT NOT NULL,
  period INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,
  PRIMARY KEY (project_code, account_code, period)
) STRICT, WITHOUT ROWID;
`);
  },
};
