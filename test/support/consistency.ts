/**
 * The small förvaltning of the figure-consistency test, and the budget in
 * force worked out from the tables in plain TypeScript (not with Ramkoll's
 * follow-up code): the version in force on the period's last day, its lines'
 * months, the omfördelningar decided by then spread evenly from their
 * decision month, and the outcome to the period, summed up the organisation.
 */
import type { Db } from '../../db/index';
import { SMALL_ORG } from './exchange';

export const YEAR = 2026;
export type Money = { budgetYear: number; budgetAcc: number; actualAcc: number };

const lastDay = (period: number) => {
  const y = Math.floor(period / 100);
  const m = period % 100;
  return `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** An amount spread evenly over the months from `from` (1–12) to December; the first months take the odd öre. */
function spread(amount: number, from: number): number[] {
  const n = 13 - from;
  const base = Math.floor(amount / n);
  let extra = amount - base * n;
  return Array.from({ length: 12 }, (_, i) => {
    if (i + 1 < from) return 0;
    const v = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    return v;
  });
}

/** The version in force: the latest decided revision decided by the date, else the adopted budget, else the newest working version. */
function versionInForce(db: Db, asOf: string): string | null {
  const versions = db
    .prepare('SELECT id, kind, locked_at, decided_on, created_at FROM budget_version WHERE year = ? AND deleted_at IS NULL')
    .all(YEAR) as { id: string; kind: string; locked_at: string | null; decided_on: string | null; created_at: string }[];
  const decided = versions.filter((v) => v.kind === 'revision' && v.locked_at !== null && v.decided_on !== null && v.decided_on <= asOf);
  decided.sort((a, b) => b.decided_on!.localeCompare(a.decided_on!) || b.locked_at!.localeCompare(a.locked_at!));
  if (decided[0]) return decided[0].id;
  const rank: Record<string, number> = { adopted: 0, revision: 1, draft: 2 };
  versions.sort((a, b) => rank[a.kind]! - rank[b.kind]! || b.created_at.localeCompare(a.created_at));
  return versions[0]?.id ?? null;
}

/**
 * Budget helår, budget ack and utfall ack per node of SMALL_ORG (and the unknown codes in the top node) for a period.
 * `months` (1–12) limits budget ack to those months, as a report does over the months that have outcome.
 */
export function expectedFigures(db: Db, period: number, months?: readonly number[]): Map<string, Money> {
  const month = period % 100;
  const counted = new Set(months ?? Array.from({ length: month }, (_, i) => i + 1));
  const asOf = lastDay(period);
  const own = new Map<string, { months: number[]; actual: number }>();
  const at = (code: string) => {
    let e = own.get(code);
    if (!e) own.set(code, (e = { months: new Array<number>(12).fill(0), actual: 0 }));
    return e;
  };
  const version = versionInForce(db, asOf);
  const lines = db
    .prepare(
      `SELECT c.responsibility_code AS code, ${Array.from({ length: 12 }, (_, i) => `b.m${String(i + 1).padStart(2, '0')}_ore`).join(', ')}
       FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`,
    )
    .raw()
    .all(version ?? '') as [string, ...number[]][];
  for (const [code, ...months] of lines) months.forEach((v, i) => (at(code).months[i]! += v));
  const moves = db
    .prepare(
      `SELECT f.code AS src, t.code AS dst, r.amount_ore AS amount, r.decided_on AS decided FROM reallocation r
       JOIN dimension_value f ON f.id = r.from_responsibility_id JOIN dimension_value t ON t.id = r.to_responsibility_id
       WHERE r.year = ? AND r.deleted_at IS NULL AND r.decided_on <= ?`,
    )
    .all(YEAR, asOf) as { src: string; dst: string; amount: number; decided: string }[];
  for (const m of moves) {
    spread(m.amount, Number(m.decided.slice(5, 7))).forEach((v, i) => {
      at(m.dst).months[i]! += v;
      at(m.src).months[i]! -= v;
    });
  }
  const actual = db
    .prepare('SELECT c.responsibility_code AS code, sum(a.amount_ore) AS s FROM actual_balance a JOIN coding c ON c.id = a.coding_id WHERE a.period BETWEEN ? AND ? GROUP BY 1')
    .all(YEAR * 100 + 1, period) as { code: string; s: number }[];
  for (const a of actual) at(a.code).actual += a.s;

  const known = new Set(SMALL_ORG.map((o) => o.code));
  const top = SMALL_ORG.find((o) => o.parent === null)!.code;
  const out = new Map<string, Money>();
  for (const node of SMALL_ORG) {
    const money: Money = { budgetYear: 0, budgetAcc: 0, actualAcc: 0 };
    for (const [code, e] of own) {
      const under = known.has(code) ? isUnder(code, node.code) : node.code === top;
      if (!under) continue;
      money.budgetYear += e.months.reduce((s, v) => s + v, 0);
      money.budgetAcc += e.months.reduce((s, v, i) => (counted.has(i + 1) ? s + v : s), 0);
      money.actualAcc += e.actual;
    }
    out.set(node.code, money);
  }
  return out;
}

/** The months (1 to the period's) in which some kodsträng has outcome other than zero: those a report covers. */
export function monthsWithOutcome(db: Db, period: number): number[] {
  const rows = db.prepare('SELECT DISTINCT period FROM actual_balance WHERE period BETWEEN ? AND ? AND amount_ore <> 0').all(YEAR * 100 + 1, period) as { period: number }[];
  return rows.map((r) => r.period % 100).sort((a, b) => a - b);
}

function isUnder(code: string, ancestor: string): boolean {
  for (let c: string | null = code; c !== null; c = SMALL_ORG.find((o) => o.code === c)?.parent ?? null) if (c === ancestor) return true;
  return false;
}
