/**
 * Helpers for the tests that play a hostile peer: packages written by hand
 * and signed with a real site's key (or a key of their own), so the receiver
 * verifies them as coming from that site, whatever they hold.
 */
import { isChef } from '../../shared/roles';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Db } from '../../db/index';
import type { Role } from '../../db/schema';
import { signingKey, siteInfo } from '../../electron/services/exchange/identity';
import { writePackage, type Manifest, type WireChange, type WireOutcome } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import { APP_VERSION } from '../../electron/services/version';

/** A version as sites write them: milliseconds, a counter and the site that claims it. */
export function version(site: string, ms: number, counter = 0): string {
  return `${String(ms).padStart(13, '0')}-${String(counter).padStart(8, '0')}-${site}`;
}

export interface Forgery {
  /** The receiving site's id. */
  to: string;
  changes: WireChange[];
  outcome?: WireOutcome | null;
  /** What the package says about its sender (default: the signing site as it is). */
  sender?: Partial<{ id: string; name: string; role: Role; scope: string | null }>;
  /** Sign with another key (a new or stolen key): the package then carries that key. */
  key?: { publicKey: string; privateKey: KeyObject };
  received?: Manifest['received'];
}

export function newKey(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey };
}

/** Writes a package from the site of `db` with exactly these changes, signed with its key (or `f.key`). */
export function forge(db: Db, file: string, f: Forgery, now: Date = new Date()): string {
  const me = siteInfo(db);
  const sender = { id: me.id, name: me.name, role: me.role, scope: me.scopeCode, publicKey: f.key?.publicKey ?? me.publicKey, ...f.sender };
  const manifest: Manifest = {
    format: 1,
    app: APP_VERSION,
    id: newId(),
    kind: isChef(sender.role) ? 'return' : 'general',
    created: now.toISOString(),
    sender,
    recipient: f.to,
    range: { from: 0, upto: 0 },
    received: f.received ?? [],
    occasion: null,
    contents: [],
    outcomePeriods: f.outcome?.periods.map((p) => p.period) ?? [],
    attachments: [],
  };
  writePackage(file, { manifest, changes: f.changes, outcome: f.outcome ?? null, attachments: [] }, f.key?.privateKey ?? signingKey(db, me.id));
  return file;
}

/** The exchange clock of a database: milliseconds and counter. */
export function clockOf(db: Db): { ms: number; counter: number } {
  return db.prepare('SELECT ms, counter FROM xchg_clock WHERE id = 1').get() as { ms: number; counter: number };
}
