import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OrgLevel } from '../../../db/schema';
import { allocate } from '../money';
import { newId } from '../ids';
import { Accounts, adoptedVersion, budgetByResponsibility, isIsoDate, Org, type PlanningMeta } from './planning-common';

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
  /** The adopted budget under the node (year amount). */
  adoptedOre: number;
  /** Omfördelningar into the node's part of the tree up to the date (positive). */
  inOre: number;
  /** Omfördelningar out of it (positive). */
  outOre: number;
  /** adopted + in − out. */
  budgetOre: number;
}

export interface BudgetOnDate {
  year: number;
  asOf: string;
  adoptedVersion: { id: string; name: string } | null;
  nodes: BudgetOnDateNode[];
  reallocations: Reallocation[];
}

interface RawReallocation {
  id: string;
  year: number;
  decision_ref: string;
  decided_on: string;
  from_responsibility_id: string;
  to_responsibility_id: string;
  account_code: string | null;
  amount_ore: number;
  note: string | null;
  updated_at: string;
}

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
 * How an omfördelning spreads over the months: nothing before the month of
 * the decision, then evenly over the rest of the year (largest remainder, so
 * the months add up to the amount exactly).
 */
export function reallocationMonths(amountOre: number, decidedOn: string, year: number): number[] {
  const y = Number(decidedOn.slice(0, 4));
  const month = y < year ? 1 : y > year ? 13 : Number(decidedOn.slice(5, 7));
  if (month > 12) return new Array<number>(12).fill(0);
  const weights = Array.from({ length: 12 }, (_, i) => (i + 1 >= month ? 1 : 0));
  return allocate(amountOre, weights);
}

/**
 * Omfördelningar per ansvar code and month up to a date (+ where budget came
 * in, − where it went out), for follow-up: budget for a period = the adopted
 * budget's month + this.
 */
export function reallocatedMonthsByResponsibility(db: Db, year: number, asOf: string): Map<string, number[]> {
  const org = new Org(db);
  const out = new Map<string, number[]>();
  const add = (code: string, months: number[], sign: number) => {
    const arr = out.get(code) ?? new Array<number>(12).fill(0);
    months.forEach((m, i) => (arr[i] = arr[i]! + sign * m));
    out.set(code, arr);
  };
  for (const r of rawReallocations(db, year, asOf)) {
    const months = reallocationMonths(r.amount_ore, r.decided_on, year);
    const to = org.byIdOrNull(r.to_responsibility_id);
    const from = org.byIdOrNull(r.from_responsibility_id);
    if (to) add(to.code, months, 1);
    if (from) add(from.code, months, -1);
  }
  return out;
}

/** The budget of every node on a date: the adopted budget plus the omfördelningar decided up to and including that date. */
export function budgetOnDate(db: Db, year: number, asOf: string): BudgetOnDate {
  if (!isIsoDate(asOf)) throw new RamkollError('INVALID_INPUT', `Datumet "${asOf}" är inte ett datum (ÅÅÅÅ-MM-DD).`);
  const org = new Org(db);
  const version = adoptedVersion(db, year);
  const direct = version ? budgetByResponsibility(db, version.id) : new Map<string, number>();
  const ordered = org.ordered();
  const adopted = new Map<string, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const n = ordered[i]!.node;
    let sum = direct.get(n.code) ?? 0;
    for (const c of org.tree.children.get(n.code) ?? []) sum += adopted.get(c.code) ?? 0;
    adopted.set(n.code, sum);
  }
  const inOre = new Map<string, number>();
  const outOre = new Map<string, number>();
  for (const r of rawReallocations(db, year, asOf)) {
    const from = org.byIdOrNull(r.from_responsibility_id);
    const to = org.byIdOrNull(r.to_responsibility_id);
    const fromChain = from ? org.ancestorsAndSelf(from.code) : [];
    const toChain = to ? org.ancestorsAndSelf(to.code) : [];
    // A node above both ends sees no move at all.
    for (const c of toChain) if (!fromChain.includes(c)) inOre.set(c, (inOre.get(c) ?? 0) + r.amount_ore);
    for (const c of fromChain) if (!toChain.includes(c)) outOre.set(c, (outOre.get(c) ?? 0) + r.amount_ore);
  }
  return {
    year,
    asOf,
    adoptedVersion: version ? { id: version.id, name: version.name } : null,
    nodes: ordered.map(({ node, depth }) => {
      const a = adopted.get(node.code) ?? 0;
      const i = inOre.get(node.code) ?? 0;
      const o = outOre.get(node.code) ?? 0;
      return { code: node.code, name: node.name, level: node.level, depth, adoptedOre: a, inOre: i, outOre: o, budgetOre: a + i - o };
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
