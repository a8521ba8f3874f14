import { sql } from 'kysely';
import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { AssessmentAction, GoalAssessmentTable } from '../../../db/schema';
import { naturalId, newId } from '../ids';
import { ancestryOf, assertMayApprove, assertMayAssess, type Actor } from './access';
import { occasionByPeriod, type GoalOccasion } from './occasions';
import { findGoal, validIn, type GoalRecord } from './store';
import { GOAL_LEVEL_NAMES, ROUND_STATUS_NAMES, statusesFor, statusName, type CommentStatus, type GoalStatus } from './types';
import { TEXT_LIMITS } from '../text-limits';

export const MAX_ASSESSMENT_TEXT = TEXT_LIMITS.text;
export const MAX_RETURN_NOTE = 2_000;

export interface AssessmentRef {
  period: number;
  goalId: string;
}

export interface AssessmentEdit extends AssessmentRef {
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
  /** The updatedAt the editor started from; when someone saved in between, the save is refused instead of overwriting. */
  baseUpdatedAt?: string | null;
}

export interface AssessmentEvent {
  id: string;
  action: AssessmentAction;
  roundStatus: CommentStatus;
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
  note: string | null;
  author: string;
  at: string;
  site: string;
}

export const assessmentId = (occasionId: string, goalId: string) => naturalId('goal_assessment', `${occasionId}\u0000${goalId}`);

interface Target {
  occasion: GoalOccasion;
  goal: GoalRecord;
  row: GoalAssessmentTable | undefined;
}

function target(db: Db, ref: AssessmentRef): Target {
  const occasion = occasionByPeriod(db, ref.period);
  const goal = findGoal(db, ref.goalId);
  if (!goal) throw new RamkollError('NOT_FOUND', 'Målet finns inte längre (det kan ha tagits bort). Ladda om sidan.');
  if (!validIn(goal, occasion.year)) throw new RamkollError('CONFLICT', `${goal.code} gäller inte ${occasion.year} och följs inte upp vid ${occasion.name}.`);
  if (occasion.locked) throw new RamkollError('CONFLICT', `${occasion.name} är låst; bedömningarna kan inte längre ändras.`);
  const row = db.prepare('SELECT * FROM goal_assessment WHERE occasion_id = ? AND goal_id = ? AND deleted_at IS NULL').get(occasion.id, goal.id) as GoalAssessmentTable | undefined;
  return { occasion, goal, row };
}

