import type { Db } from '../../../db/index';
import { MONTH_COLUMNS } from '../budget/lines';
import { RamkollError } from '../../../db/errors';
import type { BudgetRoundAction, BudgetRoundTable, OrgLevel, Role, RoundStatus } from '../../../db/schema';
import { CHEF_ROLES, isChef } from '../../../shared/roles';
import { Org, loadVersion } from '../budget/planning-common';
import { stockholmDate } from '../../../shared/dates';
import { assertMayRead, frameOf, proposedTotals, ROUND_ACTION_NAMES, ROUND_STATUS_NAMES, subtreeCodes, type RoundActor } from './model';

const MONTHS = MONTH_COLUMNS;

export interface RoundEvent {
  action: BudgetRoundAction;
  actionName: string;
  status: RoundStatus;
  note: string | null;
  overFrameOre: number | null;
  /** Who: the user's name, and the site (installation) it was written on. */
  author: string;
  site: string;
  /** When: ISO time. */
  at: string;
}

export interface RoundNodeSummary {
  code: string;
  name: string;
  level: OrgLevel | null;
  status: RoundStatus | 'missing';
  statusName: string;
  handedIn: boolean;
  /** The last day from the planning calendar (the detaljbudget step for the node's level), or null. */
  deadline: string | null;
  late: boolean;
  frameOre: number | null;
  /** The node's year total in the version today, and as it would be with its pending proposal. */
  versionOre: number;
  proposedOre: number;
  /** proposedOre − versionOre: what approving the pending proposal would change. */
  differenceOre: number;
  overFrameOre: number;
  pendingLines: number;
  pendingChanges: number;
  returnNote: string | null;
  history: RoundEvent[];
}

export interface BudgetRoundOverview {
  kind: 'budget';
  versionId: string;
  versionName: string;
  year: number;
  locked: boolean;
  today: string;
  /** Who looks: the controller reviews (approves, sends back); a chef writes the proposal of its own node. */
  viewer: { role: Role; scopeCode: string | null; reviews: boolean };
  nodes: RoundNodeSummary[];
}

const LEVEL_ACTOR: Record<OrgLevel, string> = { unit: 'unit', operation: 'operation', sector: 'sector', administration: 'controller' };

/** The last day of the detaljbudget for a node's level in the planning calendar of the version's year (any level's when its own has none). */
export function deadlineFor(db: Db, year: number, level: OrgLevel | null): string | null {
  const steps = db.prepare("SELECT due_on, actor FROM planning_step WHERE year = ? AND kind = 'detail_budget' AND deleted_at IS NULL ORDER BY due_on").all(year) as { due_on: string; actor: string }[];
  const own = level ? steps.find((s) => s.actor === LEVEL_ACTOR[level]) : undefined;
  return (own ?? steps[0])?.due_on ?? null;
}

function history(db: Db, round: string): RoundEvent[] {
  const rows = db.prepare('SELECT action, status, note, over_frame_ore, author, updated_by_site, acted_at FROM budget_round_event WHERE round_id = ? AND deleted_at IS NULL ORDER BY acted_at, rowid').all(round) as {
    action: BudgetRoundAction;
    status: RoundStatus;
    note: string | null;
    over_frame_ore: number | null;
    author: string;
    updated_by_site: string;
    acted_at: string;
  }[];
  const siteName = db.prepare('SELECT name FROM site WHERE id = ?').pluck();
  return rows.map((r) => ({
    action: r.action,
    actionName: ROUND_ACTION_NAMES[r.action],
    status: r.status,
    note: r.note,
    overFrameOre: r.over_frame_ore,
    author: r.author,
    site: (siteName.get(r.updated_by_site) as string | undefined) ?? r.updated_by_site,
    at: r.acted_at,
  }));
}

