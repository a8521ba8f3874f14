import type { Migration } from './types';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/** The account group follow-up puts an account code in: the kontoplan's, or 'unknown' for a code missing from it (or removed). */
const groupOf = (code: string) => `coalesce((SELECT a.account_group FROM account a WHERE a.code = ${code} AND a.deleted_at IS NULL), 'unknown')`;
/** The effective group of an account row as a trigger sees it (OLD or NEW). */
const rowGroup = (r: 'OLD' | 'NEW') => `CASE WHEN ${r}.deleted_at IS NULL THEN ${r}.account_group ELSE 'unknown' END`;

const monthCases = (period: string, amount: string, sign: '' | '-') => MONTHS.map((_, i) => `${sign}CASE WHEN ${period} % 100 = ${i + 1} THEN ${amount} ELSE 0 END`).join(', ');
const addExcluded = (count: string) => `${count} = ${count} + excluded.${count}, ${MONTHS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`;

const ACTUAL_UPSERT = `ON CONFLICT (year, responsibility_code, account_group) DO UPDATE SET ${addExcluded('balances')}`;
const BUDGET_UPSERT = `ON CONFLICT (version_id, responsibility_code, account_group) DO UPDATE SET ${addExcluded('lines')}`;

/** Adds (sign '') or takes away (sign '-') one outcome balance. */
const actualRow = (r: 'OLD' | 'NEW', sign: '' | '-') => `
  INSERT INTO actual_group_sum (year, responsibility_code, account_group, balances, ${MONTHS.join(', ')})
  SELECT ${r}.period / 100, c.responsibility_code, ${groupOf('c.account_code')}, ${sign}1, ${monthCases(`${r}.period`, `${r}.amount_ore`, sign)}
  FROM coding c WHERE c.id = ${r}.coding_id
  ${ACTUAL_UPSERT};`;

/** Adds or takes away one budget line (only a line that is not tombstoned counts). */
const budgetRow = (r: 'OLD' | 'NEW', sign: '' | '-') => `
  INSERT INTO budget_group_sum (version_id, responsibility_code, account_group, lines, ${MONTHS.join(', ')})
  SELECT ${r}.version_id, c.responsibility_code, ${groupOf('c.account_code')}, ${sign}1, ${MONTHS.map((m) => `${sign}${r}.${m}`).join(', ')}
  FROM coding c WHERE c.id = ${r}.coding_id AND ${r}.deleted_at IS NULL
  ${BUDGET_UPSERT};`;

/**
 * Moves everything booked or budgeted on an account code from one group to
 * another (sign '-' takes it out of `group`, '' puts it in): what a change in
 * the kontoplan does to the sums.
 */
const moveAccount = (code: string, group: string, sign: '' | '-') => `
  INSERT INTO actual_group_sum (year, responsibility_code, account_group, balances, ${MONTHS.join(', ')})
  SELECT ab.period / 100, c.responsibility_code, ${group}, ${sign}count(*), ${MONTHS.map((_, i) => `${sign}sum(CASE WHEN ab.period % 100 = ${i + 1} THEN ab.amount_ore ELSE 0 END)`).join(', ')}
  FROM coding c JOIN actual_balance ab ON ab.coding_id = c.id WHERE c.account_code = ${code} GROUP BY 1, 2
  ${ACTUAL_UPSERT};
  INSERT INTO budget_group_sum (version_id, responsibility_code, account_group, lines, ${MONTHS.join(', ')})
  SELECT v.id, c.responsibility_code, ${group}, ${sign}count(*), ${MONTHS.map((m) => `${sign}sum(b.${m})`).join(', ')}
  FROM budget_version v CROSS JOIN coding c CROSS JOIN budget_line b
  WHERE c.account_code = ${code} AND b.version_id = v.id AND b.coding_id = c.id AND b.deleted_at IS NULL GROUP BY 1, 2
  ${BUDGET_UPSERT};`;

/** The per-row outcome triggers step aside while a bulk writer keeps the sums itself (electron/services/figures/group-sums.ts). */
const ACTIVE = '(SELECT actual_deferred FROM fsum_control WHERE id = 1) = 0';

const sumColumns = MONTHS.map((m) => `  ${m} INTEGER NOT NULL,`).join('\n');

/**
 * Follow-up's sums, kept by the database itself (issue 5's performance
 * target): outcome per year, ansvar and account group, and budget per
 * version, ansvar and account group, each with its twelve months. Reading
 * them is a few tens of thousands of rows instead of every balance and
 * budget line, so a deviation view on a fresh connection needs no pass over
 * millions of rows.
 *
 * Triggers on actual_balance, budget_line and account keep them exact
 * whoever writes: the ledger import and its undo, the exchange's outcome
 * merge, budget edits, the demo, a kontoplan change that moves an account to
 * another group. Nothing else writes them. The ledger import and its undo
 * write hundreds of thousands of balances at a time: they switch the
 * outcome triggers off for their transaction (fsum_control) and take the
 * sums of the balances they replace out and those they write in with one
 * grouped statement each, which is many times cheaper than a trigger per
 * row. A row whose count falls to zero
 * stays with zero months (it costs nothing and keeps the triggers to one
 * statement).
 *
 * Reserved as schema version 10 on main (7–9 belong to features merged
 * before it); in this branch it is the seventh migration, since versions run
 * consecutively.
 */
