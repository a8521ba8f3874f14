import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { NodeRoundStatus } from '../../../db/schema';
import { mayApprove, writeRefusal } from '../../../shared/rights';
import { isChef } from '../../../shared/roles';
import { assertOpen, getOccasion } from '../followup/calendar';
import type { CountedKind } from '../followup/counted-forecast';
import { figureTree, type FigureNode } from '../followup/figures';
import type { Actor } from '../followup/model';
import { FORECAST_GROUPS, GROUP_INDEX } from '../followup/model';
import { parentIn } from '../followup/permissions';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { isClosed } from './write-settings';

/**
 * The prognos round of a reporting occasion (issue 18 point 2, its prognos
 * half): per node utkast → inlämnad → godkänd, or återskickad with a note,
 * with the history of who did what and when. The level above approves: a
 * verksamhetschef its enheter's prognos, a sektorchef its verksamheter's,
 * the controller the sektorer's and anything left unapproved.
 *
 * What counts in the förvaltning's prognos (`countedOre`) is the one rule
 * of followup/counted-forecast.ts, which every figure reads: a prognos
 * written by the controller counts at once; one a chef wrote counts once
 * approved (its approval keeps the amounts per account group, so a chef's
 * change made afterwards does not count until it is approved again: the
 * approved amounts count); never approved, the node counts as the sum of
 * the nodes below it, an enhet as utfall ack + återstående budget (as if
 * it were not written). The working prognos
 * (`prognosOre`) is shown beside it, so an unapproved prognos is seen as
 * such and never silently added up.
 */

export type ForecastRoundAction = 'submit' | 'reopen' | 'approve' | 'return';

export interface ForecastRoundEvent {
  status: NodeRoundStatus;
  note: string | null;
  by: string;
  at: string;
}

export interface ForecastRoundNode {
  code: string;
  name: string;
  level: string;
  depth: number;
  status: NodeRoundStatus;
  returnNote: string | null;
  /** The working prognos for the year (net, öre); null when the occasion has none. */
  prognosOre: number | null;
  /** The prognos as last approved; null when never approved. */
  approvedOre: number | null;
  /** The node's prognos as it counts in the förvaltning's prognos, and why: its working prognos, or (a chef's prognos not approved) what counts instead. */
  countedOre: number;
  counted: 'prognos' | CountedKind;
  /** Approved once, and the working prognos differs from what was approved. */
  changedSinceApproval: boolean;
  canSubmit: boolean;
  /** May take a handed-in prognos back to utkast (the writer, before the level above has acted). */
  canReopen: boolean;
  canApprove: boolean;
  /** May send it back with a note (the level above, once handed in or approved). */
  canReturn: boolean;
  history: ForecastRoundEvent[];
}

export interface ForecastRound {
  occasionId: string;
  occasionName: string;
  locked: boolean;
  nodes: ForecastRoundNode[];
  /** The förvaltning's prognos as it counts (approved prognos only), and the working prognos of the same nodes. */
  countedTotalOre: number;
  prognosTotalOre: number | null;
}

interface RoundRow {
  code: string;
  status: NodeRoundStatus;
  return_note: string | null;
}

const sumOf = (amounts: Record<string, number>) => Object.values(amounts).reduce((a, b) => a + b, 0);

/** The node's working prognos per account group (the groups a prognos is given for). */
function forecastAmounts(node: FigureNode): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of FORECAST_GROUPS) out[g] = node.groups[GROUP_INDEX[g]]!.forecastYear ?? 0;
  return out;
}

