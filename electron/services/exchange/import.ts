import type BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Role } from '../../../db/schema';
import { CodingResolver } from '../coding';
import { ensureFiscalYear } from '../fiscal';
import { getOccasion } from '../followup/calendar';
import { writeSnapshot } from '../followup/snapshot';
import { newId } from '../ids';
import { currentVersion, observeVersion, outcomeChecksums, recordLocalChange, setOutcomeChecksum, stampOutcome, suspended } from './capture';
import { KIND_NAMES, summaryOf, type ProgressFn } from './export';
import { siteOfVersion, timeOfVersion } from './hlc';
import { fingerprintOf, peerSite, siteInfo, type SiteInfo } from './identity';
import { DEFAULT_LIMITS, readPackage, type PackageKind, type PackageLimits, type ReadPackage, type WireChange } from './package-file';
import { EXCHANGED_TABLES, exchangedTable, fieldOf, OUTCOME, OUTCOME_WRITERS } from './registry';
import type { ExchangedTable, ExchangedValue, FieldDef } from './registry-types';
import { fieldRefusal, relays, ROLE_NAMES, rowRefusal, ruleFor, RuleLookup, type Actor } from './rights';
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

export interface SenderSummary {
  id: string;
  name: string;
  role: Role;
  scopeCode: string | null;
  fingerprint: string;
}

export type SenderStatus = 'new' | 'known' | 'key-changed' | 'identity-changed';

export interface ImportResult {
  packageId: string;
  fileName: string;
  kind: PackageKind;
  kindName: string;
  created: string;
  sender: SenderSummary;
  senderStatus: SenderStatus;
  alreadyImported: boolean;
  applied: number;
  skipped: number;
  conflicts: number;
  refused: number;
  /** The refused changes with their reasons (at most 1 000 listed; `refused` is the full count). */
  refusedItems: RefusedItem[];
  outcomePeriods: number[];
  outcomeRows: number;
  attachments: string[];
  /** Things the user should know: a new sender's fingerprint, rows that were joined, … */
  notes: string[];
  /** File name of the backup taken before the import. */
  backup: string | null;
}

const MAX_LISTED = 1000;

interface SenderCheck {
  status: SenderStatus;
  sender: SenderSummary;
  known: { name: string; role: Role; scopeCode: string | null; fingerprint: string | null } | null;
  /** Why the package is not accepted as it is (a changed key or role), in Swedish. */
  problem: string | null;
}

function describeSite(role: Role, scope: string | null): string {
  return `${ROLE_NAMES[role]}${scope ? ` för ${scope}` : ''}`;
}

/** Who sent the package, and whether we know them as that. Throws for a package not meant for us. */
function checkSender(db: Db, pkg: ReadPackage, me: SiteInfo): SenderCheck {
  const m = pkg.payload.manifest;
  const sender: SenderSummary = { id: m.sender.id, name: m.sender.name, role: m.sender.role, scopeCode: m.sender.scope, fingerprint: fingerprintOf(m.sender.publicKey) };
  if (m.sender.id === me.id) {
    throw new RamkollError('FORBIDDEN', `${pkg.fileName} är skapat av den här installationen (${me.name}) och ska läsas in hos mottagaren, inte här. Inget har lästs in.`);
  }
  if (m.recipient === null && (m.kind !== 'intro' || pkg.payload.changes.length > 0 || pkg.payload.outcome !== null || pkg.payload.attachments.length > 0)) {
    throw new RamkollError('FORBIDDEN', `${pkg.fileName} har ingen mottagare men innehåller ändringar; bara en presentation får sakna mottagare. Inget har lästs in.`);
  }
  if (m.recipient !== null && m.recipient !== me.id) {
    const to = peerSite(db, m.recipient);
    throw new RamkollError(
      'FORBIDDEN',
      `${pkg.fileName} är adresserat till ${to ? `${to.name} (${m.recipient})` : m.recipient}, inte till den här installationen (${me.name}, ${me.id}). Inget har lästs in; be ${m.sender.name} skapa ett paket till dig.`,
    );
  }
  const site = peerSite(db, m.sender.id);
  if (!site) return { status: 'new', sender, known: null, problem: null };
  const known = { name: site.name, role: site.role, scopeCode: site.scope_code, fingerprint: site.public_key ? fingerprintOf(site.public_key) : null };
  if (site.public_key !== null && site.public_key !== m.sender.publicKey) {
    return {
      status: 'key-changed',
      sender,
      known,
      problem:
        `${pkg.fileName} säger sig komma från ${site.name}, men är signerat med en annan nyckel (fingeravtryck ${sender.fingerprint}) än den som ${site.name} har använt tidigare (${known.fingerprint!}). ` +
        'Inget har lästs in. Om avsändaren har installerat om Ramkoll: ring och jämför fingeravtrycket, och välj sedan att lita på den nya nyckeln.',
    };
  }
  if (site.role !== m.sender.role || site.scope_code !== m.sender.scope) {
    return {
      status: 'identity-changed',
      sender,
      known,
      problem:
        `${pkg.fileName} kommer från ${site.name} som ${describeSite(m.sender.role, m.sender.scope)}, men här är ${site.name} känd som ${describeSite(site.role, site.scope_code)}. ` +
        'Inget har lästs in. Stämmer ändringen, välj att lita på avsändarens nya roll och område.',
    };
  }
  return { status: 'known', sender, known, problem: null };
}

