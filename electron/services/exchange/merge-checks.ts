import type { Db } from '../../../db/index';
import { aheadOf, MAX_CLOCK_SKEW_MS } from './hlc';
import type { SiteInfo } from './identity';
import type { ReadPackage } from './package-file';
import type { ExchangedTable, ExchangedValue, FieldDef } from './registry-types';
import type { RuleLookup } from './rights';
import type { OrgTree } from '../figures/org-tree';

/** Checks of a received value against its field, and the bookkeeping of the sender's position, for merge.ts. */

export function checkType(f: FieldDef, v: ExchangedValue): string | null {
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

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Why a version may not be taken in: it lies more than a day ahead of this
 * computer's clock. Taking it would move this site's clock there, and its
 * recipients would see every later change of ours as from the future.
 */
export function clockRefusal(version: string, wallMs: number, senderName: string): string | null {
  const ahead = aheadOf(version, wallMs);
  if (ahead <= MAX_CLOCK_SKEW_MS) return null;
  return `ändringen är daterad ${day(wallMs + ahead)}, mer än ett dygn efter den här datorns klocka (${day(wallMs)}). Kontrollera datum och tid hos ${senderName} och här, och be sedan om ett nytt paket`;
}

/** The ansvar codes a row maps to, from its values as they would be. */
export function nodesOf(t: ExchangedTable, values: ReadonlyMap<string, ExchangedValue>, tree: OrgTree, lookup: RuleLookup): (string | null)[] {
  if (!t.nodes) return [null];
  return t.nodes.map((n) => {
    const v = values.get(n.field);
    if (typeof v !== 'string') return null;
    if (n.via === 'responsibility') return tree.codeOfId(v);
    if (n.via === 'sql') {
      const codes = lookup.scalar(`SELECT (${n.sql('?')})`, v);
      return typeof codes === 'string' ? codes : null;
    }
    try {
      return (JSON.parse(v) as string[])[1] ?? null;
    } catch {
      return null;
    }
  });
}

/**
 * After a merge: the rows the sender has shown it holds, what it has
 * received of our log, and how far we have read its own. Returns notes.
 */
export function recordPeerPosition(db: Db, pkg: ReadPackage, me: SiteInfo, known: readonly [string, string][], at: string): string[] {
  const m = pkg.payload.manifest;
  const notes: string[] = [];
  const peerRow = db.prepare('INSERT INTO xchg_peer_row (site_id, tbl, row_id, since) VALUES (?, ?, ?, 0) ON CONFLICT (site_id, tbl, row_id) DO UPDATE SET since = 0');
  // In key order: the WITHOUT ROWID table's B-tree is then written page by page instead of at random.
  const sorted = [...known].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (const [table, rowId] of sorted) peerRow.run(m.sender.id, table, rowId);
  const maxSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM xchg_change').get() as { n: number }).n;
  const ack = Math.min(m.received.find((r) => r.site === me.id)?.upto ?? 0, maxSeq);
  const link = db.prepare('SELECT received FROM xchg_peer WHERE site_id = ?').get(m.sender.id) as { received: number };
  if (m.range.from > link.received) {
    notes.push(`Paketet bygger på ändringar från ${m.sender.name} som inte har kommit hit (kanske har en säkerhetskopia återställts här). Be ${m.sender.name} skicka ett fullständigt paket.`);
  }
  db.prepare('UPDATE xchg_peer SET acked = max(acked, ?), received = CASE WHEN ? <= received THEN max(received, ?) ELSE received END, last_received_at = ? WHERE site_id = ?').run(
    ack,
    m.range.from,
    m.range.upto,
    at,
    m.sender.id,
  );
  if (m.kind === 'intro') notes.push(`${m.sender.name} finns nu bland mottagarna; du kan skapa paket till den.`);
  return notes;
}
