import type { Db } from '../../../db/index';
import { isRamkollError, RamkollError } from '../../../db/errors';
import { naturalId, newId } from '../ids';
import { assertVersionEditable, insertBudgetLines, type NewBudgetLine } from './lines';
import { Accounts, divRound, loadVersion, Org, type PlanningMeta } from './planning-common';

/**
 * PO-pålägg defaults. SKR publishes the rates every year; the latest complete
 * set we could source is 2023 (SKR, "Arbetsgivaravgifter och PO-pålägg",
 * 18 January 2023): lagstadgade arbetsgivaravgifter 31,42 %, avtalsförsäkringar
 * 0,13 %, avtalspension for kommuner 12,98 %, in all 44,53 %. For the part of a
 * salary above 7,5 inkomstbasbelopp the avgiftsbestämda pension under AKAP-KR
 * is 31,5 % (SKR, "Höjt PO-pålägg 2024 …", 8 December 2023) instead of the
 * average: 31,42 + 0,13 + 31,5 = 63,05 %. The inkomstbasbelopp 2023 was
 * 74 300 kr (7,5 IBB = 46 438 kr a month, as SKR states). The UI and README
 * say that these are 2023 figures to be checked against SKR's current ones.
 */
export const PO_DEFAULTS_SOURCE =
  'SKR:s PO-pålägg för kommuner 2023 (Arbetsgivaravgifter och PO-pålägg, publicerad 18 januari 2023; AKAP-KR 31,5 % över 7,5 inkomstbasbelopp enligt SKR 8 december 2023). Nyare siffror har inte kunnat hämtas: kontrollera mot SKR:s aktuella cirkulär.';

/** The year SKR published the default rates for; shown wherever they are used for another year. */
export const PO_DEFAULTS_YEAR = 2023;

/** The short label stored with the default rates when they are saved for a year (the demo does). */
export const PO_DEFAULTS_LABEL = `SKR ${PO_DEFAULTS_YEAR} (PO-pålägg för kommuner ${PO_DEFAULTS_YEAR}, publicerade 18 januari ${PO_DEFAULTS_YEAR})`;

/** The label stored with the default inkomstbasbelopp. */
export const INCOME_BASE_DEFAULT_LABEL = `Inkomstbasbeloppet ${PO_DEFAULTS_YEAR}: 74 300 kr (7,5 IBB = 46 438 kr i månaden enligt SKR)`;

/** The category whose rate applies to the part of a month's salary above 7,5 inkomstbasbelopp / 12. */
export const HIGH_SALARY_CATEGORY = 'over-7-5-ibb';
export const STANDARD_CATEGORY = 'anstallda';

export interface PoRate {
  category: string;
  name: string;
  /** Hundredths of a percent: 4453 = 44,53 %. */
  rateBp: number;
}

export const DEFAULT_PO_RATES: readonly PoRate[] = [
  { category: STANDARD_CATEGORY, name: 'Anställda: arbetsgivaravgifter 31,42 % + avtalsförsäkringar 0,13 % + avtalspension 12,98 %', rateBp: 4453 },
  { category: HIGH_SALARY_CATEGORY, name: 'Lönedel över 7,5 inkomstbasbelopp: 31,42 % + 0,13 % + AKAP-KR 31,5 %', rateBp: 6305 },
];

export const DEFAULT_INCOME_BASE_AMOUNT_ORE = 7_430_000;
export const DEFAULT_SALARY_ACCOUNT = '5010';
export const DEFAULT_PO_ACCOUNT = '5610';

export interface PersonnelSettings {
  year: number;
  salaryAccountCode: string;
  poAccountCode: string;
  incomeBaseAmountOre: number;
  /** Where the inkomstbasbelopp comes from, e.g. "Inkomstbasbeloppet 2023 …"; '' when not given. */
  incomeBaseAmountSource: string;
  /** Monthly salary above which the higher PO category applies: 7,5 × IBB / 12. */
  thresholdOre: number;
  /** False while the defaults are shown and nothing is saved for the year. */
  saved: boolean;
}

