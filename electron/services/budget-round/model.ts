import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { BudgetRoundTable, Role, RoundStatus } from '../../../db/schema';
import { isChef } from '../../../shared/roles';
import { Org, loadVersion, type VersionRow } from '../budget/planning-common';
import type { OrgNode } from '../figures/org-tree';
import { naturalId, newId } from '../ids';

/**
 * The budget round (issue 18, point 2): per node of a working budget version,
 * a chef's proposal (budget lines and verksamhetsförändringar) that is kept
 * apart from the version's own lines until the controller approves it.
 * A round is ('budget', version id); its nodes are budget_round rows.
 */

export type { RoundStatus } from '../../../db/schema';

export const ROUND_STATUS_NAMES: Record<RoundStatus | 'missing', string> = {
  missing: 'ej påbörjad',
  draft: 'utkast',
  submitted: 'inlämnad',
  approved: 'godkänd',
  returned: 'återskickad',
};

export const ROUND_ACTION_NAMES: Record<'submitted' | 'returned' | 'approved' | 'approved_rows', string> = {
  submitted: 'Inlämnad',
  returned: 'Återskickad',
  approved: 'Godkänd',
  approved_rows: 'Rader godkända',
};

/** Who acts: the site, its role and scope, the user's name and the time (from the one clock). */
export interface RoundActor {
  siteId: string;
  user: string;
  role: Role;
  scopeCode: string | null;
  now: Date;
}

export const actorOf = (ctx: { site: { id: string; role: Role; scopeCode: string | null }; user: string; now(): Date }): RoundActor => ({
  siteId: ctx.site.id,
  user: ctx.user,
  role: ctx.site.role,
  scopeCode: ctx.site.scopeCode,
  now: ctx.now(),
});

/** Two sites that open the same node's round meet in one row. */
export const roundId = (versionId: string, nodeId: string) => naturalId('budget_round', `${versionId}\u0000${nodeId}`);

const who = (a: RoundActor) => `Den här installationen (roll ${a.role}${a.scopeCode ? `, ${a.scopeCode}` : ''})`;

/** A chef writes the proposal of its own node and those below it; the controller may write any (typed in from a mail). */
export function assertMayPropose(a: RoundActor, org: Org, code: string): void {
  if (a.role === 'controller') return;
  if (isChef(a.role) && a.scopeCode !== null && org.isUnder(code, a.scopeCode)) return;
  throw new RamkollError('FORBIDDEN', `${who(a)} får inte skriva budgetförslag för ansvar ${code}. En chef skriver för sitt eget ansvar och det som ligger under det.`);
}

/** Approving and sending back are the controller's. */
export function assertController(a: RoundActor, what: string): void {
  if (a.role !== 'controller') throw new RamkollError('FORBIDDEN', `${who(a)} får inte ${what}; det gör controllern.`);
}

/** Reading a node's round: the controller every node, a chef those in its scope. */
export function assertMayRead(a: RoundActor, org: Org, code: string): void {
  if (a.role === 'controller') return;
  if (isChef(a.role) && a.scopeCode !== null && org.isUnder(code, a.scopeCode)) return;
  throw new RamkollError('FORBIDDEN', `${who(a)} kan inte se budgetförslaget för ansvar ${code}.`);
}

export interface RoundTarget {
  version: VersionRow;
  node: OrgNode;
  org: Org;
  round: BudgetRoundTable | undefined;
}

export function roundTarget(db: Db, versionId: string, code: string): RoundTarget {
  const version = loadVersion(db, versionId);
  const org = new Org(db);
  const node = org.node(code);
  const round = db.prepare('SELECT * FROM budget_round WHERE version_id = ? AND responsibility_id = ? AND deleted_at IS NULL').get(versionId, node.id) as BudgetRoundTable | undefined;
  return { version, node, org, round };
}

/** A version being locked ends its round: nothing more goes in. */
export function assertOpen(t: RoundTarget): void {
  if (t.version.lockedAt !== null) {
    throw new RamkollError('FORBIDDEN', `Budgetversionen "${t.version.name}" är låst; budgetrundan i den är avslutad. Skapa en arbetsversion och öppna rundan där.`);
  }
}

export function logEvent(db: Db, a: RoundActor, round: string, action: 'submitted' | 'returned' | 'approved' | 'approved_rows', status: RoundStatus, note: string | null, overFrameOre: number | null): void {
  const at = a.now.toISOString();
  db.prepare(
    `INSERT INTO budget_round_event (id, round_id, action, status, note, over_frame_ore, author, acted_at, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  ).run(newId(), round, action, status, note, overFrameOre, a.user, at, at, at, a.siteId);
}

export function setStatus(db: Db, a: RoundActor, round: string, status: RoundStatus, returnNote: string | null | undefined): void {
  const at = a.now.toISOString();
  if (returnNote === undefined) db.prepare('UPDATE budget_round SET status = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(status, at, a.siteId, round);
  else db.prepare('UPDATE budget_round SET status = ?, return_note = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(status, returnNote, at, a.siteId, round);
}

/**
 * The node's year total in the version as it would be with its proposal: the
 * version's live lines of the node and below, each kodsträng the proposal
 * still proposes (not yet approved) replaced by the proposed amount.
 */
export function proposedTotals(db: Db, versionId: string, round: string | null, codes: readonly string[]): { versionOre: number; proposedOre: number } {
  const json = JSON.stringify(codes);
  const versionOre = (
    db
      .prepare(
        `SELECT coalesce(sum(b.year_ore), 0) AS s FROM budget_line b JOIN coding c ON c.id = b.coding_id
         WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code IN (SELECT value FROM json_each(?))`,
      )
      .get(versionId, json) as { s: number }
  ).s;
  if (round === null) return { versionOre, proposedOre: versionOre };
  const d = db
    .prepare(
      `SELECT coalesce(sum(p.year_ore), 0) AS proposed,
              coalesce(sum((SELECT sum(b.year_ore) FROM budget_line b WHERE b.version_id = ? AND b.coding_id = p.coding_id AND b.deleted_at IS NULL)), 0) AS replaced
       FROM budget_round_line p JOIN coding c ON c.id = p.coding_id
       WHERE p.round_id = ? AND p.status = 'proposed' AND p.deleted_at IS NULL AND c.responsibility_code IN (SELECT value FROM json_each(?))`,
    )
    .get(versionId, round, json) as { proposed: number; replaced: number };
  return { versionOre, proposedOre: versionOre - d.replaced + d.proposed };
}

/** The node's ram in the version (budget year), or null when it has none. */
export function frameOf(db: Db, versionId: string, nodeId: string): number | null {
  const r = db.prepare('SELECT amount_ore FROM frame WHERE version_id = ? AND responsibility_id = ? AND deleted_at IS NULL').get(versionId, nodeId) as { amount_ore: number } | undefined;
  return r?.amount_ore ?? null;
}

/** The codes of a node and every node below it. */
export function subtreeCodes(org: Org, code: string): string[] {
  return [...(org.tree.subtree(code)?.byCode.keys() ?? [])];
}
