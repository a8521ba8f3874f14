import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OccasionKind, OrgLevel } from '../../../db/schema';
import { isChef } from '../../../shared/roles';
import { OrgTree } from '../figures/org-tree';
import { logChanges } from '../followup/history';
import type { Actor } from '../followup/model';
import { assertController, canWrite } from '../followup/permissions';
import { newId } from '../ids';

/**
 * The nämnd's internal control plan for a year (issue 19 point 4): per
 * control the process, the risk and its value (sannolikhet × konsekvens,
 * 1–4 each, so 1–16), the kontrollmoment, the ansvar node whose level
 * reports the result, the person responsible and the occasions at which it
 * is followed up. The controller writes the plan; the results are the
 * responsible level's (results.ts).
 */

/** The occasion kinds a control can be followed up at, in the year's order. */
export const CONTROL_OCCASION_KINDS = ['tertial', 'interim', 'annual'] as const satisfies readonly OccasionKind[];
export type ControlOccasionKind = (typeof CONTROL_OCCASION_KINDS)[number];
export const CONTROL_OCCASION_WORD: Readonly<Record<ControlOccasionKind, string>> = { tertial: 'tertial', interim: 'delår', annual: 'årsbokslut' };

export const CONTROL_LIMITS = { code: 20, text: 2000, name: 200 } as const;

export interface ControlResultView {
  id: string;
  occasionId: string;
  performed: boolean;
  deviation: boolean;
  observations: string;
  actions: string;
  actionOwner: string;
  actionDue: string | null;
  author: string;
  updatedAt: string;
}

export interface ControlView {
  id: string;
  year: number;
  code: string;
  process: string;
  risk: string;
  probability: number;
  consequence: number;
  /** sannolikhet × konsekvens. */
  riskValue: number;
  controlStep: string;
  node: { code: string; name: string; level: OrgLevel | null };
  responsible: string;
  occasionKinds: ControlOccasionKind[];
  /** Results by occasion id. */
  results: Record<string, ControlResultView>;
  /** May this installation write the control's results (in an open occasion)? */
  canWriteResults: boolean;
}

export interface ControlOccasion {
  id: string;
  name: string;
  period: number;
  kind: ControlOccasionKind;
  lockedAt: string | null;
}

export interface ControlPlan {
  year: number;
  /** The year's occasions at which controls are followed up, in order. */
  occasions: ControlOccasion[];
  controls: ControlView[];
  canEditPlan: boolean;
}

export function parseOccasionKinds(text: string): ControlOccasionKind[] {
  const parts = text.split(',').filter((p) => p !== '');
  return CONTROL_OCCASION_KINDS.filter((k) => parts.includes(k));
}

/** The year's plan as this installation sees it: a chef only the controls of its own part of the organisation. */
export function controlPlan(db: Db, actor: Actor, year: number): ControlPlan {
  const tree = OrgTree.load(db);
  const nodeById = new Map([...tree.byCode.values()].map((n) => [n.id, n]));
  const occasions: ControlOccasion[] = db
    .all(db.q.selectFrom('reporting_occasion').select(['id', 'name', 'period', 'kind', 'locked_at']).where('year', '=', year).where('deleted_at', 'is', null).orderBy('period'))
    .filter((o): o is typeof o & { kind: ControlOccasionKind } => (CONTROL_OCCASION_KINDS as readonly string[]).includes(o.kind))
    .map((o) => ({ id: o.id, name: o.name, period: o.period, kind: o.kind, lockedAt: o.locked_at }));
  const rows = db.all(db.q.selectFrom('internal_control').selectAll().where('year', '=', year).where('deleted_at', 'is', null).orderBy('sort_order').orderBy('code'));
  const results = rows.length === 0 ? [] : db.all(
    db.q
      .selectFrom('internal_control_result')
      .selectAll()
      .where('control_id', 'in', rows.map((r) => r.id))
      .where('deleted_at', 'is', null),
  );
  const chef = isChef(actor.role);
  const controls: ControlView[] = [];
  for (const r of rows) {
    const node = nodeById.get(r.responsibility_id);
    if (!node) continue;
    const writes = canWrite(actor, tree, node.code);
    if (chef && !writes) continue;
    const mine = results.filter((x) => x.control_id === r.id);
    controls.push({
      id: r.id,
      year: r.year,
      code: r.code,
      process: r.process,
      risk: r.risk,
      probability: r.probability,
      consequence: r.consequence,
      riskValue: r.probability * r.consequence,
      controlStep: r.control_step,
      node: { code: node.code, name: node.name, level: node.level },
      responsible: r.responsible,
      occasionKinds: parseOccasionKinds(r.occasion_kinds),
      results: Object.fromEntries(
        mine.map((x) => [
          x.occasion_id,
          {
            id: x.id,
            occasionId: x.occasion_id,
            performed: x.performed === 1,
            deviation: x.deviation === 1,
            observations: x.observations,
            actions: x.actions,
            actionOwner: x.action_owner,
            actionDue: x.action_due,
            author: x.author,
            updatedAt: x.updated_at,
          },
        ]),
      ),
      canWriteResults: writes,
    });
  }
  return { year, occasions, controls, canEditPlan: actor.role === 'controller' };
}

