import { followUpWrite } from './facts';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus, OrgLevel } from '../../../db/schema';
import { newId } from '../ids';
import { parseOre } from '../money';
import { assertOpen, getOccasion, type Occasion } from './calendar';
import { figureTree, nodeKey, type CommentSummary, type FigureNode, type Figures } from './figures';
import { historyOf, logChanges, type HistoryEntry } from './history';
import type { Actor } from './model';
import { assertCanApprove, assertCanWrite, canApprove, canWrite } from './permissions';

export interface CommentBelow {
  code: string;
  name: string;
  level: OrgLevel;
  depth: number;
  required: boolean;
  status: CommentStatus | 'missing';
  cause: string;
  action: string;
  actionEffectOre: number | null;
  returnNote: string | null;
  author: string | null;
  updatedAt: string | null;
  deviationAcc: number;
  deviationForecast: number | null;
}

export interface CommentDetail {
  occasion: { id: string; name: string; period: number; lockedAt: string | null };
  code: string;
  name: string;
  level: OrgLevel;
  figures: Figures;
  required: boolean;
  comment: CommentSummary | null;
  history: HistoryEntry[];
  /** The comments (and missing required ones) of every level below, top down: what this level sees when writing its own. */
  below: CommentBelow[];
  canWrite: boolean;
  canApprove: boolean;
}

const MAX_TEXT = 4000;

function nodeFor(db: Db, occasion: Occasion, code: string): { node: FigureNode; tree: ReturnType<typeof figureTree> } {
  const tree = figureTree(db, { period: occasion.period });
  const node = tree.byKey.get(nodeKey(code));
  if (!node) throw new RamkollError('NOT_FOUND', `Ansvar ${code} finns inte i organisationen; kommentarer skrivs på enheter, verksamheter, sektorer och förvaltningen.`);
  return { node, tree };
}

export function getCommentDetail(db: Db, actor: Actor, occasionId: string, code: string): CommentDetail {
  const occasion = getOccasion(db, occasionId);
  const { node, tree } = nodeFor(db, occasion, code);
  const below: CommentBelow[] = [];
  const walk = (n: FigureNode) => {
    for (const c of n.children) {
      if (c.kind !== 'node') continue;
      if (c.commentRequired || c.comment) {
        below.push({
          code: c.code,
          name: c.name,
          level: c.level,
          depth: c.depth - node.depth,
          required: c.commentRequired,
          status: c.comment?.status ?? 'missing',
          cause: c.comment?.cause ?? '',
          action: c.comment?.action ?? '',
          actionEffectOre: c.comment?.actionEffectOre ?? null,
          returnNote: c.comment?.returnNote ?? null,
          author: c.comment?.author ?? null,
          updatedAt: c.comment?.updatedAt ?? null,
          deviationAcc: c.figures.budgetAcc - c.figures.actualAcc,
          deviationForecast: c.figures.forecastYear === null ? null : c.figures.budgetYear - c.figures.forecastYear,
        });
      }
      walk(c);
    }
  };
  walk(node);
  const orgNode = tree.org.byCode.get(code);
  return {
    occasion: { id: occasion.id, name: occasion.name, period: occasion.period, lockedAt: occasion.lockedAt },
    code,
    name: node.name,
    level: node.level,
    figures: node.figures,
    required: node.commentRequired,
    comment: node.comment,
    history: node.comment ? historyOf(db, 'deviation_comment', node.comment.id) : [],
    below,
    canWrite: occasion.lockedAt === null && orgNode !== undefined && canWrite(actor, tree.org, code),
    canApprove: occasion.lockedAt === null && orgNode !== undefined && canApprove(actor, tree.org, code),
  };
}

export interface CommentInput {
  occasionId: string;
  code: string;
  cause: string;
  action: string;
  /** Expected effect of the åtgärd in kronor as typed ("250 000", "-1 200,50"); '' for none. */
  actionEffect: string;
}

type Row = { id: string; status: CommentStatus; cause: string; action: string; action_effect_ore: number | null; return_note: string | null; author: string };

function currentRow(db: Db, occasionId: string, responsibilityId: string): (Row & { deleted_at: string | null }) | undefined {
  return db.first(
    db.q
      .selectFrom('deviation_comment')
      .select(['id', 'status', 'cause', 'action', 'action_effect_ore', 'return_note', 'author', 'deleted_at'])
      .where('occasion_id', '=', occasionId)
      .where('responsibility_id', '=', responsibilityId),
  );
}

function parseEffect(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const ore = parseOre(t);
  if (Number.isNaN(ore)) {
    throw new RamkollError('INVALID_INPUT', `Förväntad effekt: "${text}" är inget belopp. Skriv kronor, t.ex. 250 000 eller -1 200,50.`, [
      { column: 'Förväntad effekt', value: text, message: 'ange ett belopp i kronor, t.ex. 250 000' },
    ]);
  }
  return ore;
}

/**
 * Saves orsak, åtgärd and its expected effect. A new comment is an utkast; a
 * comment marked klar goes back to utkast when it is changed (the level above
 * should approve what it sees); a godkänd comment is changed only after the
 * level above has sent it back.
 */
