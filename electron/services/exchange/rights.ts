import type { ExchangedValue, Role } from '../../../db/schema';
import { ORG_LEVEL_NAMES } from '../dimensions';
import type { OrgTree } from './scope';
import type { ExchangedTable, WriteRule } from './registry-types';

/** Who acts: a site's role and organisational scope (null: the whole organisation). */
export interface Actor {
  role: Role;
  scope: string | null;
}

export const ROLE_NAMES: Record<Role, string> = { controller: 'controller', sektorchef: 'sektorchef', ekonomi: 'Ekonomi' };
const ROLE_SUBJECT: Record<Role, string> = { controller: 'en controller', sektorchef: 'en sektorchef', ekonomi: 'Ekonomi' };

export function ruleFor(t: ExchangedTable, role: Role): WriteRule | undefined {
  return t.writers.find((w) => w.role === role);
}

/**
 * Why `actor` may not change (or create) this row, or null when it may.
 * `nodes` are the row's ansvar codes before and after the change.
 */
export function rowRefusal(t: ExchangedTable, actor: Actor, tree: OrgTree, nodes: readonly (string | null)[], get: (field: string) => ExchangedValue, creating: boolean): string | null {
  const rule = ruleFor(t, actor.role);
  if (!rule) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural}`;
  if (creating && rule.create === false) return `${ROLE_SUBJECT[actor.role]} får inte skapa nya ${t.plural}`;
  if (t.nodes && t.nodes.length > 0) {
    const codes = nodes.filter((n): n is string => n !== null);
    if (codes.length === 0 && actor.scope !== null) return `raden hör inte till något ansvar inom området ${actor.scope}`;
    for (const code of codes) {
      if (!tree.inScope(code, actor.scope)) return `ansvar ${code} ligger utanför avsändarens område (${actor.scope ?? 'hela organisationen'})`;
      if (rule.levels && !rule.levels.includes(tree.levelOf(code) ?? ('' as never))) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural} för ansvar ${code} (bara på nivån ${rule.levels.map((l) => ORG_LEVEL_NAMES[l]).join(', ')})`;
    }
  }
  if (rule.rows && !rule.rows(get)) return `${ROLE_SUBJECT[actor.role]} får inte ändra den här raden (${t.label})`;
  return null;
}

/** Why `actor` may not set this field to this value, or null. */
export function fieldRefusal(t: ExchangedTable, actor: Actor, field: string, value: ExchangedValue): string | null {
  const rule = ruleFor(t, actor.role);
  if (!rule) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural}`;
  const def = t.fields.find((f) => f.name === field);
  const label = def?.label ?? field;
  if (rule.fields && !rule.fields.includes(field)) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${label} i ${t.plural}`;
  const allowed = rule.values?.[field];
  if (allowed && !allowed.includes(value)) return `${ROLE_SUBJECT[actor.role]} får inte sätta ${label} till "${String(value)}"`;
  return null;
}