function summary(db: Db, org: Org, version: { id: string; year: number }, code: string, round: BudgetRoundTable | undefined, today: string): RoundNodeSummary {
  const node = org.node(code);
  const codes = subtreeCodes(org, code);
  const { versionOre, proposedOre } = proposedTotals(db, version.id, round?.id ?? null, codes);
  const frameOre = frameOf(db, version.id, node.id);
  const count = (table: string) => (round ? (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL`).get(round.id) as { n: number }).n : 0);
  const status = round?.status ?? 'missing';
  const deadline = deadlineFor(db, version.year, node.level);
  const handedIn = status === 'submitted' || status === 'approved';
  return {
    code,
    name: node.name,
    level: node.level,
    status,
    statusName: ROUND_STATUS_NAMES[status],
    handedIn,
    deadline,
    late: deadline !== null && deadline < today && !handedIn,
    frameOre,
    versionOre,
    proposedOre,
    differenceOre: proposedOre - versionOre,
    overFrameOre: frameOre !== null && proposedOre > frameOre ? proposedOre - frameOre : 0,
    pendingLines: count('budget_round_line'),
    pendingChanges: count('budget_round_change'),
    returnNote: round?.return_note ?? null,
    history: round ? history(db, round.id) : [],
  };
}

/**
 * The round of a working version per node: the nodes that have a proposal,
 * and the nodes of the chefs this installation exchanges with (handed in or
 * not), each with its deadline, ram, proposed total, difference and history.
 * A chef sees the nodes of its own scope.
 */
export function budgetRoundOverview(db: Db, a: RoundActor, versionId: string): BudgetRoundOverview {
  if (a.role === 'ekonomi') throw new RamkollError('FORBIDDEN', 'Ekonomi tar inte del i förvaltningens budgetrunda; den får den godkända budgeten.');
  const version = loadVersion(db, versionId);
  const org = new Org(db);
  const today = stockholmDate(a.now);
  const rounds = db.prepare('SELECT r.*, v.code AS code FROM budget_round r JOIN dimension_value v ON v.id = r.responsibility_id WHERE r.version_id = ? AND r.deleted_at IS NULL').all(versionId) as (BudgetRoundTable & {
    code: string;
  })[];
  const byCode = new Map(rounds.map((r) => [r.code, r]));
  const codes = new Set(byCode.keys());
  // The chefs' nodes: those this installation knows as peers, and its own when it is a chef.
  const chefRoles = JSON.stringify(CHEF_ROLES);
  for (const s of db.prepare('SELECT scope_code FROM site WHERE role IN (SELECT value FROM json_each(?)) AND scope_code IS NOT NULL').all(chefRoles) as { scope_code: string }[]) {
    if (org.tree.byCode.has(s.scope_code)) codes.add(s.scope_code);
  }
  const visible = [...codes].filter((c) => a.role === 'controller' || (isChef(a.role) && a.scopeCode !== null && org.isUnder(c, a.scopeCode)));
  const order = new Map(org.ordered().map((o, i) => [o.node.code, i]));
  visible.sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0));
  return {
    kind: 'budget',
    versionId,
    versionName: version.name,
    year: version.year,
    locked: version.lockedAt !== null,
    today,
    viewer: { role: a.role, scopeCode: a.scopeCode, reviews: a.role === 'controller' },
    nodes: visible.map((c) => summary(db, org, version, c, byCode.get(c), today)),
  };
}

export interface RoundLineDiff {
  id: string;
  status: 'proposed' | 'approved';
  account: string;
  accountName: string | null;
  responsibility: string;
  dims: string;
  /** The kodsträng as text: konto, ansvar and the other dimensions. */
  coding: string;
  note: string | null;
  proposed: { yearOre: number; months: number[] };
  /** The version's line of the same kodsträng, or null when the proposal adds it. */
  version: { yearOre: number; months: number[] } | null;
  difference: { yearOre: number; months: number[] };
}

export interface RoundChangeRow {
  id: string;
  status: 'proposed' | 'approved';
  code: string;
  name: string;
  description: string;
  amountOre: number;
  planOre: [number, number];
}

export interface BudgetRoundNode extends RoundNodeSummary {
  versionId: string;
  versionName: string;
  year: number;
  locked: boolean;
  lines: RoundLineDiff[];
  changes: RoundChangeRow[];
  /** The node and the nodes below it: where the proposal's lines may lie. */
  codes: string[];
  /** The version's live lines of those nodes, for a proposal that starts from them. */
  versionLines: { account: string; responsibility: string; dims: string; yearOre: number; months: number[]; note: string | null }[];
}

/** One node's proposal line by line against the version (what a chef proposed and what the version holds), its VF proposals and history. */
export function budgetRoundNode(db: Db, a: RoundActor, versionId: string, code: string): BudgetRoundNode {
  const version = loadVersion(db, versionId);
  const org = new Org(db);
  const node = org.node(code);
  assertMayRead(a, org, code);
  const round = db.prepare('SELECT * FROM budget_round WHERE version_id = ? AND responsibility_id = ? AND deleted_at IS NULL').get(versionId, node.id) as BudgetRoundTable | undefined;
  const base = summary(db, org, version, code, round, stockholmDate(a.now));
  const lines: RoundLineDiff[] = [];
  const changes: RoundChangeRow[] = [];
  if (round) {
    const rows = db
      .prepare(
        `SELECT p.*, c.account_code, c.responsibility_code, c.dims, a.name AS account_name,
                b.year_ore AS v_year, ${MONTHS.map((m) => `b.${m} AS v_${m}`).join(', ')}, b.id AS v_id
         FROM budget_round_line p JOIN coding c ON c.id = p.coding_id
         LEFT JOIN account a ON a.code = c.account_code AND a.deleted_at IS NULL
         LEFT JOIN budget_line b ON b.version_id = ? AND b.coding_id = p.coding_id AND b.deleted_at IS NULL
         WHERE p.round_id = ? AND p.deleted_at IS NULL
         ORDER BY c.responsibility_code, c.account_code, c.dims`,
      )
      .all(versionId, round.id) as Record<string, unknown>[];
    for (const r of rows) {
      const proposed = { yearOre: r.year_ore as number, months: MONTHS.map((m) => r[m] as number) };
      const inVersion = r.v_id === null ? null : { yearOre: r.v_year as number, months: MONTHS.map((m) => r[`v_${m}`] as number) };
      const dims = r.dims as string;
      lines.push({
        id: r.id as string,
        status: r.status as 'proposed' | 'approved',
        account: r.account_code as string,
        accountName: (r.account_name as string | null) ?? null,
        responsibility: r.responsibility_code as string,
        dims,
        coding: [r.account_code, r.responsibility_code, dims].filter((x) => x !== '').join(' '),
        note: r.note as string | null,
        proposed,
        version: inVersion,
        difference: { yearOre: proposed.yearOre - (inVersion?.yearOre ?? 0), months: proposed.months.map((m, i) => m - (inVersion?.months[i] ?? 0)) },
      });
    }
    const vf = db
      .prepare(
        `SELECT x.id, x.status, v.code, v.name, x.description, x.amount_ore, x.plan1_ore, x.plan2_ore FROM budget_round_change x JOIN dimension_value v ON v.id = x.responsibility_id
         WHERE x.round_id = ? AND x.deleted_at IS NULL ORDER BY x.created_at, x.id`,
      )
      .all(round.id) as { id: string; status: 'proposed' | 'approved'; code: string; name: string; description: string; amount_ore: number; plan1_ore: number; plan2_ore: number }[];
    for (const c of vf) changes.push({ id: c.id, status: c.status, code: c.code, name: c.name, description: c.description, amountOre: c.amount_ore, planOre: [c.plan1_ore, c.plan2_ore] });
  }
  const codes = subtreeCodes(org, code);
  const versionLines = (
    db
      .prepare(
        `SELECT c.account_code, c.responsibility_code, c.dims, b.year_ore, ${MONTHS.map((m) => `b.${m}`).join(', ')}, b.note
         FROM budget_line b JOIN coding c ON c.id = b.coding_id
         WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code IN (SELECT value FROM json_each(?))
         ORDER BY c.responsibility_code, c.account_code, c.dims`,
      )
      .all(versionId, JSON.stringify(codes)) as Record<string, unknown>[]
  ).map((r) => ({
    account: r.account_code as string,
    responsibility: r.responsibility_code as string,
    dims: r.dims as string,
    yearOre: r.year_ore as number,
    months: MONTHS.map((m) => r[m] as number),
    note: r.note as string | null,
  }));
  return { ...base, versionId, versionName: version.name, year: version.year, locked: version.lockedAt !== null, lines, changes, codes, versionLines };
}

/**
 * The version a round is about when none is named: the newest unlocked
 * version that has a round, else the newest unlocked version.
 */
export function roundVersion(db: Db): string {
  const row = db
    .prepare(
      `SELECT v.id FROM budget_version v WHERE v.deleted_at IS NULL AND v.locked_at IS NULL
       ORDER BY EXISTS (SELECT 1 FROM budget_round r WHERE r.version_id = v.id AND r.deleted_at IS NULL) DESC, v.year DESC, v.created_at DESC LIMIT 1`,
    )
    .get() as { id: string } | undefined;
  if (!row) throw new RamkollError('NOT_FOUND', 'Det finns ingen olåst budgetversion att ha en budgetrunda i. Skapa en arbetsversion först.');
  return row.id;
}
