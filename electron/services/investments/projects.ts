import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { InvestmentCategory } from '../../../db/schema';
import { Accounts, Org, type PlanningMeta } from '../budget/planning-common';
import { naturalId, newId } from '../ids';

/**
 * Writes of the investment budget: the year's settings (internränta and the
 * kapitaltjänst accounts), projects with their components and years, and
 * investment ramar. Every write checks first and then runs in one
 * transaction, so bad input leaves the database unchanged.
 */

/**
 * Default kapitaltjänst accounts: Kommun-Bas puts avskrivningar in 78 and
 * internränta in 84 (masterdata/accounts.ts counts both as kapitalkostnader);
 * 7810 and 8410 are the demo kontoplan's "Avskrivningar byggnader" and
 * "Internränta". There is no default internränta: SKR publishes it every
 * year and Ekonomi sends it, so a year without one says so.
 */
export const DEFAULT_DEPRECIATION_ACCOUNT = '7810';
export const DEFAULT_INTEREST_ACCOUNT = '8410';

export const CATEGORY_NAMES: Record<InvestmentCategory, string> = { reinvestment: 'Reinvestering', expansion: 'Ny- och utbyggnad', development: 'Exploatering' };

export interface InvestmentSettings {
  year: number;
  /** Hundredths of a percent (200 = 2,00 %); null while no internränta is set for the year. */
  rateBp: number | null;
  rateSource: string;
  depreciationAccountCode: string;
  interestAccountCode: string;
  saved: boolean;
}

export function investmentSettings(db: Db, year: number): InvestmentSettings {
  const row = db.first(db.q.selectFrom('investment_setting').selectAll().where('year', '=', year).where('deleted_at', 'is', null));
  return {
    year,
    rateBp: row?.rate_bp ?? null,
    rateSource: row?.rate_source ?? '',
    depreciationAccountCode: row?.depreciation_account_code ?? DEFAULT_DEPRECIATION_ACCOUNT,
    interestAccountCode: row?.interest_account_code ?? DEFAULT_INTEREST_ACCOUNT,
    saved: row !== undefined,
  };
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RamkollError('INVALID_INPUT', `Året ${year} ska vara mellan 2000 och 2100.`);
}

export function saveInvestmentSettings(db: Db, input: { year: number; rateBp: number; rateSource?: string; depreciationAccountCode: string; interestAccountCode: string }, meta: PlanningMeta): void {
  assertYear(input.year);
  if (!Number.isInteger(input.rateBp) || input.rateBp < 0 || input.rateBp > 10000) throw new RamkollError('INVALID_INPUT', 'Internräntan ska vara mellan 0 och 100 %, t.ex. 2,0 %.');
  const accounts = new Accounts(db);
  accounts.get(input.depreciationAccountCode, 'Avskrivningskontot');
  accounts.get(input.interestAccountCode, 'Internräntekontot');
  const values = {
    rate_bp: input.rateBp,
    rate_source: (input.rateSource ?? '').trim(),
    depreciation_account_code: input.depreciationAccountCode,
    interest_account_code: input.interestAccountCode,
    updated_at: meta.at,
    updated_by_site: meta.siteId,
    deleted_at: null,
  };
  db.tx(() => {
    db.run(
      db.q
        .insertInto('investment_setting')
        .values({ id: naturalId('investment-setting', String(input.year)), year: input.year, ...values, created_at: meta.at })
        .onConflict((oc) => oc.column('year').doUpdateSet(values)),
    );
  });
}

export interface ComponentInput {
  name: string;
  /** A fixed cost, or null when the cost is a share of the project's whole budget. */
  amountOre: number | null;
  /** Hundredths of a percent of the project's whole budget, when amountOre is null. */
  shareBp: number | null;
  lifeYears: number;
}

export interface ProjectYearInput {
  year: number;
  budgetOre: number;
  forecastOre: number | null;
  comment: string | null;
}

export interface ProjectInput {
  id?: string;
  code: string;
  name: string;
  responsibilityCode: string;
  category: InvestmentCategory;
  /** YYYYMM */
  startPeriod: number;
  plannedActivation: number;
  activated: number | null;
  note?: string | null;
  components: ComponentInput[];
  years: ProjectYearInput[];
}

const PROJECT_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;

