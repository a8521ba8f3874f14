import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OrgLevel, ReallocationTable } from '../../../db/schema';
import { newId } from '../ids';
import { budgetInForce } from './in-force';
import { Accounts, budgetByResponsibility, isIsoDate, Org, type PlanningMeta } from './planning-common';

export { reallocationMonths } from './in-force';

export interface Reallocation {
  id: string;
  year: number;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string;
  accountCode: string | null;
  accountName: string | null;
  amountOre: number;
  note: string | null;
  updatedAt: string;
}

export interface BudgetOnDateNode {
  code: string;
  name: string;
  level: OrgLevel | null;
  depth: number;
  /** "Ursprunglig budget": the adopted budget under the node (year amount). */
  originalOre: number;
  /** What a decided revision in force on the date changed under the node (its lines − the original's); 0 without one. */
  revisedOre: number;
  /** Omfördelningar into the node's part of the tree up to the date (positive). */
  inOre: number;
  /** Omfördelningar out of it (positive). */
  outOre: number;
  /** Budget changes (KF/KS decisions) on the node's part of the tree up to the date, + more budget, − less. */
  changedOre: number;
  /** "Budget i kraft": original + revised + in − out + changed. */
  budgetOre: number;
}

export interface BudgetOnDate {
  year: number;
  asOf: string;
  /** The original (adopted) budget of the year. */
  originalVersion: { id: string; name: string } | null;
  /** The version in force on the date: the original, or a decided revision from its decision date. */
  versionInForce: { id: string; name: string; decisionRef: string | null; decidedOn: string | null } | null;
  nodes: BudgetOnDateNode[];
  reallocations: Reallocation[];
}

type RawReallocation = Omit<ReallocationTable, 'created_at' | 'updated_by_site' | 'deleted_at'>;

function rawReallocations(db: Db, year: number, asOf?: string): RawReallocation[] {
  let q = db.q
    .selectFrom('reallocation')
    .select(['id', 'year', 'decision_ref', 'decided_on', 'from_responsibility_id', 'to_responsibility_id', 'account_code', 'amount_ore', 'note', 'updated_at', 'created_at'])
    .where('year', '=', year)
    .where('deleted_at', 'is', null);
  if (asOf !== undefined) q = q.where('decided_on', '<=', asOf);
  return db.all(q.orderBy('decided_on').orderBy('created_at').orderBy('id'));
}

/** The omfördelningar of a year in decision order, with the names of nodes and accounts. */
export function listReallocations(db: Db, year: number, asOf?: string): Reallocation[] {
  const org = new Org(db);
  const accounts = new Accounts(db);
  return rawReallocations(db, year, asOf).map((r) => {
    const from = org.byIdOrNull(r.from_responsibility_id);
    const to = org.byIdOrNull(r.to_responsibility_id);
    return {
      id: r.id,
      year: r.year,
      decisionRef: r.decision_ref,
      decidedOn: r.decided_on,
      fromCode: from?.code ?? '?',
      fromName: from?.name ?? 'okänt ansvar',
      toCode: to?.code ?? '?',
      toName: to?.name ?? 'okänt ansvar',
      accountCode: r.account_code,
      accountName: r.account_code === null ? null : (accounts.byCode.get(r.account_code)?.name ?? null),
      amountOre: r.amount_ore,
      note: r.note,
      updatedAt: r.updated_at,
    };
  });
}

/**
 * Net effect of the year's omfördelningar up to a date on every node's part
 * of the tree: a move between two units of the same sektor shows on the
 * units and verksamheter but nets to zero on the sektor.
 */
export function reallocationNetByNode(db: Db, org: Org, year: number, asOf: string): Map<string, number> {
  const net = new Map<string, number>();
  for (const r of rawReallocations(db, year, asOf)) {
    const from = org.byIdOrNull(r.from_responsibility_id);
    const to = org.byIdOrNull(r.to_responsibility_id);
    if (to) for (const c of org.ancestorsAndSelf(to.code)) net.set(c, (net.get(c) ?? 0) + r.amount_ore);
    if (from) for (const c of org.ancestorsAndSelf(from.code)) net.set(c, (net.get(c) ?? 0) - r.amount_ore);
  }
  return net;
}

/**
 * "Budget i kraft" of every node on a date, with what it is made of: the
 * original budget, what a decided revision in force on the date changed,
 * and the omfördelningar decided up to and including the date (the budget in
 * force of budget/in-force.ts, as year amounts per node).
 */
