import type { Db } from '../../../db/index';
import type { Actor } from './model';

export interface FieldChange {
  field: string;
  old: string | number | null;
  new: string | number | null;
}

export interface HistoryEntry {
  at: string;
  author: string;
  siteId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

const asText = (v: string | number | null): string | null => (v === null ? null : String(v));

/** Writes one change_log row per changed field: who, when, from which site, old and new value. */
export function logChanges(db: Db, actor: Actor, table: string, rowId: string, changes: readonly FieldChange[]): void {
  const at = actor.now.toISOString();
  const insert = db.prepare('INSERT INTO change_log (at, site_id, author, table_name, row_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const c of changes) {
    if (asText(c.old) === asText(c.new)) continue;
    insert.run(at, actor.siteId, actor.user, table, rowId, c.field, asText(c.old), asText(c.new));
  }
}

/** The audit trail of one row, oldest first. */
export function historyOf(db: Db, table: string, rowId: string): HistoryEntry[] {
  const rows = db.all(
    db.q
      .selectFrom('change_log')
      .select(['at', 'author', 'site_id', 'field', 'old_value', 'new_value'])
      .where('table_name', '=', table)
      .where('row_id', '=', rowId)
      .orderBy('seq'),
  );
  return rows.map((r) => ({ at: r.at, author: r.author, siteId: r.site_id, field: r.field, oldValue: r.old_value, newValue: r.new_value }));
}
