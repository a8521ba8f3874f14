import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { BudgetChangeKind, Role } from '../../../db/schema';
import { newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { BUDGET_CHANGE_KIND_NAMES, BUDGET_CHANGE_KINDS } from './change-kinds';
import { budgetChangesUpTo } from './in-force';
import { Accounts, isIsoDate, Org, type PlanningMeta } from './planning-common';
import { isChef, ROLE_WORD } from '../../../shared/roles';

/**
 * Budget changes during the year: KF/KS decisions that change the nämnd's
 * ram from outside the organisation (tilläggsanslag, lönekompensation after
 * the salary revision, kapitalkostnadskompensation, annat), with an amount
 * per ansvar node and year. An omfördelning moves budget inside the
 * förvaltning; a budget change is how more (or less) budget enters it. Only
 * the budget year's amounts count in the budget in force (budget/in-force.ts,
 * from the decision month on); the plan years' are recorded and shown until
 * the flerårsplan uses them.
 */

/** How many plan years after the budget year an amount may be recorded for. */
export const PLAN_YEARS = 2;

export interface BudgetChangeAmount {
  code: string;
  name: string;
  year: number;
  amountOre: number;
}

export interface BudgetChange {
  id: string;
  year: number;
  kind: BudgetChangeKind;
  /** Swedish: "Tilläggsanslag", "Lönekompensation", … */
  kindName: string;
  decisionRef: string;
  /** yyyy-mm-dd */
  decidedOn: string;
  text: string;
  accountCode: string | null;
  accountName: string | null;
  /** Per node and year, in the organisation's order, budget year first. */
  amounts: BudgetChangeAmount[];
  /** The sum of the budget year's amounts: what enters the budget in force from the decision month. */
  budgetYearOre: number;
  updatedAt: string;
}

export interface BudgetChangeList {
  year: number;
  changes: BudgetChange[];
  /** The sum of every change's budget-year amounts. */
  totalOre: number;
}

/** The budget changes of a year in decision order, with their amounts per node and year. */
export function listBudgetChanges(db: Db, year: number): BudgetChangeList {
  const org = new Org(db);
  const order = new Map(org.ordered().map(({ node }, i) => [node.code, i]));
  const accounts = new Accounts(db);
  const heads = db.all(
    db.q
      .selectFrom('budget_change')
      .select(['id', 'year', 'kind', 'decision_ref', 'decided_on', 'text', 'account_code', 'updated_at'])
      .where('year', '=', year)
      .where('deleted_at', 'is', null)
      .orderBy('decided_on')
      .orderBy('created_at')
      .orderBy('id'),
  );
  const amounts = db
    .prepare(
      `SELECT a.change_id, v.code, v.name, a.year, a.amount_ore FROM budget_change_amount a
       JOIN budget_change c ON c.id = a.change_id JOIN dimension_value v ON v.id = a.responsibility_id
       WHERE c.year = ? AND c.deleted_at IS NULL AND a.deleted_at IS NULL`,
    )
    .all(year) as { change_id: string; code: string; name: string; year: number; amount_ore: number }[];
  const byChange = new Map<string, BudgetChangeAmount[]>();
  for (const a of amounts) {
    const list = byChange.get(a.change_id) ?? [];
    list.push({ code: a.code, name: a.name, year: a.year, amountOre: a.amount_ore });
    byChange.set(a.change_id, list);
  }
  const rank = (code: string) => order.get(code) ?? Number.MAX_SAFE_INTEGER;
  const changes = heads.map((h): BudgetChange => {
    const list = (byChange.get(h.id) ?? []).sort((a, b) => a.year - b.year || rank(a.code) - rank(b.code) || a.code.localeCompare(b.code, 'sv'));
    return {
      id: h.id,
      year: h.year,
      kind: h.kind,
      kindName: BUDGET_CHANGE_KIND_NAMES[h.kind],
      decisionRef: h.decision_ref,
      decidedOn: h.decided_on,
      text: h.text,
      accountCode: h.account_code,
      accountName: h.account_code === null ? null : (accounts.byCode.get(h.account_code)?.name ?? null),
      amounts: list,
      budgetYearOre: list.filter((a) => a.year === h.year).reduce((s, a) => s + a.amountOre, 0),
      updatedAt: h.updated_at,
    };
  });
  return { year, changes, totalOre: changes.reduce((s, c) => s + c.budgetYearOre, 0) };
}

export interface BudgetChangeInput {
  id?: string;
  year: number;
  kind: BudgetChangeKind;
  decisionRef: string;
  decidedOn: string;
  text: string;
  accountCode?: string | null;
  amounts: { code: string; year?: number; amountOre: number }[];
}

/** Only the controller and Ekonomi record KF's decisions; a chef receives them. */
function assertMayWrite(role: Role): void {
  if (isChef(role)) {
    throw new RamkollError('FORBIDDEN', `En ${ROLE_WORD[role]} kan inte registrera budgetändringar; de beslutas av KF/KS och registreras av controllern eller Ekonomi.`);
  }
}

/**
 * Checks a budget change as a whole and lists every problem with the field
 * it is in (beslut, beslutsdatum, text, belopp rad N …), so the form can say
 * what to fix; nothing is written while any remains.
 */
function checkInput(db: Db, input: BudgetChangeInput): { account: string | null; amounts: { id: string; code: string; year: number; amountOre: number }[] } {
  const problems: ProblemDetail[] = [];
  const problem = (column: string, message: string, value?: string) => problems.push({ column, message, ...(value === undefined ? {} : { value }) });
  const decisionRef = input.decisionRef.trim();
  if (decisionRef === '') problem('beslut', 'Ange beslutet som ändringen bygger på, t.ex. "KF 2026-06-15 § 87".');
  else if (decisionRef.length > TEXT_LIMITS.reference) problem('beslut', `Beslutet får vara högst ${TEXT_LIMITS.reference} tecken.`);
  if (!BUDGET_CHANGE_KINDS.includes(input.kind)) problem('slag', 'Välj tilläggsanslag, lönekompensation, kapitalkostnadskompensation eller annat.', String(input.kind));
  if (!isIsoDate(input.decidedOn)) problem('beslutsdatum', 'Beslutsdatumet är inte ett datum (ÅÅÅÅ-MM-DD).', input.decidedOn);
  else if (Number(input.decidedOn.slice(0, 4)) !== input.year) problem('beslutsdatum', `Beslutsdatumet ${input.decidedOn} ligger inte i budgetåret ${input.year}.`, input.decidedOn);
  const text = input.text.trim();
  if (text === '') problem('text', 'Skriv vad beslutet gäller, t.ex. "Lönekompensation efter löneöversynen 2026".');
  else if (text.length > TEXT_LIMITS.note) problem('text', `Texten får vara högst ${TEXT_LIMITS.note} tecken.`);
  const org = new Org(db);
  let account: string | null = null;
  if (input.accountCode) {
    const a = new Accounts(db).byCode.get(input.accountCode);
    if (!a) problem('konto', `Kontot ${input.accountCode} finns inte i kontoplanen.`, input.accountCode);
    else account = a.code;
  }
  if (input.amounts.length === 0) problem('belopp', 'Ange minst ett belopp: vilket ansvar ändringen gäller och med hur mycket.');
  const seen = new Set<string>();
  const amounts: { id: string; code: string; year: number; amountOre: number }[] = [];
  input.amounts.forEach((a, i) => {
    const where = `belopp rad ${i + 1}`;
    const year = a.year ?? input.year;
    const node = org.tree.byCode.get(a.code);
    if (!node) problem(`${where}: ansvar`, `Ansvaret ${a.code} finns inte i organisationen.`, a.code);
    if (!Number.isSafeInteger(year) || year < input.year || year > input.year + PLAN_YEARS) {
      problem(`${where}: år`, `Året ska vara budgetåret ${input.year} eller ett av planåren ${input.year + 1}–${input.year + PLAN_YEARS}.`, String(year));
    }
    if (!Number.isSafeInteger(a.amountOre) || a.amountOre === 0) problem(`${where}: belopp`, 'Beloppet ska vara ett belopp skilt från noll (negativt för en minskning).', String(a.amountOre));
    const key = `${a.code}|${year}`;
    if (seen.has(key)) problem(`${where}: ansvar`, `Ansvaret ${a.code} har redan ett belopp för ${year}; slå ihop raderna.`, a.code);
    seen.add(key);
    if (node) amounts.push({ id: node.id, code: node.code, year, amountOre: a.amountOre });
  });
  const fiscal = db.first(db.q.selectFrom('fiscal_year').select(['year', 'status']).where('year', '=', input.year));
  if (!fiscal) problem('år', `Budgetåret ${input.year} finns inte i databasen.`, String(input.year));
  else if (fiscal.status === 'closed') problem('år', `Budgetåret ${input.year} är stängt; budgetändringar kan inte längre ändras.`, String(input.year));
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (och ${problems.length - 1} fel till)` : '';
    throw new RamkollError('INVALID_INPUT', `Budgetändringen kan inte sparas: ${first.column}: ${first.message}${more}`, problems);
  }
  return { account, amounts };
}

/** Records (or corrects) a budget change with its amounts, in one transaction. Returns its id. */
export function saveBudgetChange(db: Db, input: BudgetChangeInput, meta: PlanningMeta, role: Role): string {
  assertMayWrite(role);
  const { account, amounts } = checkInput(db, input);
  const values = {
    year: input.year,
    kind: input.kind,
    decision_ref: input.decisionRef.trim(),
    decided_on: input.decidedOn,
    text: input.text.trim(),
    account_code: account,
    updated_at: meta.at,
    updated_by_site: meta.siteId,
  };
  const synced = { updated_at: meta.at, updated_by_site: meta.siteId };
  return db.tx(() => {
    let id = input.id;
    if (id) {
      const existing = db.first(db.q.selectFrom('budget_change').select(['id', 'year']).where('id', '=', id).where('deleted_at', 'is', null));
      if (!existing) throw new RamkollError('NOT_FOUND', 'Budgetändringen finns inte (längre).');
      if (existing.year !== input.year) throw new RamkollError('INVALID_INPUT', `Budgetändringen hör till ${existing.year}; den kan inte flyttas till ${input.year}.`);
      db.run(db.q.updateTable('budget_change').set(values).where('id', '=', id));
    } else {
      id = newId();
      db.run(db.q.insertInto('budget_change').values({ id, ...values, created_at: meta.at, deleted_at: null }));
    }
    // One row per node and year (the natural key): a row that returns is brought back, one left out is a tombstone, so the exchange carries each.
    const rows = db.all(db.q.selectFrom('budget_change_amount').select(['id', 'responsibility_id', 'year', 'amount_ore', 'deleted_at']).where('change_id', '=', id));
    const byKey = new Map(rows.map((r) => [`${r.responsibility_id}|${r.year}`, r]));
    const wanted = new Set<string>();
    for (const a of amounts) {
      const key = `${a.id}|${a.year}`;
      wanted.add(key);
      const row = byKey.get(key);
      if (!row) {
        db.run(
          db.q
            .insertInto('budget_change_amount')
            .values({ id: newId(), change_id: id, responsibility_id: a.id, year: a.year, amount_ore: a.amountOre, created_at: meta.at, deleted_at: null, ...synced }),
        );
      } else if (row.amount_ore !== a.amountOre || row.deleted_at !== null) {
        db.run(db.q.updateTable('budget_change_amount').set({ amount_ore: a.amountOre, deleted_at: null, ...synced }).where('id', '=', row.id));
      }
    }
    for (const r of rows) {
      if (r.deleted_at === null && !wanted.has(`${r.responsibility_id}|${r.year}`)) {
        db.run(db.q.updateTable('budget_change_amount').set({ deleted_at: meta.at, ...synced }).where('id', '=', r.id));
      }
    }
    return id;
  });
}

/**
 * Removes a budget change: a tombstone on the decision only (its amounts stay
 * as they were and count for nothing without it), so the exchange carries
 * one removal and an undo (restoreBudgetChange) brings back exactly what was.
 */
export function deleteBudgetChange(db: Db, id: string, meta: PlanningMeta, role: Role): void {
  assertMayWrite(role);
  const r = db.run(db.q.updateTable('budget_change').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Budgetändringen finns inte (längre).');
}

/** Brings back a removed budget change (the undo of a removal). */
export function restoreBudgetChange(db: Db, id: string, meta: PlanningMeta, role: Role): void {
  assertMayWrite(role);
  const r = db.run(db.q.updateTable('budget_change').set({ deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is not', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Det finns ingen borttagen budgetändring att ta tillbaka.');
}

/**
 * The budget-year amounts of the year's budget changes decided up to a date
 * (as the budget in force counts them), summed over each node's part of the
 * tree (a change on an enhet also raises its verksamhet, sektor and
 * förvaltning): the Ramar tab's "Budgetändringar".
 */
export function budgetChangeNetByNode(db: Db, org: Org, year: number, asOf: string): Map<string, number> {
  const net = new Map<string, number>();
  for (const e of budgetChangesUpTo(db, year, asOf)) {
    if (!org.tree.byCode.has(e.code)) continue;
    for (const c of org.ancestorsAndSelf(e.code)) net.set(c, (net.get(c) ?? 0) + e.amountOre);
  }
  return net;
}
