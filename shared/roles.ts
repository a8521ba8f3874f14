/**
 * The roles of a chef's installation: scoped to one node of the organisation,
 * writing for that node and the nodes below it. Checks that hold for every chef
 * level ask `isChef` rather than naming a role, so a new level is added here once.
 */
export const CHEF_ROLES = ['sektorchef', 'verksamhetschef', 'enhetschef'] as const;

export type ChefRole = (typeof CHEF_ROLES)[number];

/** Every role an installation can have, in the order the setup lists them. */
export const ROLES = ['controller', ...CHEF_ROLES, 'ekonomi'] as const;

export type RoleName = (typeof ROLES)[number];

/** The org level (dimension_value.level) whose node a chef role is scoped to. */
export const CHEF_LEVEL: Readonly<Record<ChefRole, 'sector' | 'operation' | 'unit'>> = { sektorchef: 'sector', verksamhetschef: 'operation', enhetschef: 'unit' };

/** The role's word as running text ("en enhetschef") and as a label ("Enhetschef"). */
export const ROLE_WORD: Readonly<Record<RoleName, string>> = {
  controller: 'controller',
  sektorchef: 'sektorchef',
  verksamhetschef: 'verksamhetschef',
  enhetschef: 'enhetschef',
  ekonomi: 'Ekonomi',
};

export const ROLE_LABEL: Readonly<Record<RoleName, string>> = {
  controller: 'Controller',
  sektorchef: 'Sektorchef',
  verksamhetschef: 'Verksamhetschef',
  enhetschef: 'Enhetschef',
  ekonomi: 'Ekonomi',
};

export function isChef(role: string | null | undefined): role is ChefRole {
  return (CHEF_ROLES as readonly string[]).includes(role ?? '');
}

export function isRole(role: string | null | undefined): role is RoleName {
  return (ROLES as readonly string[]).includes(role ?? '');
}

/** "controller, sektorchef, verksamhetschef, enhetschef eller ekonomi", for messages and help. */
export const ROLE_CHOICES = `${ROLES.slice(0, -1).join(', ')} eller ${ROLES[ROLES.length - 1]}`;
