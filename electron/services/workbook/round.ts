import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { BudgetRoundChangeTable, BudgetRoundLineTable } from '../../../db/schema';
import { MONTH_COLUMNS } from '../budget/lines';
import { approveProposal, returnProposal } from '../budget-round/review';
import { assertOpen, logEvent, roundId, roundTarget, setStatus, type RoundActor } from '../budget-round/model';
import { CodingResolver } from '../coding';
import { newId } from '../ids';
import type { WorkbookChange, WorkbookFile } from './types';

/**
 * A budget workbook joins the budget round (issue 18, points 2 and 3): a
 * chef who answers by Excel takes part in the same round as one in Ramkoll.
 * Reading a file back and accepting its budget changes is the node's
 * hand-in (the history: inlämnad, "via arbetsbok <file>") and approval in one: the file's
 * budget lines and new VF proposals become the round's own proposal rows
 * (budget_round_line / budget_round_change) and the round's approveProposal
 * writes the accepted ones into the version, so there is one path for both.
 * What was not accepted stays proposed in the round (the node stays
 * inlämnad), as after a per-row approval there. Sending a file back records
 * the hand-in and the return with its note; nothing of the file is written.
 */

/** The ops that are budget-round rows; edits of the version's existing VF rows go through the VF list as before. */
export const isRoundOp = (c: WorkbookChange) => c.op.t === 'month' || c.op.t === 'lineMonths' || c.op.t === 'newLine' || c.op.t === 'newChange';

/** Makes sure the node has its round row (a workbook chef never wrote one) and hands the file in. */
function handIn(db: Db, a: RoundActor, versionId: string, node: string, file: string): { id: string; code: string; nodeId: (code: string) => string } {
  const t = roundTarget(db, versionId, node);
  assertOpen(t);
  const at = a.now.toISOString();
  const id = t.round?.id ?? roundId(versionId, t.node.id);
  if (!t.round) {
    db.prepare(
      `INSERT INTO budget_round (id, version_id, responsibility_id, status, return_note, author, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, 'draft', NULL, ?, ?, ?, ?, NULL)`,
    ).run(id, versionId, t.node.id, a.user, at, at, a.siteId);
  }
  setStatus(db, a, id, 'submitted', undefined);
  logEvent(db, a, id, 'submitted', 'submitted', `via arbetsbok ${file}`, null);
  return { id, code: t.node.code, nodeId: (code) => t.org.node(code).id };
}

interface LineGroup {
  codingId: number;
  months: number[];
  accepted: boolean;
}

/** The file's budget changes as one proposed line per kodsträng: the line as it is now with the file's months. */
function lineGroups(db: Db, accepted: readonly WorkbookChange[], pending: readonly WorkbookChange[]): LineGroup[] {
  const codings = new CodingResolver(db);
  const current = db.prepare(`SELECT coding_id, ${MONTH_COLUMNS.join(', ')} FROM budget_line WHERE id = ?`);
  const groups = new Map<string, LineGroup>();
  const add = (c: WorkbookChange, isAccepted: boolean) => {
    const op = c.op;
    let key: string;
    let start: () => LineGroup;
    if (op.t === 'newLine') {
      key = `new:${op.responsibility}:${op.account}`;
      start = () => ({ codingId: codings.idOf(op.account, op.responsibility, ''), months: [...op.months], accepted: isAccepted });
    } else if (op.t === 'month' || op.t === 'lineMonths') {
      key = `line:${op.lineId}`;
      start = () => {
        const row = current.get(op.lineId) as (Record<string, number> & { coding_id: number }) | undefined;
        if (!row) throw new RamkollError('NOT_FOUND', `${c.file}: budgetraden finns inte längre. Läs in filen igen.`);
        return { codingId: row.coding_id, months: MONTH_COLUMNS.map((m) => row[m]!), accepted: isAccepted };
      };
    } else return;
    const g = groups.get(key);
    // A kodsträng with any accepted change takes only the accepted ones; the file keeps the rest for a later reading.
    if (g && g.accepted !== isAccepted) return;
    const group = g ?? start();
    if (op.t === 'month') group.months[op.month - 1] = op.ore;
    else if (op.t === 'lineMonths') group.months = [...op.months];
    groups.set(key, group);
  };
  for (const c of accepted) add(c, true);
  for (const c of pending) add(c, false);
  return [...groups.values()];
}

