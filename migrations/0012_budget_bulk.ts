import type { Migration } from './types';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);
const groupOf = (code: string) => `coalesce((SELECT a.account_group FROM account a WHERE a.code = ${code} AND a.deleted_at IS NULL), 'unknown')`;
const BUDGET_UPSERT = `ON CONFLICT (version_id, responsibility_code, account_group) DO UPDATE SET lines = lines + excluded.lines, ${MONTHS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`;

/** Adds or takes away one budget line (only a line that is not tombstoned counts); as in 0007. */
const budgetRow = (r: 'OLD' | 'NEW', sign: '' | '-') => `
  INSERT INTO budget_group_sum (version_id, responsibility_code, account_group, lines, ${MONTHS.join(', ')})
  SELECT ${r}.version_id, c.responsibility_code, ${groupOf('c.account_code')}, ${sign}1, ${MONTHS.map((m) => `${sign}${r}.${m}`).join(', ')}
  FROM coding c WHERE c.id = ${r}.coding_id AND ${r}.deleted_at IS NULL
  ${BUDGET_UPSERT};`;

const ACTIVE = '(SELECT budget_deferred FROM fsum_control WHERE id = 1) = 0';

/**
 * A switch for the per-row budget sum triggers, as 0007 has for outcome: a
 * bulk write of budget lines (a version copy, an import, a raise of every
 * line) keeps budget_group_sum itself with one grouped statement for the
 * lines it takes out and one for those it puts in
 * (electron/services/budget/bulk-write.ts), instead of an upsert per line.
 * The triggers are the same as 0007's apart from the switch.
 */
export const budgetBulk: Migration = {
  version: 12,
  name: 'budget bulk writes: switch for the per-row budget sum triggers',
  up(db) {
    db.exec(`
ALTER TABLE fsum_control ADD COLUMN budget_deferred INTEGER NOT NULL DEFAULT 0 CHECK (budget_deferred IN (0, 1));

DROP TRIGGER fsum_budget_insert;
DROP TRIGGER fsum_budget_delete;
DROP TRIGGER fsum_budget_update;

CREATE TRIGGER fsum_budget_insert AFTER INSERT ON budget_line WHEN ${ACTIVE} AND NEW.deleted_at IS NULL BEGIN${budgetRow('NEW', '')}
END;
CREATE TRIGGER fsum_budget_delete AFTER DELETE ON budget_line WHEN ${ACTIVE} AND OLD.deleted_at IS NULL BEGIN${budgetRow('OLD', '-')}
END;
CREATE TRIGGER fsum_budget_update AFTER UPDATE OF version_id, coding_id, deleted_at, ${MONTHS.join(', ')} ON budget_line
WHEN ${ACTIVE} AND (OLD.version_id IS NOT NEW.version_id OR OLD.coding_id IS NOT NEW.coding_id OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
  OR ${MONTHS.map((m) => `OLD.${m} IS NOT NEW.${m}`).join(' OR ')}) BEGIN${budgetRow('OLD', '-')}${budgetRow('NEW', '')}
END;
`);
  },
};
