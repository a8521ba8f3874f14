import type { Db } from '../../../db/index';
import { BUDGET_CHANGE_KIND_NAMES } from '../budget/change-kinds';
import { SUM_MONTHS } from '../figures/group-sums';
import { subtreeCodes, type FigureNode, type FigureTree } from './figures';

/** One decision that took the budget of some nodes from the original budget to the budget in force. */
export interface BudgetChangeRow {
  /** budgetChange: a KF/KS decision on the ram (tilläggsanslag, lönekompensation …), summed over the rows' nodes. */
  kind: 'revision' | 'reallocation' | 'budgetChange' | 'other';
  decisionRef: string | null;
  /** yyyy-mm-dd */
  decidedOn: string | null;
  /** Swedish, e.g. "Omfördelning från 3200 Funktionsstöd", "Revidering Budget 2026 rev 1" or "Tilläggsanslag: Ökat antal brukare". */
  text: string;
  /** An omfördelning's other end, seen from the nodes. */
  counterpart: { code: string; name: string } | null;
  /** The change of the nodes' year budget, öre (+ more budget, − less). */
  amountOre: number;
}

export interface BudgetChanges {
  /** "Ursprunglig budget": the original (adopted) budget's year amounts under the nodes. */
  originalOre: number;
  originalVersion: string | null;
  changes: BudgetChangeRow[];
  /** "Budget i kraft": budget helår of the nodes (the figure tree's). */
  inForceOre: number;
}

/** Year amounts of a version per ansvar code, from the sums the database keeps. */
function yearByResponsibility(db: Db, versionId: string | null | undefined): Map<string, number> {
  if (!versionId) return new Map();
  const rows = db
    .prepare(`SELECT responsibility_code, sum(${SUM_MONTHS.join(' + ')}) FROM budget_group_sum WHERE version_id = ? AND lines <> 0 GROUP BY 1`)
    .raw()
    .all(versionId) as [string, number][];
  return new Map(rows);
}

/** The original budget's year amount per ansvar code for a figure tree ("Ursprunglig budget"). */
export function originalByResponsibility(db: Db, tree: FigureTree): Map<string, number> {
  return yearByResponsibility(db, tree.originalVersion?.id);
}

/** The ansvar codes a set of rows covers (each row's subtree). */
export function codesOf(nodes: readonly FigureNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) for (const c of subtreeCodes(n)) out.add(c);
  return out;
}

const sumOver = (byCode: Map<string, number>, codes: Set<string>) => {
  let s = 0;
  for (const c of codes) s += byCode.get(c) ?? 0;
  return s;
};

/**
 * From "Ursprunglig budget" to "Budget i kraft" for some rows of a figure
 * tree: the decided revision in force (its lines − the original's), each
 * omfördelning that moved budget into or out of the rows (with the other end
 * named; one inside the rows at both ends changes nothing and is left out),
 * each budget change (KF/KS decision) with amounts on the rows' nodes, and,
 * should the two not meet (a locked occasion whose budget lines were
 * changed after it was locked), the rest as "other". The decisions are the
 * tree's own (budget/in-force.ts), so the list always explains the figures
 * shown beside it.
 */
export function budgetChanges(db: Db, tree: FigureTree, nodes: readonly FigureNode[], original = originalByResponsibility(db, tree)): BudgetChanges {
  const codes = codesOf(nodes);
  const originalOre = sumOver(original, codes);
  const inForceOre = nodes.reduce((s, n) => s + n.figures.budgetYear, 0);
  const changes: BudgetChangeRow[] = [];
  const v = tree.budgetVersion;
  if (v && tree.originalVersion && v.id !== tree.originalVersion.id) {
    const d = db.prepare('SELECT decision_ref, coalesce(decided_on, substr(locked_at, 1, 10)) AS d FROM budget_version WHERE id = ?').get(v.id) as { decision_ref: string | null; d: string | null } | undefined;
    const amountOre = sumOver(yearByResponsibility(db, v.id), codes) - originalOre;
    if (amountOre !== 0) changes.push({
      kind: 'revision',
      decisionRef: d?.decision_ref ?? null,
      decidedOn: d?.d ?? null,
      text: `Revidering ${v.name}`,
      counterpart: null,
      amountOre,
    });
  }
  for (const e of tree.reallocations) {
    const into = codes.has(e.toCode);
    const out = codes.has(e.fromCode);
    if (into === out) continue;
    changes.push({
      kind: 'reallocation',
      decisionRef: e.decisionRef,
      decidedOn: e.decidedOn,
      text: into ? `Omfördelning från ${e.fromCode} ${e.fromName}` : `Omfördelning till ${e.toCode} ${e.toName}`,
      counterpart: into ? { code: e.fromCode, name: e.fromName } : { code: e.toCode, name: e.toName },
      amountOre: into ? e.amountOre : -e.amountOre,
    });
  }
  const byDecision = new Map<string, BudgetChangeRow>();
  for (const e of tree.budgetChanges) {
    if (!codes.has(e.code)) continue;
    const row = byDecision.get(e.changeId);
    if (row) row.amountOre += e.amountOre;
    else {
      const text = `${BUDGET_CHANGE_KIND_NAMES[e.kind]}: ${e.text}`;
      byDecision.set(e.changeId, { kind: 'budgetChange', decisionRef: e.decisionRef, decidedOn: e.decidedOn, text, counterpart: null, amountOre: e.amountOre });
    }
  }
  for (const row of byDecision.values()) if (row.amountOre !== 0) changes.push(row);
  const rest = inForceOre - originalOre - changes.reduce((s, c) => s + c.amountOre, 0);
  if (rest !== 0) {
    changes.push({
      kind: 'other',
      decisionRef: null,
      decidedOn: null,
      text: tree.source === 'snapshot' ? 'Budgetrader ändrade efter att tillfället låstes' : 'Övriga ändringar',
      counterpart: null,
      amountOre: rest,
    });
  }
  return { originalOre, originalVersion: tree.originalVersion?.name ?? null, changes, inForceOre };
}