export function isPeriod(p: number): boolean {
  return Number.isInteger(p) && p >= 200001 && p <= 210012 && p % 100 >= 1 && p % 100 <= 12;
}

function checkProject(input: ProjectInput): void {
  const code = input.code.trim();
  if (!PROJECT_CODE.test(code)) throw new RamkollError('INVALID_INPUT', `Projekt-id "${input.code}" ska vara den kod projektet har i ekonomisystemets projektdimension: bokstäver och siffror, högst 20 tecken.`);
  if (input.name.trim() === '') throw new RamkollError('INVALID_INPUT', `Projekt ${code} behöver ett namn.`);
  for (const [label, p] of [['Starten', input.startPeriod], ['Den planerade aktiveringen', input.plannedActivation], ['Aktiveringen', input.activated]] as const) {
    if (p !== null && !isPeriod(p)) throw new RamkollError('INVALID_INPUT', `${label} av projekt ${code} ska vara en månad ÅÅÅÅMM, t.ex. 202603.`);
  }
  if (input.plannedActivation < input.startPeriod) throw new RamkollError('INVALID_INPUT', `Projekt ${code} kan inte aktiveras före sin start.`);
  if (input.activated !== null && input.activated < input.startPeriod) throw new RamkollError('INVALID_INPUT', `Projekt ${code} kan inte ha aktiverats före sin start.`);
  let shares = 0;
  input.components.forEach((c, i) => {
    const what = `Komponent ${i + 1} i projekt ${code}`;
    if (c.name.trim() === '') throw new RamkollError('INVALID_INPUT', `${what} behöver ett namn, t.ex. "Byggnad".`);
    if ((c.amountOre === null) === (c.shareBp === null)) throw new RamkollError('INVALID_INPUT', `${what} (${c.name}) ska ha antingen ett belopp eller en andel av projektets budget.`);
    if (c.amountOre !== null && (!Number.isSafeInteger(c.amountOre) || c.amountOre < 0)) throw new RamkollError('INVALID_INPUT', `${what} (${c.name}): beloppet ska vara noll eller mer.`);
    if (c.shareBp !== null && (!Number.isInteger(c.shareBp) || c.shareBp < 0 || c.shareBp > 10000)) throw new RamkollError('INVALID_INPUT', `${what} (${c.name}): andelen ska vara 0–100 %.`);
    if (!Number.isInteger(c.lifeYears) || c.lifeYears < 1 || c.lifeYears > 100) throw new RamkollError('INVALID_INPUT', `${what} (${c.name}): avskrivningstiden ska vara 1–100 år.`);
    shares += c.shareBp ?? 0;
  });
  if (shares > 10000) throw new RamkollError('INVALID_INPUT', `Komponenternas andelar i projekt ${code} summerar till mer än 100 %.`);
  const seen = new Set<number>();
  for (const y of input.years) {
    assertYear(y.year);
    if (seen.has(y.year)) throw new RamkollError('INVALID_INPUT', `Projekt ${code} har året ${y.year} två gånger.`);
    seen.add(y.year);
    if (!Number.isSafeInteger(y.budgetOre) || (y.forecastOre !== null && !Number.isSafeInteger(y.forecastOre))) throw new RamkollError('INVALID_INPUT', `Projekt ${code} ${y.year}: budget och prognos ska vara belopp i hela ören.`);
  }
}

/**
 * Creates or changes a project as a whole: its components and years are
 * replaced by the ones given (those left out are tombstoned). Returns the id.
 */
