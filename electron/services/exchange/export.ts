import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Role } from '../../../db/schema';
import { newId } from '../ids';
import { APP_VERSION } from '../version';
import { currentVersion, stampOutcome } from './capture';
import { peerSite, signingKey, siteInfo, type SiteInfo } from './identity';
import { PACKAGE_EXTENSION, writePackage, type Manifest, type PackageKind, type Payload, type WireChange, type WireOutcome } from './package-file';
import { EXCHANGED_TABLES, OUTCOME, OUTCOME_VISIBILITY, OUTCOME_WRITERS } from './registry';
import type { ExchangedValue, Visibility } from './registry-types';
import { fieldRefusal, relays, rowRefusal, ruleFor, RuleLookup } from './rights';
import { RowsCache } from './rows';
import { OrgTree } from '../figures/org-tree';
import { unsafeFileName } from '../files/file-name';
import { stockholmDate } from '../../../shared/dates';
import { investmentOutcomeRows } from './outcome-investment';
import { isChef } from '../../../shared/roles';
import type { SiteActor } from '../actor';
import { groupByTableAndRow } from './group';

export type ProgressFn = (p: { task: string; done: number; total: number | null }) => void;

/** Which flow a package between two roles is, for its label and the history. */
export function flowKind(from: Role, to: Role): PackageKind {
  if (from === 'ekonomi') return 'prerequisites';
  if (isChef(from)) return 'return';
  if (isChef(to)) return 'sector';
  if (to === 'ekonomi') return 'administration';
  return 'general';
}

export const KIND_NAMES: Record<PackageKind, string> = {
  intro: 'presentation',
  prerequisites: 'budgetförutsättningar',
  sector: 'sektorns del',
  return: 'återrapport',
  administration: 'förvaltningens rapport till Ekonomi',
  general: 'ändringar',
};

export interface ContentLine {
  table: string;
  label: string;
  rows: number;
  fields: number;
}

export interface ExportResult {
  packageId: string;
  fileName: string;
  kind: PackageKind;
  recipient: { id: string; name: string; role: Role; scopeCode: string | null };
  changes: number;
  rows: number;
  contents: ContentLine[];
  outcomePeriods: number[];
  outcomeRows: number;
  attachments: string[];
  bytes: number;
}

export interface AttachmentInput {
  path: string;
}

export interface ExportOptions {
  to: string;
  file: string;
  /** For the förvaltning → Ekonomi flow: the reporting occasion the package reports on. */
  occasionId?: string | null;
  attachments?: readonly AttachmentInput[];
  /** Send everything the recipient may see, not only what it has not confirmed (after a restored backup). */
  full?: boolean;
  now: Date;
  progress?: ProgressFn;
}

/**
 * A row of xchg_change as an array: seq, tbl, row_id, field, value, version, base, resolves, node, and 1 when the
 * change came from the peer (its origin or the site it came through), else 0.
 */
type RawLog = [number, string, string, string, ExchangedValue, string, string | null, string | null, string | null, number];

/** The log columns of RawLog; @peer is the recipient. Whether a change came from it is asked in SQL: two 36-character texts per change less to carry into JavaScript. */
const LOG_COLUMNS = 'seq, tbl, row_id, field, value, version, base, resolves, node, (origin = @peer OR coalesce(via = @peer, 0)) AS from_peer';

/** xchg_peer_row.since of a row the peer was sent and may no longer see: it goes whole if it may again. */
const WITHHELD = Number.MAX_SAFE_INTEGER;

function visible(vis: Visibility | undefined, tree: OrgTree, scope: string | null, nodes: readonly (string | null)[], where: () => boolean): boolean {
  if (!vis) return false;
  if (vis === 'all') return true;
  const scoped = vis === 'scope' || vis.scope;
  if (scoped && !nodes.some((n) => tree.inScope(n, scope))) return false;
  return vis === 'scope' ? true : where();
}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.html': 'text/html',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
};

function toWire(r: RawLog): WireChange {
  return [r[1], r[2], r[3], r[4], r[5], r[6], r[7] ? (JSON.parse(r[7]) as string[]) : null];
}