export interface PackageInspection {
  packageId: string;
  fileName: string;
  kind: PackageKind;
  kindName: string;
  created: string;
  sender: SenderSummary;
  senderStatus: SenderStatus;
  known: SenderCheck['known'];
  problem: string | null;
  alreadyImportedAt: string | null;
  changes: number;
  contents: { table: string; label: string; rows: number; fields: number }[];
  outcomePeriods: number[];
  occasion: string | null;
  attachments: string[];
}

/** Reads and checks a package without changing anything, for the page to show before importing. */
export function inspectPackage(db: Db, file: string, limits: PackageLimits = DEFAULT_LIMITS): PackageInspection {
  const pkg = readPackage(file, limits);
  const check = checkSender(db, pkg, siteInfo(db));
  const m = pkg.payload.manifest;
  const already = db.prepare('SELECT handled_at FROM xchg_package WHERE id = ?').get(m.id) as { handled_at: string } | undefined;
  return {
    packageId: m.id,
    fileName: pkg.fileName,
    kind: m.kind,
    kindName: KIND_NAMES[m.kind],
    created: m.created,
    sender: check.sender,
    senderStatus: check.status,
    known: check.known,
    problem: check.problem,
    alreadyImportedAt: already?.handled_at ?? null,
    changes: pkg.payload.changes.length,
    contents: m.contents,
    outcomePeriods: m.outcomePeriods,
    occasion: m.occasion?.name ?? null,
    attachments: m.attachments.map((a) => a.name),
  };
}

export interface ImportOptions {
  file: string;
  /** Accept a changed key or a changed role/scope of a known sender (the user has checked it). */
  trust?: boolean;
  now: Date;
  progress?: ProgressFn;
  limits?: PackageLimits;
}

/**
 * Imports a package: verifies it, takes a backup, and merges it in one
 * transaction. Changes already here are skipped (so any order, and any file
 * twice, gives the same result); a field only the sender changed moves on; a
 * field both sides changed since their common version becomes a conflict
 * that keeps both values and shows the newer; changes the sender may not
 * make are refused and listed, the rest applied.
 */
export async function importPackage(db: Db, opts: ImportOptions): Promise<ImportResult> {
  const pkg = readPackage(opts.file, opts.limits ?? DEFAULT_LIMITS);
  const me = siteInfo(db);
  const check = checkSender(db, pkg, me);
  if (check.problem && !opts.trust) throw new RamkollError('FORBIDDEN', check.problem);
  const m = pkg.payload.manifest;
  const base: Omit<ImportResult, 'applied' | 'skipped' | 'conflicts' | 'refused' | 'refusedItems' | 'notes' | 'backup' | 'alreadyImported' | 'outcomeRows'> = {
    packageId: m.id,
    fileName: pkg.fileName,
    kind: m.kind,
    kindName: KIND_NAMES[m.kind],
    created: m.created,
    sender: check.sender,
    senderStatus: check.status,
    outcomePeriods: m.outcomePeriods,
    attachments: m.attachments.map((a) => a.name),
  };
  const already = db.prepare('SELECT handled_at FROM xchg_package WHERE id = ?').get(m.id) as { handled_at: string } | undefined;
  if (already) {
    // A replay changes nothing, not even the history.
    return {
      ...base,
      alreadyImported: true,
      applied: 0,
      skipped: pkg.payload.changes.length + (pkg.payload.outcome?.periods.length ?? 0),
      conflicts: 0,
      refused: 0,
      refusedItems: [],
      outcomeRows: 0,
      notes: [`Paketet lästes redan in ${already.handled_at.slice(0, 16).replace('T', ' ')}; inget har ändrats.`],
      backup: null,
    };
  }
  const backup = await db.backup('fore-paketimport');
  const merge = new Merge(db, pkg, me, check, opts);
  // A large package dirties more pages than SQLite's default 2 MB cache holds; spilling them mid-transaction is slow.
  const cache = db.sqlite.pragma('cache_size', { simple: true }) as number;
  db.sqlite.pragma('cache_size = -131072');
  let result: MergeResult;
  try {
    result = db.tx(() => suspended(db, () => merge.run()));
  } finally {
    db.sqlite.pragma(`cache_size = ${cache}`);
  }
  return { ...base, ...result, alreadyImported: false, backup: path.basename(backup) };
}

interface Entry {
  def: FieldDef;
  field: string;
  value: ExchangedValue;
  version: string;
  base: string | null;
  resolves: string[] | null;
}

interface Candidate {
  version: string;
  value: ExchangedValue;
  site: string;
}