export function saveProject(db: Db, input: ProjectInput, meta: PlanningMeta): string {
  checkProject(input);
  const code = input.code.trim();
  const node = new Org(db).node(input.responsibilityCode);
  const sameCode = db.first(db.q.selectFrom('investment_project').select(['id', 'deleted_at']).where('code', '=', code));
  if (sameCode && sameCode.deleted_at === null && sameCode.id !== input.id) throw new RamkollError('CONFLICT', `Det finns redan ett investeringsprojekt med projekt-id ${code}.`);
  const tomb = { deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId };
  const stamp = { updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null };
  return db.tx(() => {
    const values = {
      code,
      name: input.name.trim(),
      responsibility_id: node.id,
      category: input.category,
      start_period: input.startPeriod,
      planned_activation: input.plannedActivation,
      activated: input.activated,
      note: input.note?.trim() || null,
      ...stamp,
    };
    let id: string;
    if (input.id) {
      const r = db.run(db.q.updateTable('investment_project').set(values).where('id', '=', input.id).where('deleted_at', 'is', null));
      if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Investeringsprojektet finns inte (längre).');
      id = input.id;
    } else if (sameCode) {
      // The code of a removed project comes back: the row (and its history) is revived rather than a second row made.
      id = sameCode.id;
      db.run(db.q.updateTable('investment_project').set(values).where('id', '=', id));
    } else {
      id = newId();
      db.run(db.q.insertInto('investment_project').values({ id, ...values, created_at: meta.at }));
    }

    const components = db.all(db.q.selectFrom('investment_component').select(['id', 'sort_order']).where('project_id', '=', id).where('deleted_at', 'is', null).orderBy('sort_order'));
    input.components.forEach((c, i) => {
      const v = { name: c.name.trim(), amount_ore: c.amountOre, share_bp: c.amountOre === null ? c.shareBp : null, life_years: c.lifeYears, sort_order: i, ...stamp };
      const old = components[i];
      if (old) db.run(db.q.updateTable('investment_component').set(v).where('id', '=', old.id));
      else db.run(db.q.insertInto('investment_component').values({ id: newId(), project_id: id, ...v, created_at: meta.at }));
    });
    for (const old of components.slice(input.components.length)) db.run(db.q.updateTable('investment_component').set(tomb).where('id', '=', old.id));

    const years = new Map(db.all(db.q.selectFrom('investment_year').select(['id', 'year']).where('project_id', '=', id)).map((y) => [y.year, y.id]));
    const given = new Set<number>();
    for (const y of input.years) {
      given.add(y.year);
      const v = { budget_ore: y.budgetOre, forecast_ore: y.forecastOre, comment: y.comment?.trim() || null, ...stamp };
      const yid = years.get(y.year);
      if (yid) db.run(db.q.updateTable('investment_year').set(v).where('id', '=', yid));
      else db.run(db.q.insertInto('investment_year').values({ id: newId(), project_id: id, year: y.year, ...v, created_at: meta.at }));
    }
    for (const [year, yid] of years) if (!given.has(year)) db.run(db.q.updateTable('investment_year').set(tomb).where('id', '=', yid).where('deleted_at', 'is', null));
    return id;
  });
}

export function deleteProject(db: Db, id: string, meta: PlanningMeta): void {
  const tomb = { deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId };
  db.tx(() => {
    const r = db.run(db.q.updateTable('investment_project').set(tomb).where('id', '=', id).where('deleted_at', 'is', null));
    if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Investeringsprojektet finns inte (längre).');
    db.run(db.q.updateTable('investment_component').set(tomb).where('project_id', '=', id).where('deleted_at', 'is', null));
    db.run(db.q.updateTable('investment_year').set(tomb).where('project_id', '=', id).where('deleted_at', 'is', null));
  });
}

/** Sets (or with amountOre null removes) the investment ram of a node for a year. */
export function saveInvestmentFrame(db: Db, input: { responsibilityCode: string; year: number; amountOre: number | null; note?: string | null }, meta: PlanningMeta): void {
  assertYear(input.year);
  if (input.amountOre !== null && (!Number.isSafeInteger(input.amountOre) || input.amountOre < 0)) throw new RamkollError('INVALID_INPUT', 'Investeringsramen ska vara ett belopp på noll eller mer.');
  const node = new Org(db).node(input.responsibilityCode);
  db.tx(() => {
    if (input.amountOre === null) {
      db.run(
        db.q
          .updateTable('investment_frame')
          .set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId })
          .where('responsibility_id', '=', node.id)
          .where('year', '=', input.year)
          .where('deleted_at', 'is', null),
      );
      return;
    }
    const values = { amount_ore: input.amountOre, note: input.note?.trim() || null, updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null };
    db.run(
      db.q
        .insertInto('investment_frame')
        .values({ id: newId(), responsibility_id: node.id, year: input.year, ...values, created_at: meta.at })
        .onConflict((oc) => oc.columns(['responsibility_id', 'year']).doUpdateSet(values)),
    );
  });
}