// The event and the reload after each step are prepared SQL: every step of a round writes one of each.
function logEvent(db: Db, actor: Actor, a: GoalAssessmentTable, action: AssessmentAction, note: string | null): void {
  const at = actor.now.toISOString();
  db.prepare(
    `INSERT INTO goal_assessment_event (id, assessment_id, action, round_status, status, forecast, text, note, author, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  ).run(newId(), a.id, action, a.round_status, a.status, a.forecast, a.text, note, actor.user, at, at, actor.siteId);
}

function reload(db: Db, id: string): GoalAssessmentTable {
  return db.prepare('SELECT * FROM goal_assessment WHERE id = ?').get(id) as GoalAssessmentTable;
}

const what = (t: Target) => `Bedömningen av ${t.goal.code} vid ${t.occasion.name}`;

/**
 * Writes the status, year-end forecast and text of a goal's assessment. Only
 * while it is an utkast or återskickad: one marked klar must be taken back
 * first, and a godkänd one can only be returned by the level above.
 */
export function saveAssessment(db: Db, actor: Actor, edit: AssessmentEdit): GoalAssessmentTable {
  return db.tx(() => {
    const t = target(db, edit);
    assertMayAssess(actor, t.goal.level, ancestryOf(db, t.goal.owner_code));
    const allowed = statusesFor(t.goal.level);
    const problems: ProblemDetail[] = [];
    const names = allowed.map((s) => statusName(s, t.goal.level)).join(', ');
    if (edit.status !== null && !allowed.includes(edit.status)) problems.push({ column: 'Status', value: edit.status, message: `ett ${GOAL_LEVEL_NAMES[t.goal.level].one} har status ${names}` });
    if (edit.forecast !== null && !allowed.includes(edit.forecast)) problems.push({ column: 'Prognos', value: edit.forecast, message: `prognosen för ett ${GOAL_LEVEL_NAMES[t.goal.level].one} är ${names}` });
    if (edit.text.length > MAX_ASSESSMENT_TEXT) problems.push({ column: 'Bedömning', message: `texten får vara högst ${MAX_ASSESSMENT_TEXT} tecken (den har ${edit.text.length})` });
    if (problems.length > 0) throw new RamkollError('INVALID_INPUT', `Bedömningen sparades inte: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}.`, problems);
    const text = edit.text.replace(/\r\n/g, '\n').trimEnd();

    const at = actor.now.toISOString();
    if (t.row) {
      if (t.row.round_status === 'ready') throw new RamkollError('CONFLICT', `${what(t)} är markerad klar. Ångra klarmarkeringen för att ändra den.`);
      if (t.row.round_status === 'approved') throw new RamkollError('CONFLICT', `${what(t)} är godkänd. Bara nivån över kan skicka tillbaka den för ändring.`);
      if (edit.baseUpdatedAt !== undefined && edit.baseUpdatedAt !== null && edit.baseUpdatedAt !== t.row.updated_at) {
        throw new RamkollError('CONFLICT', `${what(t)} har ändrats av ${t.row.author} (${t.row.updated_at.slice(0, 16).replace('T', ' ')}) sedan du öppnade den. Ladda om och gör om ändringen; inget sparades.`);
      }
      if (t.row.status === edit.status && t.row.forecast === edit.forecast && t.row.text === text) return t.row;
      db.run(
        db.q
          .updateTable('goal_assessment')
          // Editing a returned assessment makes it a draft again; the return note stays until it is approved.
          .set({ status: edit.status, forecast: edit.forecast, text, round_status: 'draft', author: actor.user, updated_at: at, updated_by_site: actor.siteId })
          .where('id', '=', t.row.id),
      );
    } else {
      if (edit.status === null && edit.forecast === null && text === '') throw new RamkollError('INVALID_INPUT', 'Det finns inget att spara: välj status, prognos eller skriv en bedömning.');
      db.run(
        db.q.insertInto('goal_assessment').values({
          id: assessmentId(t.occasion.id, t.goal.id),
          occasion_id: t.occasion.id,
          goal_id: t.goal.id,
          status: edit.status,
          forecast: edit.forecast,
          text,
          round_status: 'draft',
          return_note: null,
          author: actor.user,
          created_at: at,
          updated_at: at,
          updated_by_site: actor.siteId,
          deleted_at: null,
        }),
      );
    }
    const saved = reload(db, t.row?.id ?? assessmentId(t.occasion.id, t.goal.id));
    logEvent(db, actor, saved, 'saved', null);
    return saved;
  });
}

function transition(
  db: Db,
  actor: Actor,
  ref: AssessmentRef,
  action: Exclude<AssessmentAction, 'saved'>,
  note: string | null,
): GoalAssessmentTable {
  return db.tx(() => {
    const t = target(db, ref);
    const owner = ancestryOf(db, t.goal.owner_code);
    if (action === 'approved' || action === 'returned') assertMayApprove(actor, t.goal.level, owner);
    else assertMayAssess(actor, t.goal.level, owner);
    const row = t.row;
    if (!row) throw new RamkollError('CONFLICT', `${t.goal.code} har ingen bedömning vid ${t.occasion.name} ännu. Skriv och spara en först.`);
    const from = row.round_status;
    const refuse = (allowed: string) =>
      new RamkollError('CONFLICT', `${what(t)} är ${ROUND_STATUS_NAMES[from]}; ${allowed}.`);
    let next: CommentStatus;
    let returnNote = row.return_note;
    switch (action) {
      case 'ready': {
        if (from !== 'draft' && from !== 'returned') throw refuse('bara ett utkast eller en återskickad bedömning kan markeras klar');
        const missing: ProblemDetail[] = [];
        if (row.status === null) missing.push({ column: 'Status', message: 'status saknas' });
        if (row.forecast === null) missing.push({ column: 'Prognos', message: 'prognos för helåret saknas' });
        if (row.text.trim() === '') missing.push({ column: 'Bedömning', message: 'bedömningstexten saknas' });
        if (missing.length > 0) throw new RamkollError('INVALID_INPUT', `${what(t)} kan inte markeras klar: ${missing.map((m) => m.message).join(', ')}. Fyll i och spara först.`, missing);
        next = 'ready';
        break;
      }
      case 'withdrawn':
        if (from !== 'ready') throw refuse('bara en bedömning som är markerad klar kan ångras');
        next = 'draft';
        break;
      case 'approved':
        if (from !== 'ready') throw refuse('bara en bedömning som är markerad klar kan godkännas');
        next = 'approved';
        returnNote = null;
        break;
      case 'returned':
        if (from !== 'ready' && from !== 'approved') throw refuse('bara en bedömning som är klar eller godkänd kan skickas tillbaka');
        if (note === null || note.trim() === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad som behöver ändras när du skickar tillbaka en bedömning.', [{ column: 'Kommentar', message: 'kommentaren saknas' }]);
        if (note.length > MAX_RETURN_NOTE) throw new RamkollError('INVALID_INPUT', `Kommentaren får vara högst ${MAX_RETURN_NOTE} tecken.`);
        next = 'returned';
        returnNote = note.trim();
        break;
    }
    const at = actor.now.toISOString();
    // The author stays the one who wrote the text; the event records who moved it.
    db.run(db.q.updateTable('goal_assessment').set({ round_status: next, return_note: returnNote, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', row.id));
    const saved = reload(db, row.id);
    logEvent(db, actor, saved, action, action === 'returned' ? returnNote : null);
    return saved;
  });
}

/** Utkast/återskickad -> klar: needs status, forecast and text. */
export const markReady = (db: Db, actor: Actor, ref: AssessmentRef) => transition(db, actor, ref, 'ready', null);
/** Klar -> utkast, by the writer, to change it again. */
export const withdrawReady = (db: Db, actor: Actor, ref: AssessmentRef) => transition(db, actor, ref, 'withdrawn', null);
/** Klar -> godkänd, by the level above. */
export const approveAssessment = (db: Db, actor: Actor, ref: AssessmentRef) => transition(db, actor, ref, 'approved', null);
/** Klar or godkänd -> återskickad with a note, by the level above. */
export const returnAssessment = (db: Db, actor: Actor, ref: AssessmentRef, note: string) => transition(db, actor, ref, 'returned', note);

/** Every change of a goal's assessment at an occasion, oldest first. */
export function assessmentHistory(db: Db, ref: AssessmentRef): AssessmentEvent[] {
  const occasion = occasionByPeriod(db, ref.period);
  const rows = db.all(
    db.q
      .selectFrom('goal_assessment_event as e')
      .innerJoin('goal_assessment as a', 'a.id', 'e.assessment_id')
      .selectAll('e')
      .where('a.occasion_id', '=', occasion.id)
      .where('a.goal_id', '=', ref.goalId)
      .where('e.deleted_at', 'is', null)
      .orderBy('e.created_at')
      // Events of the same millisecond in the order they were written here.
      .orderBy(sql`e.rowid`),
  );
  return rows.map((e) => ({
    id: e.id,
    action: e.action,
    roundStatus: e.round_status,
    status: e.status as GoalStatus | null,
    forecast: e.forecast as GoalStatus | null,
    text: e.text,
    note: e.note,
    author: e.author,
    at: e.created_at,
    site: e.updated_by_site,
  }));
}