function loadRound(db: Db, occasionId: string) {
  const rows = db
    .prepare(
      `SELECT v.code, r.status, r.return_note FROM forecast_round r JOIN dimension_value v ON v.id = r.responsibility_id
       WHERE r.occasion_id = ? AND r.deleted_at IS NULL`,
    )
    .all(occasionId) as RoundRow[];
  const events = db
    .prepare(
      `SELECT v.code, e.status, e.note, e.amounts_json, e.by_name, e.at FROM forecast_round_event e JOIN dimension_value v ON v.id = e.responsibility_id
       WHERE e.occasion_id = ? AND e.deleted_at IS NULL ORDER BY e.at, e.rowid`,
    )
    .all(occasionId) as { code: string; status: NodeRoundStatus; note: string | null; amounts_json: string | null; by_name: string; at: string }[];
  const history = new Map<string, ForecastRoundEvent[]>();
  const approved = new Map<string, Record<string, number>>();
  for (const e of events) {
    history.set(e.code, [...(history.get(e.code) ?? []), { status: e.status, note: e.note, by: e.by_name, at: e.at }]);
    if (e.status === 'approved' && e.amounts_json !== null) approved.set(e.code, JSON.parse(e.amounts_json) as Record<string, number>);
  }
  return { rows: new Map(rows.map((r) => [r.code, r])), history, approved };
}

/** The round of an occasion: every node the actor sees, top down, with its status, figures and history. */
export function forecastRound(db: Db, actor: Actor, occasionId: string): ForecastRound {
  const occasion = getOccasion(db, occasionId);
  const tree = figureTree(db, { period: occasion.period, forecast: 'working' });
  const counted = figureTree(db, { period: occasion.period });
  const parentOf = parentIn(tree.org);
  const { rows, history, approved } = loadRound(db, occasion.id);
  const nodes: ForecastRoundNode[] = [];
  const open = occasion.lockedAt === null;
  const visit = (n: FigureNode) => {
    const row = rows.get(n.code);
    const status = row?.status ?? 'draft';
    const prognos = n.figures.forecastYear;
    const approvedAmounts = approved.get(n.code) ?? null;
    const writes = writeRefusal(actor, 'prognos', n.code, parentOf, isChef(actor.role) && isClosed(db, { kind: 'prognos', ref: occasion.id }, n.code, 'prognos')) === null;
    const approves = mayApprove(actor, n.code, parentOf);
    const countedNode = counted.byKey.get(n.key);
    nodes.push({
      code: n.code,
      name: n.name,
      level: n.level,
      depth: n.depth,
      status,
      returnNote: row?.return_note ?? null,
      prognosOre: prognos,
      approvedOre: approvedAmounts ? sumOf(approvedAmounts) : null,
      countedOre: countedNode?.figures.forecastYear ?? countedNode?.figures.budgetYear ?? 0,
      counted: counted.forecastPending.get(n.code)?.counted ?? 'prognos',
      changedSinceApproval: approvedAmounts !== null && sumOf(approvedAmounts) !== sumOf(forecastAmounts(n)),
      canSubmit: open && (status === 'draft' || status === 'returned') && writes,
      canReopen: open && status === 'submitted' && writes,
      canApprove: open && status !== 'approved' && approves && (actor.role === 'controller' || status === 'submitted'),
      canReturn: open && (status === 'submitted' || status === 'approved') && approves,
      history: history.get(n.code) ?? [],
    });
    for (const c of n.children) if (c.kind === 'node') visit(c);
  };
  for (const root of tree.roots) if (root.kind === 'node') visit(root);
  return {
    occasionId: occasion.id,
    occasionName: occasion.name,
    locked: !open,
    nodes,
    countedTotalOre: counted.total.forecastYear ?? counted.total.budgetYear,
    prognosTotalOre: tree.total.forecastYear,
  };
}

export interface ForecastActionInput {
  occasionId: string;
  code: string;
  action: ForecastRoundAction;
  note?: string | null;
}

