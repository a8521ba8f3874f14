import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { ActionStatus, CommentStatus } from '../../../db/schema';
import { isIsoDate } from '../../../shared/dates';
import { OrgTree } from '../figures/org-tree';
import { typedOre } from '../followup/actor';
import { assertOpen, getOccasion, type Occasion } from '../followup/calendar';
import { followUpWrite } from '../followup/facts';
import type { Actor } from '../followup/model';
import { assertCanApprove, assertCanWrite } from '../followup/permissions';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { actionRound, type ActionNode } from './round';

/**
 * Writing åtgärdsplaner: the level that owns the node writes its åtgärder
 * and marks the plan klar; the level above approves it or sends it back,
 * as with the deviation comments (followup/comments.ts, permissions.ts).
 * A change to a plan marked klar takes it back to utkast; an approved plan
 * is changed only after it has been sent back. Follow-ups of earlier
 * åtgärder are written by the same level at the later occasion.
 */

export const ACTION_LIMITS = { what: TEXT_LIMITS.note, owner: TEXT_LIMITS.name, comment: TEXT_LIMITS.comment } as const;

export interface ActionItemInput {
  occasionId: string;
  code: string;
  /** The åtgärd to change; left out for a new one. */
  id?: string;
  what: string;
  owner: string;
  dueDate: string;
  /** Expected effect in kronor as typed ("250 000"); '' for none. */
  effect: string;
  status: ActionStatus;
}

export type PlanAction = 'ready' | 'approve' | 'return' | 'reopen';

interface Found {
  occasion: Occasion;
  org: OrgTree;
  responsibilityId: string;
  name: string;
}

function nodeOf(db: Db, occasionId: string, code: string): Found {
  const occasion = getOccasion(db, occasionId);
  const org = OrgTree.load(db);
  const node = org.byCode.get(code);
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen; åtgärdsplaner skrivs på enheter, verksamheter, sektorer och förvaltningen.`);
  return { occasion, org, responsibilityId: node.id, name: node.name };
}

type PlanRow = { id: string; status: CommentStatus; return_note: string | null; deleted_at: string | null };

function planRow(db: Db, occasionId: string, responsibilityId: string): PlanRow | undefined {
  return db.first(db.q.selectFrom('action_plan').select(['id', 'status', 'return_note', 'deleted_at']).where('occasion_id', '=', occasionId).where('responsibility_id', '=', responsibilityId));
}

function nodeView(db: Db, actor: Actor, occasionId: string, code: string): ActionNode {
  const node = actionRound(db, actor, occasionId).nodes.find((n) => n.code === code);
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} har ingen åtgärdsplan vid tillfället.`);
  return node;
}

function checkItem(input: ActionItemInput): { what: string; owner: string; effect: number | null } {
  const what = input.what.trim();
  const owner = input.owner.trim();
  const errors: { column: string; message: string }[] = [];
  if (what === '') errors.push({ column: 'Åtgärd', message: 'beskriv åtgärden' });
  if (what.length > ACTION_LIMITS.what) errors.push({ column: 'Åtgärd', message: `högst ${ACTION_LIMITS.what} tecken` });
  if (owner === '') errors.push({ column: 'Ansvarig', message: 'ange vem som ansvarar' });
  if (owner.length > ACTION_LIMITS.owner) errors.push({ column: 'Ansvarig', message: `högst ${ACTION_LIMITS.owner} tecken` });
  if (!isIsoDate(input.dueDate)) errors.push({ column: 'Klart senast', message: 'skriv datumet ÅÅÅÅ-MM-DD' });
  if (errors.length > 0) throw new RamkollError('INVALID_INPUT', `Åtgärden kan inte sparas: ${errors.map((e) => `${e.column}: ${e.message}`).join('; ')}.`, errors);
  return { what, owner, effect: typedOre(input.effect, 'Förväntad effekt', { allowEmpty: true }) };
}

/**
 * Makes the plan writable for a change: creates it as an utkast, or takes a
 * klar plan back to utkast; an approved plan must be sent back first.
 */
