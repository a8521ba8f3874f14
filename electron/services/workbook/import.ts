import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Actor } from '../followup/model';
import { applyWorkbookChanges, type AppliedWorkbook } from './apply';
import { diffWorkbooks, type FileRef } from './diff';
import { approveWorkbook, assertInRound, isRoundOp, returnWorkbook, type WorkbookHandIn } from './round';
import type { WorkbookChange, WorkbookDiff } from './types';

export interface WorkbookImportResult extends WorkbookDiff {
  /** What was written; null when nothing was accepted (the database is unchanged). */
  accepted: AppliedWorkbook | null;
  /** Per file whose budget changes were accepted: its node and the status it has in the budget round now. */
  round: WorkbookHandIn[];
}

/** What to accept: every change (never a conflict), and changes or conflicts by id. */
export interface WorkbookAccept {
  all: boolean;
  ids: readonly string[];
  /** The controller has seen that a node goes over its ram with the accepted rows and approves all the same. */
  overFrameOk?: boolean;
}

/**
 * Reads the workbooks and, when asked, writes the accepted changes: after
 * a backup, in one transaction. The changes are always derived again from
 * the files, never taken from the caller, so an id only chooses among them.
 * Reading the same file after its changes were accepted finds nothing new.
 */
export async function importWorkbooks(db: Db, files: readonly FileRef[], actor: Actor, accept: WorkbookAccept | null, backup: () => Promise<unknown>): Promise<WorkbookImportResult> {
  if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', 'Bara controllerns installation läser in chefernas arbetsböcker.');
  const diff = await diffWorkbooks(db, files, actor.siteId);
  if (accept === null) return { ...diff, accepted: null, round: [] };
  const byId = new Map<string, WorkbookChange>([...diff.changes, ...diff.conflicts].map((c) => [c.id, c]));
  const missing = accept.ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new RamkollError('CONFLICT', `${missing.length} av de valda ändringarna finns inte längre i filerna (de kan redan vara inlästa). Läs in filerna igen och välj på nytt.`, missing.slice(0, 20).map((id) => ({ value: id, message: 'ändringen finns inte' })));
  }
  const chosen = new Set<string>([...(accept.all ? diff.changes.map((c) => c.id) : []), ...accept.ids]);
  const accepted = [...byId.values()].filter((c) => chosen.has(c.id));
  if (accepted.length === 0) return { ...diff, accepted: null, round: [] };
  await backup();
  const { applied, round } = db.tx(() => {
    // The budget changes go through the budget round, file by file (round.ts); the rest through the app's services.
    const round: WorkbookHandIn[] = [];
    for (const wb of diff.workbooks) {
      if (wb.versionId === null) continue;
      const mine = (c: WorkbookChange) => c.id.startsWith(`${wb.workbookId}:`);
      const taken = accepted.filter((c) => mine(c) && isRoundOp(c));
      const others = accepted.filter((c) => mine(c) && c.op.t === 'change').length;
      if (taken.length + others === 0) continue;
      const pending = diff.changes.filter((c) => mine(c) && isRoundOp(c) && !chosen.has(c.id));
      round.push(approveWorkbook(db, actor, wb, taken, pending, others, accept.overFrameOk === true));
    }
    const applied = applyWorkbookChanges(db, actor, accepted.filter((c) => !isRoundOp(c)));
    const lines = new Set(accepted.filter((c) => c.op.t !== 'newChange' && isRoundOp(c)).map((c) => (c.op.t === 'newLine' ? `${c.op.responsibility}:${c.op.account}` : 'lineId' in c.op ? c.op.lineId : '')));
    return { applied: { ...applied, applied: accepted.length, lines: applied.lines + lines.size, changes: applied.changes + accepted.filter((c) => c.op.t === 'newChange').length }, round };
  });
  return { ...diff, accepted: applied, round };
}

/**
 * Sends a budget workbook back to its chef with a note (round.ts): the
 * node's round records the hand-in and the return; nothing of the file is
 * written. The file must be identified as one of this database's
 * workbooks; errors in its rows do not stop a return (they are often why).
 */
export async function returnWorkbookFile(db: Db, file: FileRef, actor: Actor, note: string, backup: () => Promise<unknown>): Promise<{ file: string; node: string; note: string }> {
  if (actor.role !== 'controller') throw new RamkollError('FORBIDDEN', 'Bara controllerns installation skickar tillbaka chefernas arbetsböcker.');
  const diff = await diffWorkbooks(db, [file], actor.siteId);
  const wb = diff.workbooks[0];
  if (!wb) throw new RamkollError('BAD_FILE', `${diff.errors[0]?.text ?? 'Filen kunde inte identifieras som en arbetsbok från den här databasen'}.`, diff.errors.map((e) => ({ file: e.file, message: e.message })));
  assertInRound(wb);
  const text = note.replace(/\r\n/g, '\n').trim();
  if (text === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad chefen ska rätta: en arbetsbok skickas alltid tillbaka med ett meddelande.', [{ column: 'meddelande', message: 'meddelandet saknas' }]);
  await backup();
  const r = returnWorkbook(db, actor, wb, text);
  return { file: wb.file, node: r.node, note: text };
}