export interface PoRates {
  year: number;
  rates: PoRate[];
  saved: boolean;
  /**
   * Where the rates come from: the source saved with them (e.g. "SKR 2023 …"),
   * or for the defaults SKR's 2023 circular; '' when saved rates name none.
   */
  source: string;
}

/** 7,5 inkomstbasbelopp a month, in öre (rounded half up). */
export function monthlyThresholdOre(incomeBaseAmountOre: number): number {
  return divRound(BigInt(incomeBaseAmountOre) * 75n, 120n);
}

export function personnelSettings(db: Db, year: number): PersonnelSettings {
  const row = db.first(db.q.selectFrom('personnel_setting').selectAll().where('year', '=', year).where('deleted_at', 'is', null));
  const ibb = row?.income_base_amount_ore ?? DEFAULT_INCOME_BASE_AMOUNT_ORE;
  return {
    year,
    salaryAccountCode: row?.salary_account_code ?? DEFAULT_SALARY_ACCOUNT,
    poAccountCode: row?.po_account_code ?? DEFAULT_PO_ACCOUNT,
    incomeBaseAmountOre: ibb,
    incomeBaseAmountSource: row ? row.income_base_amount_source : INCOME_BASE_DEFAULT_LABEL,
    thresholdOre: monthlyThresholdOre(ibb),
    saved: row !== undefined,
  };
}

export function savePersonnelSettings(
  db: Db,
  input: { year: number; salaryAccountCode: string; poAccountCode: string; incomeBaseAmountOre: number; incomeBaseAmountSource?: string },
  meta: PlanningMeta,
): void {
  const source = (input.incomeBaseAmountSource ?? '').trim();
  const accounts = new Accounts(db);
  accounts.get(input.salaryAccountCode, 'Lönekontot');
  accounts.get(input.poAccountCode, 'PO-kontot');
  if (!Number.isSafeInteger(input.incomeBaseAmountOre) || input.incomeBaseAmountOre <= 0) throw new RamkollError('INVALID_INPUT', 'Inkomstbasbeloppet ska vara större än noll.');
  assertYear(db, input.year);
  const id = naturalId('personnel-setting', String(input.year));
  db.tx(() => {
    db.run(
      db.q
        .insertInto('personnel_setting')
        .values({
          id,
          year: input.year,
          salary_account_code: input.salaryAccountCode,
          po_account_code: input.poAccountCode,
          income_base_amount_ore: input.incomeBaseAmountOre,
          income_base_amount_source: source,
          created_at: meta.at,
          updated_at: meta.at,
          updated_by_site: meta.siteId,
          deleted_at: null,
        })
        .onConflict((oc) =>
          oc.column('year').doUpdateSet({
            salary_account_code: input.salaryAccountCode,
            po_account_code: input.poAccountCode,
            income_base_amount_ore: input.incomeBaseAmountOre,
            income_base_amount_source: source,
            updated_at: meta.at,
            updated_by_site: meta.siteId,
            deleted_at: null,
          }),
        ),
    );
  });
}

function assertYear(db: Db, year: number): void {
  if (!db.first(db.q.selectFrom('fiscal_year').select('year').where('year', '=', year))) {
    throw new RamkollError('NOT_FOUND', `Budgetåret ${year} finns inte i databasen. Skapa en budget för året först.`);
  }
}

/** The PO rates of a year: the saved ones, or SKR's defaults when none are saved. */
export function poRates(db: Db, year: number): PoRates {
  const rows = db.all(db.q.selectFrom('payroll_overhead_rate').select(['category', 'name', 'rate_bp', 'source']).where('year', '=', year).where('deleted_at', 'is', null).orderBy('category'));
  if (rows.length === 0) return { year, rates: DEFAULT_PO_RATES.map((r) => ({ ...r })), saved: false, source: PO_DEFAULTS_SOURCE };
  const sources = [...new Set(rows.map((r) => r.source).filter((x) => x !== ''))];
  return { year, rates: rows.map((r) => ({ category: r.category, name: r.name, rateBp: r.rate_bp })), saved: true, source: sources.join('; ') };
}

