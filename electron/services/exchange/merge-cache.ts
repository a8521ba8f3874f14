import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';

/**
 * What the merge would otherwise ask SQLite once per row of a package (a
 * package of 100 000 changed fields made some 200 000 small queries): read
 * for a whole table in one statement before its rows are merged. Each
 * answer is exactly what the per-row query would return at the moment the
 * merge asks, because
 * - a row's versions are taken once and forgotten: the merge writes a row's
 *   log only after reading its versions, so a second look (a row reached
 *   again through an alias) asks SQLite again;
 * - "exists" is remembered only when true, and the merge never deletes a row;
 * - the rows with an open conflict are a superset (conflicts the merge opens
 *   are added, closed ones stay and are looked up as before);
 * - giving a row another id (a rekey) forgets everything.
 * `Merge` takes `bulk: false` to ask per row, as the reference the tests compare against.
 */
export class MergeCache {
  private readonly versions = new Map<string, Map<string, string>>();
  private readonly existing = new Set<string>();
  private readonly conflictRows = new Map<string, Set<string>>();
  private readonly readVersions: BetterSqlite3.Statement;
  private readonly readConflictRows: BetterSqlite3.Statement;

  constructor(
    private readonly db: Db,
    readonly bulk: boolean,
  ) {
    this.readVersions = db.prepare(
      'SELECT row_id, field, max(version) AS version FROM xchg_change WHERE tbl = ? AND row_id IN (SELECT value FROM json_each(?)) GROUP BY row_id, field',
    );
    this.readConflictRows = db.prepare("SELECT DISTINCT row_id FROM xchg_conflict WHERE tbl = ? AND status IN ('open', 'auto')");
  }

  /** Reads the greatest version of every field of these rows of `table` (ids as they are here, after aliases). */
  prefetchVersions(table: string, rowIds: Iterable<string>): void {
    if (!this.bulk) return;
    const ids = [...new Set(rowIds)];
    for (const id of ids) this.versions.set(`${table}\u0000${id}`, new Map());
    for (const r of this.readVersions.all(table, JSON.stringify(ids)) as { row_id: string; field: string; version: string }[]) {
      this.versions.get(`${table}\u0000${r.row_id}`)!.set(r.field, r.version);
    }
  }

  /** The greatest version of each field of the row, if read ahead and not asked for before; null: ask SQLite. */
  takeVersions(table: string, rowId: string): Map<string, string> | null {
    const key = `${table}\u0000${rowId}`;
    const v = this.versions.get(key);
    if (v === undefined) return null;
    this.versions.delete(key);
    return v;
  }

  exists(table: string, id: string, ask: () => boolean): boolean {
    if (!this.bulk) return ask();
    const key = `${table}\u0000${id}`;
    if (this.existing.has(key)) return true;
    const yes = ask();
    if (yes) this.existing.add(key);
    return yes;
  }

  /** May the row have an open conflict? false only when it certainly has none. */
  mayHaveConflict(table: string, rowId: string): boolean {
    if (!this.bulk) return true;
    let rows = this.conflictRows.get(table);
    if (!rows) this.conflictRows.set(table, (rows = new Set((this.readConflictRows.all(table) as { row_id: string }[]).map((r) => r.row_id))));
    return rows.has(rowId);
  }

  conflictOpened(table: string, rowId: string): void {
    this.conflictRows.get(table)?.add(rowId);
  }

  /** A row got another id: whatever was read ahead may name the old one. */
  forget(): void {
    this.versions.clear();
    this.existing.clear();
    this.conflictRows.clear();
  }
}
