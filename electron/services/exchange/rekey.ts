import type { Db } from '../../../db/index';
import { EXCHANGED_TABLES } from './registry';
import type { ExchangedTable } from './registry-types';

/**
 * Gives a local row the id another site chose for the same row (two sites
 * created it under different ids, and both keep the smaller one), everywhere
 * it is mentioned: exchanged references, the exchange's own bookkeeping, and
 * local tables that refer to it (a locked occasion's snapshot), found with
 * `PRAGMA foreign_key_list`.
 */
export class Rekeyer {
  private foreignKeys: Map<string, { table: string; column: string }[]> | null = null;

  constructor(private readonly db: Db) {}

  rekey(t: ExchangedTable, from: string, to: string): void {
    const db = this.db;
    db.prepare(`UPDATE ${t.table} SET ${t.key} = ? WHERE ${t.key} = ?`).run(to, from);
    for (const c of EXCHANGED_TABLES) {
      for (const f of c.fields) {
        if (f.ref !== t.table) continue;
        db.prepare(`UPDATE ${c.table} SET ${f.columns[0]!} = ? WHERE ${f.columns[0]!} = ?`).run(to, from);
        db.prepare('UPDATE xchg_change SET value = ? WHERE tbl = ? AND field = ? AND value = ?').run(to, c.table, f.name, from);
      }
    }
    // Local tables that refer to the row (a locked occasion's snapshot) follow it, and what refers to them in turn.
    this.rekeyReferences(t.table, t.key, from, to, 0);
    db.prepare('UPDATE change_log SET row_id = ? WHERE table_name = ? AND row_id = ?').run(to, t.table, from);
    db.prepare('UPDATE xchg_change SET row_id = ? WHERE tbl = ? AND row_id = ?').run(to, t.table, from);
    db.prepare('UPDATE xchg_conflict SET row_id = ? WHERE tbl = ? AND row_id = ?').run(to, t.table, from);
    db.prepare('UPDATE OR REPLACE xchg_peer_row SET row_id = ? WHERE tbl = ? AND row_id = ?').run(to, t.table, from);
    db.prepare('UPDATE xchg_alias SET row_id = ? WHERE tbl = ? AND row_id = ?').run(to, t.table, from);
  }

  /** Every foreign key of the database, by the table and column it refers to. */
  private referencesTo(table: string, column: string): { table: string; column: string }[] {
    if (!this.foreignKeys) {
      const map = new Map<string, { table: string; column: string }[]>();
      const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
      for (const child of tables) {
        for (const fk of this.db.sqlite.pragma(`foreign_key_list("${child}")`) as { table: string; from: string; to: string | null }[]) {
          const to = fk.to ?? ((this.db.sqlite.pragma(`table_info("${fk.table}")`) as { name: string; pk: number }[]).find((c) => c.pk === 1)?.name ?? 'id');
          const k = `${fk.table}\u0000${to}`;
          const list = map.get(k) ?? [];
          list.push({ table: child, column: fk.from });
          map.set(k, list);
        }
      }
      this.foreignKeys = map;
    }
    return this.foreignKeys.get(`${table}\u0000${column}`) ?? [];
  }

  private rekeyReferences(table: string, column: string, from: string, to: string, depth: number): void {
    if (depth > 5) return;
    for (const ref of this.referencesTo(table, column)) {
      this.db.prepare(`UPDATE "${ref.table}" SET "${ref.column}" = ? WHERE "${ref.column}" = ?`).run(to, from);
      this.rekeyReferences(ref.table, ref.column, from, to, depth + 1);
    }
  }
}
