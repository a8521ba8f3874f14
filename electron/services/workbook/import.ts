import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { Actor } from '../followup/model';
import { applyWorkbookChanges, type AppliedWorkbook } from './apply';
import { diffWorkbooks, type FileRef } from './diff';
import type { WorkbookChange, WorkbookDiff } from './types';

export interface WorkbookImportResult extends WorkbookDiff {
  /** What was written; null when nothing was accepted (the database is unchanged). */
  accepted: AppliedWorkbook | null;
}

/** What to accept: every change (never a conflict), and changes or conflicts by id. */
export interface WorkbookAccept {
  all: boolean;
  ids: readonly string[];
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
  if (accept === null) return { ...diff, accepted: null };
  const byId = new Map<string, WorkbookChange>([...diff.changes, ...diff.conflicts].map((c) => [c.id, c]));
  const missing = accept.ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new RamkollError('CONFLICT', `${missing.length} av de valda ändringarna finns inte längre i filerna (de kan redan vara inlästa). Läs in filerna igen och välj på nytt.`, missing.slice(0, 20).map((id) => ({ value: id, message: 'ändringen finns inte' })));
  }
  const chosen = new Set<string>([...(accept.all ? diff.changes.map((c) => c.id) : []), ...accept.ids]);
  const accepted = [...byId.values()].filter((c) => chosen.has(c.id));
  if (accepted.length === 0) return { ...diff, accepted: null };
  await backup();
  const applied = db.tx(() => applyWorkbookChanges(db, actor, accepted));
  return { ...diff, accepted: applied };
}
