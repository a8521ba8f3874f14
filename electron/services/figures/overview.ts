import type { Db } from '../../../db/index';
import { currentBudgetVersion, type BudgetVersionRef } from '../budget/versions';
import { getSetting } from '../settings';
import { OrgTree } from './org-tree';

export interface PeriodTotals {
  period: number;
  budget: number;
  actual: number;
}

export interface SectorFigures {
  /** Sektor code, or the förvaltning's code for money posted on it directly, or '' for unknown coding. */
  code: string;
  name: string;
  kind: 'sector' | 'direct' | 'unknown';
  budgetYear: number;
  budgetAcc: number;
  actualAcc: number;
  /** budgetAcc - actualAcc: positive is favourable for costs and revenues alike. */
  deviationAcc: number;
}

export interface Overview {
  year: number;
  kommun: string;
  administration: string;
  board: string;
  budgetVersion: BudgetVersionRef | null;
  /** Latest period of the year with any outcome, or null. */
  latestPeriod: number | null;
  perPeriod: PeriodTotals[];
  sectors: SectorFigures[];
  total: SectorFigures;
  /** A sektorchef's installation: the sektor it holds figures for (the others are not in its database), else null. */
  scope: { code: string; name: string } | null;
}

const MONTH_COLUMNS = ['m01_ore', 'm02_ore', 'm03_ore', 'm04_ore', 'm05_ore', 'm06_ore', 'm07_ore', 'm08_ore', 'm09_ore', 'm10_ore', 'm11_ore', 'm12_ore'] as const;

/**
 * Budget and outcome of a year per sektor, accumulated to the latest period
 * with outcome. Money on ansvar outside every sektor is not dropped: it shows
 * as its own row ("direkt" on the förvaltning, or unknown coding), so the
 * rows always add up to the förvaltning's total.
 */
export function overview(db: Db, year: number, scopeCode: string | null = null): Overview {
  const version = currentBudgetVersion(db, year);
  const tree = OrgTree.load(db);
  const scopeNode = scopeCode === null ? undefined : (tree.ancestorAt(scopeCode, 'sector') ?? tree.byCode.get(scopeCode));

  const budgetRows = version
    ? (db
        .prepare(
          `SELECT c.responsibility_code AS code, SUM(b.year_ore) AS year_ore, ${MONTH_COLUMNS.map((m) => `SUM(b.${m}) AS ${m}`).join(', ')}
           FROM budget_line b JOIN coding c ON c.id = b.coding_id
           WHERE b.version_id = ? AND b.deleted_at IS NULL
           GROUP BY c.responsibility_code`,
        )
        .all(version.id) as ({ code: string; year_ore: number } & Record<(typeof MONTH_COLUMNS)[number], number>)[])
    : [];
  const actualRows = db
    .prepare(
      `SELECT c.responsibility_code AS code, a.period AS period, SUM(a.amount_ore) AS amount
       FROM actual_balance a JOIN coding c ON c.id = a.coding_id
       WHERE a.period BETWEEN ? AND ?
       GROUP BY c.responsibility_code, a.period`,
    )
    .all(year * 100 + 1, year * 100 + 12) as { code: string; period: number; amount: number }[];

  const latestPeriod = actualRows.reduce<number | null>((max, r) => (max === null || r.period > max ? r.period : max), null);
  const accMonths = latestPeriod === null ? 0 : latestPeriod % 100;

  const perPeriod: PeriodTotals[] = Array.from({ length: 12 }, (_, i) => ({ period: year * 100 + i + 1, budget: 0, actual: 0 }));
  const rows = new Map<string, SectorFigures>();
  for (const s of tree.nodesAt('sector')) {
    rows.set(s.code, { code: s.code, name: s.name, kind: 'sector', budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0 });
  }
  const rowFor = (code: string): SectorFigures => {
    const sector = tree.ancestorAt(code, 'sector');
    if (sector) return rows.get(sector.code)!;
    const node = tree.byCode.get(code);
    const key = node ? `direct:${tree.ancestorAt(code, 'administration')?.code ?? code}` : 'unknown';
    let row = rows.get(key);
    if (!row) {
      const admin = node ? (tree.ancestorAt(code, 'administration') ?? node) : null;
      row = admin
        ? { code: admin.code, name: `${admin.name}, direkt`, kind: 'direct', budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0 }
        : { code: '', name: 'Okänd kodning', kind: 'unknown', budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0 };
      rows.set(key, row);
    }
    return row;
  };

  for (const b of budgetRows) {
    const row = rowFor(b.code);
    row.budgetYear += b.year_ore;
    MONTH_COLUMNS.forEach((m, i) => {
      perPeriod[i]!.budget += b[m];
      if (i < accMonths) row.budgetAcc += b[m];
    });
  }
  for (const a of actualRows) {
    const row = rowFor(a.code);
    perPeriod[(a.period % 100) - 1]!.actual += a.amount;
    row.actualAcc += a.amount;
  }

  // A sektorchef's database has no figures for the other sektorer: listing them at 0 would read as if they had none.
  const shown = (r: SectorFigures) => (r.kind === 'sector' && (!scopeNode || r.code === scopeNode.code)) || r.budgetYear !== 0 || r.actualAcc !== 0;
  const sectors = [...rows.values()].filter(shown);
  const total: SectorFigures = { code: tree.roots[0]?.code ?? '', name: 'Totalt', kind: 'direct', budgetYear: 0, budgetAcc: 0, actualAcc: 0, deviationAcc: 0 };
  for (const r of sectors) {
    r.deviationAcc = r.budgetAcc - r.actualAcc;
    total.budgetYear += r.budgetYear;
    total.budgetAcc += r.budgetAcc;
    total.actualAcc += r.actualAcc;
  }
  total.deviationAcc = total.budgetAcc - total.actualAcc;

  return {
    year,
    kommun: getSetting(db, 'kommun.name'),
    administration: getSetting(db, 'administration.name'),
    board: getSetting(db, 'board.name'),
    budgetVersion: version,
    latestPeriod,
    perPeriod,
    sectors,
    total,
    scope: scopeNode ? { code: scopeNode.code, name: scopeNode.name } : null,
  };
}
