import { RamkollError } from '../../../db/errors';
import type { Db } from '../../../db/index';
import type { OrgTree } from '../figures/org-tree';
import { GOAL_LEVEL_NAMES, type GoalLevel } from './types';
import { isChef } from '../../../shared/roles';
import type { Actor } from '../actor';

export type { Actor } from '../actor';

/** What the actor may do with one goal; the UI shows buttons from this, the service enforces it. */
export interface GoalPermissions {
  editGoal: boolean;
  assess: boolean;
  approve: boolean;
}

/** An owner's ansvar code and those of its ancestors, nearest first: what scope checks look at. */
export type Ancestry = readonly string[];

export function ancestryIn(org: OrgTree, code: string): Ancestry {
  const out: string[] = [];
  for (let n = org.byCode.get(code); n; n = n.parentCode === null ? undefined : org.byCode.get(n.parentCode)) out.push(n.code);
  return out.length > 0 ? out : [code];
}

/** The same, straight from the database (for single writes, without loading the whole organisation). */
export function ancestryOf(db: Db, code: string): Ancestry {
  const rows = db
    .prepare(
      `WITH RECURSIVE up(id, code, parent_id, depth) AS (
         SELECT id, code, parent_id, 0 FROM dimension_value WHERE code = ? AND dimension_id = (SELECT id FROM dimension WHERE code = 'ansvar')
         UNION ALL
         SELECT v.id, v.code, v.parent_id, up.depth + 1 FROM dimension_value v JOIN up ON v.id = up.parent_id WHERE up.depth < 20)
       SELECT code FROM up ORDER BY depth`,
    )
    .all(code) as { code: string }[];
  return rows.length > 0 ? rows.map((r) => r.code) : [code];
}

function withinScope(actor: Actor, owner: Ancestry): boolean {
  return actor.scopeCode === null || owner.includes(actor.scopeCode);
}

/** null when allowed, otherwise the Swedish reason. */
function editRefusal(actor: Actor, level: GoalLevel, owner: Ancestry): string | null {
  if (level === 'council') {
    return actor.role === 'ekonomi'
      ? null
      : 'Inriktningsmålen beslutas av kommunfullmäktige och kommer från Ekonomi; förvaltningen kan läsa dem men inte ändra dem. Bryt ned dem i nämndmål i stället.';
  }
  if (actor.role === 'ekonomi') return `Ekonomi ändrar bara inriktningsmålen; ${GOAL_LEVEL_NAMES[level].many} är förvaltningens.`;
  if (isChef(actor.role) && !withinScope(actor, owner)) {
    return `Du kan bara ändra mål inom din sektor (${actor.scopeCode}); ansvar ${owner[0]} ligger utanför.`;
  }
  return null;
}

function assessRefusal(actor: Actor, level: GoalLevel, owner: Ancestry): string | null {
  // The förvaltning's assessment of KF's inriktningsmål is the förvaltning's own, written and approved by the controller.
  if (level === 'council') return actor.role === 'controller' ? null : 'Förvaltningens bedömning av kommunfullmäktiges inriktningsmål skrivs och godkänns av controllern.';
  if (actor.role === 'ekonomi') return 'Bedömningarna skrivs av förvaltningen; Ekonomi tar emot dem i paketet från förvaltningen.';
  if (isChef(actor.role) && !withinScope(actor, owner)) {
    return `Du kan bara bedöma mål inom din sektor (${actor.scopeCode}); ansvar ${owner[0]} ligger utanför.`;
  }
  return null;
}

function approveRefusal(actor: Actor, level: GoalLevel, owner: Ancestry): string | null {
  const assess = assessRefusal(actor, level, owner);
  if (assess) return assess.replace('bedöma', 'godkänna');
  // A nämndmål is reported by the sektor chief; the level above is the förvaltning.
  if (level === 'board' && isChef(actor.role)) return 'Nämndmålens bedömningar godkänns av förvaltningen (controllern), inte av sektorn.';
  return null;
}

export function permissions(actor: Actor, level: GoalLevel, owner: Ancestry): GoalPermissions {
  return {
    editGoal: editRefusal(actor, level, owner) === null,
    assess: assessRefusal(actor, level, owner) === null,
    approve: approveRefusal(actor, level, owner) === null,
  };
}

function enforce(reason: string | null): void {
  if (reason !== null) throw new RamkollError('FORBIDDEN', reason);
}

export const assertMayEditGoal = (actor: Actor, level: GoalLevel, owner: Ancestry) => enforce(editRefusal(actor, level, owner));
export const assertMayAssess = (actor: Actor, level: GoalLevel, owner: Ancestry) => enforce(assessRefusal(actor, level, owner));
export const assertMayApprove = (actor: Actor, level: GoalLevel, owner: Ancestry) => enforce(approveRefusal(actor, level, owner));
