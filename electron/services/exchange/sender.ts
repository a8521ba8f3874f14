import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Role } from '../../../db/schema';
import { fingerprintOf, peerSite, recordPeer, roleGrantRefusal, type SiteInfo } from './identity';
import type { ReadPackage } from './package-file';
import { ROLE_NAMES } from './rights';

/**
 * Who sent a package, and what the user must decide before it is read in.
 * A package is signed, but a signature only says that whoever holds the key
 * made it: the key, the role and scope it claims and the name it shows are
 * trusted here only once the user has accepted them. Each is its own
 * decision, shown and confirmed separately:
 *
 * - `sender`: a site not introduced yet (or added by hand, its key not seen
 *   yet): its fingerprint compared with the sender, its role and scope accepted;
 * - `key`: a known site signs with another key (a reinstalled Ramkoll);
 * - `role`: a known site claims another role or scope, which decides what it
 *   may change here: only a controller may grant it (Ekonomi for controllers);
 * - `name`: a known site calls itself something else (every list here shows it).
 *
 * Until then the package can be inspected but not read in.
 */

export interface SenderSummary {
  id: string;
  name: string;
  role: Role;
  scopeCode: string | null;
  fingerprint: string;
}

export type SenderStatus = 'new' | 'known' | 'key-changed' | 'identity-changed';

export const ACCEPTANCES = ['sender', 'key', 'role', 'name'] as const;
export type Acceptance = (typeof ACCEPTANCES)[number];

export interface SenderDecision {
  kind: Acceptance;
  /** What the user is asked to accept, in Swedish. */
  message: string;
  /** Why this installation may not accept it (its own role), or null. */
  refusal: string | null;
}

export interface KnownSender {
  name: string;
  role: Role;
  scopeCode: string | null;
  fingerprint: string | null;
}

export interface SenderCheck {
  status: SenderStatus;
  sender: SenderSummary;
  known: KnownSender | null;
  decisions: SenderDecision[];
}

export function describeSite(role: Role, scope: string | null): string {
  return `${ROLE_NAMES[role]} ${scope ? `för ${scope}` : 'för hela organisationen'}`;
}

/** Who sent the package, and what must be accepted before it is read in. Throws for a package not meant for us. */
export function checkSender(db: Db, pkg: ReadPackage, me: SiteInfo): SenderCheck {
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
  const claimed = describeSite(m.sender.role, m.sender.scope);
  const site = peerSite(db, m.sender.id);
  if (!site) {
    return {
      status: 'new',
      sender,
      known: null,
      decisions: [
        {
          kind: 'sender',
          message:
            `${m.sender.name} är ny här och presenterar sig som ${claimed}, med nyckelns fingeravtryck ${sender.fingerprint}. ` +
            `Paketet läses in först när du har jämfört fingeravtrycket med ${m.sender.name} (till exempel per telefon) och godtagit rollen och området.`,
          refusal: null,
        },
      ],
    };
  }
  const known: KnownSender = { name: site.name, role: site.role, scopeCode: site.scope_code, fingerprint: site.public_key ? fingerprintOf(site.public_key) : null };
  const decisions: SenderDecision[] = [];
  if (site.public_key === null) {
    // Added by hand (ramkoll site add): its key is seen for the first time.
    decisions.push({
      kind: 'sender',
      message:
        `Det här är det första paketet från ${site.name}; nyckelns fingeravtryck är ${sender.fingerprint}. ` +
        `Paketet läses in först när du har jämfört fingeravtrycket med ${site.name} (till exempel per telefon).`,
      refusal: null,
    });
  } else if (site.public_key !== m.sender.publicKey) {
    decisions.push({
      kind: 'key',
      message:
        `${pkg.fileName} säger sig komma från ${site.name}, men är signerat med en annan nyckel (fingeravtryck ${sender.fingerprint}) än den som ${site.name} har använt tidigare (${known.fingerprint!}). ` +
        'Om avsändaren har installerat om Ramkoll: ring och jämför fingeravtrycket, och välj sedan att lita på den nya nyckeln.',
      refusal: null,
    });
  }
  if (site.role !== m.sender.role || site.scope_code !== m.sender.scope) {
    decisions.push({
      kind: 'role',
      message:
        `${site.name} kommer som ${claimed}, men här är ${site.name} känd som ${describeSite(site.role, site.scope_code)}. ` +
        'Rollen och området avgör vad avsändaren får ändra här; godta ändringen bara om du vet att den stämmer.',
      refusal: roleGrantRefusal(me.role, site.role, m.sender.role),
    });
  }
  if (site.name !== m.sender.name) {
    decisions.push({ kind: 'name', message: `${site.name} kallar sig nu "${m.sender.name}". Namnet visas överallt där ändringar och konflikter visas; godta det bara om det stämmer.`, refusal: null });
  }
  const kinds = new Set(decisions.map((d) => d.kind));
  const status: SenderStatus = kinds.has('sender') ? 'new' : kinds.has('key') ? 'key-changed' : kinds.size > 0 ? 'identity-changed' : 'known';
  return { status, sender, known, decisions };
}

/** Throws unless every decision the package needs has been accepted, and may be. */
export function requireAccepted(check: SenderCheck, accept: readonly Acceptance[]): void {
  const open = check.decisions.filter((d) => !accept.includes(d.kind));
  if (open.length > 0) throw new RamkollError('FORBIDDEN', `${open.map((d) => d.message).join(' ')} Inget har lästs in.`);
  const refused = check.decisions.find((d) => d.refusal !== null);
  if (refused) throw new RamkollError('FORBIDDEN', `${refused.message} ${refused.refusal!} Inget har lästs in.`);
}

/**
 * Records the sender as the user accepted it (inside the import's
 * transaction): a new site with its key, role and scope; for a known site
 * only what was accepted changes. Returns notes for the result.
 */
export function registerSender(db: Db, pkg: ReadPackage, check: SenderCheck, at: string): string[] {
  const m = pkg.payload.manifest.sender;
  const notes: string[] = [];
  const kinds = new Set(check.decisions.map((d) => d.kind));
  const site = peerSite(db, m.id);
  if (!site || kinds.has('sender')) {
    recordPeer(db, { id: m.id, name: m.name, role: m.role, scope: m.scope, publicKey: m.publicKey }, at);
    notes.push(`${m.name} är godkänd som avsändare här (${describeSite(m.role, m.scope)}, nyckelns fingeravtryck ${fingerprintOf(m.publicKey)}); senare paket måste ha samma nyckel.`);
  } else {
    const name = kinds.has('name') ? m.name : site.name;
    const role = kinds.has('role') ? m.role : site.role;
    const scope = kinds.has('role') ? m.scope : site.scope_code;
    const key = kinds.has('key') ? m.publicKey : site.public_key;
    if (kinds.has('key')) notes.push(`Den nya nyckeln för ${site.name} (${fingerprintOf(m.publicKey)}) gäller från och med nu.`);
    if (kinds.has('role')) notes.push(`${site.name} är från och med nu ${describeSite(m.role, m.scope)} (var ${describeSite(site.role, site.scope_code)}).`);
    if (kinds.has('name')) notes.push(`${site.name} heter från och med nu "${m.name}".`);
    if (kinds.size > 0) recordPeer(db, { id: m.id, name, role, scope, publicKey: key }, at);
  }
  db.prepare('INSERT INTO xchg_peer (site_id, first_seen_at) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING').run(m.id, at);
  return notes;
}
