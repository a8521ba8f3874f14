import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { CodingResolver } from '../coding';
import { ensureFiscalYear } from '../fiscal';
import { observeVersion, recordLocalChange, stampOutcome } from './capture';
import type { ProgressFn } from './export';
import { siteOfVersion, timeOfVersion } from './hlc';
import type { SiteInfo } from './identity';
import { lockedOccasion, lockLabel, lockRefusal, restoreLateChanges, takeSnapshots } from './locks';
import { checkType, clockRefusal, nodesOf, recordPeerPosition } from './merge-checks';
import { MergeCache } from './merge-cache';
import { ConflictPlanner, type ConflictState } from './merge-conflicts';
import { mergeOutcome } from './merge-outcome';
import type { ReadPackage, WireChange } from './package-file';
import { Rekeyer } from './rekey';
import { EXCHANGED_TABLES, exchangedTable, fieldOf, OUTCOME } from './registry';
import type { ExchangedTable, ExchangedValue, FieldDef } from './registry-types';
import { fieldRefusal, relays, rowRefusal, ruleFor, RuleLookup, type Actor } from './rights';
import { RowsCache, type TableRows } from './rows';
import { OrgTree } from './scope';

export interface RefusedItem {
  table: string;
  /** Swedish name of the row's kind. */
  label: string;
  rowId: string;
  field: string;
  reason: string;
}

export interface MergeResult {
  applied: number;
  skipped: number;
  conflicts: number;
  refused: number;
  refusedItems: RefusedItem[];
  notes: string[];
  outcomeRows: number;
}

const MAX_LISTED = 1000;

interface Entry {
  def: FieldDef;
  field: string;
  value: ExchangedValue;
  version: string;
  base: string | null;
  resolves: string[] | null;
}

class RowRefused extends Error {}

type Counts = { applied: number; skipped: number; conflicts: number; refused: number };
type RowCounts = Omit<Counts, 'refused'>;


/**
 * One import's merge, inside its transaction with capture suspended. The
 * sender is the package's verified sender as accepted here: its role and
 * scope decide every change, and only what it may change moves anything
 * here, this site's clock included.
 */
export class Merge {
  private readonly counts: Counts = { applied: 0, skipped: 0, conflicts: 0, refused: 0 };
  private readonly refusedItems: RefusedItem[] = [];
  private readonly notes: string[] = [];
  private tree: OrgTree;
  private readonly local: Actor;
  private readonly rows: RowsCache;
  private readonly codings: CodingResolver;
  private readonly at: string;
  private readonly packageId: string;
  private readonly senderId: string;
  private readonly aliases = new Map<string, string | null>();
  private readonly packageIds = new Map<string, Set<string>>();
  /** Rows the sender has shown it holds (a change of it was taken in, or was here already): they need not go to it whole. */
  private readonly known: [string, string][] = [];
  private outcomeRows = 0;
  /** Occasions whose lock this package set or lifted: their snapshots are taken (or dropped) when the rest is in. */
  private readonly locksChanged = new Set<string>();
  private readonly lookup: RuleLookup;
  private readonly rekeyer: Rekeyer;
  private readonly conflicts: ConflictPlanner;
  /** Rows of this package that were not read in (table, NUL, id): rows referring to them are refused too. */
  private readonly notWritten = new Set<string>();
  /** Fields changed here that the site which locked their occasion has set back to what it reported, per lock message. */
  private readonly restoredByLock = new Map<string, number>();
  /** The greatest version taken in: this site's clock moves past it, and past nothing refused. */
  private newestAccepted: string | null = null;
  /** Fiscal years the changes taken in need. */
  private readonly years = new Set<number>();
  /**
   * This computer's clock, against which a clock from the future is measured. The real one, not the pinned
   * RAMKOLL_TODAY: the hybrid logical clock is ticked by SQLite's own 'now' in the capture triggers.
   */
  // eslint-disable-next-line no-restricted-syntax
  private readonly wallMs = Date.now();
  private readonly s: Record<string, BetterSqlite3.Statement>;
  private readonly cache: MergeCache;

