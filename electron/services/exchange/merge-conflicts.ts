import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';
import { newId } from '../ids';
import { siteOfVersion } from './hlc';
import type { MergeCache } from './merge-cache';
import type { ExchangedValue } from './registry-types';

export interface Candidate {
  version: string;
  value: ExchangedValue;
  site: string;
}

/** A field's conflict while a row is merged: candidates left, or the version that closed it. */
export interface ConflictState {
  id: string | null;
  status: 'open' | 'auto' | null;
  candidates: Candidate[];
  closedBy: string | null;
}

export interface IncomingChange {
  field: string;
  value: ExchangedValue;
  version: string;
  base: string | null;
  resolves: string[] | null;
}

/**
 * The versions a received change may settle here. A resolution settles only
 * a conflict this site recorded itself (or one this package opened), with
 * one of that conflict's values, and then only that conflict's candidates;
 * without a conflict here it counts like a base (it says which value the
 * writer saw), which any change may name. Anything else in the list is
 * ignored: the change is then an ordinary change, and a conflict if it
 * disagrees. (Whether the sender may write the field, and the lock, are
 * checked before, as for every change.)
 */
export function settledBy(e: IncomingChange, open: readonly Candidate[] | null, cur: string | null): Set<string> {
  const out = new Set<string>();
  if (!e.resolves || e.resolves.length === 0) return out;
  if (open === null) {
    if (cur !== null && e.resolves.includes(cur)) out.add(cur);
    return out;
  }
  const value = JSON.stringify(e.value);
  if (!open.some((c) => JSON.stringify(c.value) === value)) return out;
  for (const c of open) if (e.resolves.includes(c.version)) out.add(c.version);
  return out;
}

/** Reads and writes xchg_conflict for one import. */
export class ConflictPlanner {
  private readonly openConflict: BetterSqlite3.Statement;
  /** Conflicts a row's changes closed before a new one opened on the same field. */
  readonly closures: [string, string][] = [];

  constructor(
    private readonly db: Db,
    private readonly at: string,
    private readonly packageId: string,
    private readonly cache: MergeCache | null = null,
  ) {
    this.openConflict = db.prepare("SELECT id, candidates, status FROM xchg_conflict WHERE tbl = ? AND row_id = ? AND field = ? AND status IN ('open', 'auto')");
  }

  /**
   * Works out the conflict of a field after a change arrives: the change
   * replaces the candidates it was based on or settles, and the conflict
   * closes when one candidate is left.
   */
  plan(
    table: string,
    rowId: string,
    e: IncomingChange,
    cur: string | null,
    curValue: ExchangedValue | undefined,
    outcome: 'ff' | 'same' | 'conflict',
    localMay: boolean,
    states: Map<string, ConflictState>,
    /** Is `ancestor` in the chain of versions that `version` was based on? */
    isAncestor: (ancestor: string, version: string) => boolean,
  ): 'none' | 'new' | 'joined' | 'closed' {
    let state = states.get(e.field);
    if (!state) {
      const open = (this.cache && !this.cache.mayHaveConflict(table, rowId) ? undefined : this.openConflict.get(table, rowId, e.field)) as { id: string; candidates: string; status: 'open' | 'auto' } | undefined;
      state = open ? { id: open.id, status: open.status, candidates: JSON.parse(open.candidates) as Candidate[], closedBy: null } : { id: null, status: null, candidates: [], closedBy: null };
    }
    const isOpen = state.candidates.length > 0 && state.closedBy === null;
    if (!isOpen && outcome !== 'conflict') return 'none';
    let cands: Candidate[] = isOpen ? state.candidates : [{ version: cur!, value: curValue ?? null, site: siteOfVersion(cur!) }];
    const superseded = new Set<string | null>([e.base, ...settledBy(e, isOpen ? state.candidates : null, cur)]);
    cands = cands.filter((c) => !superseded.has(c.version) && !isAncestor(c.version, e.version));
    cands.push({ version: e.version, value: e.value, site: siteOfVersion(e.version) });
    // Candidates with the same value do not disagree: keep the newest of each value.
    const byValue = new Map<string, Candidate>();
    for (const c of cands) {
      const k = JSON.stringify(c.value);
      const prev = byValue.get(k);
      if (!prev || c.version > prev.version) byValue.set(k, c);
    }
    cands = [...byValue.values()].sort((a, b) => (a.version < b.version ? 1 : -1));
    if (cands.length <= 1) {
      if (!isOpen) return 'none';
      states.set(e.field, { ...state, closedBy: e.version });
      return 'closed';
    }
    if (isOpen) {
      states.set(e.field, { ...state, candidates: cands });
      return 'joined';
    }
    // A new conflict; one closed earlier in this package stays closed.
    if (state.id !== null && state.closedBy !== null) this.closures.push([state.id, state.closedBy]);
    states.set(e.field, { id: null, status: localMay ? 'open' : 'auto', candidates: cands, closedBy: null });
    return 'new';
  }

  write(table: string, rowId: string, field: string, c: ConflictState): void {
    if (c.closedBy !== null) {
      if (c.id) this.close(c.id, c.closedBy);
      return;
    }
    if (c.id) this.db.prepare('UPDATE xchg_conflict SET candidates = ?, package_id = ? WHERE id = ?').run(JSON.stringify(c.candidates), this.packageId, c.id);
    else {
      this.cache?.conflictOpened(table, rowId);
      this.db
        .prepare('INSERT INTO xchg_conflict (id, tbl, row_id, field, status, candidates, detected_at, package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(newId(), table, rowId, field, c.status, JSON.stringify(c.candidates), this.at, this.packageId);
    }
  }

  close(id: string, version: string): void {
    this.db.prepare("UPDATE xchg_conflict SET status = 'resolved', resolved_at = ?, resolved_version = ? WHERE id = ?").run(this.at, version, id);
  }

  flushClosures(): void {
    for (const [id, version] of this.closures.splice(0)) this.close(id, version);
  }
}
