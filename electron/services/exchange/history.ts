import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { ExchangedValue } from '../../../db/schema';
import { siteRef, type SiteRef } from './conflicts';
import { displayValue } from './display';
import { KIND_NAMES, type PackageSummary } from './export';
import { siteOfVersion, timeOfVersion } from './hlc';
import type { PackageKind } from './package-file';
import { exchangedTable, fieldOf } from './registry';
import { writeAtomically } from '../files/write-atomically';

export interface PackageRecord {
  id: string;
  direction: 'sent' | 'received';
  peer: SiteRef;
  kind: PackageKind;
  kindName: string;
  fileName: string;
  createdAt: string;
  handledAt: string;
  summary: PackageSummary;
  result: { applied: number; skipped: number; conflicts: number; refused: number } | null;
  attachments: string[];
}

/** Every package sent and received, newest first. */
export function listPackages(db: Db, limit = 200): PackageRecord[] {
  const rows = db
    .prepare('SELECT id, direction, peer_id, kind, file_name, created_at, handled_at, summary, result FROM xchg_package ORDER BY handled_at DESC, rowid DESC LIMIT ?')
    .all(limit) as { id: string; direction: 'sent' | 'received'; peer_id: string; kind: PackageKind; file_name: string; created_at: string; handled_at: string; summary: string; result: string | null }[];
  const att = db.prepare('SELECT name FROM xchg_attachment WHERE package_id = ? ORDER BY name');
  return rows.map((r) => {
    const result = r.result ? (JSON.parse(r.result) as PackageRecord['result'] & object) : null;
    return {
      id: r.id,
      direction: r.direction,
      peer: siteRef(db, r.peer_id),
      kind: r.kind,
      kindName: KIND_NAMES[r.kind] ?? r.kind,
      fileName: r.file_name,
      createdAt: r.created_at,
      handledAt: r.handled_at,
      summary: JSON.parse(r.summary) as PackageSummary,
      result: result ? { applied: result.applied, skipped: result.skipped, conflicts: result.conflicts, refused: result.refused } : null,
      attachments: (att.all(r.id) as { name: string }[]).map((a) => a.name),
    };
  });
}

export interface FieldChange {
  table: string;
  tableLabel: string;
  rowId: string;
  field: string;
  fieldLabel: string;
  value: ExchangedValue;
  display: string;
  version: string;
  /** When the change was made, on the site that made it. */
  at: string;
  site: SiteRef;
  /** The site it came from here (null: made here). */
  via: SiteRef | null;
}

/** The audit trail of a row (or one field): who changed what, when, on which site. */
export function fieldHistory(db: Db, table: string, rowId: string, field?: string): FieldChange[] {
  const t = exchangedTable(table);
  if (!t) throw new RamkollError('NOT_FOUND', `Tabellen ${table} utbyts inte.`);
  const rows = db
    .prepare(`SELECT field, value, version, via FROM xchg_change WHERE tbl = ? AND row_id = ? ${field ? 'AND field = ?' : ''} ORDER BY version, seq`)
    .all(...(field ? [table, rowId, field] : [table, rowId])) as { field: string; value: ExchangedValue; version: string; via: string | null }[];
  return rows.map((r) => {
    const f = fieldOf(t, r.field);
    return {
      table,
      tableLabel: t.label,
      rowId,
      field: r.field,
      fieldLabel: f?.label ?? r.field,
      value: r.value,
      display: displayValue(f, r.value),
      version: r.version,
      at: timeOfVersion(r.version),
      site: siteRef(db, siteOfVersion(r.version)),
      via: r.via ? siteRef(db, r.via) : null,
    };
  });
}

/** Saves a file that came attached to a received package. */
export function saveAttachment(db: Db, packageId: string, name: string, target: string): { bytes: number } {
  const row = db.prepare('SELECT data FROM xchg_attachment WHERE package_id = ? AND name = ?').get(packageId, name) as { data: Buffer } | undefined;
  if (!row) throw new RamkollError('NOT_FOUND', `Bilagan ${name} finns inte i paketet.`);
  writeAtomically(target, row.data);
  return { bytes: row.data.length };
}
