import type { Db } from '../../../db/index';
import { MONTH_COLUMNS } from '../budget/lines';
import { RamkollError } from '../../../db/errors';
import type { BudgetRoundChangeTable, BudgetRoundLineTable } from '../../../db/schema';
import { bulkWriteLines } from '../budget/bulk-write';
import { bulkCaptured } from '../exchange/bulk-capture';
import { newSortableIds } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { assertController, assertOpen, frameOf, logEvent, proposedTotals, roundTarget, setStatus, subtreeCodes, type RoundActor, type RoundTarget } from './model';
import { overFrameRefusal } from './proposal';

const MONTHS = MONTH_COLUMNS;

function submitted(t: RoundTarget, doing: string): string {
  const what = `Budgetförslaget för ${t.node.code} ${t.node.name}`;
  if (!t.round) throw new RamkollError('NOT_FOUND', `${what} finns inte: chefen har inte skrivit något.`);
  if (t.round.status !== 'submitted') {
    const state = t.round.status === 'approved' ? 'redan godkänt' : t.round.status === 'returned' ? 'återskickat och inte inlämnat igen' : 'inte inlämnat';
    throw new RamkollError('CONFLICT', `${what} är ${state}; det går bara att ${doing} ett inlämnat förslag.`);
  }
  return t.round.id;
}