/** Saves the year's PO rates as a whole: categories left out are removed (tombstones). `source` says whose rates they are (e.g. "SKR 2023"). */
export function savePoRates(db: Db, year: number, rates: readonly PoRate[], meta: PlanningMeta, source = ''): void {
  assertYear(db, year);
  const label = source.trim();
  const seen = new Set<string>();
  for (const r of rates) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(r.category)) throw new RamkollError('INVALID_INPUT', `Kategorin "${r.category}" ska skrivas med små bokstäver, siffror och bindestreck.`);
    if (seen.has(r.category)) throw new RamkollError('INVALID_INPUT', `Kategorin ${r.category} finns två gånger.`);
    seen.add(r.category);
    if (!Number.isInteger(r.rateBp) || r.rateBp < 0 || r.rateBp > 10000) throw new RamkollError('INVALID_INPUT', `PO-pålägget för ${r.category} ska vara mellan 0 och 100 %.`);
    if (r.name.trim() === '') throw new RamkollError('INVALID_INPUT', `Kategorin ${r.category} saknar namn.`);
  }
  const existing = db.all(db.q.selectFrom('payroll_overhead_rate').select(['id', 'category']).where('year', '=', year));
  const byCategory = new Map(existing.map((e) => [e.category, e.id]));
  db.tx(() => {
    for (const r of rates) {
      const id = byCategory.get(r.category);
      if (id) {
        db.run(
          db.q
            .updateTable('payroll_overhead_rate')
            .set({ name: r.name.trim(), rate_bp: r.rateBp, source: label, deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId })
            .where('id', '=', id),
        );
      } else {
        db.run(
          db.q.insertInto('payroll_overhead_rate').values({
            id: naturalId('po-rate', `${year}:${r.category}`),
            year,
            category: r.category,
            name: r.name.trim(),
            rate_bp: r.rateBp,
            source: label,
            created_at: meta.at,
            updated_at: meta.at,
            updated_by_site: meta.siteId,
            deleted_at: null,
          }),
        );
      }
    }
    for (const e of existing) {
      if (!seen.has(e.category)) {
        db.run(db.q.updateTable('payroll_overhead_rate').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', e.id).where('deleted_at', 'is', null));
      }
    }
  });
}

export interface PositionTerms {
  /** Sysselsättningsgrad in hundredths of a percent (7500 = 75 %). */
  employmentBp: number;
  /** Full-time monthly salary. */
  monthlySalaryOre: number;
  /** Löneökning in hundredths of a percent (310 = 3,10 %). */
  raiseBp: number;
  /** First month (1–12) with the raised salary. */
  raiseFromMonth: number;
  /** Months (1–12) the position is vacant: no cost. */
  vacancyMonths: readonly number[];
  poCategory: string;
}

export interface PositionMonths {
  salary: number[];
  po: number[];
  /** Årsarbetare: sysselsättningsgrad × months filled / 12. */
  fte: number;
}

/**
 * The twelve months of salary and PO of one position, to the öre. Salary of a
 * month = monthly salary × sysselsättningsgrad × (1 + löneökning from its
 * month), rounded half up to the öre. PO = salary × the category's rate, but
 * the part above 7,5 inkomstbasbelopp a month at the higher category's rate
 * (when the year has one), rounded half up once per month.
 */
export function positionMonths(p: PositionTerms, rates: ReadonlyMap<string, number>, thresholdOre: number): PositionMonths {
  const rate = rates.get(p.poCategory);
  if (rate === undefined) throw new RamkollError('INVALID_INPUT', `PO-kategorin "${p.poCategory}" finns inte bland årets PO-pålägg (${[...rates.keys()].join(', ')}).`);
  const high = p.poCategory === HIGH_SALARY_CATEGORY ? undefined : rates.get(HIGH_SALARY_CATEGORY);
  const vacant = new Set(p.vacancyMonths);
  const salary: number[] = [];
  const po: number[] = [];
  for (let m = 1; m <= 12; m++) {
    if (vacant.has(m)) {
      salary.push(0);
      po.push(0);
      continue;
    }
    const raise = m >= p.raiseFromMonth ? p.raiseBp : 0;
    const s = divRound(BigInt(p.monthlySalaryOre) * BigInt(p.employmentBp) * BigInt(10000 + raise), 100_000_000n);
    salary.push(s);
    if (high !== undefined && s > thresholdOre) {
      po.push(divRound(BigInt(thresholdOre) * BigInt(rate) + BigInt(s - thresholdOre) * BigInt(high), 10000n));
    } else {
      po.push(divRound(BigInt(s) * BigInt(rate), 10000n));
    }
  }
  const filled = 12 - [...vacant].filter((m) => m >= 1 && m <= 12).length;
  return { salary, po, fte: Math.round((p.employmentBp * filled) / 12) / 10000 };
}

