import type { Db } from '../../../db/index';
import type { OrgTree } from '../figures/org-tree';
import type { FactSet } from './facts';
import { isChef } from '../../../shared/roles';

/**
 * The node this installation holds figures for: a sektorchef's sektor, else
 * null (a controller or Ekonomi holds everything it reports on).
 */
export function heldScope(db: Db): string | null {
  const site = db.prepare('SELECT role, scope_code FROM site WHERE is_local = 1').get() as { role: string; scope_code: string | null } | undefined;
  return isChef(site?.role) ? site.scope_code : null;
}

/**
 * The part of the figures this installation can show. A sektorchef's
 * database holds the whole organisation (master data) but only its sektor's
 * budget, outcome and forecasts, as the controller's packages bring them.
 * Its figures are of the sektor and what is below it: the sektor is the only
 * root of the tree, with exactly the controller's figures for it. The other
 * sektorer are not listed (they would read 0 kr), and an omfördelning with a
 * node outside the sektor counts only at the sektor's own end, as a change
 * of its own budget (its drill-down names the counterpart); the other end
 * is not a row. Money on ansvar codes missing from the organisation stays
 * ("okänd kodning", under the sektor).
 */
export function heldPart(db: Db, org: OrgTree, facts: FactSet): { org: OrgTree; facts: FactSet; scope: string | null } {
  const scope = heldScope(db);
  const sub = scope === null ? null : org.subtree(scope);
  if (!sub) return { org, facts, scope: null };
  const keep: number[] = [];
  for (let k = 0; k < facts.resp.length; k++) {
    const code = facts.resp[k]!;
    if (sub.byCode.has(code) || !org.byCode.has(code)) keep.push(k);
  }
  if (keep.length === facts.resp.length) return { org: sub, facts, scope };
  const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k]!);
  return {
    org: sub,
    scope,
    facts: {
      ...facts,
      resp: keep.map((k) => facts.resp[k]!),
      account: keep.map((k) => facts.account[k]!),
      group: Uint8Array.from(keep, (k) => facts.group[k]!),
      budgetYear: pick(facts.budgetYear),
      budgetAcc: pick(facts.budgetAcc),
      actualAcc: pick(facts.actualAcc),
      lastYearAcc: pick(facts.lastYearAcc),
    },
  };
}
