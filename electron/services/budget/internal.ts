import type { Db } from '../../../db/index';
import { parseDims } from '../coding';
import { naturalId } from '../ids';
import { Accounts, loadVersion, Org, type PlanningMeta } from './planning-common';

/** The dimension that names the counterparty of an internal purchase or sale. */
export const COUNTERPARTY = 'motpart';

export interface InternalPair {
  /** The two units, in code order. */
  aCode: string;
  aName: string;
  bCode: string;
  bName: string;
  /** A's internal lines with B as motpart (costs positive, revenues negative). */
  aOre: number;
  /** B's internal lines with A as motpart. */
  bOre: number;
  /** aOre + bOre: zero when the purchase and the sale match. */
  imbalanceOre: number;
}

export interface InternalLine {
  responsibilityCode: string;
  accountCode: string;
  counterparty: string | null;
  yearOre: number;
}

export interface InternalOverview {
  versionId: string;
  accounts: { code: string; name: string }[];
  pairs: InternalPair[];
  /** Lines on internal accounts without a motpart: they cannot be matched. */
  withoutCounterparty: InternalLine[];
  /** Lines whose motpart is outside the förvaltning (another förvaltning of the kommun). */
  external: { counterparty: string; yearOre: number; lines: number }[];
  salesOre: number;
  purchasesOre: number;
  /** Sum of every internal line inside the förvaltning (with motpart inside it, or none): should be zero. */
  imbalanceOre: number;
  lineCount: number;
}

export function internalAccounts(db: Db): { code: string; name: string }[] {
  const accounts = new Accounts(db);
  return db
    .all(db.q.selectFrom('internal_account').select('account_code').where('deleted_at', 'is', null).orderBy('account_code'))
    .map((r) => ({ code: r.account_code, name: accounts.byCode.get(r.account_code)?.name ?? 'okänt konto' }));
}

/** Sets which accounts hold internal purchases and sales (the rest are removed, as tombstones). */
export function setInternalAccounts(db: Db, codes: readonly string[], meta: PlanningMeta): void {
  const accounts = new Accounts(db);
  const wanted = new Set(codes.map((c) => accounts.get(c).code));
  const existing = db.all(db.q.selectFrom('internal_account').select(['id', 'account_code', 'deleted_at']));
  db.tx(() => {
    for (const code of wanted) {
      const e = existing.find((x) => x.account_code === code);
      if (!e) {
        db.run(
          db.q.insertInto('internal_account').values({
            id: naturalId('internal-account', code),
            account_code: code,
            created_at: meta.at,
            updated_at: meta.at,
            updated_by_site: meta.siteId,
            deleted_at: null,
          }),
        );
      } else if (e.deleted_at !== null) {
        db.run(db.q.updateTable('internal_account').set({ deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', e.id));
      }
    }
    for (const e of existing) {
      if (!wanted.has(e.account_code) && e.deleted_at === null) {
        db.run(db.q.updateTable('internal_account').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', e.id));
      }
    }
  });
}

/**
 * Interna köp och försäljning of a version: per pair of units what each side
 * budgets toward the other, and the imbalance where the förvaltning's
 * internal lines do not net to zero.
 */
export function internalOverview(db: Db, versionId: string): InternalOverview {
  loadVersion(db, versionId);
  const accounts = internalAccounts(db);
  const org = new Org(db);
  const overview: InternalOverview = {
    versionId,
    accounts,
    pairs: [],
    withoutCounterparty: [],
    external: [],
    salesOre: 0,
    purchasesOre: 0,
    imbalanceOre: 0,
    lineCount: 0,
  };
  if (accounts.length === 0) return overview;
  const rows = db
    .prepare(
      `SELECT c.responsibility_code AS code, c.account_code AS account, c.dims AS dims, SUM(b.year_ore) AS total, count(*) AS n
       FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL
         AND c.account_code IN (SELECT account_code FROM internal_account WHERE deleted_at IS NULL)
       GROUP BY c.responsibility_code, c.account_code, c.dims`,
    )
    .all(versionId) as { code: string; account: string; dims: string; total: number; n: number }[];
  const pairs = new Map<string, InternalPair>();
  const external = new Map<string, { counterparty: string; yearOre: number; lines: number }>();
  for (const r of rows) {
    overview.lineCount += r.n;
    if (r.account.startsWith('3')) overview.salesOre += r.total;
    else overview.purchasesOre += r.total;
    const counterparty = parseDims(r.dims)[COUNTERPARTY] ?? null;
    if (counterparty === null) {
      overview.withoutCounterparty.push({ responsibilityCode: r.code, accountCode: r.account, counterparty: null, yearOre: r.total });
      overview.imbalanceOre += r.total;
      continue;
    }
    if (!org.tree.byCode.has(counterparty)) {
      const e = external.get(counterparty) ?? { counterparty, yearOre: 0, lines: 0 };
      e.yearOre += r.total;
      e.lines += r.n;
      external.set(counterparty, e);
      continue;
    }
    overview.imbalanceOre += r.total;
    const [a, b] = r.code.localeCompare(counterparty) <= 0 ? [r.code, counterparty] : [counterparty, r.code];
    const key = `${a}|${b}`;
    let p = pairs.get(key);
    if (!p) {
      p = { aCode: a, aName: org.tree.byCode.get(a)?.name ?? 'okänt ansvar', bCode: b, bName: org.tree.byCode.get(b)?.name ?? 'okänt ansvar', aOre: 0, bOre: 0, imbalanceOre: 0 };
      pairs.set(key, p);
    }
    if (r.code === a) p.aOre += r.total;
    else p.bOre += r.total;
    p.imbalanceOre = p.aOre + p.bOre;
  }
  overview.pairs = [...pairs.values()].sort((x, y) => Math.abs(y.imbalanceOre) - Math.abs(x.imbalanceOre) || x.aCode.localeCompare(y.aCode) || x.bCode.localeCompare(y.bCode));
  overview.withoutCounterparty.sort((x, y) => x.responsibilityCode.localeCompare(y.responsibilityCode) || x.accountCode.localeCompare(y.accountCode));
  overview.external = [...external.values()].sort((x, y) => x.counterparty.localeCompare(y.counterparty));
  return overview;
}
