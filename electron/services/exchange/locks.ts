import type { Db } from '../../../db/index';
import type { ExchangedValue } from '../../../db/schema';
import { CodingResolver } from '../coding';
import { getOccasion } from '../followup/calendar';
import { writeSnapshot } from '../followup/snapshot';
import { recordLocalChange } from './capture';
import type { SiteInfo } from './identity';
import { EXCHANGED_TABLES } from './registry';
import type { ExchangedTable } from './registry-types';
import type { RuleLookup } from './rights';
import { TableRows } from './rows';

/**
 * Locked reporting occasions (`reporting_occasion.locked_at`, the
 * follow-up's reported state) during an import: a change of a row of an
 * occasion locked here is refused, unless the same package set the lock
 * (the locker's last changes before it come with it). Nothing else passes a
 * lock, not even a change that says it resolves others.
 */

export interface LockedOccasion {
  id: string;
  name: string;
  lockedAt: string;
}

export function lockLabel(o: LockedOccasion): string {
  return `${o.name} är låst sedan ${o.lockedAt.slice(0, 10)}`;
}

/** The locked reporting occasion a row belongs to, as this database holds it now, or null. */
export function lockedOccasion(lookup: RuleLookup, t: ExchangedTable, get: (field: string) => ExchangedValue): LockedOccasion | null {
  if (!t.occasion) return null;
  const v = get(t.occasion.field);
  if (typeof v !== 'string') return null;
  const id = t.occasion.sql ? lookup.scalar(`SELECT (${t.occasion.sql('?')})`, v) : v;
  if (typeof id !== 'string') return null;
  const lockedAt = lookup.scalar('SELECT locked_at FROM reporting_occasion WHERE id = ?', id);
  if (typeof lockedAt !== 'string') return null;
  return { id, name: String(lookup.scalar('SELECT name FROM reporting_occasion WHERE id = ?', id)), lockedAt };
}

/**
 * Why a change of a row of a reporting occasion is refused here: the
 * occasion is locked (it has been reported), and this package did not set
 * the lock itself. null when the row may change.
 */
export function lockRefusal(locked: LockedOccasion | null, setByPackage: ReadonlySet<string>): string | null {
  if (locked === null || setByPackage.has(locked.id)) return null;
  return `${locked.name} är låst här sedan ${locked.lockedAt.slice(0, 10)}: det som rapporterades ändras inte. Controllern kan låsa upp tillfället under Årshjul om något måste ändras.`;
}

/** SQL over a row alias: the occasion id of a row of `t`. */
function occasionSql(t: ExchangedTable, row: string): string {
  const column = t.fields.find((f) => f.name === t.occasion!.field)!.columns[0]!;
  return t.occasion!.sql ? `(${t.occasion!.sql(`${row}.${column}`)})` : `${row}.${column}`;
}

/**
 * When a lock arrives, fields of the occasion that this site changed and
 * the locker had not received when it sent the lock (our log positions after
 * what the package says it has received from us) were not part of what was
 * reported: they go back to the value the field held before them here, as a
 * change that settles them, so this site shows what was reported and the
 * late values stay in the history. (The locker does the same when the late
 * change reaches it after the lock; either way no change ever passes a lock
 * that was not set by its own package.) Returns how many fields went back.
 */
export function restoreLateChanges(db: Db, me: SiteInfo, occasionId: string, receivedFromUs: number, at: string): number {
  let restored = 0;
  const codings = new CodingResolver(db);
  for (const t of EXCHANGED_TABLES) {
    if (!t.occasion) continue;
    const late = db
      .prepare(
        `SELECT x.row_id, x.field, x.version FROM xchg_change x
         WHERE x.tbl = ? AND x.origin = ? AND x.via IS NULL AND x.package_id IS NULL AND x.seq > ?
           AND x.row_id IN (SELECT r.${t.key} FROM ${t.table} r WHERE ${occasionSql(t, 'r')} = ?)
         ORDER BY x.row_id, x.field, x.version`,
      )
      .all(t.table, me.id, receivedFromUs, occasionId) as { row_id: string; field: string; version: string }[];
    if (late.length === 0) continue;
    const byField = new Map<string, { rowId: string; field: string; versions: string[] }>();
    for (const l of late) {
      const k = `${l.row_id}\u0000${l.field}`;
      const e = byField.get(k) ?? { rowId: l.row_id, field: l.field, versions: [] };
      e.versions.push(l.version);
      byField.set(k, e);
    }
    const rows = new TableRows(db, t);
    for (const { rowId, field, versions } of byField.values()) {
      const current = db.prepare('SELECT max(version) AS v FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ?').get(t.table, rowId, field) as { v: string };
      if (!versions.includes(current.v)) continue;
      // What the field held before the late changes: its newest version that is not one of them.
      const before = db
        .prepare(
          `SELECT value, version FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND version NOT IN (SELECT value FROM json_each(?)) ORDER BY version DESC LIMIT 1`,
        )
        .get(t.table, rowId, field, JSON.stringify(versions)) as { value: ExchangedValue; version: string } | undefined;
      // A row (or field) the locker never had stays as it is.
      if (!before) continue;
      const state = rows.get(rowId);
      if (!state) continue;
      const open = db.prepare("SELECT id, candidates FROM xchg_conflict WHERE tbl = ? AND row_id = ? AND field = ? AND status IN ('open', 'auto')").get(t.table, rowId, field) as
        | { id: string; candidates: string }
        | undefined;
      const resolves = new Set(versions);
      if (open) for (const c of JSON.parse(open.candidates) as { version: string }[]) resolves.add(c.version);
      if (state.values.get(field) !== before.value) rows.update(rowId, rows.columns(new Map([[field, before.value]]), { codings }), { at, site: me.id });
      const version = recordLocalChange(db, t, rowId, field, before.value, [...resolves].sort());
      if (open) db.prepare("UPDATE xchg_conflict SET status = 'resolved', resolved_at = ?, resolved_version = ? WHERE id = ?").run(at, version, open.id);
      restored++;
    }
  }
  return restored;
}

/**
 * A lock that arrived takes the occasion's snapshot here as the follow-up
 * does when it locks (from what this database now holds, after the whole
 * package), so a locked occasion shows the same figures on every site; a
 * lifted lock drops it.
 */
export function takeSnapshots(db: Db, me: SiteInfo, occasions: Iterable<string>, senderName: string, now: Date): void {
  for (const id of occasions) {
    const row = db.prepare('SELECT locked_at, deleted_at FROM reporting_occasion WHERE id = ?').get(id) as { locked_at: string | null; deleted_at: string | null } | undefined;
    if (!row) continue;
    if (row.locked_at === null || row.deleted_at !== null) {
      db.prepare('DELETE FROM occasion_snapshot WHERE occasion_id = ?').run(id);
      continue;
    }
    const occasion = getOccasion(db, id);
    const lockedAt = new Date(row.locked_at);
    writeSnapshot(db, { siteId: me.id, user: senderName, role: me.role, scopeCode: me.scopeCode, now: Number.isNaN(lockedAt.getTime()) ? now : lockedAt }, occasion);
  }
}
