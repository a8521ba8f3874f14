import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { CommentStatus } from '../../../db/schema';
import { naturalId } from '../ids';
import type { Actor } from './access';
import type { GoalOccasion } from './occasions';
import { MAX_ASSESSMENT_TEXT, MAX_RETURN_NOTE } from './round';
import { ROUND_STATUS_NAMES } from './types';

/**
 * The goal round's steps for the rows that have a status and a comment per
 * occasion beside the goal assessments: an uppdrag's follow-up and the
 * förvaltning's assessment of a KF styrtal. The same statuses and rules as
 * goals/round.ts (utkast → klar → godkänd, återskickad with a note), one
 * implementation for both tables; who may write and approve is the caller's
 * check, made before these run.
 */
export type SimpleRoundTable = 'assignment_followup' | 'indicator_assessment';
const SUBJECT: Record<SimpleRoundTable, 'assignment_id' | 'indicator_id'> = { assignment_followup: 'assignment_id', indicator_assessment: 'indicator_id' };

export interface SimpleRoundRow {
  id: string;
  occasion_id: string;
  status: string | null;
  text: string;
  round_status: CommentStatus;
  return_note: string | null;
  author: string;
  updated_at: string;
  updated_by_site: string;
}

export interface SimpleRoundView {
  id: string;
  status: string | null;
  text: string;
  roundStatus: CommentStatus;
  returnNote: string | null;
  author: string;
  updatedAt: string;
}

export const simpleView = (r: SimpleRoundRow): SimpleRoundView => ({ id: r.id, status: r.status, text: r.text, roundStatus: r.round_status, returnNote: r.return_note, author: r.author, updatedAt: r.updated_at });

export type SimpleAction = 'ready' | 'withdraw' | 'approve' | 'return';

export interface SimpleTarget {
  table: SimpleRoundTable;
  occasion: GoalOccasion;
  subjectId: string;
  /** "Uppdraget KF-U1 vid Delårsrapport augusti", for messages. */
  what: string;
  statuses: readonly string[];
}

export const simpleRowId = (table: SimpleRoundTable, occasionId: string, subjectId: string) => naturalId(table, `${occasionId}\u0000${subjectId}`);

export function loadSimpleRow(db: Db, table: SimpleRoundTable, occasionId: string, subjectId: string): SimpleRoundRow | undefined {
  return db.prepare(`SELECT * FROM ${table} WHERE occasion_id = ? AND ${SUBJECT[table]} = ? AND deleted_at IS NULL`).get(occasionId, subjectId) as SimpleRoundRow | undefined;
}

function locked(t: SimpleTarget): void {
  if (t.occasion.locked) throw new RamkollError('CONFLICT', `${t.occasion.name} är låst; ${t.what.charAt(0).toLowerCase()}${t.what.slice(1)} kan inte längre ändras.`);
}

