import type { Db } from '../../../db/index';
import { MONTH_COLUMNS } from '../budget/lines';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { BudgetRoundChangeTable, BudgetRoundLineTable } from '../../../db/schema';
import { Accounts, kronor } from '../budget/planning-common';
import { periodise } from '../budget/profiles';
import { canonicalDims, CodingResolver } from '../coding';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { assertChefMayWrite } from '../rounds/write-settings';
import { assertMayPropose, assertOpen, frameOf, logEvent, proposedTotals, roundId, roundTarget, setStatus, subtreeCodes, type RoundActor, type RoundTarget } from './model';

const MONTHS = MONTH_COLUMNS;

export interface ProposalLineInput {
  account: string;
  /** The line's ansvar: the round's node or one below it. */
  responsibility: string;
  dims?: Readonly<Record<string, string>>;
  yearOre: number;
  /** Twelve months summing to the year; left out: the year spread evenly (jämn). */
  months?: readonly number[];
  note?: string | null;
}

export interface ProposalChangeInput {
  /** An existing proposed change of this round to update; left out: a new one. */
  id?: string;
  responsibility: string;
  description: string;
  /** Effect on the net cost per year: the budget year, plan year 1 and 2 (negative: a saving). */
  amountOre: number;
  plan1Ore: number;
  plan2Ore: number;
}

export interface ProposalInput {
  versionId: string;
  /** The node whose proposal this is. */
  code: string;
  /** The proposal's lines as a whole: lines of the proposal left out are removed (approved ones stay). */
  lines: readonly ProposalLineInput[];
  changes: readonly ProposalChangeInput[];
}

const safe = (n: number) => Number.isSafeInteger(n);

/** Checks every line and change, naming each problem's row, before anything is written. */
function check(t: RoundTarget, accounts: Accounts, input: ProposalInput): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const seen = new Map<string, number>();
  input.lines.forEach((l, i) => {
    const row = i + 1;
    const at = (column: string, message: string, value?: string) => problems.push({ line: row, column, message, ...(value !== undefined ? { value } : {}) });
    if (!accounts.byCode.has(l.account)) at('konto', `kontot ${l.account} finns inte i kontoplanen`, l.account);
    if (!t.org.tree.byCode.has(l.responsibility)) at('ansvar', `ansvaret ${l.responsibility} finns inte i organisationen`, l.responsibility);
    else if (!t.org.isUnder(l.responsibility, t.node.code)) at('ansvar', `ansvaret ${l.responsibility} ligger inte under ${t.node.code} ${t.node.name}`, l.responsibility);
    if (!safe(l.yearOre)) at('helår', 'beloppet ska vara ett heltal öre');
    if (l.months !== undefined) {
      if (l.months.length !== 12 || !l.months.every(safe)) at('månader', 'ange tolv månadsbelopp i öre');
      else {
        const sum = l.months.reduce((s, m) => s + m, 0);
        if (sum !== l.yearOre) at('månader', `månaderna summerar till ${kronor(sum)} men helåret är ${kronor(l.yearOre)}`);
      }
    }
    if ((l.note ?? '').length > TEXT_LIMITS.note) at('anteckning', `anteckningen får vara högst ${TEXT_LIMITS.note} tecken`);
    const key = `${l.account}\u0000${l.responsibility}\u0000${canonicalDims(l.dims ?? {})}`;
    const first = seen.get(key);
    if (first !== undefined) at('kodsträng', `samma kodsträng som rad ${first}: en rad per kodsträng`);
    else seen.set(key, row);
  });
  input.changes.forEach((c, i) => {
    const at = (column: string, message: string) => problems.push({ column: `verksamhetsförändring ${i + 1}: ${column}`, message });
    if (!t.org.tree.byCode.has(c.responsibility)) at('ansvar', `ansvaret ${c.responsibility} finns inte i organisationen`);
    else if (!t.org.isUnder(c.responsibility, t.node.code)) at('ansvar', `ansvaret ${c.responsibility} ligger inte under ${t.node.code} ${t.node.name}`);
    if (c.description.trim() === '') at('beskrivning', 'beskriv förändringen');
    if (c.description.length > TEXT_LIMITS.comment) at('beskrivning', `beskrivningen får vara högst ${TEXT_LIMITS.comment} tecken`);
    if (![c.amountOre, c.plan1Ore, c.plan2Ore].every(safe)) at('effekt', 'effekten ska vara heltal öre per år');
  });
  return problems;
}

