import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Follow-up (issue 5): thresholds for required deviation comments per
 * organisational level, and snapshots that keep a locked reporting
 * occasion's figures as they were when it was reported.
 *
 * Comment history needs no table of its own: every change of a comment is
 * written field by field to change_log (who, when, where, old and new value).
 * Forecast accuracy is computed from forecast and the year's outcome.
 */
export const followup: Migration = {
  version: 5,
  name: 'follow-up: deviation thresholds and snapshots of locked reporting occasions',
  up(db) {
    db.exec(`
-- A comment is required where a deviation (ack, or budget against forecast)
-- reaches amount_ore or percent_bp (hundredths of a percent) for the node's
-- level; NULL switches that part off. Exchanged like other edited rows.
CREATE TABLE deviation_threshold (
  id TEXT PRIMARY KEY NOT NULL,
  level TEXT NOT NULL UNIQUE CHECK (level IN ('administration', 'sector', 'operation', 'unit')),
  amount_ore INTEGER CHECK (amount_ore IS NULL OR amount_ore >= 0),
  percent_bp INTEGER CHECK (percent_bp IS NULL OR percent_bp >= 0),${SYNCED}
) STRICT;

-- What a locked occasion showed. Derived from budget, outcome and master
-- data at the time of locking and kept local: a site that receives a lock
-- takes its own snapshot. meta holds the organisation, the accounts, the
-- thresholds and the budget version as they were (JSON).
CREATE TABLE occasion_snapshot (
  occasion_id TEXT PRIMARY KEY NOT NULL REFERENCES reporting_occasion (id),
  taken_at TEXT NOT NULL,
  taken_by TEXT NOT NULL,
  budget_version_id TEXT,
  budget_version_name TEXT,
  forecast_occasion_id TEXT,
  meta TEXT NOT NULL CHECK (json_valid(meta))
) STRICT;

-- Budget, outcome and last year's outcome per ansvar and konto (other
-- dimensions summed): the sums the deviation view needs, and month by month
-- (JSON arrays of integer öre) for charts and drill-down.
CREATE TABLE occasion_snapshot_figure (
  occasion_id TEXT NOT NULL REFERENCES occasion_snapshot (occasion_id) ON DELETE CASCADE,
  responsibility_code TEXT NOT NULL,
  account_code TEXT NOT NULL,
  budget_year_ore INTEGER NOT NULL,
  budget_acc_ore INTEGER NOT NULL,
  actual_acc_ore INTEGER NOT NULL,
  last_year_acc_ore INTEGER NOT NULL,
  budget_months TEXT NOT NULL CHECK (json_valid(budget_months)),
  actual_months TEXT NOT NULL CHECK (json_valid(actual_months)),
  last_year_months TEXT NOT NULL CHECK (json_valid(last_year_months)),
  PRIMARY KEY (occasion_id, responsibility_code, account_code)
) STRICT, WITHOUT ROWID;

-- The forecasts that applied to the occasion when it was locked (its own,
-- or the latest earlier occasion's), so later forecast work cannot move them.
CREATE TABLE occasion_snapshot_forecast (
  occasion_id TEXT NOT NULL REFERENCES occasion_snapshot (occasion_id) ON DELETE CASCADE,
  responsibility_code TEXT NOT NULL,
  account_group TEXT NOT NULL,
  amount_ore INTEGER NOT NULL,
  method TEXT NOT NULL,
  PRIMARY KEY (occasion_id, responsibility_code, account_group)
) STRICT, WITHOUT ROWID;

CREATE INDEX forecast_occasion ON forecast (occasion_id);
CREATE INDEX deviation_comment_occasion ON deviation_comment (occasion_id);
`);
  },
};
