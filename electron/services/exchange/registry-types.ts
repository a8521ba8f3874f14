import type { ExchangedValue, OrgLevel, Role } from '../../../db/schema';
import type { CodingResolver } from '../coding';

export type { ExchangedValue } from '../../../db/schema';

/** What a field's values look like in a package; checked on every import. */
export type ValueType = 'text' | 'text?' | 'int' | 'int?' | 'bool';

export interface DecodeContext {
  codings: CodingResolver;
}

/**
 * One field that travels: usually one column; a group of columns that must
 * change together (a budget line's year amount and its twelve months) is one
 * field whose value is a JSON array, so they conflict and apply as a unit.
 */
export interface FieldDef {
  /** Name in packages and in the change log. */
  name: string;
  /** Swedish, for the conflict list and messages. */
  label: string;
  /** The columns this field writes. */
  columns: readonly string[];
  type: ValueType;
  /** SQL for the value over a row alias (default: the one column). */
  sql?: (row: string) => string;
  /** The longest text the field takes (text-limits.ts); every text field has one. */
  max?: number;
  /** Extra check of a received value: a Swedish message when it is wrong. */
  check?: (value: ExchangedValue) => string | null;
  /** Turns a received value into column values (default: the one column). */
  decode?: (value: ExchangedValue, ctx: DecodeContext) => Record<string, ExchangedValue>;
  /** The value is the id of a row of this exchanged table (mapped through aliases, checked on import). */
  ref?: string;
  /** The value is a fiscal year or a period, which must exist before the row is written. */
  fiscal?: 'year' | 'period';
}

/** How a row maps to an ansvar node, for scope checks. */
export type NodeRef =
  /** The field holds a dimension_value id of the ansvar dimension. */
  | { field: string; via: 'responsibility' }
  /** The field is a budget line's kodsträng [konto, ansvar, dims]. */
  | { field: string; via: 'coding' }
  /**
   * The node lies in another row: SQL over an expression for the field's
   * value gives the ansvar code(s), comma-separated (e.g. a goal assessment's
   * goal → the goal's owner). The rows it reads come earlier in the registry.
   */
  | { field: string; via: 'sql'; sql: (value: string) => string };

/**
 * What a write rule may look at besides the row's own values: its nodes, the
 * writer's scope, and the receiving database (the row a reference points at,
 * or a scalar query), for rules that depend on other rows.
 */
export interface RowContext {
  /** The row's ansvar codes as they will be after the change. */
  readonly nodes: readonly (string | null)[];
  /** The writer's scope (null: the whole organisation). */
  readonly scope: string | null;
  inScope(code: string | null): boolean;
  /** A column of the row that a reference field points at, as this database holds it (null when missing). */
  ref(field: string, column: string): ExchangedValue;
  /** The first column of the first row of a query on this database (null when none). */
  scalar(sql: string, ...params: ExchangedValue[]): ExchangedValue;
}

/**
 * Who may change rows of a table. A role without a rule may change nothing
 * in it. Rows that map to ansvar nodes must also lie inside the writer's
 * scope (a subtree of ansvar; no scope means the whole organisation).
 */
export interface WriteRule {
  role: Role;
  /** The fields this role may change; every field when left out. */
  fields?: readonly string[];
  /** May this role create rows (default: yes)? */
  create?: boolean;
  /** Values this role may set, per field (a function when they depend on the row, e.g. its node). */
  values?: Readonly<Record<string, readonly ExchangedValue[] | ((c: RowContext) => readonly ExchangedValue[])>>;
  /** Only rows whose node is at one of these levels (e.g. the nämnd's own ram). */
  levels?: readonly OrgLevel[];
  /** Only rows for which this holds, on the row's values as they travel (and, through `c`, the rows they refer to). */
  rows?: (get: (field: string) => ExchangedValue, c: RowContext) => boolean;
}

/**
 * Which rows a site of a role receives: all, those inside its scope, or
 * those matching SQL too. `withdraw` names the fields the SQL condition
 * reads: when a row the site was sent stops matching (a comment Ekonomi got
 * as approved is sent back), it is told so once through those fields, and
 * nothing else of the row until it matches again.
 */
export type Visibility = 'all' | 'scope' | { scope: boolean; where: (row: string) => string; withdraw?: readonly string[] };

export interface ExchangedTable {
  table: string;
  /** Swedish name of one row, for messages: "avvikelsekommentar". */
  label: string;
  /** Swedish plural: "avvikelsekommentarer". */
  plural: string;
  /** The column that identifies a row on every site. */
  key: string;
  /** Has created_at, updated_at, updated_by_site and deleted_at. */
  synced: boolean;
  fields: readonly FieldDef[];
  nodes?: readonly NodeRef[];
  /** Fields that identify a row apart from its id (a UNIQUE constraint): two sites creating it meet here. */
  naturalKey?: readonly string[];
  /** Only rows for which this SQL holds travel (e.g. the settings that are budgetförutsättningar). */
  captureWhere?: (row: string) => string;
  /** Rows every installation creates itself, identically: never changes of their own. */
  builtIn?: (row: string) => string;
  /**
   * The reporting occasion a row belongs to (SQL over an expression for the
   * field's value gives the occasion id; default: the value itself). Changes
   * of rows of an occasion that is locked here are refused, unless the same
   * package set the lock: what was reported cannot change.
   */
  occasion?: { field: string; sql?: (value: string) => string };
  /** SQL for a short Swedish description of a row, for the conflict list. */
  describe: (row: string) => string;
  writers: readonly WriteRule[];
  /**
   * Rows a role may not change itself but passes on to the sites it serves
   * (the controller gives its sektorchefer Ekonomi's inriktningsmål): it sends
   * them as it holds them, and sites of the `to` roles take them from it.
   */
  relay?: readonly { by: Role; to: readonly Role[] }[];
  visibleTo: Partial<Record<Role, Visibility>>;
}
