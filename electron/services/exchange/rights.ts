import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/index';
import type { ExchangedValue, Role } from '../../../db/schema';
import { ORG_LEVEL_NAMES } from '../dimensions';
import { ROLE_WORD } from '../../../shared/roles';
import { exchangedTable } from './registry';
import type { OrgTree } from '../figures/org-tree';
import type { ExchangedTable, RowContext, WriteRule } from './registry-types';
import type { SiteActor } from '../actor';


export const ROLE_NAMES: Record<Role, string> = ROLE_WORD;
const ROLE_SUBJECT: Record<Role, string> = { controller: 'en controller', sektorchef: 'en sektorchef', verksamhetschef: 'en verksamhetschef', enhetschef: 'en enhetschef', ekonomi: 'Ekonomi' };

export function ruleFor(t: ExchangedTable, role: Role): WriteRule | undefined {
  return t.writers.find((w) => w.role === role);
}

/** Reads other rows for write rules that depend on them, with its statements cached. */
export class RuleLookup {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly db: Db) {}

  scalar(sql: string, ...params: ExchangedValue[]): ExchangedValue {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql).pluck()));
    return (stmt.get(...params) as ExchangedValue | undefined) ?? null;
  }

  /** The context a rule sees for one row. */
  context(t: ExchangedTable, actor: SiteActor, tree: OrgTree, nodes: readonly (string | null)[], get: (field: string) => ExchangedValue): RowContext {
    return {
      nodes,
      scope: actor.scopeCode,
      inScope: (code) => tree.inScope(code, actor.scopeCode),
      ref: (field, column) => {
        const f = t.fields.find((x) => x.name === field);
        const value = get(field);
        if (!f?.ref || typeof value !== 'string') return null;
        if (!/^[a-z_]+$/.test(column)) throw new Error(`registry: bad column ${column}`);
        const target = exchangedTable(f.ref)!;
        return this.scalar(`SELECT ${column} FROM ${target.table} WHERE ${target.key} = ?`, value);
      },
      scalar: (sql, ...params) => this.scalar(sql, ...params),
    };
  }
}

/**
 * Why `actor` may not change (or create) this row, or null when it may.
 * `nodes` are the row's ansvar codes before and after the change; `c` is what
 * the rule may look at besides the row's values.
 */
export function rowRefusal(t: ExchangedTable, actor: SiteActor, tree: OrgTree, nodes: readonly (string | null)[], get: (field: string) => ExchangedValue, creating: boolean, c: RowContext): string | null {
  const rule = ruleFor(t, actor.role);
  if (!rule) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural}`;
  if (creating && rule.create === false) return `${ROLE_SUBJECT[actor.role]} får inte skapa nya ${t.plural}`;
  if (t.nodes && t.nodes.length > 0) {
    const codes = nodes.filter((n): n is string => n !== null);
    if (codes.length === 0 && actor.scopeCode !== null) return `raden hör inte till något ansvar inom området ${actor.scopeCode}`;
    for (const code of codes) {
      if (!tree.inScope(code, actor.scopeCode)) return `ansvar ${code} ligger utanför avsändarens område (${actor.scopeCode ?? 'hela organisationen'})`;
      if (rule.levels && !rule.levels.includes(tree.levelOf(code) ?? ('' as never))) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural} för ansvar ${code} (bara på nivån ${rule.levels.map((l) => ORG_LEVEL_NAMES[l]).join(', ')})`;
    }
  }
  if (rule.rows && !rule.rows(get, c)) return `${ROLE_SUBJECT[actor.role]} får inte ändra den här raden (${t.label})`;
  return null;
}

/** Why `actor` may not set this field to this value, or null. */
export function fieldRefusal(t: ExchangedTable, actor: SiteActor, field: string, value: ExchangedValue, c: () => RowContext): string | null {
  const rule = ruleFor(t, actor.role);
  if (!rule) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${t.plural}`;
  const def = t.fields.find((f) => f.name === field);
  const label = def?.label ?? field;
  if (rule.fields && !rule.fields.includes(field)) return `${ROLE_SUBJECT[actor.role]} får inte ändra ${label} i ${t.plural}`;
  const spec = rule.values?.[field];
  const allowed = typeof spec === 'function' ? spec(c()) : spec;
  if (allowed && !allowed.includes(value)) return `${ROLE_SUBJECT[actor.role]} får inte sätta ${label} till "${String(value)}"`;
  return null;
}

/** Does a site of role `by` pass this table's rows it may not change on to a site of role `to`? */
export function relays(t: ExchangedTable, by: Role, to: Role): boolean {
  return t.relay?.some((r) => r.by === by && r.to.includes(to)) ?? false;
}
