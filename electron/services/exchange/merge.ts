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
import { groupByTableAndRow } from './group';
import { MergeAliases } from './merge-aliases';
import { MergeCache } from './merge-cache';
import { ConflictPlanner } from './merge-conflicts';
import { mergeOutcome } from './merge-outcome';
import { planRowChanges, type Entry, type RowPlan, type RowVerdict } from './merge-plan';
import type { ReadPackage, WireChange } from './package-file';
import { Rekeyer } from './rekey';
import { EXCHANGED_TABLES, exchangedTable, fieldOf, OUTCOME } from './registry';
import type { ExchangedTable, ExchangedValue } from './registry-types';
import { fieldRefusal, relays, rowRefusal, ruleFor, RuleLookup } from './rights';
import { RowsCache, type TableRows } from './rows';
import { OrgTree } from '../figures/org-tree';
import type { SiteActor } from '../actor';

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

class RowRefused extends Error {}

type Counts = { applied: number; skipped: number; conflicts: number; refused: number };


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
  private readonly local: SiteActor;
  private readonly rows: RowsCache;
  private readonly codings: CodingResolver;
  private readonly at: string;
  private readonly packageId: string;
  private readonly senderId: string;
  private readonly aliases: MergeAliases;
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
    private readonly sender: SiteActor,
    private readonly senderName: string,
    private readonly now: Date,
    private readonly progress: ProgressFn = () => {},
    /** Read ahead per table (false: ask SQLite per row, the reference the tests compare against). */
    bulk = true,
  ) {
    this.cache = new MergeCache(db, bulk);
    this.aliases = new MergeAliases(db);
    this.tree = OrgTree.load(db, { withDeleted: true });
    this.local = { role: me.role, scopeCode: me.scopeCode };
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
      changeLog: db.prepare('INSERT INTO change_log (at, site_id, author, table_name, row_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    };
  }

  run(): MergeResult {
    this.db.sqlite.pragma('defer_foreign_keys = ON');
    const payload = this.pkg.payload;
    stampOutcome(this.db);

    // Group by table (in the registry's order, parents first) and row.
    const byTable = groupByTableAndRow(payload.changes, (c) => c[0], (c) => c[1]);
    for (const [table, rows] of byTable) this.packageIds.set(table, new Set(rows.keys()));
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
      if (this.cache.bulk) this.aliases.prefetch(t.table, group.keys());
      this.cache.prefetchVersions(t.table, [...group.keys()].map((id) => this.aliases.of(t.table, id) ?? id));
      for (const [rowId, entries] of group) {
        this.applyRow(t, rows, rowId, entries);
        done += entries.length;
        if (done % 5000 < entries.length) this.progress({ task: `Läser in ${t.plural}`, done, total });
      }
      if (t.table === 'dimension_value') this.tree = OrgTree.load(this.db, { withDeleted: true });
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

  private refuse(table: string, label: string, rowId: string, field: string, reason: string): void {
    this.counts.refused++;
    if (this.refusedItems.length < MAX_LISTED) this.refusedItems.push({ table, label, rowId, field, reason });
  }

  private applyRow(t: ExchangedTable, rows: TableRows, incomingId: string, wire: WireChange[]): void {
    const entries = this.checkedEntries(t, incomingId, wire);
    if (entries.length === 0) {
      if (!rows.exists(this.aliases.of(t.table, incomingId) ?? incomingId)) this.notWritten.add(`${t.table}\u0000${incomingId}`);
      return;
    }
    const judged = this.judgeRow(t, rows, incomingId, entries);
    if (!judged) return;
    const { verdict, nodesAfter } = judged;
    const { rowId, state } = verdict;
    const versions = this.cache.takeVersions(t.table, rowId) ?? new Map((this.s.versions!.all(t.table, rowId) as { field: string; version: string }[]).map((r) => [r.field, r.version]));
    // A row without versions has no changes in the log either: no need to look each one up.
    const logged = versions.size === 0 ? new Set<string>() : new Set((this.s.logged!.all(t.table, rowId) as { k: string }[]).map((r) => r.k));
    const plan = planRowChanges(entries, verdict, {
      versions,
      logged,
      baseOf: (field, v) => (this.s.baseOf!.get(t.table, rowId, field, v) as { base: string | null } | undefined)?.base ?? null,
      siteId: this.me.id,
      clockRefusal: (v) => this.clockRefusal(v),
      conflicts: this.conflicts,
    });
    for (const [field, reason] of plan.refusals) this.refuse(t.table, t.label, rowId, field, reason);
    if (!state && plan.changed.size === 0) this.notWritten.add(`${t.table}\u0000${rowId}`);
    if (!this.writeRow(t, rows, verdict, plan)) return;
    this.recordRow(t, verdict, nodesAfter, plan);
  }

  /** The row's changes whose field this version knows and whose value has the field's type; references resolved to this site's ids. */
  private checkedEntries(t: ExchangedTable, incomingId: string, wire: WireChange[]): Entry[] {
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
      const value = def.ref && typeof c[3] === 'string' ? (this.aliases.of(def.ref, c[3]) ?? c[3]) : c[3];
      entries.push({ def, field: c[2], value, version: c[4], base: c[5], resolves: c[6] });
    }
    return entries;
  }

  /**
   * What the sender and this site may do with the row, as it is here and as it
   * would be, and whether its occasion is locked; a row created on both sites
   * is joined here. Null: the row is refused whole.
   */
  private judgeRow(t: ExchangedTable, rows: TableRows, incomingId: string, entries: Entry[]): { verdict: RowVerdict; nodesAfter: (string | null)[] } | null {
    let rowId = this.aliases.of(t.table, incomingId) ?? incomingId;
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
      rowId = this.joinTwin(t, rowId, twin);
    } else if (twin !== null) {
      for (const e of entries) this.refuse(t.table, t.label, incomingId, e.field, (rowReason ?? lockReason)!);
      this.notWritten.add(`${t.table}\u0000${incomingId}`);
      return null;
    }
    const localRule = ruleFor(t, this.local.role);
    const localNodes = state ? state.nodes : nodesAfter;
    const localRowOk = localRule !== undefined && rowRefusal(t, this.local, this.tree, localNodes, get, false, this.lookup.context(t, this.local, this.tree, localNodes, get)) === null;
    const localMay = (field: string) => localRowOk && (!localRule!.fields || localRule!.fields.includes(field));
    const senderFieldReason = (field: string, value: ExchangedValue) => fieldRefusal(t, this.sender, field, value, () => senderContext);
    return { verdict: { table: t.table, rowId, state, rowReason, lockReason, relayed, locked, senderFieldReason, localMay }, nodesAfter };
  }

  /** The same row created here and by the sender under two ids: both keep the smaller id, which is returned. */
  private joinTwin(t: ExchangedTable, rowId: string, twin: string): string {
    if (twin < rowId) this.aliases.add(t.table, rowId, twin);
    else {
      this.rekeyer.rekey(t, twin, rowId);
      this.aliases.clear();
      this.cache.forget();
      this.aliases.add(t.table, twin, rowId);
    }
    this.notes.push(`En rad (${t.label}) hade skapats både här och hos ${this.senderName}; de är nu samma rad, och där värdena skiljer sig visas konflikter.`);
    return twin < rowId ? twin : rowId;
  }

  /** Writes the row (the only step the database may still refuse); false when it was refused, its changes then counted as refused. */
  private writeRow(t: ExchangedTable, rows: TableRows, v: RowVerdict, plan: RowPlan): boolean {
    const { rowId, state } = v;
    const { changed, work } = plan;
    try {
      if (changed.size > 0) {
        this.checkRefs(t, work, changed);
        const ctx = { codings: this.codings };
        const meta = { at: timeOfVersion(plan.newest!), site: siteOfVersion(plan.newest!) };
        if (state) {
          rows.update(rowId, rows.columns(new Map([...changed.keys()].map((f) => [f, work.get(f)!])), ctx), meta);
        } else {
          const missing = t.fields.filter((f) => !work.has(f.name));
          if (missing.length > 0) throw new RowRefused(`raden finns inte här och paketet saknar ${missing.map((f) => f.label).join(', ')}; be avsändaren skicka ett fullständigt paket`);
          rows.insert(rowId, rows.columns(work, ctx), { createdAt: timeOfVersion(plan.oldest!), ...meta });
        }
      }
    } catch (e) {
      const sqliteConstraint = typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
      if (!(e instanceof RowRefused) && !sqliteConstraint) throw e;
      const reason = e instanceof RowRefused ? e.message : `databasen godtog inte raden (${(e as Error).message})`;
      for (const a of plan.accepted) this.refuse(t.table, t.label, rowId, a.field, reason);
      if (!state) this.notWritten.add(`${t.table}\u0000${rowId}`);
      this.conflicts.closures.length = 0;
      this.counts.skipped += plan.counts.skipped;
      return false;
    }
    return true;
  }

  /** The bookkeeping of a written row: the exchange's log, conflicts, late changes set back, the audit trail, the counts. */
  private recordRow(t: ExchangedTable, v: RowVerdict, nodesAfter: (string | null)[], plan: RowPlan): void {
    const { rowId, state } = v;
    const { changed, work } = plan;
    // Only a change taken in (or one here already) shows that the sender holds the row; a refused one shows nothing.
    if (v.rowReason === null && (plan.accepted.length > 0 || plan.alreadyHere > 0)) this.known.push([t.table, rowId]);
    if (t.table === 'reporting_occasion' && changed.has('locked_at')) this.locksChanged.add(rowId);
    const node = nodesAfter.join(',') || null;
    for (const e of plan.accepted) {
      this.s.log!.run(t.table, rowId, e.field, e.value, e.version, e.base, e.resolves ? JSON.stringify(e.resolves) : null, node, siteOfVersion(e.version), this.senderId, this.packageId);
      this.accept(e.version);
      if (e.def.fiscal && typeof e.value === 'number') this.years.add(e.def.fiscal === 'year' ? e.value : Math.floor(e.value / 100));
    }
    for (const [field, c] of plan.conflicts) this.conflicts.write(t.table, rowId, field, c);
    this.conflicts.flushClosures();
    // The sender will hold its late change until it hears otherwise: what was reported goes back as a change that settles it,
    // with a version after the late one's (it is within a day of this computer's clock), so it shows there.
    for (const [field, refused] of plan.tooLate) {
      observeVersion(this.db, refused.reduce((a, b) => (a > b ? a : b)));
      recordLocalChange(this.db, t, rowId, field, work.get(field) ?? null, refused);
    }
    if (plan.restored > 0) this.countRestored(lockLabel(v.locked!), plan.restored);
    // The shared audit trail gets every change of a row that was here already, recorded as the package's verified sender's;
    // the exchange's own log keeps the site each version names.
    if (state) {
      for (const [field, c] of changed) {
        const text = (x: ExchangedValue | undefined) => (x === undefined || x === null ? null : String(x));
        this.s.changeLog!.run(timeOfVersion(c.version), this.senderId, this.senderName, t.table, rowId, field, text(c.old), text(work.get(field)));
      }
    }
    this.counts.applied += plan.counts.applied;
    this.counts.skipped += plan.counts.skipped;
    this.counts.conflicts += plan.counts.conflicts;
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
