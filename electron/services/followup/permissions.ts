import { RamkollError } from '../../../db/errors';
import type { OrgTree } from '../figures/org-tree';
import type { Actor } from './model';
import { isChef } from '../../../shared/roles';

/** True when `code` is `ancestor` or lies below it in the ansvar hierarchy. */
export function isWithin(tree: OrgTree, code: string, ancestor: string): boolean {
  for (let n = tree.byCode.get(code); n; n = n.parentCode === null ? undefined : tree.byCode.get(n.parentCode)) {
    if (n.code === ancestor) return true;
  }
  return false;
}

/**
 * Who may do what in the comment round. The controller acts for every level
 * of the förvaltning; a sektorchef's installation writes for its own part of
 * the organisation and approves what lies below its own node (the sektor's
 * own comment is approved by the förvaltning); Ekonomi reads.
 */
export function canWrite(actor: Actor, tree: OrgTree, code: string): boolean {
  if (actor.role === 'controller') return true;
  if (isChef(actor.role)) return actor.scopeCode !== null && isWithin(tree, code, actor.scopeCode);
  return false;
}

export function canApprove(actor: Actor, tree: OrgTree, code: string): boolean {
  if (actor.role === 'controller') return true;
  if (isChef(actor.role)) return actor.scopeCode !== null && code !== actor.scopeCode && isWithin(tree, code, actor.scopeCode);
  return false;
}

export function assertCanWrite(actor: Actor, tree: OrgTree, code: string): void {
  if (!canWrite(actor, tree, code)) {
    throw new RamkollError('FORBIDDEN', `Den här installationen (roll ${actor.role}${actor.scopeCode ? `, ${actor.scopeCode}` : ''}) får inte skriva för ansvar ${code}.`);
  }
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