export function budgetOnDate(db: Db, year: number, asOf: string): BudgetOnDate {
  if (!isIsoDate(asOf)) throw new RamkollError('INVALID_INPUT', `Datumet "${asOf}" är inte ett datum (ÅÅÅÅ-MM-DD).`);
  const org = new Org(db);
  const inForce = budgetInForce(db, year, asOf);
  const ordered = org.ordered();
  // Year amounts of a version per node, each subtree summed once (children come after their parent in `ordered`).
  const perNode = (versionId: string | undefined): Map<string, number> => {
    const direct = versionId ? budgetByResponsibility(db, versionId) : new Map<string, number>();
    const sums = new Map<string, number>();
    for (let i = ordered.length - 1; i >= 0; i--) {
      const n = ordered[i]!.node;
      let sum = direct.get(n.code) ?? 0;
      for (const c of org.tree.children.get(n.code) ?? []) sum += sums.get(c.code) ?? 0;
      sums.set(n.code, sum);
    }
    return sums;
  };
  const original = perNode(inForce.original?.id);
  const inForceLines = inForce.version?.id === inForce.original?.id ? original : perNode(inForce.version?.id);
  const inOre = new Map<string, number>();
  const outOre = new Map<string, number>();
  for (const r of inForce.reallocations) {
    const fromChain = org.tree.byCode.has(r.fromCode) ? org.ancestorsAndSelf(r.fromCode) : [];
    const toChain = org.tree.byCode.has(r.toCode) ? org.ancestorsAndSelf(r.toCode) : [];
    // A node above both ends sees no move at all.
    for (const c of toChain) if (!fromChain.includes(c)) inOre.set(c, (inOre.get(c) ?? 0) + r.amountOre);
    for (const c of fromChain) if (!toChain.includes(c)) outOre.set(c, (outOre.get(c) ?? 0) + r.amountOre);
  }
  const changed = new Map<string, number>();
  for (const e of inForce.changes) {
    if (!org.tree.byCode.has(e.code)) continue;
    for (const c of org.ancestorsAndSelf(e.code)) changed.set(c, (changed.get(c) ?? 0) + e.amountOre);
  }
  return {
    year,
    asOf,
    originalVersion: inForce.original ? { id: inForce.original.id, name: inForce.original.name } : null,
    versionInForce: inForce.version ? { id: inForce.version.id, name: inForce.version.name, decisionRef: inForce.version.decisionRef, decidedOn: inForce.version.decidedOn } : null,
    nodes: ordered.map(({ node, depth }) => {
      const o = original.get(node.code) ?? 0;
      const v = inForceLines.get(node.code) ?? 0;
      const i = inOre.get(node.code) ?? 0;
      const out = outOre.get(node.code) ?? 0;
      const ch = changed.get(node.code) ?? 0;
      return { code: node.code, name: node.name, level: node.level, depth, originalOre: o, revisedOre: v - o, inOre: i, outOre: out, changedOre: ch, budgetOre: v + i - out + ch };
    }),
    reallocations: listReallocations(db, year, asOf),
  };
}

export interface ReallocationInput {
  id?: string;
  year: number;
  decisionRef: string;
  decidedOn: string;
  fromCode: string;
  toCode: string;
  accountCode?: string | null;
  amountOre: number;
  note?: string | null;
}

/** Records (or corrects) an omfördelning after checking that it makes sense. Returns its id. */
export function saveReallocation(db: Db, input: ReallocationInput, meta: PlanningMeta): string {
  const decisionRef = input.decisionRef.trim();
  if (decisionRef === '') throw new RamkollError('INVALID_INPUT', 'Ange beslutet som omfördelningen bygger på, t.ex. "KS 2026-03-12 § 45".');
  if (!isIsoDate(input.decidedOn)) throw new RamkollError('INVALID_INPUT', `Beslutsdatumet "${input.decidedOn}" är inte ett datum (ÅÅÅÅ-MM-DD).`);
  if (Number(input.decidedOn.slice(0, 4)) !== input.year) throw new RamkollError('INVALID_INPUT', `Beslutsdatumet ${input.decidedOn} ligger inte i budgetåret ${input.year}.`);
  if (!Number.isSafeInteger(input.amountOre) || input.amountOre <= 0) {
    throw new RamkollError('INVALID_INPUT', 'Beloppet ska vara större än noll; vänd på från och till för att flytta åt andra hållet.');
  }
  if (input.fromCode === input.toCode) throw new RamkollError('INVALID_INPUT', 'Från och till är samma ansvar; välj två olika.');
  const org = new Org(db);
  const from = org.node(input.fromCode, 'Från-ansvaret');
  const to = org.node(input.toCode, 'Till-ansvaret');
  const account = input.accountCode ? new Accounts(db).get(input.accountCode).code : null;
  const year = db.first(db.q.selectFrom('fiscal_year').select(['year', 'status']).where('year', '=', input.year));
  if (!year) throw new RamkollError('NOT_FOUND', `Budgetåret ${input.year} finns inte i databasen.`);
  if (year.status === 'closed') throw new RamkollError('FORBIDDEN', `Budgetåret ${input.year} är stängt; omfördelningar kan inte längre ändras.`);
  const values = {
    year: input.year,
    decision_ref: decisionRef,
    decided_on: input.decidedOn,
    from_responsibility_id: from.id,
    to_responsibility_id: to.id,
    account_code: account,
    amount_ore: input.amountOre,
    note: input.note?.trim() || null,
    updated_at: meta.at,
    updated_by_site: meta.siteId,
  };
  return db.tx(() => {
    if (input.id) {
      const existing = db.first(db.q.selectFrom('reallocation').select('id').where('id', '=', input.id).where('deleted_at', 'is', null));
      if (!existing) throw new RamkollError('NOT_FOUND', 'Omfördelningen finns inte (längre).');
      db.run(db.q.updateTable('reallocation').set(values).where('id', '=', input.id));
      return input.id;
    }
    const id = newId();
    db.run(db.q.insertInto('reallocation').values({ id, ...values, created_at: meta.at, deleted_at: null }));
    return id;
  });
}

/** Removes an omfördelning (a tombstone, so exchange carries the removal). */
export function deleteReallocation(db: Db, id: string, meta: PlanningMeta): void {
  const r = db.run(db.q.updateTable('reallocation').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Omfördelningen finns inte (längre).');
}
