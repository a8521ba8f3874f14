import type { Migration } from './types';

/**
 * Columns every row that people edit and exchange carries, so that the file
 * exchange can merge them: a text id that is the same on every site, when and
 * where it last changed, and a tombstone instead of a hard delete.
 */
const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

export const initial: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
CREATE TABLE setting (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- This installation (is_local = 1) and the sites it exchanges packages with.
CREATE TABLE site (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('controller', 'sektorchef', 'ekonomi')),
  scope_code TEXT,
  public_key TEXT,
  is_local INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX site_one_local ON site (is_local) WHERE is_local = 1;

-- Dimensions are data: ansvar is the organisational hierarchy, the others
-- (verksamhetskod, aktivitet, projekt, motpart, ...) differ per kommun.
CREATE TABLE dimension (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('responsibility', 'activity_code', 'activity', 'project', 'counterparty', 'other')),
  sie_dimension INTEGER,
  sort_order INTEGER NOT NULL,${SYNCED}
) STRICT;

CREATE TABLE dimension_value (
  id TEXT PRIMARY KEY NOT NULL,
  dimension_id TEXT NOT NULL REFERENCES dimension (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id TEXT REFERENCES dimension_value (id),
  level TEXT CHECK (level IN ('administration', 'sector', 'operation', 'unit')),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),${SYNCED},
  UNIQUE (dimension_id, code)
) STRICT;
CREATE INDEX dimension_value_parent ON dimension_value (parent_id);

-- Kommun-Bas: class 3 revenues, 4-7 costs (5 personnel), 8 financial.
CREATE TABLE account (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 4 AND 5 AND code NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL,
  account_group TEXT NOT NULL CHECK (account_group IN ('revenue', 'personnel', 'other_cost', 'capital_cost', 'financial')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),${SYNCED}
) STRICT;

CREATE TABLE fiscal_year (
  year INTEGER PRIMARY KEY NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE period (
  period INTEGER PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  closed_at TEXT,
  CHECK (period = year * 100 + month)
) STRICT;

CREATE TABLE reporting_occasion (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  period INTEGER NOT NULL REFERENCES period (period),
  kind TEXT NOT NULL CHECK (kind IN ('monthly', 'monthly_forecast', 'tertial', 'interim', 'annual')),
  name TEXT NOT NULL,
  deadline_unit TEXT,
  deadline_operation TEXT,
  deadline_sector TEXT,
  deadline_administration TEXT,
  locked_at TEXT,${SYNCED},
  UNIQUE (period)
) STRICT;

-- Weights are integer parts per million (sum 1 000 000) so that no float
-- ever touches money; computed kinds (calendar days, working days, last
-- year's outcome) have no stored weights and are worked out per year.
CREATE TABLE periodisation_profile (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('even', 'calendar_days', 'working_days', 'personnel', 'last_year', 'custom')),
  weights TEXT CHECK (weights IS NULL OR json_valid(weights)),${SYNCED}
) STRICT;

CREATE TABLE budget_version (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('adopted', 'revision', 'draft')),
  based_on_id TEXT REFERENCES budget_version (id),
  decision_ref TEXT,
  locked_at TEXT,${SYNCED}
) STRICT;

-- Ram per organisational node and budget version.
CREATE TABLE frame (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  amount_ore INTEGER NOT NULL,
  note TEXT,${SYNCED},
  UNIQUE (version_id, responsibility_id)
) STRICT;

-- Kodsträng: konto + ansvar + the other dimensions, kept as codes (not
-- foreign keys) so that outcome on codes missing from the master data is
-- still loaded and reconciles. dims is canonical: 'dim=value|dim=value'
-- sorted by dimension code, '' when there are none. The integer id is local
-- to this database and never exchanged.
CREATE TABLE coding (
  id INTEGER PRIMARY KEY,
  account_code TEXT NOT NULL,
  responsibility_code TEXT NOT NULL,
  dims TEXT NOT NULL DEFAULT '',
  UNIQUE (account_code, responsibility_code, dims)
) STRICT;
CREATE INDEX coding_responsibility ON coding (responsibility_code);

-- The twelve months live on the line so that the database itself guarantees
-- that they sum to the year amount to the öre.
CREATE TABLE budget_line (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  profile_id TEXT REFERENCES periodisation_profile (id),
  year_ore INTEGER NOT NULL,
${MONTHS.map((m) => `  ${m}_ore INTEGER NOT NULL DEFAULT 0,`).join('\n')}
  manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  note TEXT,${SYNCED},
  CHECK (${MONTHS.map((m) => `${m}_ore`).join(' + ')} = year_ore)
) STRICT;
CREATE INDEX budget_line_version ON budget_line (version_id, coding_id);

