import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { ExchangedValue, Role, XchgConflictTable } from '../../../db/schema';
import { CodingResolver } from '../coding';
import { currentVersion, recordLocalChange, suspended } from './capture';
import { displayValue } from './display';
import { siteOfVersion, timeOfVersion } from './hlc';
import { siteInfo } from './identity';
import { exchangedTable, fieldOf } from './registry';
import { TableRows } from './rows';

export interface SiteRef {
  id: string;
  name: string;
  role: Role | null;
}

export interface ConflictCandidate {
  version: string;
  value: ExchangedValue;
  display: string;
  site: SiteRef;
  /** When that value was set. */
  at: string;
  /** The value the row shows now (the newest). */
  shown: boolean;
}

export interface ConflictInfo {
  id: string;
  table: string;
  tableLabel: string;
  rowId: string;
  rowLabel: string;
  field: string;
  fieldLabel: string;
  status: 'open' | 'auto' | 'resolved';
  detectedAt: string;
  resolvedAt: string | null;
  candidates: ConflictCandidate[];
}

type ConflictRow = Pick<XchgConflictTable, 'id' | 'tbl' | 'row_id' | 'field' | 'status' | 'candidates' | 'detected_at' | 'resolved_at'>;

export function siteRef(db: Db, id: string): SiteRef {
  const row = db.prepare('SELECT name, role FROM site WHERE id = ?').get(id) as { name: string; role: Role } | undefined;
  return { id, name: row?.name ?? id, role: row?.role ?? null };
}

function describe(db: Db, r: ConflictRow): ConflictInfo {
  const t = exchangedTable(r.tbl);
  const f = t && fieldOf(t, r.field);
  const rows = t ? new TableRows(db, t) : null;
  const state = rows?.get(r.row_id) ?? null;
  const label = t ? ((db.prepare(`SELECT ${t.describe('r')} AS label FROM ${t.table} AS r WHERE r.${t.key} = ?`).get(r.row_id) as { label: string } | undefined)?.label ?? r.row_id) : r.row_id;
  const current = currentVersion(db, r.tbl, r.row_id, r.field);
  const cands = JSON.parse(r.candidates) as { version: string; value: ExchangedValue }[];
  if (current !== null && !cands.some((c) => c.version === current) && state) cands.unshift({ version: current, value: state.values.get(r.field) ?? null });
  return {
    id: r.id,
    table: r.tbl,
    tableLabel: t?.label ?? r.tbl,
    rowId: r.row_id,
    rowLabel: label,
    field: r.field,
    fieldLabel: f?.label ?? r.field,
    status: r.status,
    detectedAt: r.detected_at,
    resolvedAt: r.resolved_at,
    candidates: cands
      .sort((a, b) => (a.version < b.version ? 1 : -1))
      .map((c) => ({ version: c.version, value: c.value, display: displayValue(f, c.value), site: siteRef(db, siteOfVersion(c.version)), at: timeOfVersion(c.version), shown: c.version === current })),
  };
}

export function countOpenConflicts(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM xchg_conflict WHERE status = 'open'").get() as { n: number }).n;
}

/** Conflicts waiting for a choice (or all of them, for the history). */
export function listConflicts(db: Db, which: 'open' | 'all' = 'open'): ConflictInfo[] {
  const rows = db
    .prepare(`SELECT id, tbl, row_id, field, status, candidates, detected_at, resolved_at FROM xchg_conflict ${which === 'open' ? "WHERE status = 'open'" : ''} ORDER BY detected_at DESC, tbl, row_id, field LIMIT 5000`)
    .all() as ConflictRow[];
  return rows.map((r) => describe(db, r));
}

/**
 * Settles a conflict with the chosen value. The choice is itself a change:
 * it travels with the next package and closes the same conflict on the
 * other sites, because it names the versions it resolves.
 */
export function resolveConflict(db: Db, id: string, version: string, now: Date, user: string): ConflictInfo {
  const row = db.prepare('SELECT id, tbl, row_id, field, status, candidates, detected_at, resolved_at FROM xchg_conflict WHERE id = ?').get(id) as ConflictRow | undefined;
  if (!row) throw new RamkollError('NOT_FOUND', 'Konflikten finns inte; läs om listan.');
  if (row.status !== 'open') throw new RamkollError('CONFLICT', 'Konflikten är redan löst; läs om listan.');
  const info = describe(db, row);
  const chosen = info.candidates.find((c) => c.version === version);
  if (!chosen) throw new RamkollError('INVALID_INPUT', 'Det valda värdet hör inte till konflikten; läs om listan.');
  const t = exchangedTable(row.tbl)!;
  const f = fieldOf(t, row.field)!;
  const me = siteInfo(db);
  const rows = new TableRows(db, t);
  db.tx(() =>
    suspended(db, () => {
      const state = rows.get(row.row_id);
      if (!state) throw new RamkollError('NOT_FOUND', `Raden (${t.label}) finns inte längre; konflikten kan inte lösas.`);
      const old = state.values.get(row.field) ?? null;
      rows.update(row.row_id, rows.columns(new Map([[row.field, chosen.value]]), { codings: new CodingResolver(db) }), { at: now.toISOString(), site: me.id });
      const resolved = recordLocalChange(db, t, row.row_id, row.field, chosen.value, info.candidates.map((c) => c.version));
      db.prepare("UPDATE xchg_conflict SET status = 'resolved', resolved_at = ?, resolved_version = ? WHERE id = ?").run(now.toISOString(), resolved, id);
      const text = (v: ExchangedValue) => (v === null ? null : String(v));
      db.prepare('INSERT INTO change_log (at, site_id, author, table_name, row_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        now.toISOString(),
        me.id,
        user,
        t.table,
        row.row_id,
        f.name,
        text(old),
        text(chosen.value),
      );
    }),
  );
  return describe(db, db.prepare('SELECT id, tbl, row_id, field, status, candidates, detected_at, resolved_at FROM xchg_conflict WHERE id = ?').get(id) as ConflictRow);
}