function openPlanForChange(db: Db, actor: Actor, f: Found, at: string): string {
  const row = planRow(db, f.occasion.id, f.responsibilityId);
  if (row && row.deleted_at === null) {
    if (row.status === 'approved') throw new RamkollError('CONFLICT', `Åtgärdsplanen för ${f.name} är godkänd. Nivån ovanför kan återskicka den om den behöver ändras.`);
    const status: CommentStatus = row.status === 'returned' ? 'returned' : 'draft';
    db.run(db.q.updateTable('action_plan').set({ status, author: actor.user, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    return row.id;
  }
  if (row) {
    db.run(db.q.updateTable('action_plan').set({ status: 'draft', return_note: null, author: actor.user, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', row.id));
    return row.id;
  }
  const id = newId();
  db.run(
    db.q.insertInto('action_plan').values({
      id,
      occasion_id: f.occasion.id,
      responsibility_id: f.responsibilityId,
      status: 'draft',
      return_note: null,
      author: actor.user,
      created_at: at,
      updated_at: at,
      updated_by_site: actor.siteId,
      deleted_at: null,
    }),
  );
  return id;
}

/** Adds or changes one åtgärd of a node's plan at an occasion. */
export function saveActionItem(db: Db, actor: Actor, input: ActionItemInput): ActionNode {
  const f = nodeOf(db, input.occasionId, input.code);
  assertOpen(f.occasion);
  assertCanWrite(actor, f.org, input.code);
  const v = checkItem(input);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const planId = openPlanForChange(db, actor, f, at);
    const values = { what: v.what, owner: v.owner, due_date: input.dueDate, effect_ore: v.effect, status: input.status, updated_at: at, updated_by_site: actor.siteId };
    if (input.id !== undefined) {
      const r = db.first(db.q.selectFrom('action_plan_item').select(['id']).where('id', '=', input.id).where('plan_id', '=', planId).where('deleted_at', 'is', null));
      if (!r) throw new RamkollError('NOT_FOUND', `Åtgärden finns inte (längre) i åtgärdsplanen för ${f.name}. Ladda om sidan.`);
      db.run(db.q.updateTable('action_plan_item').set(values).where('id', '=', input.id));
    } else {
      const n = db.first(db.q.selectFrom('action_plan_item').select((e) => e.fn.max('sort_order').as('m')).where('plan_id', '=', planId));
      db.run(db.q.insertInto('action_plan_item').values({ id: newId(), plan_id: planId, ...values, sort_order: (n?.m ?? 0) + 1, created_at: at, deleted_at: null }));
    }
  });
  return nodeView(db, actor, f.occasion.id, input.code);
}

/** Removes an åtgärd from a plan (a tombstone, so the removal travels). */
export function deleteActionItem(db: Db, actor: Actor, input: { occasionId: string; code: string; id: string }): ActionNode {
  const f = nodeOf(db, input.occasionId, input.code);
  assertOpen(f.occasion);
  assertCanWrite(actor, f.org, input.code);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const planId = openPlanForChange(db, actor, f, at);
    const r = db.first(db.q.selectFrom('action_plan_item').select(['id']).where('id', '=', input.id).where('plan_id', '=', planId).where('deleted_at', 'is', null));
    if (!r) throw new RamkollError('NOT_FOUND', `Åtgärden finns inte (längre) i åtgärdsplanen för ${f.name}. Ladda om sidan.`);
    db.run(db.q.updateTable('action_plan_item').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', input.id));
  });
  return nodeView(db, actor, f.occasion.id, input.code);
}

/** Moves a plan through the round: klar, godkänd, återskickad with a note, or back to utkast. */
export function changeActionPlanStatus(db: Db, actor: Actor, input: { occasionId: string; code: string; action: PlanAction; note?: string }): ActionNode {
  const f = nodeOf(db, input.occasionId, input.code);
  assertOpen(f.occasion);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = planRow(db, f.occasion.id, f.responsibilityId);
    if (!row || row.deleted_at !== null) throw new RamkollError('CONFLICT', `${f.name} har ingen åtgärdsplan ännu. Lägg till en åtgärd först.`);
    const from = row.status;
    let status: CommentStatus;
    let note = row.return_note;
    switch (input.action) {
      case 'ready': {
        assertCanWrite(actor, f.org, input.code);
        if (from !== 'draft' && from !== 'returned') throw new RamkollError('CONFLICT', `Åtgärdsplanen för ${f.name} är redan ${from === 'ready' ? 'klar' : 'godkänd'}.`);
        const n = db.first(db.q.selectFrom('action_plan_item').select((e) => e.fn.countAll<number>().as('n')).where('plan_id', '=', row.id).where('deleted_at', 'is', null));
        if (!n || n.n === 0) throw new RamkollError('INVALID_INPUT', `Åtgärdsplanen för ${f.name} har ingen åtgärd. Lägg till minst en innan den markeras klar.`);
        status = 'ready';
        note = null;
        break;
      }
      case 'reopen':
        assertCanWrite(actor, f.org, input.code);
        if (from !== 'ready') throw new RamkollError('CONFLICT', 'Bara en åtgärdsplan som är klar kan tas tillbaka till utkast.');
        status = 'draft';
        break;
      case 'approve':
        assertCanApprove(actor, f.org, input.code);
        if (from !== 'ready') throw new RamkollError('CONFLICT', `Åtgärdsplanen för ${f.name} kan godkännas först när den är markerad klar.`);
        status = 'approved';
        break;
      case 'return': {
        assertCanApprove(actor, f.org, input.code);
        if (from !== 'ready' && from !== 'approved') throw new RamkollError('CONFLICT', 'Bara en åtgärdsplan som är klar eller godkänd kan återskickas.');
        const text = (input.note ?? '').trim();
        if (text === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver kompletteras när åtgärdsplanen återskickas.', [{ column: 'Meddelande', message: 'meddelandet saknas' }]);
        if (text.length > ACTION_LIMITS.comment) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${ACTION_LIMITS.comment} tecken.`);
        status = 'returned';
        note = text;
        break;
      }
    }
    db.run(db.q.updateTable('action_plan').set({ status, return_note: note, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
  });
  return nodeView(db, actor, f.occasion.id, input.code);
}

/**
 * An earlier åtgärd's status and comment at this occasion. Only åtgärder of
 * plans from earlier occasions that were still open when this one came are
 * followed up; ej genomförd needs a comment saying why.
 */
export function saveActionFollowup(db: Db, actor: Actor, input: { occasionId: string; itemId: string; status: ActionStatus; comment: string }): ActionNode {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  const item = db.first(
    db.q
      .selectFrom('action_plan_item as i')
      .innerJoin('action_plan as p', 'p.id', 'i.plan_id')
      .innerJoin('dimension_value as d', 'd.id', 'p.responsibility_id')
      .select(['i.id', 'd.code'])
      .where('i.id', '=', input.itemId)
      .where('i.deleted_at', 'is', null)
      .where('p.deleted_at', 'is', null),
  );
  if (!item) throw new RamkollError('NOT_FOUND', 'Åtgärden finns inte (längre). Ladda om sidan.');
  assertCanWrite(actor, OrgTree.load(db), item.code);
  const node = actionRound(db, actor, occasion.id).nodes.find((n) => n.code === item.code);
  if (!node?.earlier.some((e) => e.id === item.id)) {
    throw new RamkollError('CONFLICT', `Åtgärden följs inte upp vid ${occasion.name}: den hör till tillfällets egen plan eller var redan avslutad (genomförd eller ej genomförd).`);
  }
  const comment = input.comment.trim();
  if (comment.length > ACTION_LIMITS.comment) throw new RamkollError('INVALID_INPUT', `Kommentaren får vara högst ${ACTION_LIMITS.comment} tecken.`);
  if (input.status === 'not_done' && comment === '') throw new RamkollError('INVALID_INPUT', 'Skriv varför åtgärden inte genomfördes.', [{ column: 'Kommentar', message: 'kommentaren saknas' }]);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = db.first(db.q.selectFrom('action_followup').select(['id']).where('item_id', '=', item.id).where('occasion_id', '=', occasion.id));
    const values = { status: input.status, comment, author: actor.user, updated_at: at, updated_by_site: actor.siteId, deleted_at: null };
    if (row) db.run(db.q.updateTable('action_followup').set(values).where('id', '=', row.id));
    else db.run(db.q.insertInto('action_followup').values({ id: newId(), item_id: item.id, occasion_id: occasion.id, ...values, created_at: at }));
  });
  return nodeView(db, actor, occasion.id, item.code);
}