export interface ControlInput {
  year: number;
  code: string;
  process: string;
  risk: string;
  probability: number;
  consequence: number;
  controlStep: string;
  /** The ansvar code whose level reports the result. */
  node: string;
  responsible: string;
  occasionKinds: ControlOccasionKind[];
  sortOrder?: number;
}

function required(value: string, column: string, max: number): string {
  const v = value.trim();
  if (v === '') throw new RamkollError('INVALID_INPUT', `${column} saknas. Fyll i ${column.toLowerCase()} för kontrollen.`, [{ column, message: 'saknas' }]);
  if (v.length > max) throw new RamkollError('INVALID_INPUT', `${column} får vara högst ${max} tecken (nu ${v.length}).`, [{ column, message: `högst ${max} tecken` }]);
  return v;
}

/** Adds or changes a control of the year's plan (by year and code). Only the controller writes the plan. */
export function saveControl(db: Db, actor: Actor, input: ControlInput): ControlView {
  assertController(actor, 'skriva internkontrollplanen');
  const code = required(input.code, 'Kod', CONTROL_LIMITS.code);
  const tree = OrgTree.load(db);
  const node = tree.byCode.get(input.node);
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${input.node} finns inte i organisationen. Välj den nivå som ska rapportera kontrollens resultat.`, [{ column: 'Ansvar', value: input.node, message: 'okänt ansvar' }]);
  for (const [column, v] of [['Sannolikhet', input.probability], ['Konsekvens', input.consequence]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4) throw new RamkollError('INVALID_INPUT', `${column} ska vara 1, 2, 3 eller 4 (nu ${v}).`, [{ column, value: String(v), message: '1–4' }]);
  }
  const kinds = CONTROL_OCCASION_KINDS.filter((k) => input.occasionKinds.includes(k));
  if (kinds.length === 0) throw new RamkollError('INVALID_INPUT', 'Välj minst ett tillfälle då kontrollen följs upp: tertial, delår eller årsbokslut.', [{ column: 'När', message: 'inget tillfälle' }]);
  const values = {
    process: required(input.process, 'Process', CONTROL_LIMITS.name),
    risk: required(input.risk, 'Risk', CONTROL_LIMITS.text),
    probability: input.probability,
    consequence: input.consequence,
    control_step: required(input.controlStep, 'Kontrollmoment', CONTROL_LIMITS.text),
    responsibility_id: node.id,
    responsible: required(input.responsible, 'Ansvarig', CONTROL_LIMITS.name),
    occasion_kinds: kinds.join(','),
  };
  const at = actor.now.toISOString();
  db.tx(() => {
    const row = db.first(db.q.selectFrom('internal_control').selectAll().where('year', '=', input.year).where('code', '=', code));
    const sortOrder = input.sortOrder ?? (row && row.deleted_at === null ? row.sort_order : Number(db.first(db.q.selectFrom('internal_control').select((eb) => eb.fn.max('sort_order').as('m')).where('year', '=', input.year))?.m ?? 0) + 10);
    const id = row?.id ?? newId();
    if (row) {
      db.run(db.q.updateTable('internal_control').set({ ...values, sort_order: sortOrder, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', id));
    } else {
      db.run(db.q.insertInto('internal_control').values({ id, year: input.year, code, ...values, sort_order: sortOrder, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }));
    }
    const old = row && row.deleted_at === null ? row : undefined;
    logChanges(
      db,
      actor,
      'internal_control',
      id,
      (Object.keys(values) as (keyof typeof values)[]).map((f) => ({ field: f, old: old ? old[f] : null, new: values[f] })),
    );
  });
  return controlPlan(db, actor, input.year).controls.find((c) => c.code === code)!;
}

/** Removes a control from the plan; one with results is kept (the results are reported), unless they are removed first. */
export function deleteControl(db: Db, actor: Actor, year: number, code: string): void {
  assertController(actor, 'ändra internkontrollplanen');
  db.tx(() => {
    const row = db.first(db.q.selectFrom('internal_control').select(['id']).where('year', '=', year).where('code', '=', code).where('deleted_at', 'is', null));
    if (!row) throw new RamkollError('NOT_FOUND', `Kontroll ${code} finns inte i planen för ${year}.`);
    const results = db.first(db.q.selectFrom('internal_control_result').select(['id']).where('control_id', '=', row.id).where('deleted_at', 'is', null));
    if (results) throw new RamkollError('CONFLICT', `Kontroll ${code} har resultat och kan inte tas bort ur planen. Resultaten är redovisade för nämnden.`);
    const at = actor.now.toISOString();
    db.run(db.q.updateTable('internal_control').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    logChanges(db, actor, 'internal_control', row.id, [{ field: 'deleted_at', old: null, new: at }]);
  });
}