/**
 * Writes a node's proposal as a whole: its budget lines (one per kodsträng,
 * matched to the proposal's earlier lines by kodsträng) and its proposed
 * verksamhetsförändringar. Only while the proposal is an utkast or sent back
 * (a godkänd one is opened again as an utkast; an inlämnad one waits for the
 * controller). Approved rows are the version's now and stay as they are.
 * Nothing is written when any row is wrong.
 */
export function saveProposal(db: Db, a: RoundActor, input: ProposalInput): { roundId: string; lines: number; changes: number } {
  return db.tx(() => {
    const t = roundTarget(db, input.versionId, input.code);
    assertMayPropose(a, t.org, t.node.code);
    assertOpen(t);
    // The rights table and the controller's setting for this round (rounds/write-settings.ts).
    const round = { kind: 'budget' as const, ref: t.version.id };
    if (input.lines.length > 0) assertChefMayWrite(db, a, 'budget', t.node.code, round);
    if (input.changes.length > 0) assertChefMayWrite(db, a, 'vf', t.node.code, round);
    if (t.round?.status === 'submitted') {
      throw new RamkollError('CONFLICT', `Budgetförslaget för ${t.node.code} ${t.node.name} är inlämnat och kan inte ändras förrän controllern har godkänt det eller skickat tillbaka det.`);
    }
    const problems = check(t, new Accounts(db), input);
    if (problems.length > 0) {
      throw new RamkollError('INVALID_INPUT', `Budgetförslaget sparades inte: ${problems.map((p) => `${p.line !== undefined ? `rad ${p.line}, ` : ''}${p.column}: ${p.message}`).join('; ')}.`, problems);
    }
    const at = a.now.toISOString();
    const id = t.round?.id ?? roundId(input.versionId, t.node.id);
    if (!t.round) {
      db.prepare(
        `INSERT INTO budget_round (id, version_id, responsibility_id, status, return_note, author, created_at, updated_at, updated_by_site, deleted_at) VALUES (?, ?, ?, 'draft', NULL, ?, ?, ?, ?, NULL)`,
      ).run(id, input.versionId, t.node.id, a.user, at, at, a.siteId);
    } else if (t.round.status === 'approved') {
      setStatus(db, a, id, 'draft', undefined);
    }

    const codings = new CodingResolver(db);
    const existing = db.prepare("SELECT * FROM budget_round_line WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL").all(id) as BudgetRoundLineTable[];
    const byCoding = new Map(existing.map((r) => [r.coding_id, r]));
    const kept = new Set<string>();
    const update = db.prepare(`UPDATE budget_round_line SET year_ore = ?, ${MONTHS.map((m) => `${m} = ?`).join(', ')}, note = ?, updated_at = ?, updated_by_site = ? WHERE id = ?`);
    const insert = db.prepare(
      `INSERT INTO budget_round_line (id, round_id, coding_id, year_ore, ${MONTHS.join(', ')}, note, status, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (${new Array(MONTHS.length + 5).fill('?').join(', ')}, 'proposed', ?, ?, ?, NULL)`,
    );
    for (const l of input.lines) {
      const codingId = codings.idOf(l.account, l.responsibility, canonicalDims(l.dims ?? {}));
      const months = l.months ? [...l.months] : periodise(l.yearOre, new Array<number>(12).fill(1));
      const note = l.note?.trim() ? l.note.trim() : null;
      const old = byCoding.get(codingId);
      if (old) {
        kept.add(old.id);
        const same = old.year_ore === l.yearOre && MONTHS.every((m, i) => old[m] === months[i]) && old.note === note;
        if (!same) update.run(l.yearOre, ...months, note, at, a.siteId, old.id);
      } else {
        insert.run(newId(), id, codingId, l.yearOre, ...months, note, at, at, a.siteId);
      }
    }
    const drop = db.prepare('UPDATE budget_round_line SET deleted_at = ?, updated_at = ?, updated_by_site = ? WHERE id = ?');
    for (const r of existing) if (!kept.has(r.id)) drop.run(at, at, a.siteId, r.id);

    const oldChanges = db.prepare("SELECT * FROM budget_round_change WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL").all(id) as BudgetRoundChangeTable[];
    const changeById = new Map(oldChanges.map((c) => [c.id, c]));
    const keptChanges = new Set<string>();
    for (const c of input.changes) {
      const nodeId = t.org.tree.byCode.get(c.responsibility)!.id;
      const description = c.description.trim();
      const old = c.id !== undefined ? changeById.get(c.id) : undefined;
      if (c.id !== undefined && !old) throw new RamkollError('NOT_FOUND', `Verksamhetsförändringen "${description}" finns inte längre i förslaget (den kan vara godkänd eller borttagen). Ladda om och gör om ändringen.`);
      if (old) {
        keptChanges.add(old.id);
        if (old.responsibility_id !== nodeId || old.description !== description || old.amount_ore !== c.amountOre || old.plan1_ore !== c.plan1Ore || old.plan2_ore !== c.plan2Ore) {
          db.prepare('UPDATE budget_round_change SET responsibility_id = ?, description = ?, amount_ore = ?, plan1_ore = ?, plan2_ore = ?, updated_at = ?, updated_by_site = ? WHERE id = ?').run(
            nodeId,
            description,
            c.amountOre,
            c.plan1Ore,
            c.plan2Ore,
            at,
            a.siteId,
            old.id,
          );
        }
      } else {
        db.prepare(
          `INSERT INTO budget_round_change (id, round_id, responsibility_id, description, amount_ore, plan1_ore, plan2_ore, status, created_at, updated_at, updated_by_site, deleted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?, NULL)`,
        ).run(newId(), id, nodeId, description, c.amountOre, c.plan1Ore, c.plan2Ore, at, at, a.siteId);
      }
    }
    const dropChange = db.prepare('UPDATE budget_round_change SET deleted_at = ?, updated_at = ?, updated_by_site = ? WHERE id = ?');
    for (const c of oldChanges) if (!keptChanges.has(c.id)) dropChange.run(at, at, a.siteId, c.id);
    return { roundId: id, lines: input.lines.length, changes: input.changes.length };
  });
}

