/**
 * Who may write what, per role: the one table the handlers, the UI and the
 * exchange registry ask (issue 18 point 1). A role reaches either every node
 * of the förvaltning (`all`), its own node and those below it (`own`), or
 * nothing (`none`). Conditions that depend on data, not on the role, are
 * checked where the data is: a chef's budget lines only in a working version
 * and inside its ram, VF proposals only with status 'proposed' (the
 * controller decides), and nothing in a round where the controller has closed
 * the node (round_write_setting).
 *
 * Pure: the tree comes in as a function giving a node's parent code, so both
 * the main side's org trees and the renderer's rows can be used.
 */
import { CHEF_ROLES, isChef, ROLE_WORD, type RoleName } from './roles';

/** What a chef contributes: budget lines, VF proposals, prognos, deviation comments. */
export const WRITE_KINDS = ['budget', 'vf', 'prognos', 'comment'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export const WRITE_KIND_LABEL: Readonly<Record<WriteKind, string>> = { budget: 'budgetrader', vf: 'VF-förslag', prognos: 'prognos', comment: 'kommentarer' };

export type Reach = 'all' | 'own' | 'none';

const CHEF_RIGHTS: Readonly<Record<WriteKind, Reach>> = { budget: 'own', vf: 'own', prognos: 'own', comment: 'own' };

/** The rights table. Every chef level has the same rights over its own part of the organisation. */
export const RIGHTS: Readonly<Record<RoleName, Readonly<Record<WriteKind, Reach>>>> = {
  controller: { budget: 'all', vf: 'all', prognos: 'all', comment: 'all' },
  ...(Object.fromEntries(CHEF_ROLES.map((r) => [r, CHEF_RIGHTS])) as Record<(typeof CHEF_ROLES)[number], Record<WriteKind, Reach>>),
  ekonomi: { budget: 'none', vf: 'none', prognos: 'none', comment: 'none' },
};

/** The VF status a chef may give its own proposals; deciding or rejecting is the controller's. */
export const CHEF_VF_STATUSES = ['proposed'] as const;

export interface RightsActor {
  role: RoleName;
  /** The node a chef's installation is scoped to; null for the whole förvaltning. */
  scopeCode: string | null;
}

/** A node's parent code (null at the top, undefined for an unknown code). */
export type ParentOf = (code: string) => string | null | undefined;

/** True when `code` is `ancestor` or lies below it. */
export function isAtOrBelow(code: string, ancestor: string, parentOf: ParentOf): boolean {
  const seen = new Set<string>();
  for (let c: string | null | undefined = code; c !== null && c !== undefined && !seen.has(c); c = parentOf(c)) {
    if (c === ancestor) return true;
    seen.add(c);
  }
  return false;
}

/**
 * May the actor write `what` for the node `nodeCode`? `closed` is the
 * controller's setting for the node in the round (true: the level may not
 * write now); it never stops the controller.
 */
export function mayWrite(actor: RightsActor, what: WriteKind, nodeCode: string, parentOf: ParentOf, closed = false): boolean {
  return writeRefusal(actor, what, nodeCode, parentOf, closed) === null;
}

/** Why the actor may not write `what` for the node, in Swedish, or null when it may. */
export function writeRefusal(actor: RightsActor, what: WriteKind, nodeCode: string, parentOf: ParentOf, closed = false): string | null {
  const reach = RIGHTS[actor.role]?.[what] ?? 'none';
  const who = `Den här installationen (${ROLE_WORD[actor.role] ?? actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''})`;
  if (reach === 'none') return `${who} får inte skriva ${WRITE_KIND_LABEL[what]}.`;
  if (reach === 'own' && (actor.scopeCode === null || !isAtOrBelow(nodeCode, actor.scopeCode, parentOf))) {
    return `${who} får inte skriva ${WRITE_KIND_LABEL[what]} för ansvar ${nodeCode}: bara för sitt eget ansvar och ansvaren under det.`;
  }
  if (closed && reach !== 'all') {
    return `Controllern har stängt ${WRITE_KIND_LABEL[what]} för ansvar ${nodeCode} i den här omgången. Hör av dig till controllern om du behöver skriva.`;
  }
  return null;
}

/**
 * May the actor approve or return what a node handed in? The level above
 * approves: a chef what lies below its own node, the controller everything
 * (the sektorer's own, and whatever the levels between left unapproved).
 */
export function mayApprove(actor: RightsActor, nodeCode: string, parentOf: ParentOf): boolean {
  if (actor.role === 'controller') return true;
  if (!isChef(actor.role) || actor.scopeCode === null) return false;
  return nodeCode !== actor.scopeCode && isAtOrBelow(nodeCode, actor.scopeCode, parentOf);
}