/**
 * Writes a package for one peer with every change it may see and has not
 * confirmed receiving: only what this site may itself change (a sektorchef
 * sends comments and forecasts, Ekonomi its budgetförutsättningar), and
 * only rows the recipient may see (a sektorchef: its sektor). A row the
 * recipient has not confirmed holding goes whole, with its history.
 */
export function exportPackage(db: Db, opts: ExportOptions): ExportResult {
  const me = siteInfo(db);
  const peer = peerSite(db, opts.to);
  if (!peer || peer.is_local === 1) {
    throw new RamkollError(
      'NOT_FOUND',
      peer
        ? 'Mottagaren är den här installationen själv; välj en annan mottagare.'
        : `Mottagaren ${opts.to} är okänd här. Läs först in ett paket eller en presentationsfil från den, eller lägg till den (ramkoll site add).`,
    );
  }
  stampOutcome(db);
  const at = opts.now.toISOString();
  const progress = opts.progress ?? (() => {});
  return db.tx(() => {
    db.prepare('INSERT INTO xchg_peer (site_id, first_seen_at) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING').run(peer.id, at);
    const acked = opts.full ? 0 : (db.prepare('SELECT acked FROM xchg_peer WHERE site_id = ?').get(peer.id) as { acked: number }).acked;
    const upto = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM xchg_change').get() as { n: number }).n;
    const tree = OrgTree.load(db, { withDeleted: true });
    const meActor: SiteActor = { role: me.role, scopeCode: me.scopeCode };
    const peerScope = peer.scope_code;
    const kind = flowKind(me.role, peer.role);

    progress({ task: 'Samlar ändringar', done: 0, total: null });
    // Raw arrays: a first package reads the whole log, and objects for every row cost more than the rest.
    const range = db.prepare(`SELECT ${LOG_COLUMNS} FROM xchg_change WHERE seq > @acked ORDER BY seq`).raw().all({ peer: peer.id, acked }) as RawLog[];
    const byTable = groupByTableAndRow(range, (r) => r[1], (r) => r[2]);
    const fromPeer = (r: RawLog) => r[9] === 1;

    const sent: [string, string, number][] = [];
    const rowsCache = new RowsCache(db);
    const lookup = new RuleLookup(db);
    const changes: WireChange[] = [];
    const contents: ContentLine[] = [];
    const tables = EXCHANGED_TABLES.filter((t) => byTable.has(t.table));
    tables.forEach((t, ti) => {
      progress({ task: `Samlar ändringar: ${t.plural}`, done: ti, total: tables.length });
      const group = byTable.get(t.table)!;
      const relay = relays(t, me.role, peer.role);
      if (!ruleFor(t, me.role) && !relay) return;
      const rows = rowsCache.of(t);
      const vis = t.visibleTo[peer.role];
      let rowCount = 0;
      let fieldCount = 0;
      // What the peer is known to hold, and the earlier history of the rows it may not hold, each read in one statement
      // rather than once per row: a row's whole history is its changes up to the range followed by those in it, both by seq.
      const known = peerRowsOf(db, peer.id, t.table, [...group.keys()]);
      const maybeNew = acked === 0 ? [] : [...group.keys()].filter((id) => !((known.get(id) ?? Infinity) <= acked));
      const earlier = earlierHistory(db, peer.id, t.table, maybeNew, acked);
      const states = rows.getMany([...group.keys()]);
      for (const [rowId, entries] of group) {
        // Rows that only the recipient changed since it last confirmed: it has them.
        if (entries.every(fromPeer)) continue;
        const state = states.get(rowId) ?? null;
        const nodes = state ? state.nodes : (entries[entries.length - 1]![8]?.split(',') ?? [null]);
        // Every row is filtered by what the recipient may see now, whatever it has sent or been sent before.
        const where = typeof vis === 'object' ? () => rows.matches(rowId, vis.where) : () => true;
        const shown = visible(vis, tree, peerScope, nodes, where);
        const since = known.get(rowId);
        if (!shown && (since === undefined || since === WITHHELD)) continue;
        const get = (f: string) => (f === t.key ? rowId : (state?.values.get(f) ?? null));
        const c = lookup.context(t, meActor, tree, nodes, get);
        // A row this site may not change goes only where it relays such rows, as it holds them.
        const relayed = rowRefusal(t, meActor, tree, nodes, get, false, c) !== null;
        if (relayed && !relay) continue;
        const peerHas = shown && !opts.full && since !== undefined && since <= acked;
        let list: RawLog[];
        if (!shown) {
          // A row it was sent and may no longer see (a comment sent back after Ekonomi got it approved): it hears that once,
          // through the fields that decide it, and nothing else; should it see the row again, the row goes whole.
          const withdraw = typeof vis === 'object' ? (vis.withdraw ?? []) : [];
          list = entries.filter((e) => withdraw.includes(e[3]) && !fromPeer(e));
          sent.push([t.table, rowId, WITHHELD]);
        } else {
          // A row the recipient may not hold goes whole; from position 0 the range is already all of it.
          list = peerHas ? entries.filter((e) => !fromPeer(e)) : acked === 0 ? entries : [...(earlier.get(rowId) ?? []), ...entries];
        }
        const mine = relayed ? list : list.filter((e) => fieldRefusal(t, meActor, e[3], e[4], () => c) === null);
        if (mine.length === 0) continue;
        for (const e of mine) changes.push(toWire(e));
        if (shown && !peerHas) sent.push([t.table, rowId, upto]);
        rowCount++;
        fieldCount += mine.length;
      }
      if (rowCount > 0) contents.push({ table: t.table, label: t.plural, rows: rowCount, fields: fieldCount });
    });

    markSent(db, peer.id, sent);

    const outcomeChanged = new Map([...(byTable.get(OUTCOME) ?? new Map<string, RawLog[]>())].filter(([, es]) => !es.every(fromPeer)));
    const outcome = exportOutcome(db, me, meActor, peer.role, peerScope, tree, outcomeChanged, opts.full ?? false);

    let occasion: Manifest['occasion'] = null;
    if (opts.occasionId) {
      const o = db.prepare('SELECT id, name, period FROM reporting_occasion WHERE id = ? AND deleted_at IS NULL').get(opts.occasionId) as Manifest['occasion'];
      if (!o) throw new RamkollError('NOT_FOUND', 'Uppföljningstillfället finns inte; välj ett annat.');
      occasion = o;
    }
    const attachments = (opts.attachments ?? []).map((a) => {
      const data = fs.readFileSync(a.path);
      if (data.length > 50 * 1024 * 1024) throw new RamkollError('INVALID_INPUT', `Bilagan ${path.basename(a.path)} är större än 50 MB.`);
      const problem = unsafeFileName(path.basename(a.path));
      if (problem) throw new RamkollError('INVALID_INPUT', `Bilagan ${path.basename(a.path)} kan inte skickas: ${problem}. Byt namn på filen och försök igen.`);
      return { name: path.basename(a.path), mime: MIME[path.extname(a.path).toLowerCase()] ?? 'application/octet-stream', sha256: createHash('sha256').update(data).digest('hex'), data: data.toString('base64') };
    });

    const packageId = newId();
    const received = db.prepare('SELECT site_id AS site, received AS upto FROM xchg_peer ORDER BY site_id').all() as { site: string; upto: number }[];
    const manifest: Manifest = {
      format: 1,
      app: APP_VERSION,
      id: packageId,
      kind,
      created: at,
      sender: { id: me.id, name: me.name, role: me.role, scope: me.scopeCode, publicKey: me.publicKey },
      recipient: peer.id,
      range: { from: acked, upto },
      received,
      occasion,
      contents,
      outcomePeriods: outcome?.periods.map((p) => p.period) ?? [],
      attachments: attachments.map((a) => ({ name: a.name, bytes: Math.floor((a.data.length * 3) / 4) })),
    };
    const payload: Payload = { manifest, changes, outcome, attachments };
    progress({ task: 'Skriver paketet', done: 0, total: 1 });
    const written = writePackage(opts.file, payload, signingKey(db, me.id));
    db.prepare(
      `INSERT INTO xchg_package (id, direction, peer_id, kind, file_name, file_sha256, created_at, handled_at, seq_from, seq_upto, summary, result)
       VALUES (?, 'sent', ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ).run(packageId, peer.id, kind, path.basename(opts.file), written.sha256, at, at, acked, upto, JSON.stringify(summaryOf(manifest, changes.length, outcome)));
    db.prepare('UPDATE xchg_peer SET last_sent_at = ? WHERE site_id = ?').run(at, peer.id);
    progress({ task: 'Skriver paketet', done: 1, total: 1 });
    return {
      packageId,
      fileName: path.basename(opts.file),
      kind,
      recipient: { id: peer.id, name: peer.name, role: peer.role, scopeCode: peer.scope_code },
      changes: changes.length,
      rows: contents.reduce((s, c) => s + c.rows, 0),
      contents,
      outcomePeriods: manifest.outcomePeriods,
      outcomeRows: outcome?.rows.length ?? 0,
      attachments: attachments.map((a) => a.name),
      bytes: written.bytes,
    };
  });
}

/** xchg_peer_row.since of those rows of `table` that the peer has an entry for. */
function peerRowsOf(db: Db, peerId: string, table: string, rowIds: string[]): Map<string, number> {
  const rows = db
    .prepare('SELECT row_id, since FROM xchg_peer_row WHERE site_id = ? AND tbl = ? AND row_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(peerId, table, JSON.stringify(rowIds)) as [string, number][];
  return new Map(rows);
}

/** The changes at or before `acked` of these rows of `table`, by row, in log order. */
function earlierHistory(db: Db, peerId: string, table: string, rowIds: string[], acked: number): Map<string, RawLog[]> {
  const out = new Map<string, RawLog[]>();
  if (rowIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT ${LOG_COLUMNS} FROM xchg_change
       WHERE tbl = @table AND row_id IN (SELECT value FROM json_each(@rows)) AND seq <= @acked ORDER BY seq`,
    )
    .raw()
    .all({ peer: peerId, table, rows: JSON.stringify(rowIds), acked }) as RawLog[];
  for (const r of rows) {
    const list = out.get(r[2]);
    if (list) list.push(r);
    else out.set(r[2], [r]);
  }
  return out;
}

/** Records what was sent (or withheld) per row, sorted by key so the index is written in order. */
function markSent(db: Db, peerId: string, sent: [string, string, number][]): void {
  const upsert = db.prepare('INSERT INTO xchg_peer_row (site_id, tbl, row_id, since) VALUES (?, ?, ?, ?) ON CONFLICT (site_id, tbl, row_id) DO UPDATE SET since = excluded.since');
  sent.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (const [table, rowId, since] of sent) upsert.run(peerId, table, rowId, since);
}

export interface PackageSummary {
  changes: number;
  contents: ContentLine[];
  outcomePeriods: number[];
  outcomeRows: number;
  attachments: string[];
  occasion: string | null;
}

export function summaryOf(m: Manifest, changes: number, outcome: WireOutcome | null): PackageSummary {
  return {
    changes,
    contents: m.contents,
    outcomePeriods: m.outcomePeriods,
    outcomeRows: outcome?.rows.length ?? 0,
    attachments: m.attachments.map((a) => a.name),
    occasion: m.occasion?.name ?? null,
  };
}

/** Outcome of the periods that changed since the peer last confirmed, within what it may see. */
function exportOutcome(
  db: Db,
  me: SiteInfo,
  meActor: SiteActor,
  peerRole: Role,
  peerScope: string | null,
  tree: OrgTree,
  changed: Map<string, RawLog[]> | undefined,
  full: boolean,
): WireOutcome | null {
  const vis = OUTCOME_VISIBILITY[peerRole];
  if (!vis || !OUTCOME_WRITERS.includes(me.role)) return null;
  const periods = full
    ? (db.prepare('SELECT DISTINCT row_id FROM xchg_change WHERE tbl = ?').all(OUTCOME) as { row_id: string }[]).map((r) => Number(r.row_id))
    : [...(changed?.keys() ?? [])].map(Number);
  if (periods.length === 0) return null;
  periods.sort((a, b) => a - b);
  const scope = OrgTree.intersect(tree, meActor.scopeCode, vis === 'all' ? null : peerScope);
  const codes = tree.codesIn(scope);
  const rows = db
    .prepare(
      `SELECT c.account_code, c.responsibility_code, c.dims, b.period, b.amount_ore, (SELECT id FROM import_batch WHERE no = b.batch_no) FROM actual_balance b JOIN coding c ON c.id = b.coding_id
       WHERE b.period IN (SELECT value FROM json_each(?)) AND (? IS NULL OR c.responsibility_code IN (SELECT value FROM json_each(?)))
       ORDER BY b.period, c.responsibility_code, c.account_code, c.dims`,
    )
    .raw()
    .all(JSON.stringify(periods), codes ? 1 : null, JSON.stringify(codes ?? [])) as [string, string, string, number, number, string][];
  const batchIndex = new Map<string, number>();
  for (const r of rows) if (!batchIndex.has(r[5])) batchIndex.set(r[5], batchIndex.size);
  const investment = investmentOutcomeRows(db, periods, codes, batchIndex);
  const batchRow = db.prepare('SELECT id, file_name, file_sha256, imported_at, imported_by, profile_name FROM import_batch WHERE id = ?');
  const batches = [...batchIndex.keys()].map((id) => {
    const b = batchRow.get(id) as { id: string; file_name: string; file_sha256: string; imported_at: string; imported_by: string; profile_name: string | null };
    return { id: b.id, fileName: b.file_name, sha256: b.file_sha256, importedAt: b.imported_at, importedBy: b.imported_by, profileName: b.profile_name };
  });
  return {
    periods: periods.map((p) => ({ period: p, version: currentVersion(db, OUTCOME, String(p), 'balances')! })).filter((p) => p.version !== null),
    batches,
    rows: rows.map((r) => [r[0], r[1], r[2], r[3], r[4], batchIndex.get(r[5])!]),
    investment,
  };
}

/** A package that only presents this installation (its id, role, scope and key) to whoever imports it. */
export function exportIntroduction(db: Db, file: string, now: Date): { packageId: string; fileName: string; fingerprint: string } {
  const me = siteInfo(db);
  const packageId = newId();
  const manifest: Manifest = {
    format: 1,
    app: APP_VERSION,
    id: packageId,
    kind: 'intro',
    created: now.toISOString(),
    sender: { id: me.id, name: me.name, role: me.role, scope: me.scopeCode, publicKey: me.publicKey },
    recipient: null,
    range: { from: 0, upto: 0 },
    received: [],
    occasion: null,
    contents: [],
    outcomePeriods: [],
    attachments: [],
  };
  writePackage(file, { manifest, changes: [], outcome: null, attachments: [] }, signingKey(db, me.id));
  return { packageId, fileName: path.basename(file), fingerprint: me.fingerprint };
}

/** A file name for a package: "ramkoll-<from>-till-<to>-<date>.ramkoll". */
export function suggestedFileName(db: Db, to: string | null, now: Date): string {
  const me = siteInfo(db);
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 30) || 'site';
  const peer = to ? peerSite(db, to) : undefined;
  const date = stockholmDate(now);
  return `ramkoll-${clean(me.name)}-${peer ? `till-${clean(peer.name)}` : 'presentation'}-${date}.${PACKAGE_EXTENSION}`;
}

export interface OccasionOption {
  id: string;
  name: string;
  period: number;
}

/** The reporting occasions a package to Ekonomi can report on, newest first. */
export function occasionOptions(db: Db): OccasionOption[] {
  return db.prepare('SELECT id, name, period FROM reporting_occasion WHERE deleted_at IS NULL ORDER BY period DESC').all() as OccasionOption[];
}