/** A field's conflict while a row is merged: candidates left, or the version that closed it. */
interface ConflictState {
  id: string | null;
  status: 'open' | 'auto' | null;
  candidates: Candidate[];
  closedBy: string | null;
}

class RowRefused extends Error {}

type MergeResult = Pick<ImportResult, 'applied' | 'skipped' | 'conflicts' | 'refused' | 'refusedItems' | 'notes' | 'outcomeRows'>;

type Counts = { applied: number; skipped: number; conflicts: number; refused: number };
type RowCounts = Omit<Counts, 'refused'>;

function checkType(f: FieldDef, v: ExchangedValue): string | null {
  const ok =
    f.type === 'text' ? typeof v === 'string' : f.type === 'text?' ? v === null || typeof v === 'string' : f.type === 'int' ? typeof v === 'number' : f.type === 'int?' ? v === null || typeof v === 'number' : v === 0 || v === 1;
  if (!ok) return `${f.label}: väntade ${{ text: 'text', 'text?': 'text eller inget', int: 'ett heltal', 'int?': 'ett heltal eller inget', bool: '0 eller 1' }[f.type]}`;
  if (typeof v === 'string' && f.max !== undefined && v.length > f.max) return `${f.label}: texten är ${v.length} tecken; högst ${f.max} tas emot`;
  if (v !== null && f.check) {
    const msg = f.check(v);
    if (msg) return `${f.label}: ${msg}`;
  }
  if (f.fiscal && typeof v === 'number') {
    const year = f.fiscal === 'year' ? v : Math.floor(v / 100);
    if (year < 2000 || year > 2100 || (f.fiscal === 'period' && (v % 100 < 1 || v % 100 > 12))) return `${f.label}: ${v} är inget giltigt ${f.fiscal === 'year' ? 'år' : 'period'}`;
  }
  return null;
}

/** One import's merge, inside its transaction with capture suspended. */
class Merge {
  private readonly counts: Counts = { applied: 0, skipped: 0, conflicts: 0, refused: 0 };
  private readonly refusedItems: { table: string; label: string; rowId: string; field: string; reason: string }[] = [];
  private readonly notes: string[] = [];
  private tree: OrgTree;
  private sender!: Actor;
  private readonly local: Actor;
  private readonly rows: RowsCache;
  private readonly codings: CodingResolver;
  private readonly at: string;
  private readonly packageId: string;
  private readonly senderId: string;
  private readonly siteNames = new Map<string, string>();
  private readonly aliases = new Map<string, string | null>();
  private readonly packageIds = new Map<string, Set<string>>();
  private readonly touched: [string, string][] = [];
  private outcomeRows = 0;
  /** Conflicts a row's changes closed before a new one opened on the same field. */
  private readonly closures: [string, string][] = [];
  /** Occasions whose lock this package set or lifted: their snapshots are taken (or dropped) when the rest is in. */
  private readonly locksChanged = new Set<string>();
  private readonly lookup: RuleLookup;
  private foreignKeys: Map<string, { table: string; column: string }[]> | null = null;
  /** Rows of this package that were not read in (table, NUL, id): rows referring to them are refused too. */
  private readonly notWritten = new Set<string>();
  /** Fields changed here that the site which locked their occasion has set back to what it reported, per lock message. */
  private readonly restoredByLock = new Map<string, number>();
  private readonly s: Record<string, BetterSqlite3.Statement>;

