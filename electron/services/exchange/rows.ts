import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';
import type { ExchangedValue } from '../../../db/schema';
import { fieldValueSql, nodeSql } from './capture';
import type { DecodeContext, ExchangedTable, FieldDef } from './registry-types';

/** An exchanged row as it travels: its field values (encoded as in packages) and its ansvar node(s). */
export interface RowState {
  values: Map<string, ExchangedValue>;
  nodes: (string | null)[];
}

/**
 * Reads and writes rows of one exchanged table through the registry, so the
 * exchange never needs to know how a feature writes its rows.
 */
export class TableRows {
  private readonly read: BetterSqlite3.Statement;
  private readonly readMany: BetterSqlite3.Statement;
  private readonly visible = new Map<string, BetterSqlite3.Statement>();
  private natural: BetterSqlite3.Statement | null = null;

  constructor(
    private readonly db: Db,
    readonly t: ExchangedTable,
  ) {
    const cols = t.fields.map((f, i) => `${fieldValueSql(f, 'r')} AS f${i}`).join(', ');
    this.read = db.prepare(`SELECT ${nodeSql(t, 'r')} AS __node, ${cols} FROM ${t.table} AS r WHERE r.${t.key} = ?`);
    this.readMany = db.prepare(`SELECT r.${t.key} AS __id, ${nodeSql(t, 'r')} AS __node, ${cols} FROM ${t.table} AS r WHERE r.${t.key} IN (SELECT value FROM json_each(?))`);
  }

  get(id: string): RowState | null {
    const row = this.read.get(id) as Record<string, ExchangedValue> | undefined;
    return row ? this.state(row) : null;
  }

  /** What get() returns for each of these ids that exists, read in one statement. */
  getMany(ids: readonly string[]): Map<string, RowState> {
    const rows = this.readMany.all(JSON.stringify(ids)) as Record<string, ExchangedValue>[];
    return new Map(rows.map((row) => [row.__id as string, this.state(row)]));
  }

  private state(row: Record<string, ExchangedValue>): RowState {
    const values = new Map<string, ExchangedValue>();
    this.t.fields.forEach((f, i) => values.set(f.name, row[`f${i}`] ?? null));
    const node = row.__node;
    return { values, nodes: typeof node === 'string' ? node.split(',') : [null] };
  }

  /** Does the SQL condition hold for the row? */
  matches(id: string, where: (r: string) => string): boolean {
    const sql = where('r');
    let stmt = this.visible.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT (${sql}) AS ok FROM ${this.t.table} AS r WHERE r.${this.t.key} = ?`);
      this.visible.set(sql, stmt);
    }
    const row = stmt.get(id) as { ok: number | null } | undefined;
    return row?.ok === 1;
  }

  /** The id of another row with the same natural key as `values`, if any. */
  findByNaturalKey(values: ReadonlyMap<string, ExchangedValue>, exceptId: string): string | null {
    const keyFields = this.t.naturalKey;
    if (!keyFields) return null;
    const defs = keyFields.map((n) => this.t.fields.find((f) => f.name === n)!);
    if (defs.some((f) => !values.has(f.name))) return null;
    if (!this.natural) {
      this.natural = this.db.prepare(`SELECT r.${this.t.key} AS id FROM ${this.t.table} AS r WHERE ${defs.map((f) => `${fieldValueSql(f, 'r')} IS ?`).join(' AND ')} AND r.${this.t.key} <> ?`);
    }
    const row = this.natural.get(...defs.map((f) => values.get(f.name) ?? null), exceptId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Column values for fields, decoded. */
  columns(fields: ReadonlyMap<string, ExchangedValue>, ctx: DecodeContext): Map<string, ExchangedValue> {
    const out = new Map<string, ExchangedValue>();
    for (const [name, value] of fields) {
      const f = this.t.fields.find((x) => x.name === name) as FieldDef;
      if (f.decode) for (const [c, v] of Object.entries(f.decode(value, ctx))) out.set(c, v);
      else out.set(f.columns[0]!, value);
    }
    return out;
  }

  update(id: string, cols: ReadonlyMap<string, ExchangedValue>, meta: { at: string; site: string } | null): void {
    const sets = [...cols.keys()].map((c) => `${c} = ?`);
    const params = [...cols.values()];
    if (this.t.synced && meta) {
      sets.push('updated_at = ?', 'updated_by_site = ?');
      params.push(meta.at, meta.site);
    }
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE ${this.t.table} SET ${sets.join(', ')} WHERE ${this.t.key} = ?`).run(...params, id);
  }

  insert(id: string, cols: ReadonlyMap<string, ExchangedValue>, meta: { createdAt: string; at: string; site: string }): void {
    const names = [this.t.key, ...cols.keys()];
    const params: ExchangedValue[] = [id, ...cols.values()];
    if (this.t.synced) {
      names.push('created_at', 'updated_at', 'updated_by_site');
      params.push(meta.createdAt, meta.at, meta.site);
    }
    this.db.prepare(`INSERT INTO ${this.t.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...params);
  }

  exists(id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${this.t.table} WHERE ${this.t.key} = ?`).get(id) !== undefined;
  }
}

/** One TableRows per table, made on first use. */
export class RowsCache {
  private readonly map = new Map<string, TableRows>();
  constructor(private readonly db: Db) {}
  of(t: ExchangedTable): TableRows {
    let r = this.map.get(t.table);
    if (!r) this.map.set(t.table, (r = new TableRows(this.db, t)));
    return r;
  }
}
