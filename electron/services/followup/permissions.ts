import { RamkollError } from '../../../db/errors';
import type { OrgTree } from '../figures/org-tree';
import type { Actor } from './model';
import { isAtOrBelow, mayApprove, mayWrite, writeRefusal, type ParentOf, type WriteKind } from '../../../shared/rights';

/** True when `code` is `ancestor` or lies below it in the ansvar hierarchy. */
export function isWithin(tree: OrgTree, code: string, ancestor: string): boolean {
  return isAtOrBelow(code, ancestor, parentIn(tree));
}

/** The tree as the rights table (shared/rights.ts) reads it. */
export function parentIn(tree: OrgTree): ParentOf {
  return (code) => tree.byCode.get(code)?.parentCode;
}

/**
 * Who may do what in the follow-up, as the rights table says: the controller
 * acts for every level of the förvaltning; a chef's installation writes for
 * its own part of the organisation and approves what lies below its own node
 * (its own node is approved by the level above); Ekonomi reads. `what` is the
 * kind of write (default the comments); `closed` is the controller's setting
 * for the node in the round (round-settings.ts).
 */
export function canWrite(actor: Actor, tree: OrgTree, code: string, what: WriteKind = 'comment', closed = false): boolean {
  return mayWrite(actor, what, code, parentIn(tree), closed);
}

export function canApprove(actor: Actor, tree: OrgTree, code: string): boolean {
  return mayApprove(actor, code, parentIn(tree));
}

export function assertCanWrite(actor: Actor, tree: OrgTree, code: string, what: WriteKind = 'comment', closed = false): void {
  const refusal = writeRefusal(actor, what, code, parentIn(tree), closed);
  if (refusal) throw new RamkollError('FORBIDDEN', refusal);
}

export function assertCanApprove(actor: Actor, tree: OrgTree, code: string): void {
  if (!canApprove(actor, tree, code)) {
    throw new RamkollError(
      'FORBIDDEN',
      `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte godkänna eller återskicka kommentaren för ansvar ${code}; det gör nivån ovanför.`,
    );
  }
}

export function assertController(actor: Actor, what: string): void {
  if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', `Bara controllerns installation får ${what}.`);
}
