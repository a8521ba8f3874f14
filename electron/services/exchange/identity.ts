import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Role } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { clockNow } from '../clock';
import { defaultSiteName, isAutomaticSiteName } from '../site-name';
import { CHEF_LEVEL, isChef, ROLES as ALL_ROLES, ROLE_CHOICES, ROLE_WORD } from '../../../shared/roles';
import { ORG_LEVEL_NAMES } from '../dimensions';

/**
 * This installation's identity: the site row (id, name, role, scope) and an
 * Ed25519 signing key pair. The private key lives in the database (table
 * xchg_key), not beside it: the site id it signs for lives there too, so the
 * two can never be separated (a restored backup keeps signing with the key
 * its peers know, and a copied database is the same site either way). The
 * signature protects packages on their way (mail, shared folders); whoever
 * holds the database file can change the figures themselves anyway. The key
 * never leaves the main side: the page and the CLI see only its fingerprint.
 */

export const ROLES: readonly Role[] = ALL_ROLES;
/** "sektorns", "verksamhetens", "enhetens": whose code a chef gives as its scope. */
const OWNER_OF = { sector: 'sektorns', operation: 'verksamhetens', unit: 'enhetens' } as const;
const SCOPE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;
const SITE_ID_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

/** SHA-256 of the public key (DER), first 128 bits, in groups of four hex digits, as people compare it on the phone. */
export function fingerprintOf(publicKeyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

export function publicKeyObject(publicKeyBase64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
}

/** Gives the local site a key pair if it has none; returns its public key (SPKI DER, base64). */
export function ensureKey(db: Db, siteId: string, now: Date = clockNow()): string {
  const row = db.prepare('SELECT public_key FROM xchg_key WHERE site_id = ?').get(siteId) as { public_key: string } | undefined;
  if (row) return row.public_key;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const priv = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  db.tx(() => {
    db.prepare('INSERT INTO xchg_key (site_id, private_key, public_key, created_at) VALUES (?, ?, ?, ?)').run(siteId, priv, pub, now.toISOString());
    db.prepare('UPDATE site SET public_key = ? WHERE id = ?').run(pub, siteId);
  });
  return pub;
}

export function signingKey(db: Db, siteId: string): KeyObject {
  const row = db.prepare('SELECT private_key FROM xchg_key WHERE site_id = ?').get(siteId) as { private_key: string } | undefined;
  if (!row) throw new Error('the local site has no signing key; ensureExchange was not run');
  return createPrivateKey({ key: Buffer.from(row.private_key, 'base64'), format: 'der', type: 'pkcs8' });
}

export interface SiteInfo {
  id: string;
  name: string;
  role: Role;
  scopeCode: string | null;
  /** The scope's name from the organisation, when this database has it. */
  scopeName: string | null;
  publicKey: string;
  fingerprint: string;
}

export interface ScopeOption {
  code: string;
  name: string;
  level: string | null;
}

interface SiteRow {
  id: string;
  name: string;
  role: Role;
  scope_code: string | null;
  public_key: string | null;
  is_local: number;
}

function scopeName(db: Db, code: string | null): string | null {
  if (code === null) return null;
  return OrgTree.load(db, { withDeleted: true }).node(code)?.name ?? null;
}

export function siteInfo(db: Db): SiteInfo {
  const row = db.prepare('SELECT id, name, role, scope_code, public_key, is_local FROM site WHERE is_local = 1').get() as SiteRow | undefined;
  if (!row) throw new Error('no local site');
  const publicKey = row.public_key ?? ensureKey(db, row.id);
  return { id: row.id, name: row.name, role: row.role, scopeCode: row.scope_code, scopeName: scopeName(db, row.scope_code), publicKey, fingerprint: fingerprintOf(publicKey) };
}

/** Nodes a scope may be set to: the förvaltning, its sektorer, verksamheter and enheter (an enhetschef's). */
export function scopeOptions(db: Db): ScopeOption[] {
  return db
    .prepare(
      `SELECT v.code, v.name, v.level FROM dimension_value v JOIN dimension d ON d.id = v.dimension_id
       WHERE d.code = 'ansvar' AND v.deleted_at IS NULL
       ORDER BY v.code`,
    )
    .all() as ScopeOption[];
}

function checkRoleAndScope(db: Db, role: Role, scope: string | null, who: string): void {
  if (!ROLES.includes(role)) throw new RamkollError('INVALID_INPUT', `Okänd roll "${role}": välj ${ROLE_CHOICES}.`);
  if (isChef(role) && scope === null) {
    throw new RamkollError('INVALID_INPUT', `${who} är ${ROLE_WORD[role]} och behöver ett område: ange ${OWNER_OF[CHEF_LEVEL[role]]} ansvarskod (till exempel --scope 3100).`);
  }
  if (scope !== null) {
    if (!SCOPE_PATTERN.test(scope)) throw new RamkollError('INVALID_INPUT', `Området "${scope}" är ingen giltig ansvarskod (siffror och bokstäver, högst 20 tecken).`);
    const tree = OrgTree.load(db, { withDeleted: true });
    // An empty database (a sektorchef before the first package) cannot check the code yet.
    if (tree.size > 0 && !tree.has(scope)) {
      throw new RamkollError('INVALID_INPUT', `Ansvar ${scope} finns inte i organisationen. Välj ett ansvar som finns (förvaltningen, en sektor, en verksamhet eller en enhet).`);
    }
    // The new levels are scoped to a node of their own level. A sektorchef keeps the freedom it had before them
    // (installations set up as "sektorchef" for a verksamhet or an enhet go on working).
    const level = tree.levelOf(scope);
    if ((role === 'verksamhetschef' || role === 'enhetschef') && level !== null && level !== CHEF_LEVEL[role]) {
      throw new RamkollError(
        'INVALID_INPUT',
        `En ${ROLE_WORD[role]} har en ${ORG_LEVEL_NAMES[CHEF_LEVEL[role]]} som område, men ansvar ${scope} är en ${ORG_LEVEL_NAMES[level]}. Välj rätt roll eller ansvar.`,
      );
    }
  }
}

export interface SiteChanges {
  name?: string;
  role?: Role;
  scope?: string | null;
}

/** Changes this installation's name, role or scope. */
export function setSite(db: Db, changes: SiteChanges, now: Date): SiteInfo {
  const cur = siteInfo(db);
  const role = changes.role ?? cur.role;
  let name = changes.name?.trim() ?? cur.name;
  // A name nobody chose follows the role, so a receiver never reads "controller" on a sektorchef's package.
  if (name === cur.name && role !== cur.role && isAutomaticSiteName(cur.name)) name = defaultSiteName(role);
  if (name === '' || name.length > 100) throw new RamkollError('INVALID_INPUT', 'Namnet ska vara 1–100 tecken.');
  const scope = changes.scope === undefined ? cur.scopeCode : changes.scope === '' ? null : changes.scope;
  checkRoleAndScope(db, role, scope, 'Den här installationen');
  db.prepare('UPDATE site SET name = ?, role = ?, scope_code = ?, updated_at = ? WHERE id = ?').run(name, role, scope, now.toISOString(), cur.id);
  return siteInfo(db);
}

export interface PeerInfo {
  id: string;
  name: string;
  role: Role;
  scopeCode: string | null;
  scopeName: string | null;
  fingerprint: string | null;
  lastReceivedAt: string | null;
  lastSentAt: string | null;
  /** Our log position the peer has confirmed, and how far our log goes now. */
  acked: number;
  pending: number;
}

export function listPeers(db: Db): PeerInfo[] {
  const tree = OrgTree.load(db, { withDeleted: true });
  const maxSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM xchg_change').get() as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT s.id, s.name, s.role, s.scope_code, s.public_key, p.acked, p.last_received_at, p.last_sent_at
       FROM site s LEFT JOIN xchg_peer p ON p.site_id = s.id WHERE s.is_local = 0 ORDER BY s.role, s.scope_code, s.name`,
    )
    .all() as (SiteRow & { acked: number | null; last_received_at: string | null; last_sent_at: string | null })[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    scopeCode: r.scope_code,
    scopeName: r.scope_code ? (tree.node(r.scope_code)?.name ?? null) : null,
    fingerprint: r.public_key ? fingerprintOf(r.public_key) : null,
    lastReceivedAt: r.last_received_at,
    lastSentAt: r.last_sent_at,
    acked: r.acked ?? 0,
    pending: maxSeq - (r.acked ?? 0),
  }));
}

/**
 * Whether a site of role `me` may accept that a peer's role or scope becomes
 * another: the controller decides who does what in its förvaltning; Ekonomi
 * decides which förvaltning a controller reports for; a sektorchef decides
 * neither. null when it may.
 */
export function roleGrantRefusal(me: Role, from: Role, to: Role): string | null {
  if (me === 'controller') return null;
  if (me === 'ekonomi' && from === 'controller' && to === 'controller') return null;
  return me === 'ekonomi'
    ? 'Ekonomi kan bara godta ett nytt område för en controller. Be avsändaren kontrollera sin roll under Inställningar.'
    : 'Bara en controller kan godta att en avsändare får en ny roll eller ett nytt område. Be avsändaren kontrollera sin roll under Inställningar, eller din controller om ändringen stämmer.';
}

export interface PeerInput {
  id: string;
  name: string;
  role: Role;
  scope: string | null;
}

/**
 * Adds (or updates) a site this installation exchanges with, before any
 * package from it: its key is then learnt from its first package.
 */
export function addPeer(db: Db, input: PeerInput, now: Date): PeerInfo {
  if (!SITE_ID_PATTERN.test(input.id)) throw new RamkollError('INVALID_INPUT', `"${input.id}" är inget giltigt installations-id (det visas av "ramkoll site" hos mottagaren).`);
  const local = siteInfo(db);
  if (input.id === local.id) throw new RamkollError('INVALID_INPUT', 'Det är den här installationens eget id; ange mottagarens id.');
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw new RamkollError('INVALID_INPUT', 'Namnet ska vara 1–100 tecken.');
  checkRoleAndScope(db, input.role, input.scope, name);
  const known = peerSite(db, input.id);
  // A site whose key has been accepted does what its role allows here: changing that is the controller's decision (see sender.ts).
  if (known?.public_key && (known.role !== input.role || known.scope_code !== input.scope)) {
    const refusal = roleGrantRefusal(local.role, known.role, input.role);
    if (refusal) throw new RamkollError('FORBIDDEN', `${known.name} är känd här som ${known.role}${known.scope_code ? ` för ${known.scope_code}` : ''}. ${refusal}`);
  }
  const at = now.toISOString();
  db.tx(() => {
    db.prepare(
      `INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, scope_code = excluded.scope_code, updated_at = excluded.updated_at`,
    ).run(input.id, name, input.role, input.scope, at, at);
    db.prepare('INSERT INTO xchg_peer (site_id, first_seen_at) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING').run(input.id, at);
  });
  return listPeers(db).find((p) => p.id === input.id)!;
}

/**
 * Records a peer with the key, role and scope the user has accepted for it
 * (a package's sender once accepted, the demo's example recipients).
 */
export function recordPeer(db: Db, p: { id: string; name: string; role: Role; scope: string | null; publicKey: string | null }, at: string): void {
  db.prepare(
    `INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, scope_code = excluded.scope_code, public_key = excluded.public_key, updated_at = excluded.updated_at
     WHERE site.is_local = 0`,
  ).run(p.id, p.name, p.role, p.scope, p.publicKey, at, at);
  db.prepare('INSERT INTO xchg_peer (site_id, first_seen_at) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING').run(p.id, at);
}

export function peerSite(db: Db, id: string): SiteRow | undefined {
  return db.prepare('SELECT id, name, role, scope_code, public_key, is_local FROM site WHERE id = ?').get(id) as SiteRow | undefined;
}