export interface Position extends PositionTerms {
  id: string;
  versionId: string;
  responsibilityCode: string;
  responsibilityName: string;
  sectorCode: string | null;
  title: string;
  personName: string | null;
  salaryAccountCode: string;
  poAccountCode: string;
  fte: number;
  salaryYearOre: number;
  poYearOre: number;
  /** Why the position cannot be computed (unknown PO category), or null. */
  problem: string | null;
}

export interface PersonnelSummaryRow {
  code: string;
  name: string;
  positions: number;
  fte: number;
  salaryOre: number;
  poOre: number;
  totalOre: number;
}

export interface GeneratedStatus {
  responsibilityCode: string;
  responsibilityName: string;
  /** What the positions come to now. */
  computedOre: number;
  /** What the generated lines in the version hold, or null if none are generated. */
  generatedOre: number | null;
  upToDate: boolean;
}

export interface PersonnelOverview {
  versionId: string;
  year: number;
  locked: boolean;
  settings: PersonnelSettings;
  rates: PoRates;
  positions: Position[];
  perSector: PersonnelSummaryRow[];
  total: PersonnelSummaryRow;
  generated: GeneratedStatus[];
  /** The year of SKR's default rates and the labels the defaults are saved with. */
  defaultLabels: { year: number; rates: string; incomeBase: string };
}

function rateMap(rates: PoRates): Map<string, number> {
  return new Map(rates.rates.map((r) => [r.category, r.rateBp]));
}

