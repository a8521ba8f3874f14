import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { isIsoDate } from '../../../shared/dates';
import { OrgTree } from '../figures/org-tree';
import { assertOpen, getOccasion } from '../followup/calendar';
import { logChanges } from '../followup/history';
import type { Actor } from '../followup/model';
import { assertCanWrite } from '../followup/permissions';
import { newId } from '../ids';
import { CONTROL_LIMITS, CONTROL_OCCASION_WORD, controlPlan, parseOccasionKinds, type ControlOccasionKind, type ControlResultView } from './plan';

/**
 * A control's result at a reporting occasion (issue 19 point 4), written by
 * the level the control is assigned to (a chef for its own node and those
 * below it, as the rights table says for comments) or by the controller:
 * utfört or not, avvikelse or not, iakttagelser, and the åtgärder with who
 * does them and by when. A locked occasion takes nothing.
 */

export interface ControlResultInput {
  controlId: string;
  occasionId: string;
  performed: boolean;
  deviation: boolean;
  observations: string;
  actions: string;
  actionOwner: string;
  actionDue: string | null;
}

function text(value: string, column: string, max: number): string {
  const v = value.replace(/\r\n?/g, '\n').trim();
  if (v.length > max) throw new RamkollError('INVALID_INPUT', `${column} får vara högst ${max} tecken (nu ${v.length}).`, [{ column, message: `högst ${max} tecken` }]);
  return v;
}

export function saveControlResult(db: Db, actor: Actor, input: ControlResultInput): ControlResultView {
  const control = db.first(db.q.selectFrom('internal_control').selectAll().where('id', '=', input.controlId).where('deleted_at', 'is', null));
  if (!control) throw new RamkollError('NOT_FOUND', 'Kontrollen finns inte (längre) i internkontrollplanen. Ladda om sidan.');
  const occasion = getOccasion(db, input.occasionId);
  const tree = OrgTree.load(db);
  const node = [...tree.byCode.values()].find((n) => n.id === control.responsibility_id);
  if (!node) throw new RamkollError('NOT_FOUND', `Kontroll ${control.code} hör till ett ansvar som inte finns i organisationen.`);
  assertCanWrite(actor, tree, node.code);
  assertOpen(occasion);
  const kinds = parseOccasionKinds(control.occasion_kinds);
  if (occasion.year !== control.year || !kinds.includes(occasion.kind as ControlOccasionKind)) {
    throw new RamkollError(
      'INVALID_INPUT',
      `Kontroll ${control.code} följs upp vid ${kinds.map((k) => CONTROL_OCCASION_WORD[k]).join(', ')} ${control.year}, inte vid ${occasion.name}.`,
      [{ column: 'Tillfälle', value: occasion.name, message: 'kontrollen följs inte upp då' }],
    );
  }
  const due = input.actionDue === null || input.actionDue.trim() === '' ? null : input.actionDue.trim();
  if (due !== null && !isIsoDate(due)) throw new RamkollError('INVALID_INPUT', `Datumet för åtgärden ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-12-31 (nu "${due}").`, [{ column: 'Klart senast', value: due, message: 'inget datum' }]);
  const values = {
    performed: input.performed ? 1 : 0,
    deviation: input.deviation ? 1 : 0,
    observations: text(input.observations, 'Iakttagelser', CONTROL_LIMITS.text),
    actions: text(input.actions, 'Åtgärder', CONTROL_LIMITS.text),
    action_owner: text(input.actionOwner, 'Ansvarig för åtgärd', CONTROL_LIMITS.name),
    action_due: due,
  };
  if (values.deviation === 1 && values.observations === '') {
    throw new RamkollError('INVALID_INPUT', 'Beskriv avvikelsen under Iakttagelser.', [{ column: 'Iakttagelser', message: 'saknas vid avvikelse' }]);
  }
  if (values.actions !== '' && values.action_owner === '') {
    throw new RamkollError('INVALID_INPUT', 'Ange vem som ansvarar för åtgärderna.', [{ column: 'Ansvarig för åtgärd', message: 'saknas' }]);
  }
  const at = actor.now.toISOString();
  db.tx(() => {
    const row = db.first(db.q.selectFrom('internal_control_result').selectAll().where('control_id', '=', control.id).where('occasion_id', '=', occasion.id));
    const old = row && row.deleted_at === null ? row : undefined;
    const id = row?.id ?? newId();
    if (old && (Object.keys(values) as (keyof typeof values)[]).every((f) => old[f] === values[f])) return;
    if (row) {
      db.run(db.q.updateTable('internal_control_result').set({ ...values, author: actor.user, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', id));
    } else {
      db.run(
        db.q
          .insertInto('internal_control_result')
          .values({ id, control_id: control.id, occasion_id: occasion.id, ...values, author: actor.user, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }),
      );
    }
    logChanges(db, actor, 'internal_control_result', id, (Object.keys(values) as (keyof typeof values)[]).map((f) => ({ field: f, old: old ? old[f] : null, new: values[f] })));
  });
  return controlPlan(db, actor, control.year).controls.find((c) => c.id === control.id)!.results[occasion.id]!;
}
