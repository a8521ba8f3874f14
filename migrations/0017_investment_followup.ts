import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * The investment follow-up (issue 17 point 2, its second half).
 *
 * investment_actual gets the import batch it came from (NULL for outcome the
 * demo wrote), and investment_actual_replaced keeps what a batch replaced,
 * as actual_balance_replaced does for the drift outcome, so that undoing a
 * batch brings the investment outcome back with the drift outcome. The
 * batch is named by its text id (import_batch.id) without a foreign key:
 * the table is small and follows the batch in ledger/investment-outcome.ts.
 *
 * investment_comment is a project's deviation comment in a reporting
 * occasion's round: orsak and åtgärd with the same statuses as
 * deviation_comment, one per occasion and project.
 */
export const investmentFollowup: Migration = {
  version: 17,
  name: 'investment follow-up: outcome per import batch and project comments per occasion',
  up(db) {
    db.exec(`
ALTER TABLE investment_actual ADD COLUMN batch_id TEXT;
CREATE INDEX investment_actual_batch ON investment_actual (batch_id);

CREATE TABLE investment_actual_replaced (
  batch_id TEXT NOT NULL,
  project_code TEXT NOT NULL,
  account_code TEXT NOT NULL,
  period INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,
  previous_batch_id TEXT,
  PRIMARY KEY (batch_id, project_code, account_code, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE investment_comment (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  project_id TEXT NOT NULL REFERENCES investment_project (id),
  cause TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (occasion_id, project_id)
) STRICT;
`);
  },
};
