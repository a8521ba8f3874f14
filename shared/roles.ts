/**
 * The roles of a chef's installation: scoped to one node of the organisation,
 * writing for that node and the nodes below it. Checks that hold for every chef
 * level ask `isChef` rather than naming a role, so a new level is added here once.
 */
export const CHEF_ROLES = ['sektorchef'] as const;

export type ChefRole = (typeof CHEF_ROLES)[number];

export function isChef(role: string | null | undefined): role is ChefRole {
  return (CHEF_ROLES as readonly string[]).includes(role ?? '');
}