/** Positions of a version with their cost, årsarbetare and cost per sektor, and whether the generated lines are current. */
export function personnelOverview(db: Db, versionId: string): PersonnelOverview {
  const version = loadVersion(db, versionId);
  const settings = personnelSettings(db, version.year);
  const rates = poRates(db, version.year);
  const rm = rateMap(rates);
  const org = new Org(db);
  const rows = db.all(db.q.selectFrom('personnel_position').selectAll().where('version_id', '=', versionId).where('deleted_at', 'is', null).orderBy('title').orderBy('id'));
  const positions: Position[] = rows.map((r) => {
    const node = org.byIdOrNull(r.responsibility_id);
    const terms: PositionTerms = {
      employmentBp: r.employment_bp,
      monthlySalaryOre: r.monthly_salary_ore,
      raiseBp: r.raise_bp,
      raiseFromMonth: r.raise_from_month,
      vacancyMonths: JSON.parse(r.vacancy_months) as number[],
      poCategory: r.po_category,
    };
    let months: PositionMonths | null = null;
    let problem: string | null = null;
    try {
      months = positionMonths(terms, rm, settings.thresholdOre);
    } catch (e) {
      problem = (e as Error).message;
    }
    const code = node?.code ?? '?';
    return {
      id: r.id,
      versionId: r.version_id,
      responsibilityCode: code,
      responsibilityName: node?.name ?? 'okänt ansvar',
      sectorCode: node ? (org.tree.ancestorAt(code, 'sector')?.code ?? null) : null,
      title: r.title,
      personName: r.person_name,
      ...terms,
      salaryAccountCode: r.salary_account_code,
      poAccountCode: r.po_account_code,
      fte: months?.fte ?? 0,
      salaryYearOre: months ? months.salary.reduce((a, b) => a + b, 0) : 0,
      poYearOre: months ? months.po.reduce((a, b) => a + b, 0) : 0,
      problem,
    };
  });
  positions.sort((a, b) => a.responsibilityCode.localeCompare(b.responsibilityCode, 'sv') || a.title.localeCompare(b.title, 'sv'));

  const sectors = new Map<string, PersonnelSummaryRow>();
  for (const s of org.tree.nodesAt('sector')) sectors.set(s.code, { code: s.code, name: s.name, positions: 0, fte: 0, salaryOre: 0, poOre: 0, totalOre: 0 });
  const total: PersonnelSummaryRow = { code: '', name: 'Totalt', positions: 0, fte: 0, salaryOre: 0, poOre: 0, totalOre: 0 };
  const add = (row: PersonnelSummaryRow, p: Position) => {
    row.positions++;
    row.fte = Math.round((row.fte + p.fte) * 10000) / 10000;
    row.salaryOre += p.salaryYearOre;
    row.poOre += p.poYearOre;
    row.totalOre += p.salaryYearOre + p.poYearOre;
  };
  for (const p of positions) {
    const key = p.sectorCode ?? '';
    let row = sectors.get(key);
    if (!row) sectors.set(key, (row = { code: key, name: 'Utanför sektorerna', positions: 0, fte: 0, salaryOre: 0, poOre: 0, totalOre: 0 }));
    add(row, p);
    add(total, p);
  }

  const generatedRows = db
    .prepare(
      `SELECT p.responsibility_id AS rid, SUM(b.year_ore) AS total
       FROM personnel_budget_line p JOIN budget_line b ON b.id = p.budget_line_id
       WHERE p.version_id = ? AND p.deleted_at IS NULL AND b.deleted_at IS NULL
       GROUP BY p.responsibility_id`,
    )
    .all(versionId) as { rid: string; total: number }[];
  const generatedBy = new Map<string, number>();
  for (const g of generatedRows) {
    const n = org.byIdOrNull(g.rid);
    if (n) generatedBy.set(n.code, g.total);
  }
  const computedBy = new Map<string, number>();
  for (const p of positions) computedBy.set(p.responsibilityCode, (computedBy.get(p.responsibilityCode) ?? 0) + p.salaryYearOre + p.poYearOre);
  const codes = [...new Set([...computedBy.keys(), ...generatedBy.keys()])].sort((a, b) => a.localeCompare(b, 'sv'));
  const generated = codes.map((code) => {
    const computedOre = computedBy.get(code) ?? 0;
    const generatedOre = generatedBy.get(code) ?? null;
    return { responsibilityCode: code, responsibilityName: org.tree.byCode.get(code)?.name ?? 'okänt ansvar', computedOre, generatedOre, upToDate: generatedOre === computedOre };
  });

  return {
    versionId,
    year: version.year,
    locked: version.lockedAt !== null,
    settings,
    rates,
    positions,
    perSector: [...sectors.values()],
    total,
    generated,
    defaultLabels: { year: PO_DEFAULTS_YEAR, rates: PO_DEFAULTS_LABEL, incomeBase: INCOME_BASE_DEFAULT_LABEL },
  };
}

export interface PositionInput {
  id?: string;
  versionId: string;
  responsibilityCode: string;
  title: string;
  personName?: string | null;
  employmentBp: number;
  monthlySalaryOre: number;
  raiseBp: number;
  raiseFromMonth: number;
  vacancyMonths: number[];
  poCategory: string;
  salaryAccountCode?: string | null;
  poAccountCode?: string | null;
}

