import { RamkollError } from '../../../db/errors';
import { accountGroupSql } from '../figures/group-sums';
import type { AccountInfo } from './facts';
import { groupOfAccount } from './facts';
import type { FigureNode, FigureTree } from './figures';
import { subtreeCodes } from './figures';
import { GROUP_INDEX, GROUP_NAMES, type GroupKey } from './model';
import type { BudgetChangeEntry, ReallocationEntry } from '../budget/in-force';

/** What one grid row covers: the ansvar codes, and optionally one account group or one account. */
export interface RowScope {
  key: string;
  node: FigureNode;
  title: string;
  codes: string[];
  group: GroupKey | null;
  /** One account; '' is the pseudo-account of omfördelningar decided without a konto. */
  account: string | null;
  forecastYear: number | null;
}

/** Resolves a row key ('n:3100', 'n:3100/g:personnel', 'n:3100/g:personnel/a:5010', 'd:…', 'u:…') in a figure tree. */
export function rowScope(tree: FigureTree, key: string): RowScope {
  const parts = key.split('/');
  const node = tree.byKey.get(parts[0]!);
  if (!node) throw new RamkollError('NOT_FOUND', 'Raden finns inte (längre) för perioden. Ladda om sidan.');
  const group = parts.find((p) => p.startsWith('g:'))?.slice(2) as GroupKey | undefined;
  if (group !== undefined && !(group in GROUP_INDEX)) throw new RamkollError('INVALID_INPUT', `Okänd kontogrupp: ${group}`);
  const accountPart = parts.find((p) => p.startsWith('a:'));
  const account = accountPart === undefined ? null : decodeURIComponent(accountPart.slice(2));
  const label = node.kind === 'node' ? `${node.code} ${node.name}` : node.name;
  const accountLabel = account === '' ? 'omfördelningar utan konto' : `konto ${account} ${tree.accounts.get(account ?? '')?.name ?? ''}`.trim();
  const title = account !== null ? `${label}, ${accountLabel}` : group !== undefined ? `${label}, ${GROUP_NAMES[group].toLowerCase()}` : label;
  const forecastYear = account !== null ? null : group !== undefined ? node.groups[GROUP_INDEX[group]]!.forecastYear : node.figures.forecastYear;
  return { key, node, title, codes: subtreeCodes(node), group: group ?? null, account, forecastYear };
}

/** Whether an account (code, or null for an omfördelning without konto) belongs to the row. */
export function scopeHasAccount(scope: RowScope, accounts: Map<string, AccountInfo>, account: string | null): boolean {
  if (scope.account !== null) return (account ?? '') === scope.account;
  return scope.group === null || groupOfAccount(accounts, account) === scope.group;
}

/** The budget changes (KF/KS decisions) on the row's nodes and accounts: each adds to the row's budget. */
export function scopeBudgetChanges(scope: RowScope, accounts: Map<string, AccountInfo>, entries: readonly BudgetChangeEntry[]): BudgetChangeEntry[] {
  const codes = new Set(scope.codes);
  return entries.filter((e) => codes.has(e.code) && scopeHasAccount(scope, accounts, e.accountCode));
}

/** The omfördelningar that touch the row, each end as its own signed entry (+ into the row, − out of it). */
export function scopeReallocations(scope: RowScope, accounts: Map<string, AccountInfo>, entries: readonly ReallocationEntry[]): { entry: ReallocationEntry; sign: 1 | -1 }[] {
  const codes = new Set(scope.codes);
  const out: { entry: ReallocationEntry; sign: 1 | -1 }[] = [];
  for (const e of entries) {
    if (!scopeHasAccount(scope, accounts, e.accountCode)) continue;
    if (codes.has(e.toCode)) out.push({ entry: e, sign: 1 });
    if (codes.has(e.fromCode)) out.push({ entry: e, sign: -1 });
  }
  return out;
}

/**
 * SQL over coding AS c that selects the row's kodsträngar: its ansvar codes,
 * and its account group (by today's kontoplan) or account.
 */
export function scopeCodingSql(scope: RowScope): { sql: string; params: unknown[] } {
  let sql = 'c.responsibility_code IN (SELECT value FROM json_each(?))';
  const params: unknown[] = [JSON.stringify(scope.codes)];
  if (scope.account !== null) {
    sql += ' AND c.account_code = ?';
    params.push(scope.account);
  } else if (scope.group !== null) {
    sql += ` AND ${accountGroupSql('c.account_code')} = ?`;
    params.push(scope.group);
  }
  return { sql, params };
}
