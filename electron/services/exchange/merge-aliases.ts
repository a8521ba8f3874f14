import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';

/**
 * The ids under which another site knows rows of this one (a row created on
 * both sites keeps the smaller id; the other becomes its alias), read once per
 * id and remembered for the merge.
 */
export class MergeAliases {
  private readonly known = new Map<string, string | null>();
  private readonly find: BetterSqlite3.Statement;

  constructor(private readonly db: Db) {
    this.find = db.prepare('SELECT row_id FROM xchg_alias WHERE tbl = ? AND alias_id = ?');
  }

  /** This site's id of the row the sender calls `id`, or null when it has no alias here. */
  of(table: string, id: string): string | null {
    const key = `${table}\u0000${id}`;
    if (this.known.has(key)) return this.known.get(key)!;
    const row = this.find.get(table, id) as { row_id: string } | undefined;
    this.known.set(key, row?.row_id ?? null);
    return row?.row_id ?? null;
  }

  /** The aliases of these ids, in one statement: what of() would read for each. */
  prefetch(table: string, ids: Iterable<string>): void {
    const found = new Map((this.db.prepare('SELECT alias_id, row_id FROM xchg_alias WHERE tbl = ?').all(table) as { alias_id: string; row_id: string }[]).map((r) => [r.alias_id, r.row_id]));
    for (const id of ids) {
      const key = `${table}\u0000${id}`;
      if (!this.known.has(key)) this.known.set(key, found.get(id) ?? null);
    }
  }

  add(table: string, alias: string, rowId: string): void {
    this.db.prepare('INSERT INTO xchg_alias (tbl, alias_id, row_id) VALUES (?, ?, ?) ON CONFLICT (tbl, alias_id) DO UPDATE SET row_id = excluded.row_id').run(table, alias, rowId);
    this.known.set(`${table}\u0000${alias}`, rowId);
  }

  /** Forgets what was read: a row was given a new id. */
  clear(): void {
    this.known.clear();
  }
}