/** Hands in, takes back, approves or returns a node's prognos; writes the status and one event of the history. */
export function actOnForecast(db: Db, actor: Actor, input: ForecastActionInput): ForecastRoundNode {
  const occasion = getOccasion(db, input.occasionId);
  assertOpen(occasion);
  // The approval keeps the prognos as written, not as it counted before.
  const tree = figureTree(db, { period: occasion.period, forecast: 'working' });
  const node = tree.byKey.get(`n:${encodeURIComponent(input.code)}`);
  const orgNode = tree.org.byCode.get(input.code);
  if (!node || !orgNode) throw new RamkollError('NOT_FOUND', `Ansvar ${input.code} finns inte i organisationen.`, [{ column: 'Ansvar', value: input.code, message: 'okänt ansvar' }]);
  const parentOf = parentIn(tree.org);
  const current = (db.prepare('SELECT status FROM forecast_round WHERE occasion_id = ? AND responsibility_id = ? AND deleted_at IS NULL').pluck().get(occasion.id, orgNode.id) as NodeRoundStatus | undefined) ?? 'draft';
  const note = input.note?.trim() || null;
  const fail = (message: string): never => {
    throw new RamkollError('INVALID_INPUT', message, [{ column: 'Status', value: current, message }]);
  };
  let next: NodeRoundStatus;
  if (input.action === 'submit' || input.action === 'reopen') {
    const refusal = writeRefusal(actor, 'prognos', input.code, parentOf, isChef(actor.role) && isClosed(db, { kind: 'prognos', ref: occasion.id }, input.code, 'prognos'));
    if (refusal) throw new RamkollError('FORBIDDEN', refusal);
    if (input.action === 'submit' && current !== 'draft' && current !== 'returned') fail(`Prognosen för ${input.code} är redan ${current === 'approved' ? 'godkänd' : 'inlämnad'}.`);
    if (input.action === 'reopen' && current !== 'submitted') fail(`Bara en inlämnad prognos kan tas tillbaka; prognosen för ${input.code} är ${STATUS_WORD[current]}.`);
    next = input.action === 'submit' ? 'submitted' : 'draft';
  } else {
    if (!mayApprove(actor, input.code, parentOf)) {
      throw new RamkollError('FORBIDDEN', `Den här installationen får inte godkänna eller återskicka prognosen för ansvar ${input.code}; det gör nivån ovanför.`);
    }
    if (input.action === 'approve') {
      if (current === 'approved') fail(`Prognosen för ${input.code} är redan godkänd.`);
      // The controller approves what is left at the top even if it was never handed in; a chef what was handed in to it.
      if (current !== 'submitted' && actor.role !== 'controller') fail(`Prognosen för ${input.code} är inte inlämnad än (${STATUS_WORD[current]}).`);
      next = 'approved';
    } else {
      if (current !== 'submitted' && current !== 'approved') fail(`Bara en inlämnad eller godkänd prognos kan återskickas; prognosen för ${input.code} är ${STATUS_WORD[current]}.`);
      if (note === null) throw new RamkollError('INVALID_INPUT', 'Skriv vad som ska rättas när du återskickar prognosen.', [{ column: 'Meddelande', message: 'meddelandet saknas' }]);
      next = 'returned';
    }
  }
  if (note !== null && note.length > TEXT_LIMITS.comment) throw new RamkollError('INVALID_INPUT', `Meddelandet får vara högst ${TEXT_LIMITS.comment} tecken.`, [{ column: 'Meddelande', message: 'för långt' }]);
  const at = actor.now.toISOString();
  const amounts = next === 'approved' ? JSON.stringify(forecastAmounts(node)) : null;
  db.tx(() => {
    const id = (db.prepare('SELECT id FROM forecast_round WHERE occasion_id = ? AND responsibility_id = ?').pluck().get(occasion.id, orgNode.id) as string | undefined) ?? null;
    const returnNote = next === 'returned' ? note : null;
    if (id === null) {
      db.prepare(
        `INSERT INTO forecast_round (id, occasion_id, responsibility_id, status, return_note, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      ).run(newId(), occasion.id, orgNode.id, next, returnNote, at, at, actor.siteId);
    } else {
      db.prepare('UPDATE forecast_round SET status = ?, return_note = ?, deleted_at = NULL, updated_at = ?, updated_by_site = ? WHERE id = ?').run(next, returnNote, at, actor.siteId, id);
    }
    db.prepare(
      `INSERT INTO forecast_round_event (id, occasion_id, responsibility_id, status, note, amounts_json, by_name, at, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ).run(newId(), occasion.id, orgNode.id, next, note, amounts, actor.user, at, at, at, actor.siteId);
  });
  return forecastRound(db, actor, occasion.id).nodes.find((n) => n.code === input.code)!;
}

export const STATUS_WORD: Readonly<Record<NodeRoundStatus, string>> = { draft: 'utkast', submitted: 'inlämnad', approved: 'godkänd', returned: 'återskickad' };
