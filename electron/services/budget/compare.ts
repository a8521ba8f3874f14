import type { Db } from '../../../db/index';
import type { AccountGroup, OrgLevel } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { getVersion, type GridVersion } from './grid';

export type CompareLevel = Exclude<OrgLevel, 'administration'>;
export type GroupKey = AccountGroup | 'unknown';

export const GROUP_ORDER: readonly GroupKey[] = ['revenue', 'personnel', 'other_cost', 'capital_cost', 'financial', 'unknown'];

export interface CompareRow {
  node: string;
  nodeName: string;
  group: GroupKey;
  aOre: number;
  bOre: number;
  /** B − A. */
  diffOre: number;
}

export interface VersionComparison {
  a: GridVersion;
  b: GridVersion;
  level: CompareLevel;
  rows: CompareRow[];
  total: { aOre: number; bOre: number; diffOre: number };
}

export interface CompareLineRow {
  responsibility: string;
  responsibilityName: string;
  account: string;
  accountName: string;
  dims: string;
  aOre: number;
  bOre: number;
  diffOre: number;
}

interface Sums {
  resp: string;
  acc: string;
  dims: string;
  a: number;
  b: number;
}

/** Year amounts of both versions per kodsträng (duplicated lines summed). */
function sumsPerCoding(db: Db, a: string, b: string): Sums[] {
  return db
    .prepare(
      `SELECT c.responsibility_code AS resp, c.account_code AS acc, c.dims AS dims,
              sum(CASE WHEN l.version_id = ? THEN l.year_ore ELSE 0 END) AS a,
              sum(CASE WHEN l.version_id = ? THEN l.year_ore ELSE 0 END) AS b
       FROM budget_line l JOIN coding c ON c.id = l.coding_id
       WHERE l.version_id IN (?, ?) AND l.deleted_at IS NULL
       GROUP BY l.coding_id`,
    )
    .all(a, b, a, b) as Sums[];
}

class Grouping {
  private readonly groups = new Map<string, AccountGroup>();
  private readonly accountNames = new Map<string, string>();
  readonly order = new Map<string, number>();

  constructor(
    db: Db,
    readonly tree: OrgTree,
    readonly level: CompareLevel,
  ) {
    for (const r of db.prepare('SELECT code, name, account_group FROM account WHERE deleted_at IS NULL').all() as { code: string; name: string; account_group: AccountGroup }[]) {
      this.groups.set(r.code, r.account_group);
      this.accountNames.set(r.code, r.name);
    }
    let i = 0;
    const walk = (code: string | null) => {
      for (const n of tree.children.get(code) ?? []) {
        this.order.set(n.code, i++);
        walk(n.code);
      }
    };
    walk(null);
  }

  /** The node at the chosen level that a line belongs to; a line above that level stays on its own node. */
  nodeOf(resp: string): string {
    return this.tree.ancestorAt(resp, this.level)?.code ?? resp;
  }

  nodeName(code: string): string {
    return this.tree.byCode.get(code)?.name ?? 'okänt ansvar';
  }

  groupOf(account: string): GroupKey {
    return this.groups.get(account) ?? 'unknown';
  }

  accountName(account: string): string {
    return this.accountNames.get(account) ?? 'okänt konto';
  }
}

/** Two versions side by side per ansvar node (at a level) and account group: A, B and B − A. */
export function compareVersions(db: Db, aId: string, bId: string, level: CompareLevel): VersionComparison {
  const a = getVersion(db, aId);
  const b = getVersion(db, bId);
  const g = new Grouping(db, OrgTree.load(db), level);
  const rows = new Map<string, CompareRow>();
  const total = { aOre: 0, bOre: 0, diffOre: 0 };
  for (const s of sumsPerCoding(db, aId, bId)) {
    const node = g.nodeOf(s.resp);
    const group = g.groupOf(s.acc);
    const key = `${node}\u0000${group}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { node, nodeName: g.nodeName(node), group, aOre: 0, bOre: 0, diffOre: 0 }));
    r.aOre += s.a;
    r.bOre += s.b;
    r.diffOre += s.b - s.a;
    total.aOre += s.a;
    total.bOre += s.b;
    total.diffOre += s.b - s.a;
  }
  const sorted = [...rows.values()].sort(
    (x, y) => (g.order.get(x.node) ?? 1e9) - (g.order.get(y.node) ?? 1e9) || x.node.localeCompare(y.node) || GROUP_ORDER.indexOf(x.group) - GROUP_ORDER.indexOf(y.group),
  );
  return { a, b, level, rows: sorted, total };
}

/** The kodsträngar behind one row of the comparison (a node and an account group; either may be left out). */
export function compareVersionLines(db: Db, aId: string, bId: string, filter: { level: CompareLevel; node?: string | undefined; group?: GroupKey | undefined }): CompareLineRow[] {
  getVersion(db, aId);
  getVersion(db, bId);
  const tree = OrgTree.load(db);
  const g = new Grouping(db, tree, filter.level);
  return sumsPerCoding(db, aId, bId)
    .filter((s) => (filter.node === undefined || g.nodeOf(s.resp) === filter.node) && (filter.group === undefined || g.groupOf(s.acc) === filter.group))
    .map((s) => ({
      responsibility: s.resp,
      responsibilityName: tree.byCode.get(s.resp)?.name ?? 'okänt ansvar',
      account: s.acc,
      accountName: g.accountName(s.acc),
      dims: s.dims,
      aOre: s.a,
      bOre: s.b,
      diffOre: s.b - s.a,
    }))
    .sort((x, y) => (g.order.get(x.responsibility) ?? 1e9) - (g.order.get(y.responsibility) ?? 1e9) || x.responsibility.localeCompare(y.responsibility) || x.account.localeCompare(y.account) || x.dims.localeCompare(y.dims));
}
