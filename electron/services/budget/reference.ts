import type { Db } from '../../../db/index';
import type { ProblemDetail } from '../../../db/errors';
import type { AccountGroup, OrgLevel } from '../../../db/schema';
import { parseDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';

export interface OrgNodeRef {
  code: string;
  name: string;
  level: OrgLevel | null;
  parent: string | null;
  sortOrder: number;
}

export interface AccountRef {
  code: string;
  name: string;
  group: AccountGroup;
}

export interface DimensionRef {
  code: string;
  name: string;
  /** Known values of the dimension (code and name). */
  values: { code: string; name: string }[];
}

/** The master data the budget grid shows names from and checks typed codes against. */
export interface BudgetReference {
  org: OrgNodeRef[];
  accounts: AccountRef[];
  /** The dimensions other than ansvar (verksamhetskod, aktivitet, projekt, motpart, …). */
  dimensions: DimensionRef[];
}

export function loadReference(db: Db): BudgetReference {
  const org = (
    db
      .prepare(
        `SELECT v.code, v.name, v.level, p.code AS parent, v.sort_order AS sortOrder
         FROM dimension_value v JOIN dimension d ON d.id = v.dimension_id
         LEFT JOIN dimension_value p ON p.id = v.parent_id
         WHERE d.code = ? AND v.deleted_at IS NULL ORDER BY v.sort_order, v.code`,
      )
      .all(RESPONSIBILITY) as OrgNodeRef[]
  ).map((r) => ({ ...r }));
  const accounts = (db.prepare('SELECT code, name, account_group AS "group" FROM account WHERE deleted_at IS NULL ORDER BY code').all() as AccountRef[]).map((r) => ({ ...r }));
  const dims = db.prepare("SELECT id, code, name FROM dimension WHERE deleted_at IS NULL AND kind <> 'responsibility' ORDER BY sort_order, code").all() as { id: string; code: string; name: string }[];
  const values = db.prepare('SELECT code, name FROM dimension_value WHERE dimension_id = ? AND deleted_at IS NULL ORDER BY sort_order, code');
  const dimensions = dims.map((d) => ({ code: d.code, name: d.name, values: (values.all(d.id) as { code: string; name: string }[]).map((v) => ({ ...v })) }));
  return { org, accounts, dimensions };
}

const ACCOUNT_PATTERN = /^\d{4,5}$/;
const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

/** A kodsträng as typed: konto, ansvar and the other dimensions by dimension code. */
export interface CodingInput {
  account: string;
  responsibility: string;
  dims: Readonly<Record<string, string>>;
}

/**
 * Checks typed codes against the master data. `errors` are never allowed
 * (malformed codes, a dimension that does not exist); `unknown` are codes
 * that are well formed but missing from the kontoplan or organisation, which
 * the user may confirm (a new account the kontoplan has not caught up with).
 */
export class CodingChecker {
  private readonly accounts: Set<string>;
  private readonly org: Set<string>;
  private readonly dims = new Map<string, Set<string>>();

  constructor(ref: BudgetReference) {
    this.accounts = new Set(ref.accounts.map((a) => a.code));
    this.org = new Set(ref.org.map((o) => o.code));
    for (const d of ref.dimensions) this.dims.set(d.code, new Set(d.values.map((v) => v.code)));
  }

  static load(db: Db): CodingChecker {
    return new CodingChecker(loadReference(db));
  }

  check(c: CodingInput, where: string): { errors: ProblemDetail[]; unknown: ProblemDetail[] } {
    const errors: ProblemDetail[] = [];
    const unknown: ProblemDetail[] = [];
    if (!ACCOUNT_PATTERN.test(c.account)) errors.push({ column: 'Konto', value: c.account, message: `${where}: kontot ska vara 4 eller 5 siffror` });
    else if (!this.accounts.has(c.account)) unknown.push({ column: 'Konto', value: c.account, message: `${where}: konto ${c.account} finns inte i kontoplanen` });
    if (!CODE_PATTERN.test(c.responsibility)) errors.push({ column: 'Ansvar', value: c.responsibility, message: `${where}: ansvaret ska vara en kod med bokstäver och siffror (högst 20 tecken)` });
    else if (!this.org.has(c.responsibility)) unknown.push({ column: 'Ansvar', value: c.responsibility, message: `${where}: ansvar ${c.responsibility} finns inte i organisationen` });
    for (const [dim, value] of Object.entries(c.dims)) {
      if (value === '') continue;
      const known = this.dims.get(dim);
      if (!known) {
        errors.push({ column: dim, value, message: `${where}: det finns ingen dimension "${dim}" (finns: ${[...this.dims.keys()].join(', ')})` });
      } else if (!CODE_PATTERN.test(value)) {
        errors.push({ column: dim, value, message: `${where}: ${dim} ska vara en kod med bokstäver och siffror (högst 20 tecken)` });
      } else if (!known.has(value)) {
        unknown.push({ column: dim, value, message: `${where}: ${dim} ${value} finns inte bland dimensionens värden` });
      }
    }
    return { errors, unknown };
  }
}

export function dimsRecord(dims: string): Record<string, string> {
  return { ...parseDims(dims) };
}