  constructor(
    private readonly db: Db,
    private readonly pkg: ReadPackage,
    private readonly me: SiteInfo,
    private readonly check: SenderCheck,
    private readonly opts: ImportOptions,
  ) {
    this.tree = OrgTree.load(db);
    this.local = { role: me.role, scope: me.scopeCode };
    this.rows = new RowsCache(db);
    this.lookup = new RuleLookup(db);
    this.codings = new CodingResolver(db);
    this.at = opts.now.toISOString();
    this.packageId = pkg.payload.manifest.id;
    this.senderId = pkg.payload.manifest.sender.id;
    this.s = {
      logHas: db.prepare('SELECT 1 FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND version = ?'),
      logged: db.prepare("SELECT field || char(0) || version AS k FROM xchg_change WHERE tbl = ? AND row_id = ?"),
      log: db.prepare('INSERT INTO xchg_change (tbl, row_id, field, value, version, base, resolves, node, origin, via, package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      baseOf: db.prepare('SELECT base FROM xchg_change WHERE tbl = ? AND row_id = ? AND field = ? AND version = ?'),
      versions: db.prepare('SELECT field, max(version) AS version FROM xchg_change WHERE tbl = ? AND row_id = ? GROUP BY field'),
      alias: db.prepare('SELECT row_id FROM xchg_alias WHERE tbl = ? AND alias_id = ?'),
      openConflict: db.prepare("SELECT id, candidates, status FROM xchg_conflict WHERE tbl = ? AND row_id = ? AND field = ? AND status IN ('open', 'auto')"),
      changeLog: db.prepare('INSERT INTO change_log (at, site_id, author, table_name, row_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    };
  }

  run(): MergeResult {
    this.db.sqlite.pragma('defer_foreign_keys = ON');
    const payload = this.pkg.payload;
    const progress = this.opts.progress ?? (() => {});
    stampOutcome(this.db);
    this.registerSender();
    let maxVersion: string | null = null;
    for (const c of payload.changes) if (maxVersion === null || c[4] > maxVersion) maxVersion = c[4];
    for (const p of payload.outcome?.periods ?? []) if (maxVersion === null || p.version > maxVersion) maxVersion = p.version;
    if (maxVersion) observeVersion(this.db, maxVersion);
    this.ensureFiscalYears();

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
      for (const [rowId, entries] of byTable.get(t.table)!) {
        this.applyRow(t, rows, rowId, entries);
        done += entries.length;
        if (done % 5000 < entries.length) progress({ task: `Läser in ${t.plural}`, done, total });
      }
      if (t.table === 'dimension_value') this.tree = OrgTree.load(this.db);
    }
    this.applyOutcome();
    this.takeSnapshots();
    this.finish();
    const violations = this.db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number; parent: string }[];
    if (violations.length > 0) {
      const v = violations[0]!;
      throw new RamkollError(
        'BAD_FILE',
        `${this.pkg.fileName} kunde inte läsas in: en rad i ${v.table} hänvisar till en rad i ${v.parent} som saknas (${violations.length} sådana). Inget har ändrats; be avsändaren skicka ett fullständigt paket.`,
      );
    }
    progress({ task: 'Läser in paketet', done: total, total });
    return { ...this.counts, refusedItems: this.refusedItems.slice(0, MAX_LISTED), notes: this.notes, outcomeRows: this.outcomeRows };
  }

  private registerSender(): void {
    const m = this.pkg.payload.manifest.sender;
    const site = peerSite(this.db, m.id);
    if (!site) {
      this.db.prepare('INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)').run(m.id, m.name, m.role, m.scope, m.publicKey, this.at, this.at);
      this.notes.push(
        `Ny avsändare: ${m.name} (${describeSite(m.role, m.scope)}), nyckelns fingeravtryck ${fingerprintOf(m.publicKey)}. Jämför gärna fingeravtrycket med avsändaren; senare paket måste ha samma nyckel.`,
      );
    } else {
      const trust = this.opts.trust === true;
      if (trust && this.check.status === 'key-changed') this.notes.push(`Den nya nyckeln för ${m.name} (${fingerprintOf(m.publicKey)}) gäller från och med nu.`);
      if (trust && this.check.status === 'identity-changed') this.notes.push(`${m.name} är från och med nu ${describeSite(m.role, m.scope)}.`);
      this.db
        .prepare('UPDATE site SET name = ?, public_key = ?, role = ?, scope_code = ?, updated_at = ? WHERE id = ?')
        .run(
          m.name,
          site.public_key === null || trust ? m.publicKey : site.public_key,
          trust ? m.role : site.role,
          trust ? m.scope : site.scope_code,
          this.at,
          m.id,
        );
    }
    this.db.prepare('INSERT INTO xchg_peer (site_id, first_seen_at) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING').run(m.id, this.at);
    const row = peerSite(this.db, m.id)!;
    this.sender = { role: row.role, scope: row.scope_code };
  }

  private ensureFiscalYears(): void {
    const years = new Set<number>();
    for (const c of this.pkg.payload.changes) {
      const t = exchangedTable(c[0]);
      const f = t && fieldOf(t, c[2]);
      if (!f?.fiscal || typeof c[3] !== 'number') continue;
      const year = f.fiscal === 'year' ? c[3] : Math.floor(c[3] / 100);
      if (year >= 2000 && year <= 2100) years.add(year);
    }
    for (const p of this.pkg.payload.outcome?.periods ?? []) years.add(Math.floor(p.period / 100));
    for (const year of years) ensureFiscalYear(this.db, year, this.at);
  }

  private siteName(site: string): string {
    let name = this.siteNames.get(site);
    if (name === undefined) {
      name = (this.db.prepare('SELECT name FROM site WHERE id = ?').get(site) as { name: string } | undefined)?.name ?? site;
      this.siteNames.set(site, name);
    }
    return name;
  }

  private aliasOf(table: string, id: string): string | null {
    const key = `${table}\u0000${id}`;
    if (this.aliases.has(key)) return this.aliases.get(key)!;
    const row = this.s.alias!.get(table, id) as { row_id: string } | undefined;
    this.aliases.set(key, row?.row_id ?? null);
    return row?.row_id ?? null;
  }

  private refuse(table: string, label: string, rowId: string, field: string, reason: string): void {
    this.counts.refused++;
    if (this.refusedItems.length < MAX_LISTED) this.refusedItems.push({ table, label, rowId, field, reason });
  }

  private nodesOf(t: ExchangedTable, values: ReadonlyMap<string, ExchangedValue>): (string | null)[] {
    if (!t.nodes) return [null];
    return t.nodes.map((n) => {
      const v = values.get(n.field);
      if (typeof v !== 'string') return null;
      if (n.via === 'responsibility') return this.tree.codeOfId(v);
      if (n.via === 'sql') {
        const codes = this.lookup.scalar(`SELECT (${n.sql('?')})`, v);
        return typeof codes === 'string' ? codes : null;
      }
      try {
        return (JSON.parse(v) as string[])[1] ?? null;
      } catch {
        return null;
      }
    });
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
    const nodesAfter = this.nodesOf(t, after);
    const nodes = [...(state ? state.nodes : []), ...nodesAfter];
    const get = (f: string) => (f === t.key ? rowId : (after.get(f) ?? null));
    const senderContext = this.lookup.context(t, this.sender, this.tree, nodesAfter, get);
    // Rows the sender may not change itself but relays to us (the inriktningsmål from the controller) are taken as sent.
    const senderReason = rowRefusal(t, this.sender, this.tree, nodes, get, !state, senderContext);
    const relayed = senderReason !== null && relays(t, this.sender.role, this.local.role);
    const rowReason = relayed ? null : senderReason;
    const locked = this.lockedOccasion(t, get);
    const lockReason = this.lockRefusal(locked);
    if (twin !== null && rowReason === null && lockReason === null) {
      if (twin < rowId) this.addAlias(t.table, rowId, twin);
      else this.rekey(t, twin, rowId);
      rowId = twin < rowId ? twin : rowId;
      this.notes.push(`En rad (${t.label}) hade skapats både här och hos ${this.siteName(this.senderId)}; de är nu samma rad, och där värdena skiljer sig visas konflikter.`);
    } else if (twin !== null) {
      for (const e of entries) this.refuse(t.table, t.label, incomingId, e.field, (rowReason ?? lockReason)!);
      this.notWritten.add(`${t.table}\u0000${incomingId}`);
      return;
    }
    this.touched.push([t.table, rowId]);
    const localRule = ruleFor(t, this.local.role);
    const localNodes = state ? state.nodes : nodesAfter;
    const localRowOk = localRule !== undefined && rowRefusal(t, this.local, this.tree, localNodes, get, false, this.lookup.context(t, this.local, this.tree, localNodes, get)) === null;
    const localMay = (field: string) => localRowOk && (!localRule!.fields || localRule!.fields.includes(field));

    // Plan: decide every change against the row as it stands, in memory.
    const counts: RowCounts = { applied: 0, skipped: 0, conflicts: 0 };
    const work = new Map(state?.values ?? []);
    const versions = new Map((this.s.versions!.all(t.table, rowId) as { field: string; version: string }[]).map((r) => [r.field, r.version]));
    // A row without versions has no changes in the log either: no need to look each one up.
    const logged = versions.size === 0 ? new Set<string>() : new Set((this.s.logged!.all(t.table, rowId) as { k: string }[]).map((r) => r.k));
    const pending = new Map<string, string | null>();
    const accepted: Entry[] = [];
    const conflicts = new Map<string, ConflictState>();
    const changed = new Map<string, { old: ExchangedValue | undefined; version: string }>();
    let newest: string | null = null;
    let oldest: string | null = null;
    const refusals: [string, string][] = [];
    /** Fields of a locked occasion's row that the sender changed too late: the reported value is asserted again. */
    const tooLate = new Map<string, string[]>();
    let restored = 0;
    for (const e of entries) {
      const key = `${e.field}\u0000${e.version}`;
      if (logged.has(key) || pending.has(key)) {
        counts.skipped++;
        continue;
      }
      const cur = versions.get(e.field) ?? null;
      const curValue = work.has(e.field) ? work.get(e.field)! : undefined;
      // A change that settles others (the reported value asserted again by the site that locked) passes a lock.
      const reason = rowReason ?? (e.resolves ? null : lockReason) ?? (relayed ? null : fieldRefusal(t, this.sender, e.field, e.value, () => senderContext));
      if (reason) {
        // Nothing to refuse when it would change nothing (a row both sites hold alike).
        if (curValue !== undefined && curValue === e.value) counts.skipped++;
        else {
          refusals.push([e.field, reason]);
          if (reason === lockReason && state && localMay(e.field)) tooLate.set(e.field, [...(tooLate.get(e.field) ?? []), e.version]);
        }
        continue;
      }
      if (locked !== null && cur !== null && siteOfVersion(cur) === this.me.id && e.resolves?.includes(cur)) restored++;
      const ownStale = cur !== null && siteOfVersion(cur) === this.me.id && !localMay(e.field);
      const outcome = cur === null || cur === e.base || ownStale || curValue === undefined ? 'ff' : curValue === e.value ? 'same' : 'conflict';
      pending.set(key, e.base);
      accepted.push(e);
      const conflict = this.planConflict(t, rowId, e, cur, curValue, outcome, localMay(e.field), conflicts, pending);
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
      this.closures.length = 0;
      this.counts.skipped += counts.skipped;
      return;
    }
    if (t.table === 'reporting_occasion' && changed.has('locked_at')) this.locksChanged.add(rowId);
    const node = nodesAfter.join(',') || null;
    for (const e of accepted) this.s.log!.run(t.table, rowId, e.field, e.value, e.version, e.base, e.resolves ? JSON.stringify(e.resolves) : null, node, siteOfVersion(e.version), this.senderId, this.packageId);
    for (const [field, c] of conflicts) this.writeConflict(t.table, rowId, field, c);
    for (const [id, version] of this.closures.splice(0)) this.db.prepare("UPDATE xchg_conflict SET status = 'resolved', resolved_at = ?, resolved_version = ? WHERE id = ?").run(this.at, version, id);
    // The sender will hold its late change until it hears otherwise: what was reported goes back as a change that settles it.
    for (const [field, refused] of tooLate) recordLocalChange(this.db, t, rowId, field, work.get(field) ?? null, refused);
    if (restored > 0) {
      const label = `${locked!.name} är låst sedan ${locked!.lockedAt.slice(0, 10)}`;
      this.restoredByLock.set(label, (this.restoredByLock.get(label) ?? 0) + restored);
    }
    // The shared audit trail gets every change of a row that was here already; the exchange's own log has all of them.
    if (state) for (const [field, c] of changed) {
      const text = (v: ExchangedValue | undefined) => (v === undefined || v === null ? null : String(v));
      this.s.changeLog!.run(timeOfVersion(c.version), siteOfVersion(c.version), this.siteName(siteOfVersion(c.version)), t.table, rowId, field, text(c.old), text(work.get(field)));
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
      if (this.rows.of(target).exists(v)) continue;
      if (this.notWritten.has(`${target.table}\u0000${v}`)) throw new RowRefused(`${f.label} hänvisar till en ${target.label} (${v}) som inte lästes in`);
      if (this.packageIds.get(f.ref)?.has(v)) continue;
      throw new RowRefused(`${f.label} hänvisar till en ${target.label} (${v}) som saknas här`);
    }
  }

  /**
   * Works out the conflict of a field after a change arrives: the change
   * replaces the candidates it was based on or resolves, and the conflict
   * closes when one candidate is left.
   */
  private planConflict(
    t: ExchangedTable,
    rowId: string,
    e: Entry,
    cur: string | null,
    curValue: ExchangedValue | undefined,
    outcome: 'ff' | 'same' | 'conflict',
    localMay: boolean,
    states: Map<string, ConflictState>,
    pending: ReadonlyMap<string, string | null>,
  ): 'none' | 'new' | 'joined' | 'closed' {
    let state = states.get(e.field);
    if (!state) {
      const open = this.s.openConflict!.get(t.table, rowId, e.field) as { id: string; candidates: string; status: 'open' | 'auto' } | undefined;
      state = open ? { id: open.id, status: open.status, candidates: JSON.parse(open.candidates) as Candidate[], closedBy: null } : { id: null, status: null, candidates: [], closedBy: null };
    }
    const isOpen = state.candidates.length > 0 && state.closedBy === null;
    if (!isOpen && outcome !== 'conflict') return 'none';
    let cands: Candidate[] = isOpen ? state.candidates : [{ version: cur!, value: curValue ?? null, site: siteOfVersion(cur!) }];
    const superseded = new Set<string | null>([e.base, ...(e.resolves ?? [])]);
    cands = cands.filter((c) => !superseded.has(c.version) && !this.isAncestor(t.table, rowId, e.field, c.version, e.version, pending));
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

  private writeConflict(table: string, rowId: string, field: string, c: ConflictState): void {
    if (c.closedBy !== null) {
      if (c.id) this.db.prepare("UPDATE xchg_conflict SET status = 'resolved', resolved_at = ?, resolved_version = ? WHERE id = ?").run(this.at, c.closedBy, c.id);
      return;
    }
    if (c.id) this.db.prepare('UPDATE xchg_conflict SET candidates = ?, package_id = ? WHERE id = ?').run(JSON.stringify(c.candidates), this.packageId, c.id);
    else {
      this.db
        .prepare('INSERT INTO xchg_conflict (id, tbl, row_id, field, status, candidates, detected_at, package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(newId(), table, rowId, field, c.status, JSON.stringify(c.candidates), this.at, this.packageId);
    }
  }

  private addAlias(table: string, alias: string, rowId: string): void {
    this.db.prepare('INSERT INTO xchg_alias (tbl, alias_id, row_id) VALUES (?, ?, ?) ON CONFLICT (tbl, alias_id) DO UPDATE SET row_id = excluded.row_id').run(table, alias, rowId);
    this.aliases.set(`${table}\u0000${alias}`, rowId);
  }

  /** Gives a local row the id the other site chose (the smaller one), everywhere it is mentioned. */
  private rekey(t: ExchangedTable, from: string, to: string): void {
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
    this.aliases.clear();
    this.addAlias(t.table, from, to);
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

  /** The locked reporting occasion a row belongs to, as this database holds it now, or null. */
  private lockedOccasion(t: ExchangedTable, get: (field: string) => ExchangedValue): { id: string; name: string; lockedAt: string } | null {
    if (!t.occasion) return null;
    const v = get(t.occasion.field);
    if (typeof v !== 'string') return null;
    const id = t.occasion.sql ? this.lookup.scalar(`SELECT (${t.occasion.sql('?')})`, v) : v;
    if (typeof id !== 'string') return null;
    const lockedAt = this.lookup.scalar('SELECT locked_at FROM reporting_occasion WHERE id = ?', id);
    if (typeof lockedAt !== 'string') return null;
    return { id, name: String(this.lookup.scalar('SELECT name FROM reporting_occasion WHERE id = ?', id)), lockedAt };
  }

  /**
   * Why a change of a row of a reporting occasion is refused here: the
   * occasion is locked (it has been reported), and this package did not set
   * the lock itself (a lock that arrives with the last changes before it
   * takes them in). null when the row may change.
   */
  private lockRefusal(locked: { id: string; name: string; lockedAt: string } | null): string | null {
    if (locked === null || this.locksChanged.has(locked.id)) return null;
    return `${locked.name} är låst här sedan ${locked.lockedAt.slice(0, 10)}: det som rapporterades ändras inte. Controllern kan låsa upp tillfället under Årshjul om något måste ändras.`;
  }

  /**
   * A lock that arrived takes the occasion's snapshot here as the follow-up
   * does when it locks (from what this database now holds, after the whole
   * package), so a locked occasion shows the same figures on every site; a
   * lifted lock drops it.
   */
  private takeSnapshots(): void {
    const m = this.pkg.payload.manifest;
    for (const id of this.locksChanged) {
      const row = this.db.prepare('SELECT locked_at, deleted_at FROM reporting_occasion WHERE id = ?').get(id) as { locked_at: string | null; deleted_at: string | null } | undefined;
      if (!row) continue;
      if (row.locked_at === null || row.deleted_at !== null) {
        this.db.prepare('DELETE FROM occasion_snapshot WHERE occasion_id = ?').run(id);
        continue;
      }
      const occasion = getOccasion(this.db, id);
      const lockedAt = new Date(row.locked_at);
      const now = Number.isNaN(lockedAt.getTime()) ? this.opts.now : lockedAt;
      writeSnapshot(this.db, { siteId: this.me.id, user: m.sender.name, role: this.me.role, scopeCode: this.me.scopeCode, now }, occasion);
    }
    for (const [lock, count] of this.restoredByLock) {
      this.notes.push(
        `${lock}. ${count === 1 ? 'Ett fält' : `${count} fält`} som ändrats här kom fram efter låsningen hos ${this.pkg.payload.manifest.sender.name} och visar nu det som rapporterades; ändringarna finns kvar i historiken.`,
      );
    }
  }

  private applyOutcome(): void {
    const o = this.pkg.payload.outcome;
    if (!o || o.periods.length === 0) return;
    if (!OUTCOME_WRITERS.includes(this.sender.role)) {
      for (const p of o.periods) this.refuse(OUTCOME, 'utfall', String(p.period), 'balances', `${ROLE_NAMES[this.sender.role]} får inte skicka utfall; utfallet kommer från controllern`);
      return;
    }
    const scope = OrgTree.intersect(this.tree, this.sender.scope, this.local.scope);
    const codes = this.tree.codesIn(scope);
    const inScope = codes ? new Set(codes) : null;
    const insertBatch = this.db.prepare(
      `INSERT INTO import_batch (id, kind, file_name, file_sha256, profile_name, imported_by, imported_at, row_count, total_ore, periods, scope_responsibility_code, status, summary)
       VALUES (?, 'actual', ?, ?, ?, ?, ?, 0, 0, '[]', ?, 'active', '{}') ON CONFLICT (id) DO NOTHING`,
    );
    for (const b of o.batches) insertBatch.run(b.id, b.fileName, b.sha256, b.profileName, b.importedBy, b.importedAt, scope === '' ? null : scope);
    const byPeriod = new Map<number, WireOutcomeRow[]>();
    for (const r of o.rows) {
      const list = byPeriod.get(r[3]);
      if (list) list.push(r);
      else byPeriod.set(r[3], [r]);
    }
    const del = this.db.prepare(
      'DELETE FROM actual_balance WHERE period = ? AND (? IS NULL OR coding_id IN (SELECT id FROM coding WHERE responsibility_code IN (SELECT value FROM json_each(?))))',
    );
    const ins = this.db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_id) VALUES (?, ?, ?, ?) ON CONFLICT (coding_id, period) DO UPDATE SET amount_ore = excluded.amount_ore, batch_id = excluded.batch_id');
    for (const p of o.periods) {
      const rowId = String(p.period);
      if (this.s.logHas!.get(OUTCOME, rowId, 'balances', p.version)) {
        this.counts.skipped++;
        continue;
      }
      const cur = currentVersion(this.db, OUTCOME, rowId, 'balances');
      this.s.log!.run(OUTCOME, rowId, 'balances', null, p.version, cur, null, null, siteOfVersion(p.version), this.senderId, this.packageId);
      if (cur !== null && cur > p.version) {
        // An older picture of the period than the one already here.
        this.counts.skipped++;
        continue;
      }
      del.run(p.period, codes ? 1 : null, JSON.stringify(codes ?? []));
      let outside = 0;
      for (const r of byPeriod.get(p.period) ?? []) {
        const batch = o.batches[r[5]];
        if (!batch || !/^\d{4,5}$/.test(r[0]) || (inScope && !inScope.has(r[1]))) {
          outside++;
          continue;
        }
        ins.run(this.codings.idOf(r[0], r[1], r[2]), p.period, r[4], batch.id);
        this.outcomeRows++;
      }
      if (outside > 0) this.refuse(OUTCOME, 'utfall', rowId, 'balances', `${outside} utfallsrader för ${p.period} ligger utanför ${scope ? `området ${scope}` : 'området'} eller är ogiltiga och lästes inte in`);
      this.counts.applied++;
    }
    // What is here now is what was received: no change of our own to send.
    const periods = o.periods.map((p) => p.period);
    const sums = outcomeChecksums(this.db, periods);
    for (const period of periods) setOutcomeChecksum(this.db, period, sums.get(period) ?? 'tom');
    this.db
      .prepare(
        `UPDATE import_batch SET row_count = (SELECT count(*) FROM actual_balance WHERE batch_id = import_batch.id),
           total_ore = (SELECT coalesce(sum(amount_ore), 0) FROM actual_balance WHERE batch_id = import_batch.id),
           periods = (SELECT coalesce(json_group_array(DISTINCT CAST(period AS TEXT)), '[]') FROM actual_balance WHERE batch_id = import_batch.id)
         WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(o.batches.map((b) => b.id)));
  }

  private finish(): void {
    const m = this.pkg.payload.manifest;
    const peerRow = this.db.prepare('INSERT INTO xchg_peer_row (site_id, tbl, row_id, since) VALUES (?, ?, ?, 0) ON CONFLICT (site_id, tbl, row_id) DO UPDATE SET since = 0');
    for (const [table, rowId] of this.touched) peerRow.run(this.senderId, table, rowId);
    const maxSeq = (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM xchg_change').get() as { n: number }).n;
    const ack = Math.min(m.received.find((r) => r.site === this.me.id)?.upto ?? 0, maxSeq);
    const link = this.db.prepare('SELECT received FROM xchg_peer WHERE site_id = ?').get(this.senderId) as { received: number };
    if (m.range.from > link.received) {
      this.notes.push(
        `Paketet bygger på ändringar från ${m.sender.name} som inte har kommit hit (kanske har en säkerhetskopia återställts här). Be ${m.sender.name} skicka ett fullständigt paket.`,
      );
    }
    this.db
      .prepare('UPDATE xchg_peer SET acked = max(acked, ?), received = CASE WHEN ? <= received THEN max(received, ?) ELSE received END, last_received_at = ? WHERE site_id = ?')
      .run(ack, m.range.from, m.range.upto, this.at, this.senderId);
    const result = { applied: this.counts.applied, skipped: this.counts.skipped, conflicts: this.counts.conflicts, refused: this.counts.refused, refusedItems: this.refusedItems.slice(0, 200) };
    this.db
      .prepare(
        `INSERT INTO xchg_package (id, direction, peer_id, kind, file_name, file_sha256, created_at, handled_at, seq_from, seq_upto, summary, result)
         VALUES (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.id, this.senderId, m.kind, this.pkg.fileName, this.pkg.sha256, m.created, this.at, m.range.from, m.range.upto, JSON.stringify(summaryOf(m, this.pkg.payload.changes.length, this.pkg.payload.outcome)), JSON.stringify(result));
    // Names are kept apart as Windows compares them (without case): a second "rapport.pdf" is saved as "rapport (2).pdf".
    const taken = new Set<string>();
    for (const a of this.pkg.payload.attachments) {
      const data = Buffer.from(a.data, 'base64');
      if (createHash('sha256').update(data).digest('hex') !== a.sha256) {
        this.notes.push(`Bilagan ${a.name} är skadad och sparades inte.`);
        continue;
      }
      const name = freeName(a.name, taken);
      if (name !== a.name) this.notes.push(`Paketet har flera bilagor som heter ${a.name}; den här sparades som ${name}.`);
      taken.add(name.toLowerCase());
      this.db.prepare('INSERT INTO xchg_attachment (package_id, name, mime, sha256, data) VALUES (?, ?, ?, ?, ?)').run(m.id, name, a.mime, a.sha256, data);
    }
    if (m.kind === 'intro') this.notes.push(`${m.sender.name} finns nu bland mottagarna; du kan skapa paket till den.`);
  }
}

type WireOutcomeRow = [string, string, string, number, number, number];

/** `name`, or "name (2).ext", "name (3).ext" … : the first that is not taken (compared without case). */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let k = 2; ; k++) {
    const candidate = `${stem} (${k})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