/** Creates or changes a position in an editable version; accounts default to the year's configured ones. */
export function savePosition(db: Db, input: PositionInput, meta: PlanningMeta): string {
  const title = input.title.trim();
  if (title === '') throw new RamkollError('INVALID_INPUT', 'Befattningen behöver en titel, t.ex. "Undersköterska".');
  if (!Number.isInteger(input.employmentBp) || input.employmentBp <= 0 || input.employmentBp > 10000) {
    throw new RamkollError('INVALID_INPUT', 'Sysselsättningsgraden ska vara större än 0 och högst 100 %.');
  }
  if (!Number.isSafeInteger(input.monthlySalaryOre) || input.monthlySalaryOre < 0) throw new RamkollError('INVALID_INPUT', 'Månadslönen ska vara ett belopp på noll eller mer.');
  if (!Number.isInteger(input.raiseBp) || input.raiseBp < -5000 || input.raiseBp > 5000) throw new RamkollError('INVALID_INPUT', 'Löneökningen ska vara mellan −50 och 50 %.');
  if (!Number.isInteger(input.raiseFromMonth) || input.raiseFromMonth < 1 || input.raiseFromMonth > 12) throw new RamkollError('INVALID_INPUT', 'Löneökningen gäller från en månad mellan 1 och 12.');
  const vacancy = [...new Set(input.vacancyMonths)].sort((a, b) => a - b);
  if (vacancy.some((m) => !Number.isInteger(m) || m < 1 || m > 12)) throw new RamkollError('INVALID_INPUT', 'Vakansmånaderna ska vara månader mellan 1 och 12.');
  const version = loadVersion(db, input.versionId);
  const settings = personnelSettings(db, version.year);
  const rates = poRates(db, version.year);
  if (!rates.rates.some((r) => r.category === input.poCategory)) {
    throw new RamkollError('INVALID_INPUT', `PO-kategorin "${input.poCategory}" finns inte för ${version.year}. Kategorierna är: ${rates.rates.map((r) => r.category).join(', ')}.`);
  }
  const org = new Org(db);
  const node = org.node(input.responsibilityCode);
  const accounts = new Accounts(db);
  const salaryAccount = accounts.get(input.salaryAccountCode || settings.salaryAccountCode, 'Lönekontot').code;
  const poAccount = accounts.get(input.poAccountCode || settings.poAccountCode, 'PO-kontot').code;
  const values = {
    responsibility_id: node.id,
    title,
    person_name: input.personName?.trim() || null,
    employment_bp: input.employmentBp,
    monthly_salary_ore: input.monthlySalaryOre,
    raise_bp: input.raiseBp,
    raise_from_month: input.raiseFromMonth,
    vacancy_months: JSON.stringify(vacancy),
    po_category: input.poCategory,
    salary_account_code: salaryAccount,
    po_account_code: poAccount,
    updated_at: meta.at,
    updated_by_site: meta.siteId,
  };
  return db.tx(() => {
    assertVersionEditable(db, input.versionId);
    if (input.id) {
      const r = db.run(db.q.updateTable('personnel_position').set(values).where('id', '=', input.id).where('version_id', '=', input.versionId).where('deleted_at', 'is', null));
      if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Befattningen finns inte (längre) i den här versionen.');
      return input.id;
    }
    const id = newId();
    db.run(db.q.insertInto('personnel_position').values({ id, version_id: input.versionId, ...values, created_at: meta.at, deleted_at: null }));
    return id;
  });
}

