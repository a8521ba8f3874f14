import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { newId, naturalId } from '../ids';
import { frameBalances, type FramePlanYear } from './frames';
import { assertVersionEditable, insertBudgetLines } from './lines';
import { codingText, lineText } from './unique-coding';
import { Accounts, kronor, loadVersion, Org, type PlanningMeta } from './planning-common';

export type ChangeStatus = 'proposed' | 'decided' | 'rejected';

export interface OperationalChange {
  id: string;
  priority: number;
  description: string;
  /** Effect on the net cost in the budget year: negative is a saving (or more revenue), positive an addition. */
  amountOre: number;
  /** The effect in plan year 1 and 2 (the budget year + 1, + 2): a measure from the autumn has its full effect later. */
  planOre: number[];
  status: ChangeStatus;
  responsibilityCode: string | null;
  responsibilityName: string | null;
  budgetLineId: string | null;
  /** The linked line as "konto ansvar: belopp", when it still exists. */
  budgetLineText: string | null;
  /** Savings: the running sum of proposed savings in priority order, and whether the ram is reached by this one. */
  cumulativeOre: number | null;
  /** Savings: enough (with those before it) to fit the ram. Additions: fits within the room. */
  fits: boolean | null;
}

export interface ChangesOverview {
  versionId: string;
  /** The budget year and the plan years, for the effect columns. */
  years: number[];
  locked: boolean;
  /** The node whose ram the list is measured against (the förvaltning unless one was chosen). */
  node: { code: string; name: string } | null;
  frameOre: number | null;
  budgetedOre: number;
  /** Decided changes not yet in the lines (no linked line): they will change the budget. */
  decidedNotInLinesOre: number;
  /** budgeted + decided changes not in lines. */
  projectedOre: number;
  /** How much must be saved to fit the ram (0 when it fits). */
  mustCutOre: number;
  /** Room under the ram plus the revenue increase asked about: what additions can use. */
  roomOre: number;
  revenueIncreaseOre: number;
  savings: OperationalChange[];
  additions: OperationalChange[];
  /** Decided and rejected changes, for the record. */
  settled: OperationalChange[];
  /** Proposed savings in priority order are not enough to fit the ram. */
  savingsShortOre: number;
  /** The node's plan years: ram, ram i kraft, the flerårsplan (decided measures included) and ram i kraft − plan. */
  planYears: FramePlanYear[];
}

/**
 * The VF-lista of a version measured against a ram: what must be cut to fit
 * it (proposed savings in priority order, marked until the ram is reached)
 * and what can be added if there is room or revenues rise (proposed
 * additions in priority order, marked while they fit).
 */
export function changesOverview(db: Db, versionId: string, opts: { nodeCode?: string | null; revenueIncreaseOre?: number } = {}): ChangesOverview {
  const version = loadVersion(db, versionId);
  const org = new Org(db);
  const balances = frameBalances(db, versionId);
  const nodeCode = opts.nodeCode ?? balances.nodes[0]?.code ?? null;
  const node = nodeCode === null ? null : balances.nodes.find((n) => n.code === nodeCode);
  if (nodeCode !== null && !node) throw new RamkollError('NOT_FOUND', `Ansvaret ${nodeCode} finns inte i organisationen.`);
  const frameOre = node?.frameOre ?? null;
  const budgetedOre = node?.budgetedOre ?? balances.totalBudgetedOre;

  const lines = new Map<string, string>();
  const rows = db.all(db.q.selectFrom('operational_change').selectAll().where('version_id', '=', versionId).where('deleted_at', 'is', null).orderBy('priority').orderBy('created_at'));
  const lineIds = rows.map((r) => r.budget_line_id).filter((x): x is string => x !== null);
  if (lineIds.length > 0) {
    for (const l of db.all(
      db.q
        .selectFrom('budget_line as b')
        .innerJoin('coding as c', 'c.id', 'b.coding_id')
        .select(['b.id', 'b.year_ore', 'c.account_code', 'c.responsibility_code'])
        .where('b.id', 'in', lineIds)
        .where('b.deleted_at', 'is', null),
    )) {
      lines.set(l.id, `${l.account_code} ${l.responsibility_code}: ${kronor(l.year_ore)}`);
    }
  }
  const inScope = (rid: string | null) => {
    if (nodeCode === null || nodeCode === balances.nodes[0]?.code) return true;
    const n = org.byIdOrNull(rid);
    return n !== null && org.isUnder(n.code, nodeCode);
  };
  const all: OperationalChange[] = rows
    .filter((r) => inScope(r.responsibility_id))
    .map((r) => {
      const n = org.byIdOrNull(r.responsibility_id);
      return {
        id: r.id,
        priority: r.priority,
        description: r.description,
        amountOre: r.amount_ore,
        planOre: [r.plan1_ore, r.plan2_ore],
        status: r.status,
        responsibilityCode: n?.code ?? null,
        responsibilityName: n?.name ?? null,
        budgetLineId: r.budget_line_id,
        budgetLineText: r.budget_line_id ? (lines.get(r.budget_line_id) ?? null) : null,
        cumulativeOre: null,
        fits: null,
      };
    });

  const decidedNotInLinesOre = all.filter((c) => c.status === 'decided' && c.budgetLineText === null).reduce((s, c) => s + c.amountOre, 0);
  const projectedOre = budgetedOre + decidedNotInLinesOre;
  const mustCutOre = frameOre === null ? 0 : Math.max(0, projectedOre - frameOre);
  const revenueIncreaseOre = opts.revenueIncreaseOre ?? 0;
  const roomOre = (frameOre === null ? 0 : Math.max(0, frameOre - projectedOre)) + revenueIncreaseOre;

  const savings = all.filter((c) => c.status === 'proposed' && c.amountOre < 0);
  let saved = 0;
  for (const c of savings) {
    const before = saved;
    saved += -c.amountOre;
    c.cumulativeOre = -saved;
    // Needed while the savings before it had not yet reached the ram.
    c.fits = mustCutOre > 0 && before < mustCutOre;
  }
  const additions = all.filter((c) => c.status === 'proposed' && c.amountOre >= 0);
  let used = 0;
  for (const c of additions) {
    used += c.amountOre;
    c.cumulativeOre = used;
    c.fits = used <= roomOre;
  }
  return {
    versionId,
    years: [version.year, version.year + 1, version.year + 2],
    locked: version.lockedAt !== null,
    node: node ? { code: node.code, name: node.name } : null,
    frameOre,
    budgetedOre,
    decidedNotInLinesOre,
    projectedOre,
    mustCutOre,
    roomOre,
    revenueIncreaseOre,
    savings,
    additions,
    settled: all.filter((c) => c.status !== 'proposed'),
    savingsShortOre: Math.max(0, mustCutOre - saved),
    planYears: node?.planYears ?? [],
  };
}