-- Omfördelning: moves budget between nodes after a decision; kept apart from
-- the adopted budget, budget on a date = adopted + these up to that date.
CREATE TABLE reallocation (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  decision_ref TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  from_responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  to_responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  account_code TEXT,
  amount_ore INTEGER NOT NULL CHECK (amount_ore > 0),
  note TEXT,${SYNCED}
) STRICT;

-- PO-pålägg in hundredths of a percent (4015 = 40,15 %).
CREATE TABLE payroll_overhead_rate (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_year (year),
  category TEXT NOT NULL,
  name TEXT NOT NULL,
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),${SYNCED},
  UNIQUE (year, category)
) STRICT;

CREATE TABLE personnel_position (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  title TEXT NOT NULL,
  person_name TEXT,
  employment_bp INTEGER NOT NULL CHECK (employment_bp BETWEEN 0 AND 10000),
  monthly_salary_ore INTEGER NOT NULL CHECK (monthly_salary_ore >= 0),
  raise_bp INTEGER NOT NULL DEFAULT 0,
  raise_from_month INTEGER NOT NULL DEFAULT 4 CHECK (raise_from_month BETWEEN 1 AND 12),
  vacancy_months TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(vacancy_months)),
  po_category TEXT NOT NULL,
  salary_account_code TEXT NOT NULL,
  po_account_code TEXT NOT NULL,${SYNCED}
) STRICT;

-- VF-lista.
CREATE TABLE operational_change (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT REFERENCES dimension_value (id),
  description TEXT NOT NULL,
  amount_ore INTEGER NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'decided', 'rejected')),
  budget_line_id TEXT REFERENCES budget_line (id),${SYNCED}
) STRICT;

CREATE TABLE import_batch (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('actual', 'budget', 'masterdata')),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  profile_name TEXT,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  total_ore INTEGER NOT NULL,
  periods TEXT NOT NULL CHECK (json_valid(periods)),
  scope_responsibility_code TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'undone')),
  undone_at TEXT,
  summary TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary))
) STRICT;

-- Utfall per kodsträng and period as it stands now, with the batch it came from.
CREATE TABLE actual_balance (
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  period INTEGER NOT NULL REFERENCES period (period),
  amount_ore INTEGER NOT NULL,
  batch_id TEXT NOT NULL REFERENCES import_batch (id),
  PRIMARY KEY (coding_id, period)
) STRICT, WITHOUT ROWID;
CREATE INDEX actual_balance_period ON actual_balance (period);
CREATE INDEX actual_balance_batch ON actual_balance (batch_id);

-- What a batch replaced, so that undoing it restores the earlier outcome.
CREATE TABLE actual_balance_replaced (
  batch_id TEXT NOT NULL REFERENCES import_batch (id),
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  period INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,
  previous_batch_id TEXT NOT NULL REFERENCES import_batch (id),
  PRIMARY KEY (batch_id, coding_id, period)
) STRICT, WITHOUT ROWID;

-- Transaction detail for drill-down, when the imported file has it.
CREATE TABLE actual_transaction (
  id INTEGER PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES import_batch (id),
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  period INTEGER NOT NULL,
  booked_on TEXT,
  amount_ore INTEGER NOT NULL,
  voucher TEXT,
  text TEXT,
  counterparty_name TEXT
) STRICT;
CREATE INDEX actual_transaction_coding ON actual_transaction (coding_id, period);
CREATE INDEX actual_transaction_batch ON actual_transaction (batch_id);

-- Helårsprognos per node and account group, kept per reporting occasion.
CREATE TABLE forecast (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  account_group TEXT NOT NULL CHECK (account_group IN ('revenue', 'personnel', 'other_cost', 'capital_cost', 'financial')),
  amount_ore INTEGER NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('actual_plus_remaining', 'linear', 'last_year', 'manual')),
  note TEXT,${SYNCED},
  UNIQUE (occasion_id, responsibility_id, account_group)
) STRICT;

CREATE TABLE deviation_comment (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  cause TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '',
  action_effect_ore INTEGER,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (occasion_id, responsibility_id)
) STRICT;

-- Audit trail: who changed which field of which row, when and where.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  site_id TEXT NOT NULL,
  author TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
) STRICT;
CREATE INDEX change_log_row ON change_log (table_name, row_id);
`);
  },
};