export function deletePosition(db: Db, id: string, meta: PlanningMeta): void {
  const row = db.first(db.q.selectFrom('personnel_position').select(['version_id']).where('id', '=', id).where('deleted_at', 'is', null));
  if (!row) throw new RamkollError('NOT_FOUND', 'Befattningen finns inte (längre).');
  db.tx(() => {
    assertVersionEditable(db, row.version_id);
    db.run(db.q.updateTable('personnel_position').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
  });
}

export interface GenerateResult {
  responsibilities: number;
  lines: number;
  replacedLines: number;
  salaryOre: number;
  poOre: number;
}

interface PersonnelLinesPlan {
  lines: (NewBudgetLine & { kind: 'salary' | 'po' })[];
  /** Ansvar whose earlier generated lines are replaced. */
  touched: Set<string>;
}

/** The salary and PO lines the positions come to, summed per ansvar and account. Reads only. */
function planPersonnelLines(db: Db, versionId: string, responsibilityCodes: readonly string[] | null): PersonnelLinesPlan {
  const { year } = assertVersionEditable(db, versionId);
  const overview = personnelOverview(db, versionId);
  const broken = overview.positions.filter((p) => p.problem !== null && (responsibilityCodes === null || responsibilityCodes.includes(p.responsibilityCode)));
  if (broken.length > 0) throw new RamkollError('INVALID_INPUT', `${broken[0]!.title} på ${broken[0]!.responsibilityCode}: ${broken[0]!.problem}`);
  const settings = personnelSettings(db, year);
  const rm = rateMap(poRates(db, year));
  const org = new Org(db);
  const accounts = new Accounts(db);
  const wanted = responsibilityCodes === null ? null : new Set(responsibilityCodes);
  for (const code of wanted ?? []) org.node(code);

  const sums = new Map<string, { responsibility: string; account: string; kind: 'salary' | 'po'; months: number[]; positions: number }>();
  const add = (responsibility: string, account: string, kind: 'salary' | 'po', months: number[]) => {
    const key = `${responsibility}|${account}|${kind}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { responsibility, account, kind, months: new Array<number>(12).fill(0), positions: 0 }));
    months.forEach((m, i) => (s.months[i] = s.months[i]! + m));
    s.positions++;
  };
  for (const p of overview.positions) {
    if (wanted && !wanted.has(p.responsibilityCode)) continue;
    accounts.get(p.salaryAccountCode, 'Lönekontot');
    accounts.get(p.poAccountCode, 'PO-kontot');
    const m = positionMonths(p, rm, settings.thresholdOre);
    add(p.responsibilityCode, p.salaryAccountCode, 'salary', m.salary);
    add(p.responsibilityCode, p.poAccountCode, 'po', m.po);
  }
  const touched = new Set<string>([...sums.values()].map((s) => s.responsibility));
  if (wanted) for (const c of wanted) touched.add(c);
  else for (const g of overview.generated) touched.add(g.responsibilityCode);

  const lines = [...sums.values()]
    .filter((s) => s.months.some((m) => m !== 0))
    .sort((a, b) => a.responsibility.localeCompare(b.responsibility, 'sv') || a.account.localeCompare(b.account))
    .map((s) => ({
      account: s.account,
      responsibility: s.responsibility,
      yearOre: s.months.reduce((a, b) => a + b, 0),
      months: s.months,
      note: `Personalbudget (${s.kind === 'salary' ? 'lön' : 'PO-pålägg'}), ${s.positions} ${s.positions === 1 ? 'befattning' : 'befattningar'}`,
      kind: s.kind,
    }));
  return { lines, touched };
}

/** Replaces the generated lines of the touched ansvar with the plan's. Call inside a transaction. */
function applyPersonnelLines(db: Db, versionId: string, plan: PersonnelLinesPlan, meta: PlanningMeta): GenerateResult {
  assertVersionEditable(db, versionId);
  const org = new Org(db);
  let replaced = 0;
  const old = db.all(db.q.selectFrom('personnel_budget_line').select(['id', 'budget_line_id', 'responsibility_id']).where('version_id', '=', versionId).where('deleted_at', 'is', null));
  const tomb = { deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId };
  for (const o of old) {
    const code = org.byIdOrNull(o.responsibility_id)?.code;
    if (code === undefined || !plan.touched.has(code)) continue;
    replaced += db.run(db.q.updateTable('budget_line').set(tomb).where('id', '=', o.budget_line_id).where('deleted_at', 'is', null)).changes;
    db.run(db.q.updateTable('personnel_budget_line').set(tomb).where('id', '=', o.id));
  }
  let ids: string[];
  try {
    ids = insertBudgetLines(db, versionId, plan.lines, { siteId: meta.siteId, at: meta.at }, naturalId('profile', 'personal'));
  } catch (e) {
    // A kodsträng the personnel budget generates already has a line written by hand: both would count the salaries.
    if (!isRamkollError(e) || e.code !== 'CONFLICT' || e.details.length === 0) throw e;
    throw new RamkollError(
      'CONFLICT',
      `Personalbudgeten ger rader på kodsträngar som versionen redan har egna rader för: ${e.details.map((d) => d.message).join('; ')}. ` +
        'En kodsträng kan bara finnas på en rad, och lönerna skulle annars räknas två gånger: ta bort de raderna (eller flytta dem till ett annat konto) och skapa raderna igen.',
      e.details,
    );
  }
  ids.forEach((lineId, i) => {
    const l = plan.lines[i]!;
    db.run(
      db.q.insertInto('personnel_budget_line').values({
        id: newId(),
        budget_line_id: lineId,
        version_id: versionId,
        responsibility_id: org.node(l.responsibility).id,
        kind: l.kind,
        created_at: meta.at,
        updated_at: meta.at,
        updated_by_site: meta.siteId,
        deleted_at: null,
      }),
    );
  });
  return {
    responsibilities: new Set(plan.lines.map((l) => l.responsibility)).size,
    lines: plan.lines.length,
    replacedLines: replaced,
    salaryOre: plan.lines.filter((l) => l.kind === 'salary').reduce((s, l) => s + l.yearOre, 0),
    poOre: plan.lines.filter((l) => l.kind === 'po').reduce((s, l) => s + l.yearOre, 0),
  };
}

/** Generates the personnel lines of a version inside a transaction the caller holds (no backup). */
export function writePersonnelLines(db: Db, versionId: string, responsibilityCodes: readonly string[] | null, meta: PlanningMeta): GenerateResult {
  return applyPersonnelLines(db, versionId, planPersonnelLines(db, versionId, responsibilityCodes), meta);
}

/**
 * Writes the salary and PO lines of the positions into the version: one line
 * per ansvar and account with the twelve months summed over its positions.
 * Lines generated before for the same ansvar are replaced (tombstoned), so
 * generating twice gives the same budget. Backup first, one transaction.
 */
export async function generatePersonnelLines(db: Db, versionId: string, responsibilityCodes: readonly string[] | null, meta: PlanningMeta): Promise<GenerateResult> {
  const plan = planPersonnelLines(db, versionId, responsibilityCodes);
  await db.backup('fore-personalbudget');
  return db.tx(() => applyPersonnelLines(db, versionId, plan, meta));
}

/**
 * Copies the positions of one version into another (editable) one, e.g. from
 * the adopted budget into a revision. `salaryFactorBp` (10000 = unchanged)
 * scales the monthly salaries; with `carryRaise` the year's raise is built
 * into the new base salary first, as when a new budget year starts.
 */
export function copyPositions(
  db: Db,
  input: { fromVersionId: string; toVersionId: string; carryRaise?: boolean; newRaiseBp?: number | null; clearVacancies?: boolean },
  meta: PlanningMeta,
): number {
  loadVersion(db, input.fromVersionId);
  const rows = db.all(db.q.selectFrom('personnel_position').selectAll().where('version_id', '=', input.fromVersionId).where('deleted_at', 'is', null));
  return db.tx(() => {
    assertVersionEditable(db, input.toVersionId);
    for (const r of rows) {
      const salary = input.carryRaise ? divRound(BigInt(r.monthly_salary_ore) * BigInt(10000 + r.raise_bp), 10000n) : r.monthly_salary_ore;
      db.run(
        db.q.insertInto('personnel_position').values({
          ...r,
          id: newId(),
          version_id: input.toVersionId,
          monthly_salary_ore: salary,
          raise_bp: input.newRaiseBp ?? r.raise_bp,
          vacancy_months: input.clearVacancies ? '[]' : r.vacancy_months,
          created_at: meta.at,
          updated_at: meta.at,
          updated_by_site: meta.siteId,
          deleted_at: null,
        }),
      );
    }
    return rows.length;
  });
}

/**
 * Gives a new budget year the PO rates and personnel settings of an earlier
 * one where it has none saved, so positions carried over keep their
 * categories. Call inside a transaction.
 */
export function carryPersonnelYear(db: Db, fromYear: number, toYear: number, meta: PlanningMeta): void {
  const from = poRates(db, fromYear);
  // The source goes with the figures: rates carried into a later year still say whose year they are.
  if (from.saved && !poRates(db, toYear).saved) savePoRates(db, toYear, from.rates, meta, from.source);
  const settings = personnelSettings(db, fromYear);
  if (settings.saved && !personnelSettings(db, toYear).saved) {
    savePersonnelSettings(
      db,
      { year: toYear, salaryAccountCode: settings.salaryAccountCode, poAccountCode: settings.poAccountCode, incomeBaseAmountOre: settings.incomeBaseAmountOre, incomeBaseAmountSource: settings.incomeBaseAmountSource },
      meta,
    );
  }
}