export interface ChangeInput {
  id?: string;
  versionId: string;
  description: string;
  amountOre: number;
  /** The effect in plan year 1 and 2; a new change without them goes on with the budget year's effect, an edit without them keeps them. */
  planOre?: readonly number[];
  status: ChangeStatus;
  responsibilityCode?: string | null;
  /** Where it goes in the list; a new change goes last when left out. */
  priority?: number;
}

export function saveChange(db: Db, input: ChangeInput, meta: PlanningMeta): string {
  const description = input.description.trim();
  if (description === '') throw new RamkollError('INVALID_INPUT', 'Beskriv förändringen, t.ex. "Stänga korttidsboendet under sommaren".');
  if (!Number.isSafeInteger(input.amountOre)) throw new RamkollError('INVALID_INPUT', 'Beloppet ska vara ett helt antal öre.');
  const plan = input.planOre;
  if (plan !== undefined && (plan.length !== 2 || !plan.every((p) => Number.isSafeInteger(p)))) {
    throw new RamkollError('INVALID_INPUT', 'Effekten per planår ska vara två hela belopp i öre (planår 1 och 2).');
  }
  const org = new Org(db);
  const rid = input.responsibilityCode ? org.node(input.responsibilityCode).id : null;
  return db.tx(() => {
    assertVersionEditable(db, input.versionId);
    if (input.id) {
      const r = db.run(
        db.q
          .updateTable('operational_change')
          .set({
            description,
            amount_ore: input.amountOre,
            ...(plan ? { plan1_ore: plan[0]!, plan2_ore: plan[1]! } : {}),
            status: input.status,
            responsibility_id: rid,
            ...(input.priority !== undefined ? { priority: input.priority } : {}),
            updated_at: meta.at,
            updated_by_site: meta.siteId,
          })
          .where('id', '=', input.id)
          .where('version_id', '=', input.versionId)
          .where('deleted_at', 'is', null),
      );
      if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Förändringen finns inte (längre) i den här versionen.');
      return input.id;
    }
    const last = db.first(
      db.q.selectFrom('operational_change').select((eb) => eb.fn.max('priority').as('p')).where('version_id', '=', input.versionId).where('deleted_at', 'is', null),
    );
    const id = newId();
    db.run(
      db.q.insertInto('operational_change').values({
        id,
        version_id: input.versionId,
        responsibility_id: rid,
        description,
        amount_ore: input.amountOre,
        plan1_ore: plan ? plan[0]! : input.amountOre,
        plan2_ore: plan ? plan[1]! : input.amountOre,
        priority: input.priority ?? (last?.p ?? 0) + 1,
        status: input.status,
        budget_line_id: null,
        created_at: meta.at,
        updated_at: meta.at,
        updated_by_site: meta.siteId,
        deleted_at: null,
      }),
    );
    return id;
  });
}

