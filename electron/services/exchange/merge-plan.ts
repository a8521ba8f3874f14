import type { ExchangedValue } from '../../../db/schema';
import { siteOfVersion } from './hlc';
import type { LockedOccasion } from './locks';
import type { ConflictPlanner, ConflictState } from './merge-conflicts';
import type { FieldDef } from './registry-types';
import type { RowState } from './rows';

/** One incoming change of a field, its type checked and its reference resolved to this site's id. */
export interface Entry {
  def: FieldDef;
  field: string;
  value: ExchangedValue;
  version: string;
  base: string | null;
  resolves: string[] | null;
}

export type RowCounts = { applied: number; skipped: number; conflicts: number };

/** What the row as a whole may take: decided once, before its fields. */
export interface RowVerdict {
  table: string;
  rowId: string;
  state: RowState | null;
  /** Why the sender may not change this row (its rights on the row); null when it may, or when it relays the row. */
  rowReason: string | null;
  /** Why the row's occasion refuses changes (it is locked); null when it does not. */
  lockReason: string | null;
  /** The row is one the sender relays (it may not change it itself): its changes are taken as sent. */
  relayed: boolean;
  locked: LockedOccasion | null;
  /** Why the sender may not set this field to this value; null when it may. */
  senderFieldReason: (field: string, value: ExchangedValue) => string | null;
  /** May this site's own role change the field of this row? */
  localMay: (field: string) => boolean;
}

/** What the row's changes come to, worked out in memory before anything is written. */
export interface RowPlan {
  counts: RowCounts;
  /** The row's values after the changes. */
  work: Map<string, ExchangedValue>;
  /** Fields whose value changes: the value before and the version that changed it last. */
  changed: Map<string, { old: ExchangedValue | undefined; version: string }>;
  /** Changes taken in (into the exchange's log), whether or not they change the value. */
  accepted: Entry[];
  conflicts: Map<string, ConflictState>;
  refusals: [string, string][];
  /** Fields of a locked occasion's row that the sender changed too late: the reported value is asserted again. */
  tooLate: Map<string, string[]>;
  /** Changes here that the sender set back to what it reported when it locked the occasion. */
  restored: number;
  newest: string | null;
  oldest: string | null;
  /** Changes this site holds already. */
  alreadyHere: number;
}

export interface PlanSources {
  /** The newest version of each field here; updated with the plan's. */
  versions: Map<string, string>;
  /** Field NUL version of the changes the log holds for the row. */
  logged: ReadonlySet<string>;
  /** The version a logged version was based on. */
  baseOf: (field: string, version: string) => string | null;
  /** This site's id. */
  siteId: string;
  clockRefusal: (version: string) => string | null;
  conflicts: ConflictPlanner;
}

/**
 * Decides every change of one row against the row as it stands: already here,
 * refused (the sender's rights, the lock, this site's clock), a fast-forward,
 * the same value, or a conflict.
 */
export function planRowChanges(entries: readonly Entry[], row: RowVerdict, src: PlanSources): RowPlan {
  const { rowReason, lockReason, relayed, state, localMay } = row;
  const { versions, logged } = src;
  const plan: RowPlan = {
    counts: { applied: 0, skipped: 0, conflicts: 0 },
    work: new Map(state?.values ?? []),
    changed: new Map(),
    accepted: [],
    conflicts: new Map(),
    refusals: [],
    tooLate: new Map(),
    restored: 0,
    newest: null,
    oldest: null,
    alreadyHere: 0,
  };
  const { counts, work, changed, tooLate } = plan;
  const pending = new Map<string, string | null>();
  const isAncestor = (field: string) => (ancestor: string, version: string) => isAncestorOf(src.baseOf, field, ancestor, version, pending);
  for (const e of entries) {
    const key = `${e.field}\u0000${e.version}`;
    if (logged.has(key) || pending.has(key)) {
      counts.skipped++;
      plan.alreadyHere++;
      continue;
    }
    const cur = versions.get(e.field) ?? null;
    const curValue = work.has(e.field) ? work.get(e.field)! : undefined;
    // Every change passes the same checks, a resolution too: the sender's rights, the lock, this site's clock.
    const reason = rowReason ?? lockReason ?? (relayed ? null : row.senderFieldReason(e.field, e.value)) ?? src.clockRefusal(e.version);
    if (reason) {
      // Nothing to refuse when it would change nothing (a row both sites hold alike).
      if (curValue !== undefined && curValue === e.value) counts.skipped++;
      else {
        plan.refusals.push([e.field, reason]);
        // Late only: the sender could have made the change, had the occasion not been locked here.
        const late = reason === lockReason && state && localMay(e.field) && (relayed || row.senderFieldReason(e.field, e.value) === null) && src.clockRefusal(e.version) === null;
        if (late) tooLate.set(e.field, [...(tooLate.get(e.field) ?? []), e.version]);
      }
      continue;
    }
    if (row.locked !== null && cur !== null && siteOfVersion(cur) === src.siteId && e.resolves?.includes(cur)) plan.restored++;
    const ownStale = cur !== null && siteOfVersion(cur) === src.siteId && !localMay(e.field);
    const outcome = cur === null || cur === e.base || ownStale || curValue === undefined ? 'ff' : curValue === e.value ? 'same' : 'conflict';
    pending.set(key, e.base);
    plan.accepted.push(e);
    const conflict = src.conflicts.plan(row.table, row.rowId, e, cur, curValue, outcome, localMay(e.field), plan.conflicts, isAncestor(e.field));
    let version = cur;
    let value: ExchangedValue | undefined = curValue;
    if (outcome === 'ff' || cur === null || e.version > cur) {
      version = e.version;
      value = e.value;
    }
    if (conflict === 'new' || conflict === 'joined') counts.conflicts++;
    else if (outcome === 'same') counts.skipped++;
    else counts.applied++;
    if (version !== cur && version !== null) versions.set(e.field, version);
    if (value !== curValue || curValue === undefined) {
      const c = changed.get(e.field);
      if (c) c.version = e.version;
      else changed.set(e.field, { old: curValue, version: e.version });
      work.set(e.field, value as ExchangedValue);
      if (plan.newest === null || e.version > plan.newest) plan.newest = e.version;
    }
    if (plan.oldest === null || e.version < plan.oldest) plan.oldest = e.version;
  }
  return plan;
}

/** Is `ancestor` in the chain of versions that `version` was based on? (`pending`: this row's changes not written yet.) */
function isAncestorOf(
  baseOf: (field: string, version: string) => string | null,
  field: string,
  ancestor: string,
  version: string,
  pending: ReadonlyMap<string, string | null>,
): boolean {
  let v: string | null = version;
  for (let steps = 0; v !== null && steps < 10_000; steps++) {
    const key: string = `${field}\u0000${v}`;
    v = pending.has(key) ? pending.get(key)! : baseOf(field, v);
    if (v === ancestor) return true;
  }
  return false;
}