  constructor(
    private readonly db: Db,
    private readonly pkg: ReadPackage,
    private readonly me: SiteInfo,
    private readonly sender: Actor,
    private readonly senderName: string,
    private readonly now: Date,
    private readonly progress: ProgressFn = () => {},
    /** Read ahead per table (false: ask SQLite per row, the reference the tests compare against). */
    bulk = true,
  ) {
    this.cache = new MergeCache(db, bulk);
    this.tree = OrgTree.load(db);
    this.local = { role: me.role, scope: me.scopeCode };
    this.rows = new RowsCache(db);
    this.lookup = new RuleLookup(db);
    this.rekeyer = new Rekeyer(db);
    this.codings = new CodingResolver(db);
    this.at = now.toISOString();
    this.packageId = pkg.payload.manifest.id;
    this.senderId = pkg.payload.manifest.sender.id;
    this.conflicts = new ConflictPlanner(db, this.at, this.packageId, this.cache);
    this.s = {
      logged: db.prepare("SELECT field || char(0) || version AS k FROM xchg_change WHERE tbl = ? AND row_id = ?"),
      log: db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, resolves, node, origin, via, package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      baseOf: db.prepare('SELECT base FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND version = ?'),
      versions: db.prepare('SELECT field, max(version) AS version FROM xchg_change WHERE tbl = ? AND row_id = ? GROUP BY field'),
      alias: db.prepare('SELECT row_id FROM xchg_alias WHERE tbl = ? AND alias_id = ?'),
      changeLog: db.prepare('INSERT INTO change_log (at, site_id, author, table_name, row_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    };
  }

  run(): MergeResult {
    this.db.sqlite.pragma('defer_foreign_keys = ON');
    const payload = this.pkg.payload;
    stampOutcome(this.db);

    // Group by table (in the registry's order, parents first) and row.
    const byTable = new Map<string, Map<string, WireChange[]>>();
    for (const c of payload.changes) {
      let rows = byTable.get(c[0]);
      if (!rows) byTable.set(c[0], (rows = new Map()));
      const list = rows.get(c[1]);
      if (list) list.push(c);
      else rows.set(c[1], [c]);
      let ids = this.packageIds.get(c[0]);
      if (!ids) this.packageIds.set(c[0], (ids = new Set()));
      ids.add(c[1]);
    }
    for (const [table, rows] of byTable) {
      if (exchangedTable(table)) continue;
      for (const [rowId, entries] of rows) for (const e of entries) this.refuse(table, table, rowId, e[2], `tabellen ${table} finns inte i den här versionen av Ramkoll; uppdatera Ramkoll`);
    }
    const tables = EXCHANGED_TABLES.filter((t) => byTable.has(t.table));
    let done = 0;
    const total = payload.changes.length;
    for (const t of tables) {
      const rows = this.rows.of(t);
      const group = byTable.get(t.table)!;
      if (this.cache.bulk) this.prefetchAliases(t.table, group.keys());
      this.cache.prefetchVersions(t.table, [...group.keys()].map((id) => this.aliasOf(t.table, id) ?? id));
      for (const [rowId, entries] of group) {
        this.applyRow(t, rows, rowId, entries);
        done += entries.length;
        if (done % 5000 < entries.length) this.progress({ task: `Läser in ${t.plural}`, done, total });
      }
      if (t.table === 'dimension_value') this.tree = OrgTree.load(this.db);
    }
    const outcome = mergeOutcome({
      db: this.db,
      outcome: payload.outcome,
      sender: this.sender,
      local: this.local,
      tree: this.tree,
      codings: this.codings,
      senderId: this.senderId,
      packageId: this.packageId,
      versionRefusal: (v) => this.clockRefusal(v),
      refuse: (rowId, reason) => this.refuse(OUTCOME, 'utfall', rowId, 'balances', reason),
      accepted: (v, period) => {
        this.accept(v);
        this.years.add(Math.floor(period / 100));
      },
    });
    this.counts.applied += outcome.applied;
    this.counts.skipped += outcome.skipped;
    this.outcomeRows = outcome.rows;
    for (const year of this.years) ensureFiscalYear(this.db, year, this.at);
    if (this.newestAccepted) observeVersion(this.db, this.newestAccepted);
    this.settleLocks();
    this.notes.push(...recordPeerPosition(this.db, this.pkg, this.me, this.known, this.at));
    const violations = this.db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number; parent: string }[];
    if (violations.length > 0) {
      const v = violations[0]!;
      throw new RamkollError(
        'BAD_FILE',
        `${this.pkg.fileName} kunde inte läsas in: en rad i ${v.table} hänvisar till en rad i ${v.parent} som saknas (${violations.length} sådana). Inget har ändrats; be avsändaren skicka ett fullständigt paket.`,
      );
    }
    this.progress({ task: 'Läser in paketet', done: total, total });
    return { ...this.counts, refusedItems: this.refusedItems.slice(0, MAX_LISTED), notes: this.notes, outcomeRows: this.outcomeRows };
  }

  private clockRefusal(version: string): string | null {
    return clockRefusal(version, this.wallMs, this.senderName);
  }

  private accept(version: string): void {
    if (this.newestAccepted === null || version > this.newestAccepted) this.newestAccepted = version;
  }

  /** Locks this package set: late changes made here go back to what was reported, then the snapshots. */
  private settleLocks(): void {
    const m = this.pkg.payload.manifest;
    const receivedFromUs = m.received.find((r) => r.site === this.me.id)?.upto ?? 0;
    for (const id of this.locksChanged) {
      const o = this.db.prepare('SELECT name, locked_at FROM reporting_occasion WHERE id = ? AND deleted_at IS NULL').get(id) as { name: string; locked_at: string | null } | undefined;
      if (!o?.locked_at) continue;
      const restored = restoreLateChanges(this.db, this.me, id, receivedFromUs, this.at);
      if (restored > 0) this.countRestored(lockLabel({ id, name: o.name, lockedAt: o.locked_at }), restored);
    }
    takeSnapshots(this.db, this.me, this.locksChanged, m.sender.name, this.now);
    for (const [lock, count] of this.restoredByLock) {
      this.notes.push(`${lock}. ${count === 1 ? 'Ett fält' : `${count} fält`} som ändrats här kom fram efter låsningen hos ${m.sender.name} och visar nu det som rapporterades; ändringarna finns kvar i historiken.`);
    }
  }

  private countRestored(label: string, n: number): void {
    this.restoredByLock.set(label, (this.restoredByLock.get(label) ?? 0) + n);
  }

  private aliasOf(table: string, id: string): string | null {
    const key = `${table}\u0000${id}`;
    if (this.aliases.has(key)) return this.aliases.get(key)!;
    const row = this.s.alias!.get(table, id) as { row_id: string } | undefined;
    this.aliases.set(key, row?.row_id ?? null);
    return row?.row_id ?? null;
  }

  /** The aliases of these ids, in one statement: what aliasOf would read for each. */
  private prefetchAliases(table: string, ids: Iterable<string>): void {
    const found = new Map((this.db.prepare('SELECT alias_id, row_id FROM xchg_alias WHERE tbl = ?').all(table) as { alias_id: string; row_id: string }[]).map((r) => [r.alias_id, r.row_id]));
    for (const id of ids) {
      const key = `${table}\u0000${id}`;
      if (!this.aliases.has(key)) this.aliases.set(key, found.get(id) ?? null);
    }
  }

  private addAlias(table: string, alias: string, rowId: string): void {
    this.db.prepare('INSERT INTO xchg_alias (tbl, alias_id, row_id) VALUES (?, ?, ?) ON CONFLICT (tbl, alias_id) DO UPDATE SET row_id = excluded.row_id').run(table, alias, rowId);
    this.aliases.set(`${table}\u0000${alias}`, rowId);
  }

  private refuse(table: string, label: string, rowId: string, field: string, reason: string): void {
    this.counts.refused++;
    if (this.refusedItems.length < MAX_LISTED) this.refusedItems.push({ table, label, rowId, field, reason });
  }

  /** Is `ancestor` in the chain of versions that `version` was based on? (`pending`: this row's changes not written yet.) */
  private isAncestor(table: string, rowId: string, field: string, ancestor: string, version: string, pending: ReadonlyMap<string, string | null>): boolean {
    let v: string | null = version;
    for (let steps = 0; v !== null && steps < 10_000; steps++) {
      const key: string = `${field}\u0000${v}`;
      v = pending.has(key) ? pending.get(key)! : ((this.s.baseOf!.get(table, rowId, field, v) as { base: string | null } | undefined)?.base ?? null);
      if (v === ancestor) return true;
    }
    return false;
  }

  private applyRow(t: ExchangedTable, rows: TableRows, incomingId: string, wire: WireChange[]): void {
    // Check every value before anything is written.
    const entries: Entry[] = [];
    for (const c of wire) {
      const def = fieldOf(t, c[2]);
      if (!def) {
        this.refuse(t.table, t.label, incomingId, c[2], `fältet ${c[2]} finns inte i den här versionen av Ramkoll; uppdatera Ramkoll`);
        continue;
      }
      const problem = checkType(def, c[3]);
      if (problem) {
        this.refuse(t.table, t.label, incomingId, c[2], problem);
        continue;
      }
      const value = def.ref && typeof c[3] === 'string' ? (this.aliasOf(def.ref, c[3]) ?? c[3]) : c[3];
      entries.push({ def, field: c[2], value, version: c[4], base: c[5], resolves: c[6] });
    }
    if (entries.length === 0) {
      if (!rows.exists(this.aliasOf(t.table, incomingId) ?? incomingId)) this.notWritten.add(`${t.table}\u0000${incomingId}`);
      return;
    }

    let rowId = this.aliasOf(t.table, incomingId) ?? incomingId;
    let state = rows.get(rowId);
    const incoming = new Map<string, ExchangedValue>();
    for (const e of entries) incoming.set(e.field, e.value);
    // Created on two sites under different ids (same natural key): both keep the smaller id.
    let twin: string | null = null;
    if (!state && t.naturalKey) {
      twin = rows.findByNaturalKey(incoming, rowId);
      if (twin !== null) state = rows.get(twin);
    }
    const after = new Map(state?.values ?? []);
    for (const [k, v] of incoming) after.set(k, v);
    const nodesAfter = nodesOf(t, after, this.tree, this.lookup);
    const nodes = [...(state ? state.nodes : []), ...nodesAfter];
    const get = (f: string) => (f === t.key ? rowId : (after.get(f) ?? null));
    const senderContext = this.lookup.context(t, this.sender, this.tree, nodesAfter, get);
    // A row the sender may change as it is here and as it would be (a row of its own moved elsewhere, or another's moved
    // into its own, is neither).
    const before = state ? (f: string) => (f === t.key ? rowId : (state!.values.get(f) ?? null)) : null;
    const senderReason =
      rowRefusal(t, this.sender, this.tree, nodes, get, !state, senderContext) ??
      (before && state ? rowRefusal(t, this.sender, this.tree, state.nodes, before, false, this.lookup.context(t, this.sender, this.tree, state.nodes, before)) : null);
    // Rows the sender may not change itself but relays to us (the inriktningsmål from the controller) are taken as sent.
    const relayed = senderReason !== null && relays(t, this.sender.role, this.local.role);
    const rowReason = relayed ? null : senderReason;
    // The occasion the row belongs to now and the one it would move to: neither may be locked.
    const lockedNow = before ? lockedOccasion(this.lookup, t, before) : null;
    const lockedAfter = lockedOccasion(this.lookup, t, get);
    const locked = lockRefusal(lockedNow, this.locksChanged) !== null ? lockedNow : lockedAfter;
    const lockReason = lockRefusal(locked, this.locksChanged);
    if (twin !== null && rowReason === null && lockReason === null) {
      if (twin < rowId) this.addAlias(t.table, rowId, twin);
      else {
        this.rekeyer.rekey(t, twin, rowId);
        this.aliases.clear();
        this.cache.forget();
        this.addAlias(t.table, twin, rowId);
      }
      rowId = twin < rowId ? twin : rowId;
      this.notes.push(`En rad (${t.label}) hade skapats både här och hos ${this.senderName}; de är nu samma rad, och där värdena skiljer sig visas konflikter.`);
    } else if (twin !== null) {
      for (const e of entries) this.refuse(t.table, t.label, incomingId, e.field, (rowReason ?? lockReason)!);
      this.notWritten.add(`${t.table}\u0000${incomingId}`);
      return;
    }
    const localRule = ruleFor(t, this.local.role);
    const localNodes = state ? state.nodes : nodesAfter;
    const localRowOk = localRule !== undefined && rowRefusal(t, this.local, this.tree, localNodes, get, false, this.lookup.context(t, this.local, this.tree, localNodes, get)) === null;
    const localMay = (field: string) => localRowOk && (!localRule!.fields || localRule!.fields.includes(field));

    // Plan: decide every change against the row as it stands, in memory.
    const counts: RowCounts = { applied: 0, skipped: 0, conflicts: 0 };
    const work = new Map(state?.values ?? []);
    const versions = this.cache.takeVersions(t.table, rowId) ?? new Map((this.s.versions!.all(t.table, rowId) as { field: string; version: string }[]).map((r) => [r.field, r.version]));
    // A row without versions has no changes in the log either: no need to look each one up.
    const logged = versions.size === 0 ? new Set<string>() : new Set((this.s.logged!.all(t.table, rowId) as { k: string }[]).map((r) => r.k));
    const pending = new Map<string, string | null>();
    const accepted: Entry[] = [];
    const conflicts = new Map<string, ConflictState>();
    const changed = new Map<string, { old: ExchangedValue | undefined; version: string }>();
    let newest: string | null = null;
    let oldest: string | null = null;
    let alreadyHere = 0;
    const refusals: [string, string][] = [];
    /** Fields of a locked occasion's row that the sender changed too late: the reported value is asserted again. */
    const tooLate = new Map<string, string[]>();
    let restored = 0;
    const isAncestor = (field: string) => (ancestor: string, version: string) => this.isAncestor(t.table, rowId, field, ancestor, version, pending);
    for (const e of entries) {
      const key = `${e.field}\u0000${e.version}`;
      if (logged.has(key) || pending.has(key)) {
        counts.skipped++;
        alreadyHere++;
        continue;
      }
      const cur = versions.get(e.field) ?? null;
      const curValue = work.has(e.field) ? work.get(e.field)! : undefined;
      // Every change passes the same checks, a resolution too: the sender's rights, the lock, this site's clock.
      const reason = rowReason ?? lockReason ?? (relayed ? null : fieldRefusal(t, this.sender, e.field, e.value, () => senderContext)) ?? this.clockRefusal(e.version);
      if (reason) {
        // Nothing to refuse when it would change nothing (a row both sites hold alike).
        if (curValue !== undefined && curValue === e.value) counts.skipped++;
        else {
          refusals.push([e.field, reason]);
          // Late only: the sender could have made the change, had the occasion not been locked here.
          const late = reason === lockReason && state && localMay(e.field) && (relayed || fieldRefusal(t, this.sender, e.field, e.value, () => senderContext) === null) && this.clockRefusal(e.version) === null;
          if (late) tooLate.set(e.field, [...(tooLate.get(e.field) ?? []), e.version]);
        }
        continue;
      }
      if (locked !== null && cur !== null && siteOfVersion(cur) === this.me.id && e.resolves?.includes(cur)) restored++;
      const ownStale = cur !== null && siteOfVersion(cur) === this.me.id && !localMay(e.field);
      const outcome = cur === null || cur === e.base || ownStale || curValue === undefined ? 'ff' : curValue === e.value ? 'same' : 'conflict';
      pending.set(key, e.base);
      accepted.push(e);
      const conflict = this.conflicts.plan(t.table, rowId, e, cur, curValue, outcome, localMay(e.field), conflicts, isAncestor(e.field));
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
        if (newest === null || e.version > newest) newest = e.version;
      }
      if (oldest === null || e.version < oldest) oldest = e.version;
    }
    for (const [field, reason] of refusals) this.refuse(t.table, t.label, rowId, field, reason);
    if (!state && changed.size === 0) this.notWritten.add(`${t.table}\u0000${rowId}`);

    // Write: the row first (the only step the database may still refuse), then the bookkeeping.
    try {
      if (changed.size > 0) {
        this.checkRefs(t, work, changed);
        const ctx = { codings: this.codings };
        const meta = { at: timeOfVersion(newest!), site: siteOfVersion(newest!) };
        if (state) {
          rows.update(rowId, rows.columns(new Map([...changed.keys()].map((f) => [f, work.get(f)!])), ctx), meta);
        } else {
          const missing = t.fields.filter((f) => !work.has(f.name));
          if (missing.length > 0) throw new RowRefused(`raden finns inte här och paketet saknar ${missing.map((f) => f.label).join(', ')}; be avsändaren skicka ett fullständigt paket`);
          rows.insert(rowId, rows.columns(work, ctx), { createdAt: timeOfVersion(oldest!), ...meta });
        }
      }
    } catch (e) {
      const sqliteConstraint = typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
      if (!(e instanceof RowRefused) && !sqliteConstraint) throw e;
      const reason = e instanceof RowRefused ? e.message : `databasen godtog inte raden (${(e as Error).message})`;
      for (const a of accepted) this.refuse(t.table, t.label, rowId, a.field, reason);
      if (!state) this.notWritten.add(`${t.table}\u0000${rowId}`);
      this.conflicts.closures.length = 0;
      this.counts.skipped += counts.skipped;
      return;
    }
    // Only a change taken in (or one here already) shows that the sender holds the row; a refused one shows nothing.
    if (rowReason === null && (accepted.length > 0 || alreadyHere > 0)) this.known.push([t.table, rowId]);
    if (t.table === 'reporting_occasion' && changed.has('locked_at')) this.locksChanged.add(rowId);
    const node = nodesAfter.join(',') || null;
    for (const e of accepted) {
      this.s.log!.run(t.table, rowId, e.field, e.value, e.version, e.base, e.resolves ? JSON.stringify(e.resolves) : null, node, siteOfVersion(e.version), this.senderId, this.packageId);
      this.accept(e.version);
      if (e.def.fiscal && typeof e.value === 'number') this.years.add(e.def.fiscal === 'year' ? e.value : Math.floor(e.value / 100));
    }
    for (const [field, c] of conflicts) this.conflicts.write(t.table, rowId, field, c);
    this.conflicts.flushClosures();
    // The sender will hold its late change until it hears otherwise: what was reported goes back as a change that settles it,
    // with a version after the late one's (it is within a day of this computer's clock), so it shows there.
    for (const [field, refused] of tooLate) {
      observeVersion(this.db, refused.reduce((a, b) => (a > b ? a : b)));
      recordLocalChange(this.db, t, rowId, field, work.get(field) ?? null, refused);
    }
    if (restored > 0) this.countRestored(lockLabel(locked!), restored);
    // The shared audit trail gets every change of a row that was here already, recorded as the package's verified sender's;
    // the exchange's own log keeps the site each version names.
    if (state) {
      for (const [field, c] of changed) {
        const text = (v: ExchangedValue | undefined) => (v === undefined || v === null ? null : String(v));
        this.s.changeLog!.run(timeOfVersion(c.version), this.senderId, this.senderName, t.table, rowId, field, text(c.old), text(work.get(field)));
      }
    }
    this.counts.applied += counts.applied;
    this.counts.skipped += counts.skipped;
    this.counts.conflicts += counts.conflicts;
  }

  /** References to other rows must point at rows that exist here, or that this package brings. */
  private checkRefs(t: ExchangedTable, work: ReadonlyMap<string, ExchangedValue>, changed: ReadonlyMap<string, unknown>): void {
    for (const field of changed.keys()) {
      const f = fieldOf(t, field)!;
      const v = work.get(field);
      if (!f.ref || typeof v !== 'string') continue;
      const target = exchangedTable(f.ref)!;
      if (this.cache.exists(target.table, v, () => this.rows.of(target).exists(v))) continue;
      if (this.notWritten.has(`${target.table}\u0000${v}`)) throw new RowRefused(`${f.label} hänvisar till en ${target.label} (${v}) som inte lästes in`);
      if (this.packageIds.get(f.ref)?.has(v)) continue;
      throw new RowRefused(`${f.label} hänvisar till en ${target.label} (${v}) som saknas här`);
    }
  }
}