export const followupPerf: Migration = {
  version: 7,
  name: 'follow-up: outcome and budget per ansvar and account group, kept by triggers',
  up(db) {
    db.exec(`
CREATE TABLE actual_group_sum (
  year INTEGER NOT NULL,
  responsibility_code TEXT NOT NULL,
  account_group TEXT NOT NULL,
  balances INTEGER NOT NULL,
${sumColumns}
  PRIMARY KEY (year, responsibility_code, account_group)
) STRICT, WITHOUT ROWID;

CREATE TABLE budget_group_sum (
  version_id TEXT NOT NULL,
  responsibility_code TEXT NOT NULL,
  account_group TEXT NOT NULL,
  lines INTEGER NOT NULL,
${sumColumns}
  PRIMARY KEY (version_id, responsibility_code, account_group)
) STRICT, WITHOUT ROWID;

INSERT INTO actual_group_sum (year, responsibility_code, account_group, balances, ${MONTHS.join(', ')})
SELECT ab.period / 100, c.responsibility_code, ${groupOf('c.account_code')}, count(*), ${MONTHS.map((_, i) => `sum(CASE WHEN ab.period % 100 = ${i + 1} THEN ab.amount_ore ELSE 0 END)`).join(', ')}
FROM actual_balance ab JOIN coding c ON c.id = ab.coding_id GROUP BY 1, 2, 3;

INSERT INTO budget_group_sum (version_id, responsibility_code, account_group, lines, ${MONTHS.join(', ')})
SELECT b.version_id, c.responsibility_code, ${groupOf('c.account_code')}, count(*), ${MONTHS.map((m) => `sum(b.${m})`).join(', ')}
FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.deleted_at IS NULL GROUP BY 1, 2, 3;

-- One row: 1 while a bulk writer of outcome (the ledger import and its undo)
-- keeps the outcome sums itself, set-based, in its own transaction.
CREATE TABLE fsum_control (
  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  actual_deferred INTEGER NOT NULL CHECK (actual_deferred IN (0, 1))
) STRICT;
INSERT INTO fsum_control (id, actual_deferred) VALUES (1, 0);

CREATE TRIGGER fsum_actual_insert AFTER INSERT ON actual_balance WHEN ${ACTIVE} BEGIN${actualRow('NEW', '')}
END;
CREATE TRIGGER fsum_actual_delete AFTER DELETE ON actual_balance WHEN ${ACTIVE} BEGIN${actualRow('OLD', '-')}
END;
CREATE TRIGGER fsum_actual_update AFTER UPDATE OF coding_id, period, amount_ore ON actual_balance
WHEN ${ACTIVE} AND (OLD.coding_id IS NOT NEW.coding_id OR OLD.period IS NOT NEW.period OR OLD.amount_ore IS NOT NEW.amount_ore) BEGIN${actualRow('OLD', '-')}${actualRow('NEW', '')}
END;

CREATE TRIGGER fsum_budget_insert AFTER INSERT ON budget_line WHEN NEW.deleted_at IS NULL BEGIN${budgetRow('NEW', '')}
END;
CREATE TRIGGER fsum_budget_delete AFTER DELETE ON budget_line WHEN OLD.deleted_at IS NULL BEGIN${budgetRow('OLD', '-')}
END;
CREATE TRIGGER fsum_budget_update AFTER UPDATE OF version_id, coding_id, deleted_at, ${MONTHS.join(', ')} ON budget_line
WHEN OLD.version_id IS NOT NEW.version_id OR OLD.coding_id IS NOT NEW.coding_id OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
  OR ${MONTHS.map((m) => `OLD.${m} IS NOT NEW.${m}`).join(' OR ')} BEGIN${budgetRow('OLD', '-')}${budgetRow('NEW', '')}
END;

CREATE TRIGGER fsum_account_insert AFTER INSERT ON account WHEN NEW.deleted_at IS NULL BEGIN${moveAccount('NEW.code', "'unknown'", '-')}${moveAccount('NEW.code', 'NEW.account_group', '')}
END;
CREATE TRIGGER fsum_account_delete AFTER DELETE ON account WHEN OLD.deleted_at IS NULL BEGIN${moveAccount('OLD.code', 'OLD.account_group', '-')}${moveAccount('OLD.code', "'unknown'", '')}
END;
CREATE TRIGGER fsum_account_update AFTER UPDATE OF code, account_group, deleted_at ON account
WHEN OLD.code IS NOT NEW.code OR ${rowGroup('OLD')} IS NOT ${rowGroup('NEW')} BEGIN${moveAccount('OLD.code', rowGroup('OLD'), '-')}${moveAccount('OLD.code', "'unknown'", '')}${moveAccount(
      'NEW.code',
      "'unknown'",
      '-',
    )}${moveAccount('NEW.code', rowGroup('NEW'), '')}
END;
`);
  },
};
