import { RamkollError } from '../../../db/errors';
import type { FigureNode, FigureTree } from './figures';
import { subtreeCodes } from './figures';
import { GROUP_INDEX, GROUP_NAMES, type GroupKey } from './model';

/** What one grid row covers: the ansvar codes, the accounts (null: all) and the fact indexes. */
export interface RowScope {
  key: string;
  node: FigureNode;
  title: string;
  codes: string[];
  accounts: string[] | null;
  group: GroupKey | null;
  account: string | null;
  indexes: number[];
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
  const indexes: number[] = [];
  const accounts = new Set<string>();
  const walk = (n: FigureNode) => {
    for (const k of n.own) {
      const acc = tree.facts.account[k]!;
      const g = tree.accounts.get(acc)?.group ?? 'unknown';
      if (group !== undefined && g !== group) continue;
      if (account !== null && acc !== account) continue;
      indexes.push(k);
      accounts.add(acc);
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  const label = node.kind === 'node' ? `${node.code} ${node.name}` : node.name;
  const title = account !== null ? `${label}, konto ${account} ${tree.accounts.get(account)?.name ?? ''}`.trim() : group !== undefined ? `${label}, ${GROUP_NAMES[group].toLowerCase()}` : label;
  const forecastYear = account !== null ? null : group !== undefined ? node.groups[GROUP_INDEX[group]]!.forecastYear : node.figures.forecastYear;
  return {
    key,
    node,
    title,
    codes: subtreeCodes(node),
    accounts: group === undefined && account === null ? null : [...accounts],
    group: group ?? null,
    account,
    indexes,
    forecastYear,
  };
}
