import type { Role } from '../../../db/schema';
import { RIGHTS, type WriteKind } from '../../../shared/rights';
import { CHEF_ROLES } from '../../../shared/roles';
import type { ExchangedTable, Visibility, WriteRule } from './registry-types';

/**
 * The registry's rules for chefs, written once for every chef level
 * (shared/roles.ts CHEF_ROLES): a table's rule for "a chef" becomes one rule
 * per chef role. With `what`, only the roles the rights table
 * (shared/rights.ts) lets write that kind get the rule.
 */
export function chefs(rule: Omit<WriteRule, 'role'> = {}, what?: WriteKind): WriteRule[] {
  return CHEF_ROLES.filter((role) => what === undefined || RIGHTS[role][what] !== 'none').map((role) => ({ ...rule, role }));
}

/** The same visibility for every chef level: `{ ...chefsSee('scope') }` in a table's visibleTo. */
export function chefsSee(v: Visibility): ExchangedTable['visibleTo'] {
  return Object.fromEntries(CHEF_ROLES.map((r) => [r, v]));
}

/** Relays from the controller reach every chef level and other controller installations. */
export const CHEFS_AND_CONTROLLER: readonly Role[] = [...CHEF_ROLES, 'controller'];