/** How far the node's proposal goes over its ram (0 within it, or when it has none). */
export function overFrame(db: Db, t: RoundTarget, round: string): { frameOre: number | null; proposedOre: number; overOre: number } {
  const frameOre = frameOf(db, t.version.id, t.node.id);
  const { proposedOre } = proposedTotals(db, t.version.id, round, subtreeCodes(t.org, t.node.code));
  return { frameOre, proposedOre, overOre: frameOre !== null && proposedOre > frameOre ? proposedOre - frameOre : 0 };
}

export function overFrameRefusal(t: RoundTarget, o: { frameOre: number | null; proposedOre: number; overOre: number }, what: string): RamkollError {
  return new RamkollError(
    'CONFLICT',
    `Budgetförslaget för ${t.node.code} ${t.node.name} ligger ${kronor(o.overOre)} över ramen (ram ${kronor(o.frameOre ?? 0)}, förslag ${kronor(o.proposedOre)}). ` +
      `${what} bara om det ska gälla trots det: bekräfta att det är över ramen, så sparas bekräftelsen i historiken.`,
    [{ column: t.node.code, value: String(o.overOre), message: `${kronor(o.overOre)} över ramen` }],
  );
}

/**
 * Hands the node's proposal in (utkast or återskickad → inlämnad). Over the
 * node's ram it is handed in only when the chef confirms it (`overFrameOk`),
 * as a version is locked over its ram (budget/frame-ack.ts): a warning to
 * confirm, not a stop; the history keeps by how much.
 */
export function submitProposal(db: Db, a: RoundActor, input: { versionId: string; code: string; overFrameOk?: boolean }): { roundId: string; overFrameOre: number } {
  return db.tx(() => {
    const t = roundTarget(db, input.versionId, input.code);
    assertMayPropose(a, t.org, t.node.code);
    assertOpen(t);
    assertChefMayWrite(db, a, 'budget', t.node.code, { kind: 'budget', ref: t.version.id });
    const what = `Budgetförslaget för ${t.node.code} ${t.node.name}`;
    if (!t.round) throw new RamkollError('NOT_FOUND', `${what} finns inte: skriv förslagets rader först.`);
    if (t.round.status === 'submitted') throw new RamkollError('CONFLICT', `${what} är redan inlämnat.`);
    if (t.round.status === 'approved') throw new RamkollError('CONFLICT', `${what} är redan godkänt. Ändra det för att lämna in ett nytt.`);
    const pending = db.prepare(
      "SELECT (SELECT count(*) FROM budget_round_line WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL) + (SELECT count(*) FROM budget_round_change WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL) AS n",
    ).get(t.round.id, t.round.id) as { n: number };
    if (pending.n === 0) throw new RamkollError('INVALID_INPUT', `${what} har inga rader att lämna in. Skriv budgetrader eller verksamhetsförändringar först.`);
    const o = overFrame(db, t, t.round.id);
    if (o.overOre > 0 && input.overFrameOk !== true) throw overFrameRefusal(t, o, 'Lämna in det');
    setStatus(db, a, t.round.id, 'submitted', undefined);
    logEvent(db, a, t.round.id, 'submitted', 'submitted', null, o.overOre > 0 ? o.overOre : null);
    return { roundId: t.round.id, overFrameOre: o.overOre };
  });
}