/** Sends a handed-in proposal back to its chef with a note saying what to correct (inlämnad → återskickad). */
export function returnProposal(db: Db, a: RoundActor, input: { versionId: string; code: string; note: string }): { roundId: string } {
  return db.tx(() => {
    const t = roundTarget(db, input.versionId, input.code);
    assertController(a, 'skicka tillbaka budgetförslag');
    assertOpen(t);
    const id = submitted(t, 'skicka tillbaka');
    const note = input.note.replace(/\r\n/g, '\n').trim();
    if (note === '') throw new RamkollError('INVALID_INPUT', 'Skriv vad chefen ska rätta: ett förslag skickas alltid tillbaka med ett meddelande.', [{ column: 'meddelande', message: 'meddelandet saknas' }]);
    if (note.length > TEXT_LIMITS.comment) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${TEXT_LIMITS.comment} tecken (det har ${note.length}).`, [{ column: 'meddelande', message: 'för långt' }]);
    setStatus(db, a, id, 'returned', note);
    logEvent(db, a, id, 'returned', 'returned', note, null);
    return { roundId: id };
  });
}

export interface ApproveInput {
  versionId: string;
  code: string;
  /** Approve only these proposed lines and changes (per row); both left out: the whole proposal. */
  lineIds?: readonly string[];
  changeIds?: readonly string[];
  /** The user has seen that the node goes over its ram with these rows and approves all the same. */
  overFrameOk?: boolean;
  note?: string | null;
}

/**
 * Approves a handed-in proposal, whole or per row: the approved lines are
 * written into the version (a line of the same kodsträng takes the proposed
 * year and months; a new kodsträng becomes a new line) and the approved
 * verksamhetsförändringar join its VF-lista as proposed measures, each set
 * with one bulk write (budget/bulk-write.ts, exchange/bulk-capture.ts) in one
 * transaction; the handler takes a backup first. The version then holds
 * exactly what was approved; rows not approved stay in the proposal. When
 * nothing proposed is left the node is godkänd.
 */
export function approveProposal(db: Db, a: RoundActor, input: ApproveInput): { roundId: string; lines: number; changes: number; status: 'submitted' | 'approved'; overFrameOre: number } {
  return db.tx(() => {
    const t = roundTarget(db, input.versionId, input.code);
    assertController(a, 'godkänna budgetförslag');
    assertOpen(t);
    const id = submitted(t, 'godkänna');
    const whole = input.lineIds === undefined && input.changeIds === undefined;
    const allLines = db.prepare("SELECT * FROM budget_round_line WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL").all(id) as BudgetRoundLineTable[];
    const allChanges = db.prepare("SELECT * FROM budget_round_change WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL").all(id) as BudgetRoundChangeTable[];
    const pick = <R extends { id: string }>(rows: R[], ids: readonly string[] | undefined, what: string): R[] => {
      if (whole) return rows;
      const byId = new Map(rows.map((r) => [r.id, r]));
      return (ids ?? []).map((x) => {
        const r = byId.get(x);
        if (!r) throw new RamkollError('NOT_FOUND', `${what} ${x} finns inte bland förslagets ej godkända rader (den kan redan vara godkänd eller ändrad). Ladda om.`);
        return r;
      });
    };
    const lines = pick(allLines, input.lineIds, 'Budgetraden');
    const changes = pick(allChanges, input.changeIds, 'Verksamhetsförändringen');
    if (lines.length + changes.length === 0) throw new RamkollError('INVALID_INPUT', 'Det finns inga rader att godkänna: välj minst en rad.');

    // The ram check as it will be: the version's lines of the node with the rows approved now written in.
    const frameOre = frameOf(db, t.version.id, t.node.id);
    const codes = subtreeCodes(t.org, t.node.code);
    const { versionOre } = proposedTotals(db, t.version.id, null, codes);
    const codeSet = new Set(codes);
    const codingCode = db.prepare('SELECT responsibility_code AS code FROM coding WHERE id = ?').pluck();
    const current = db.prepare('SELECT id, year_ore FROM budget_line WHERE version_id = ? AND coding_id = ? AND deleted_at IS NULL');
    let afterOre = versionOre;
    const targets = lines.map((l) => {
      const line = current.get(t.version.id, l.coding_id) as { id: string; year_ore: number } | undefined;
      if (codeSet.has(codingCode.get(l.coding_id) as string)) afterOre += l.year_ore - (line?.year_ore ?? 0);
      return { proposal: l, lineId: line?.id ?? null };
    });
    const overOre = frameOre !== null && afterOre > frameOre ? afterOre - frameOre : 0;
    if (overOre > 0 && input.overFrameOk !== true) throw overFrameRefusal(t, { frameOre, proposedOre: afterOre, overOre }, 'Godkänn det');

    const at = a.now.toISOString();
    const ms = a.now.getTime();
    const fresh = newSortableIds(targets.filter((x) => x.lineId === null).length, ms);
    let k = 0;
    const written = targets.map((x) => ({ ...x, lineId: x.lineId ?? fresh[k++]!, isNew: x.lineId === null }));
    if (written.length > 0) {
      bulkWriteLines(db, written.map((w) => w.lineId), () => {
        const update = db.prepare(`UPDATE budget_line SET year_ore = ?, ${MONTHS.map((m) => `${m} = ?`).join(', ')}, manual = 1, updated_at = ?, updated_by_site = ? WHERE id = ?`);
        const insert = db.prepare(
          `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTHS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
           VALUES (?, ?, ?, NULL, ?, ${MONTHS.map(() => '?').join(', ')}, 1, ?, ?, ?, ?, NULL)`,
        );
        for (const w of written) {
          const p = w.proposal;
          const months = MONTHS.map((m) => p[m]);
          if (w.isNew) insert.run(w.lineId, t.version.id, p.coding_id, p.year_ore, ...months, p.note, at, at, a.siteId);
          else update.run(p.year_ore, ...months, at, a.siteId, w.lineId);
        }
      });
    }
    if (changes.length > 0) {
      const ids = newSortableIds(changes.length, ms);
      const top = (db.prepare('SELECT coalesce(max(priority), 0) AS p FROM operational_change WHERE version_id = ? AND deleted_at IS NULL').get(t.version.id) as { p: number }).p;
      bulkCaptured(
        db,
        'operational_change',
        ids,
        () => {
          const insert = db.prepare(
            `INSERT INTO operational_change (id, version_id, responsibility_id, description, amount_ore, priority, status, budget_line_id, plan1_ore, plan2_ore, created_at, updated_at, updated_by_site, deleted_at)
             VALUES (?, ?, ?, ?, ?, ?, 'proposed', NULL, ?, ?, ?, ?, ?, NULL)`,
          );
          changes.forEach((c, i) => insert.run(ids[i], t.version.id, c.responsibility_id, c.description, c.amount_ore, top + i + 1, c.plan1_ore, c.plan2_ore, at, at, a.siteId));
        },
        { created: true },
      );
    }
    const markLine = db.prepare("UPDATE budget_round_line SET status = 'approved', updated_at = ?, updated_by_site = ? WHERE id = ?");
    for (const l of lines) markLine.run(at, a.siteId, l.id);
    const markChange = db.prepare("UPDATE budget_round_change SET status = 'approved', updated_at = ?, updated_by_site = ? WHERE id = ?");
    for (const c of changes) markChange.run(at, a.siteId, c.id);

    const done = lines.length === allLines.length && changes.length === allChanges.length;
    const note = input.note?.trim() ? input.note.trim().slice(0, TEXT_LIMITS.comment) : null;
    if (done) {
      setStatus(db, a, id, 'approved', null);
      logEvent(db, a, id, 'approved', 'approved', note, overOre > 0 ? overOre : null);
    } else {
      const counted = `${lines.length} ${lines.length === 1 ? 'budgetrad' : 'budgetrader'} och ${changes.length} ${changes.length === 1 ? 'verksamhetsförändring' : 'verksamhetsförändringar'} godkända`;
      logEvent(db, a, id, 'approved_rows', 'submitted', note ? `${counted}: ${note}` : counted, overOre > 0 ? overOre : null);
    }
    return { roundId: id, lines: lines.length, changes: changes.length, status: done ? 'approved' : 'submitted', overFrameOre: overOre };
  });
}
