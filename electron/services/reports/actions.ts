import { ORG_LEVEL_NAMES } from '../dimensions';
import type { FigureNode } from '../followup/figures';
import type { ActionRow } from './types';

/**
 * "Åtgärder för budget i balans": the approved comments with an expected
 * effect, top down in the organisation's order. Every level may write an
 * effect, and a level's effect is for its whole area (as its deviation is),
 * so a sektor's effect often summarises its enheters' measures. The sum
 * counts each effect once: the effects of the lowest level that has them in
 * each branch, and of a level above only what its effect goes beyond the
 * effects already counted below it. So a branch counts the larger of the
 * level's own effect and the sum below it; nothing is counted twice, and a
 * level's own measures beyond its units' are not lost.
 */
export function actionRows(tops: readonly FigureNode[]): ActionRow[] {
  const out: ActionRow[] = [];
  /** Returns what the subtree counts. */
  const walk = (n: FigureNode, depth: number): number => {
    const c = n.comment;
    let row: ActionRow | null = null;
    if (n.kind === 'node' && c?.status === 'approved' && c.actionEffectOre !== null) {
      row = { code: n.code, name: n.name, levelName: ORG_LEVEL_NAMES[n.level], depth, action: c.action, effectOre: c.actionEffectOre, summarisedOre: 0, countedOre: 0 };
      out.push(row);
    }
    let below = 0;
    for (const child of n.children) below += walk(child, row ? depth + 1 : depth);
    if (!row) return below;
    row.summarisedOre = Math.max(0, Math.min(row.effectOre, below));
    row.countedOre = row.effectOre - row.summarisedOre;
    return below + row.countedOre;
  };
  for (const t of tops) walk(t, 0);
  return out;
}

/** The sum of "Åtgärder för budget i balans": each effect once. */
export function countedSum(rows: readonly ActionRow[]): number {
  return rows.reduce((s, r) => s + r.countedOre, 0);
}