function changeRow(db: Db, id: string) {
  const row = db.first(db.q.selectFrom('operational_change').selectAll().where('id', '=', id).where('deleted_at', 'is', null));
  if (!row) throw new RamkollError('NOT_FOUND', 'Förändringen finns inte (längre).');
  return row;
}

export function deleteChange(db: Db, id: string, meta: PlanningMeta): void {
  const row = changeRow(db, id);
  db.tx(() => {
    assertVersionEditable(db, row.version_id);
    db.run(db.q.updateTable('operational_change').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
  });
}

/** Moves a change one step up or down the priority order (swaps with its neighbour), renumbering 1, 2, 3 … */
export function moveChange(db: Db, id: string, direction: 'up' | 'down', meta: PlanningMeta): void {
  const row = changeRow(db, id);
  db.tx(() => {
    assertVersionEditable(db, row.version_id);
    const list = db.all(
      db.q.selectFrom('operational_change').select(['id', 'priority']).where('version_id', '=', row.version_id).where('deleted_at', 'is', null).orderBy('priority').orderBy('created_at'),
    );
    const i = list.findIndex((c) => c.id === id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    list.forEach((c, k) => {
      if (c.priority !== k + 1) {
        db.run(db.q.updateTable('operational_change').set({ priority: k + 1, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', c.id));
      }
    });
  });
}

/** Links a change to an existing budget line of the same version (or unlinks it with null). */
export function linkChange(db: Db, id: string, budgetLineId: string | null, meta: PlanningMeta): void {
  const row = changeRow(db, id);
  if (budgetLineId !== null) {
    const line = db.first(db.q.selectFrom('budget_line').select(['version_id']).where('id', '=', budgetLineId).where('deleted_at', 'is', null));
    if (!line || line.version_id !== row.version_id) throw new RamkollError('NOT_FOUND', 'Budgetraden finns inte i samma version som förändringen.');
  }
  db.tx(() => {
    assertVersionEditable(db, row.version_id);
    db.run(db.q.updateTable('operational_change').set({ budget_line_id: budgetLineId, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
  });
}

/** Puts a decided change into the budget: a new line for its amount on its ansvar and the given account, linked to it. */
export function createLineForChange(db: Db, id: string, accountCode: string, meta: PlanningMeta): string {
  const row = changeRow(db, id);
  const org = new Org(db);
  const node = org.byIdOrNull(row.responsibility_id);
  if (!node) throw new RamkollError('INVALID_INPUT', 'Ange först vilket ansvar förändringen gäller; raden läggs på det ansvaret.');
  const account = new Accounts(db).get(accountCode);
  return db.tx(() => {
    assertVersionEditable(db, row.version_id);
    const there = lineOnCoding(db, row.version_id, account.code, node.code);
    if (there) {
      throw new RamkollError(
        'CONFLICT',
        `Kodsträngen ${codingText(account.code, node.code, '')} finns redan i versionen: ${lineText(there)}. En kodsträng kan bara finnas på en rad: ` +
          'Koppla förändringen till den raden (och ändra beloppet där), eller lägg den på ett annat konto.',
      );
    }
    const [lineId] = insertBudgetLines(
      db,
      row.version_id,
      [{ account: account.code, responsibility: node.code, yearOre: row.amount_ore, note: `VF: ${row.description}` }],
      { siteId: meta.siteId, at: meta.at },
      naturalId('profile', 'jamn'),
    );
    db.run(db.q.updateTable('operational_change').set({ budget_line_id: lineId!, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
    return lineId!;
  });
}

/** The live line of a version on a kodsträng without other dimensions, if any. */
function lineOnCoding(db: Db, versionId: string, account: string, responsibility: string) {
  return db.prepare(
    `SELECT c.account_code AS account, c.responsibility_code AS responsibility, c.dims AS dims, b.year_ore AS yearOre, b.note AS note
     FROM budget_line b JOIN coding c ON c.id = b.coding_id
     WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.account_code = ? AND c.responsibility_code = ? AND c.dims = ''`,
  ).get(versionId, account, responsibility) as { account: string; responsibility: string; dims: string; yearOre: number; note: string | null } | undefined;
}

/** The version's lines on one ansvar, to pick a line to link a change to. */
export function linesOfResponsibility(db: Db, versionId: string, responsibilityCode: string): { id: string; accountCode: string; dims: string; yearOre: number }[] {
  return db
    .all(
      db.q
        .selectFrom('budget_line as b')
        .innerJoin('coding as c', 'c.id', 'b.coding_id')
        .select(['b.id', 'c.account_code', 'c.dims', 'b.year_ore'])
        .where('b.version_id', '=', versionId)
        .where('b.deleted_at', 'is', null)
        .where('c.responsibility_code', '=', responsibilityCode)
        .orderBy('c.account_code')
        .orderBy('c.dims')
        .orderBy('b.year_ore', 'desc')
        .orderBy('b.id'),
    )
    .map((r) => ({ id: r.id, accountCode: r.account_code, dims: r.dims, yearOre: r.year_ore }));
}