export function saveComment(db: Db, actor: Actor, input: CommentInput): CommentSummary {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  const { node, tree } = nodeFor(db, occasion, input.code);
  assertCanWrite(actor, tree.org, input.code);
  if (input.cause.length > MAX_TEXT || input.action.length > MAX_TEXT) {
    throw new RamkollError('INVALID_INPUT', `Orsak och åtgärd får vara högst ${MAX_TEXT} tecken var.`);
  }
  const effect = parseEffect(input.actionEffect);
  const responsibilityId = tree.org.byCode.get(input.code)!.id;
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = currentRow(db, occasion.id, responsibilityId);
    const live = row && row.deleted_at === null ? row : undefined;
    if (live?.status === 'approved') {
      throw new RamkollError('CONFLICT', `Kommentaren för ${node.name} är godkänd. Nivån ovanför kan återskicka den om den behöver ändras.`);
    }
    const status: CommentStatus = live?.status === 'returned' ? 'returned' : 'draft';
    const next = { cause: input.cause.trim(), action: input.action.trim(), action_effect_ore: effect, status, return_note: live?.return_note ?? null, author: actor.user };
    let id: string;
    if (row) {
      id = row.id;
      db.run(db.q.updateTable('deviation_comment').set({ ...next, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }).where('id', '=', id));
    } else {
      id = newId();
      db.run(
        db.q.insertInto('deviation_comment').values({
          id,
          occasion_id: occasion.id,
          responsibility_id: responsibilityId,
          ...next,
          created_at: at,
          updated_at: at,
          updated_by_site: actor.siteId,
          deleted_at: null,
        }),
      );
    }
    logChanges(db, actor, 'deviation_comment', id, [
      { field: 'cause', old: live?.cause ?? null, new: next.cause },
      { field: 'action', old: live?.action ?? null, new: next.action },
      { field: 'action_effect_ore', old: live?.action_effect_ore ?? null, new: next.action_effect_ore },
      { field: 'status', old: live?.status ?? null, new: next.status },
    ]);
  });
  return getCommentDetail(db, actor, occasion.id, input.code).comment!;
}

export type StatusAction = 'ready' | 'approve' | 'return' | 'reopen';

/**
 * Moves a comment through the round: klar (the writer is done), godkänd or
 * återskickad with a note (the level above), or back to utkast (the writer
 * takes back a klar comment before it is approved).
 */
export function changeCommentStatus(db: Db, actor: Actor, input: { occasionId: string; code: string; action: StatusAction; note?: string }): CommentSummary {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  const { node, tree } = nodeFor(db, occasion, input.code);
  const responsibilityId = tree.org.byCode.get(input.code)!.id;
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    const row = currentRow(db, occasion.id, responsibilityId);
    if (!row || row.deleted_at !== null) throw new RamkollError('CONFLICT', `${node.name} har ingen kommentar ännu. Skriv orsak och åtgärd och spara först.`);
    let status: CommentStatus;
    let returnNote = row.return_note;
    const from = row.status;
    switch (input.action) {
      case 'ready':
        assertCanWrite(actor, tree.org, input.code);
        if (from !== 'draft' && from !== 'returned') throw new RamkollError('CONFLICT', `Kommentaren för ${node.name} är redan ${from === 'ready' ? 'klar' : 'godkänd'}.`);
        if (row.cause.trim() === '') throw new RamkollError('INVALID_INPUT', `Skriv en orsak till avvikelsen för ${node.name} innan kommentaren markeras klar.`, [{ column: 'Orsak', message: 'orsaken saknas' }]);
        status = 'ready';
        returnNote = null;
        break;
      case 'reopen':
        assertCanWrite(actor, tree.org, input.code);
        if (from !== 'ready') throw new RamkollError('CONFLICT', `Bara en kommentar som är klar kan tas tillbaka till utkast.`);
        status = 'draft';
        break;
      case 'approve':
        assertCanApprove(actor, tree.org, input.code);
        if (from !== 'ready') throw new RamkollError('CONFLICT', `Kommentaren för ${node.name} kan godkännas först när den är markerad klar (nu: ${from === 'approved' ? 'redan godkänd' : from === 'returned' ? 'återskickad' : 'utkast'}).`);
        status = 'approved';
        break;
      case 'return': {
        assertCanApprove(actor, tree.org, input.code);
        if (from !== 'ready' && from !== 'approved') throw new RamkollError('CONFLICT', `Bara en kommentar som är klar eller godkänd kan återskickas.`);
        const note = (input.note ?? '').trim();
        if (note === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver kompletteras när kommentaren återskickas.', [{ column: 'Meddelande', message: 'meddelandet saknas' }]);
        if (note.length > MAX_TEXT) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${MAX_TEXT} tecken.`);
        status = 'returned';
        returnNote = note;
        break;
      }
    }
    db.run(db.q.updateTable('deviation_comment').set({ status, return_note: returnNote, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    logChanges(db, actor, 'deviation_comment', row.id, [
      { field: 'status', old: from, new: status },
      { field: 'return_note', old: row.return_note, new: returnNote },
    ]);
  });
  return getCommentDetail(db, actor, occasion.id, input.code).comment!;
}