/** Writes the proposed rows (matched by kodsträng, and a VF by ansvar and description) and returns the ids of the accepted ones. */
function proposeRows(db: Db, a: RoundActor, round: string, nodeId: (code: string) => string, accepted: readonly WorkbookChange[], pending: readonly WorkbookChange[]): { lineIds: string[]; changeIds: string[] } {
  const at = a.now.toISOString();
  const lineIds: string[] = [];
  const existing = db.prepare("SELECT * FROM budget_round_line WHERE round_id = ? AND coding_id = ? AND status = 'proposed' AND deleted_at IS NULL");
  const update = db.prepare(`UPDATE budget_round_line SET year_ore = ?, ${MONTH_COLUMNS.map((m) => `${m} = ?`).join(', ')}, updated_at = ?, updated_by_site = ? WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO budget_round_line (id, round_id, coding_id, year_ore, ${MONTH_COLUMNS.join(', ')}, note, status, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (${new Array(MONTH_COLUMNS.length + 4).fill('?').join(', ')}, NULL, 'proposed', ?, ?, ?, NULL)`,
  );
  for (const g of lineGroups(db, accepted, pending)) {
    const year = g.months.reduce((s, m) => s + m, 0);
    const old = existing.get(round, g.codingId) as BudgetRoundLineTable | undefined;
    const id = old?.id ?? newId();
    if (old) update.run(year, ...g.months, at, a.siteId, id);
    else insert.run(id, round, g.codingId, year, ...g.months, at, at, a.siteId);
    if (g.accepted) lineIds.push(id);
  }
  const changeIds: string[] = [];
  const sameChange = db.prepare("SELECT * FROM budget_round_change WHERE round_id = ? AND responsibility_id = ? AND description = ? AND status = 'proposed' AND deleted_at IS NULL");
  const list = [...accepted.map((c) => ({ c, ok: true })), ...pending.map((c) => ({ c, ok: false }))];
  for (const { c, ok } of list) {
    const op = c.op;
    if (op.t !== 'newChange') continue;
    const resp = nodeId(op.responsibility);
    const old = sameChange.get(round, resp, op.description) as BudgetRoundChangeTable | undefined;
    const id = old?.id ?? newId();
    if (old) db.prepare('UPDATE budget_round_change SET amount_ore = ?, plan1_ore = ?, plan2_ore = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(...op.amounts, at, a.siteId, id);
    else {
      db.prepare(
        `INSERT INTO budget_round_change (id, round_id, responsibility_id, description, amount_ore, plan1_ore, plan2_ore, status, created_at, updated_at, updated_by_site, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?, NULL)`,
      ).run(id, round, resp, op.description, ...op.amounts, at, at, a.siteId);
    }
    if (ok) changeIds.push(id);
  }
  return { lineIds, changeIds };
}

export interface WorkbookHandIn {
  file: string;
  node: string;
  status: 'submitted' | 'approved';
}

/**
 * One file's budget changes through the round: hand-in, the rows proposed,
 * the accepted ones approved by approveProposal (which writes them into the
 * version and sets the node godkänd when nothing proposed is left). Call
 * inside the import's transaction. `others` counts the file's accepted
 * changes that are not round rows (edits of existing VF rows), so a file
 * with only those is still handed in and approved.
 */
export function approveWorkbook(
  db: Db,
  a: RoundActor,
  wb: WorkbookFile,
  accepted: readonly WorkbookChange[],
  pending: readonly WorkbookChange[],
  others: number,
  overFrameOk: boolean,
): WorkbookHandIn {
  if (wb.versionId === null) throw new RamkollError('INVALID_INPUT', `${wb.file}: arbetsboken har ingen budgetversion.`);
  const round = handIn(db, a, wb.versionId, wb.node, wb.file);
  const { lineIds, changeIds } = proposeRows(db, a, round.id, round.nodeId, accepted, pending);
  if (lineIds.length + changeIds.length > 0) {
    const r = approveProposal(db, a, { versionId: wb.versionId, code: round.code, lineIds, changeIds, overFrameOk });
    return { file: wb.file, node: round.code, status: r.status };
  }
  const left = db.prepare("SELECT (SELECT count(*) FROM budget_round_line WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL) + (SELECT count(*) FROM budget_round_change WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL) AS n").get(round.id, round.id) as { n: number };
  if (others > 0 && left.n === 0) {
    setStatus(db, a, round.id, 'approved', null);
    logEvent(db, a, round.id, 'approved', 'approved', null, null);
    return { file: wb.file, node: round.code, status: 'approved' };
  }
  return { file: wb.file, node: round.code, status: 'submitted' };
}

/** Only a workbook of a working version (a budget workbook, or an occasion's with the version's budget) is in the budget round. */
export function assertInRound(wb: WorkbookFile): void {
  if (wb.versionId === null) throw new RamkollError('INVALID_INPUT', `${wb.file}: arbetsboken har ingen budgetversion och hör inte till budgetrundan; den kan inte skickas tillbaka här.`);
}

/** Sends a budget workbook back with a note: the hand-in and the return are recorded for its node; nothing of the file is written. */
export function returnWorkbook(db: Db, a: RoundActor, wb: WorkbookFile, note: string): { node: string; roundId: string } {
  assertInRound(wb);
  if (note.trim() === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad chefen ska rätta: en arbetsbok skickas alltid tillbaka med ett meddelande.', [{ column: 'meddelande', message: 'meddelandet saknas' }]);
  return db.tx(() => {
    const round = handIn(db, a, wb.versionId!, wb.node, wb.file);
    returnProposal(db, a, { versionId: wb.versionId!, code: round.code, note });
    return { node: round.code, roundId: round.id };
  });
}

/** The note of a node's round that was sent back, for the next workbook's front sheet. */
export function returnNoteOf(db: Db, versionId: string, code: string): string | null {
  const { round } = roundTarget(db, versionId, code);
  return round?.status === 'returned' ? round.return_note : null;
}