/** Writes status and comment while an utkast or återskickad (a klar one is taken back first, a godkänd one returned by the level above). */
export function saveSimple(db: Db, actor: Actor, t: SimpleTarget, edit: { status: string | null; text: string; baseUpdatedAt?: string | null | undefined }): SimpleRoundRow {
  locked(t);
  if (edit.status !== null && !t.statuses.includes(edit.status)) throw new RamkollError('INVALID_INPUT', `${t.what} sparades inte: status ska vara en av ${t.statuses.join(', ')}.`, [{ column: 'Status', value: edit.status, message: 'okänd status' }]);
  const text = edit.text.replace(/\r\n/g, '\n').trimEnd();
  if (text.length > MAX_ASSESSMENT_TEXT) throw new RamkollError('INVALID_INPUT', `${t.what} sparades inte: kommentaren får vara högst ${MAX_ASSESSMENT_TEXT} tecken (den har ${text.length}).`, [{ column: 'Kommentar', message: 'för lång' }]);
  return db.tx(() => {
    const row = loadSimpleRow(db, t.table, t.occasion.id, t.subjectId);
    const at = actor.now.toISOString();
    if (row) {
      if (row.round_status === 'ready') throw new RamkollError('CONFLICT', `${t.what} är markerad klar. Ångra klarmarkeringen för att ändra den.`);
      if (row.round_status === 'approved') throw new RamkollError('CONFLICT', `${t.what} är godkänd. Bara nivån över kan skicka tillbaka den för ändring.`);
      if (edit.baseUpdatedAt && edit.baseUpdatedAt !== row.updated_at) throw new RamkollError('CONFLICT', `${t.what} har ändrats av ${row.author} sedan du öppnade den. Ladda om och gör om ändringen; inget sparades.`);
      if (row.status === edit.status && row.text === text) return row;
      db.prepare(`UPDATE ${t.table} SET status = ?, text = ?, round_status = 'draft', author = ?, updated_at = ?, updated_by_site = ? WHERE id = ?`).run(edit.status, text, actor.user, at, actor.siteId, row.id);
    } else {
      if (edit.status === null && text === '') throw new RamkollError('INVALID_INPUT', 'Det finns inget att spara: välj status eller skriv en kommentar.');
      db.prepare(
        `INSERT INTO ${t.table} (id, occasion_id, ${SUBJECT[t.table]}, status, text, round_status, return_note, author, created_at, updated_at, updated_by_site, deleted_at)
         VALUES (?, ?, ?, ?, ?, 'draft', NULL, ?, ?, ?, ?, NULL)`,
      ).run(simpleRowId(t.table, t.occasion.id, t.subjectId), t.occasion.id, t.subjectId, edit.status, text, actor.user, at, at, actor.siteId);
    }
    return loadSimpleRow(db, t.table, t.occasion.id, t.subjectId)!;
  });
}

export function stepSimple(db: Db, actor: Actor, t: SimpleTarget, action: SimpleAction, note: string | null): SimpleRoundRow {
  locked(t);
  return db.tx(() => {
    const row = loadSimpleRow(db, t.table, t.occasion.id, t.subjectId);
    if (!row) throw new RamkollError('CONFLICT', `${t.what} har inget skrivet ännu. Skriv och spara först.`);
    const from = row.round_status;
    const refuse = (allowed: string) => new RamkollError('CONFLICT', `${t.what} är ${ROUND_STATUS_NAMES[from]}; ${allowed}.`);
    let next: CommentStatus;
    let returnNote = row.return_note;
    switch (action) {
      case 'ready':
        if (from !== 'draft' && from !== 'returned') throw refuse('bara ett utkast eller något återskickat kan markeras klart');
        if (row.status === null || row.text.trim() === '') {
          throw new RamkollError('INVALID_INPUT', `${t.what} kan inte markeras klar: ${[row.status === null ? 'status saknas' : '', row.text.trim() === '' ? 'kommentaren saknas' : ''].filter(Boolean).join(', ')}. Fyll i och spara först.`);
        }
        next = 'ready';
        break;
      case 'withdraw':
        if (from !== 'ready') throw refuse('bara det som är markerat klart kan ångras');
        next = 'draft';
        break;
      case 'approve':
        if (from !== 'ready') throw refuse('bara det som är markerat klart kan godkännas');
        next = 'approved';
        returnNote = null;
        break;
      case 'return':
        if (from !== 'ready' && from !== 'approved') throw refuse('bara det som är klart eller godkänt kan skickas tillbaka');
        if (note === null || note.trim() === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver ändras när du skickar tillbaka.', [{ column: 'Kommentar', message: 'kommentaren saknas' }]);
        if (note.length > MAX_RETURN_NOTE) throw new RamkollError('INVALID_INPUT', `Kommentaren får vara högst ${MAX_RETURN_NOTE} tecken.`);
        next = 'returned';
        returnNote = note.trim();
        break;
    }
    db.prepare(`UPDATE ${t.table} SET round_status = ?, return_note = ?, updated_at = ?, updated_by_site = ? WHERE id = ?`).run(next, returnNote, actor.now.toISOString(), actor.siteId, row.id);
    return loadSimpleRow(db, t.table, t.occasion.id, t.subjectId)!;
  });
}
