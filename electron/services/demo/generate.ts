import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import accounts from '../../../resources/demo/accounts.json';
import organisation from '../../../resources/demo/organisation.json';
import { BUILT_IN_PROFILES, periodise, profileWeights } from '../budget/profiles';
import { CodingResolver } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { ensureFiscalYear } from '../fiscal';
import type { TableFile } from '../files/table';
import { naturalId, newId } from '../ids';
import { planAccountImport } from '../masterdata/accounts';
import { planOrganisationImport } from '../masterdata/organisation';
import { fileProblems } from '../problems';
import { setSetting } from '../settings';
import { generateExchangeDemo } from './exchange';
import { generateFollowUpDemo, lockReportedDemoOccasions } from './followup';
import { generateGoalsDemo } from './goals';
import { DEMO_PO, FIXED_ACCOUNTS, OPERATION_KIND, outcomeSeason, UNIT_BIAS, unitEconomy } from './model';
import { generatePlanningDemo } from './planning';

export interface DemoOptions {
  year: number;
  siteId: string;
  user: string;
  now: Date;
}

/** Months of the demo year that have outcome (January to October). */
export const DEMO_OUTCOME_MONTHS = 10;

/** A small, fast, seedable PRNG (mulberry32), so the demo is the same every time. */
function rngFor(...parts: (string | number)[]): () => number {
  let a = createHash('sha256').update(parts.join(':')).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Budget year amounts are set in whole thousands (hundreds for small lines). */
function budgetKronorToOre(kr: number): number {
  const step = Math.abs(kr) >= 100_000 ? 1000 : 100;
  return Math.round(kr / step) * step * 100;
}

function asTable(fileName: string, header: string[], rows: string[][]): TableFile {
  return { fileName, format: 'csv', rows: [header, ...rows].map((cells, i) => ({ line: i + 1, cells })) };
}

const SALARY_ACCOUNTS = ['5010', '5020', '5030', '5050'];

function profileCodeFor(account: string): string {
  if (account.startsWith('5')) return 'personal';
  if (account === '4010' || account === '6720') return 'kalenderdagar';
  return 'jamn';
}

interface PlannedLine {
  unit: string;
  account: string;
  yearOre: number;
  months: number[];
  profileCode: string;
}

/**
 * Fills an empty database with the demo förvaltning "Socialförvaltningen,
 * Exempelby kommun": organisation, kontoplan, the year's adopted detaljbudget
 * with ramar, outcome for January-October of the year and the whole previous
 * year. Deterministic for a given year. One transaction: whole or nothing.
 */
export function generateDemo(db: Db, opts: DemoOptions): void {
  const { year, siteId } = opts;
  const at = opts.now.toISOString();
  const hasData =
    db.first(db.q.selectFrom('account').select('id').limit(1)) ??
    db.first(db.q.selectFrom('dimension_value').select('id').limit(1)) ??
    db.first(db.q.selectFrom('budget_line').select('id').limit(1));
  if (hasData) {
    throw new RamkollError('CONFLICT', 'Demoförvaltningen kan bara läggas in i en tom databas. Skapa en ny databas för demon.');
  }

  const orgPlan = planOrganisationImport(
    db,
    asTable('demo-organisation', ['Ansvar', 'Namn', 'Överordnad', 'Nivå'], organisation.map((o) => [o.code, o.name, o.parent ?? '', o.level])),
  );
  if (orgPlan.errors.length > 0) throw fileProblems('demo-organisation', orgPlan.errors);
  const accountPlan = planAccountImport(db, asTable('demo-kontoplan', ['Konto', 'Namn'], accounts.map((a) => [a.code, a.name])));
  if (accountPlan.errors.length > 0) throw fileProblems('demo-kontoplan', accountPlan.errors);

  const units = organisation.filter((o) => o.level === 'unit');
  const sectorOf = new Map<string, string>();
  for (const o of organisation) {
    if (o.level === 'sector') sectorOf.set(o.code, o.code);
    else if (o.parent && sectorOf.has(o.parent)) sectorOf.set(o.code, sectorOf.get(o.parent)!);
  }
  const profileWeightsByCode = new Map(BUILT_IN_PROFILES.filter((p) => p.kind !== 'last_year').map((p) => [p.code, profileWeights(p.kind, year, p.weights)]));

  // The detaljbudget: one line per unit and account.
  const lines: PlannedLine[] = [];
  const salaryBase = new Map<string, number>();
  for (const u of units) {
    const kind = OPERATION_KIND[u.parent!];
    if (!kind) throw new Error(`demo: no kind for operation ${u.parent}`);
    const rng = rngFor('budget', u.code);
    const eco = unitEconomy(u.code === '34301' ? 'bemanningsenhet' : kind, rng);
    const yearly = new Map<string, number>();
    const salaryYear = eco.fte * eco.salary * 12;
    yearly.set('5010', salaryYear * (1 - eco.hourly));
    if (eco.hourly > 0) yearly.set('5020', salaryYear * eco.hourly);
    if (eco.hourly > 0.05) yearly.set('5030', salaryYear * 0.008);
    if (eco.ob > 0) yearly.set('5050', salaryYear * (1 - eco.hourly) * eco.ob);
    for (const [acc, kr] of Object.entries(eco.lines)) yearly.set(acc, kr);
    const salaries = SALARY_ACCOUNTS.reduce((s, a) => s + budgetKronorToOre(yearly.get(a) ?? 0), 0);
    salaryBase.set(u.code, salaries);
    for (const [acc, rate] of Object.entries(DEMO_PO)) yearly.set(acc, (salaries / 100) * rate);
    for (const [account, kr] of yearly) {
      const yearOre = budgetKronorToOre(kr);
      if (yearOre === 0) continue;
      const profileCode = profileCodeFor(account);
      lines.push({ unit: u.code, account, yearOre, months: periodise(yearOre, profileWeightsByCode.get(profileCode)!), profileCode });
    }
  }

  db.tx(() => {
    setSetting(db, 'kommun.name', 'Exempelby kommun');
    setSetting(db, 'administration.name', 'Socialförvaltningen');
    setSetting(db, 'board.name', 'Socialnämnden');
    setSetting(db, 'year.active', year);
    orgPlan.apply(siteId, at);
    accountPlan.apply(siteId, at);
    ensureFiscalYear(db, year - 1, at);
    ensureFiscalYear(db, year, at);

    // Name-based, not random: locking the demo's reported occasions records the
    // budget version in each snapshot (its id inside the meta JSON), and the
    // demo must come out the same every time for a given year.
    const versionId = naturalId('budget_version', `demo:${year}`);
    db.run(
      db.q.insertInto('budget_version').values({
        id: versionId,
        year,
        name: `Budget ${year}`,
        kind: 'adopted',
        based_on_id: null,
        decision_ref: `SN ${year - 1}-11-26 § 98`,
        locked_at: `${year - 1}-11-26T15:00:00.000Z`,
        created_at: at,
        updated_at: at,
        updated_by_site: siteId,
        deleted_at: null,
      }),
    );

    const codings = new CodingResolver(db);
    const insertLine = db.prepare(
      `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore,
        m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore,
        manual, note, created_at, updated_at, updated_by_site, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, NULL)`,
    );
    const netBySector = new Map<string, number>();
    for (const l of lines) {
      insertLine.run(newId(), versionId, codings.idOf(l.account, l.unit), naturalId('profile', l.profileCode), l.yearOre, ...l.months, at, at, siteId);
      const sector = sectorOf.get(l.unit)!;
      netBySector.set(sector, (netBySector.get(sector) ?? 0) + l.yearOre);
    }

    // Ramar: each sektor's net cost rounded to 100 tkr; the förvaltning's is their sum.
    const insertFrame = (code: string, amount: number) =>
      db.run(
        db.q.insertInto('frame').values({
          id: newId(),
          version_id: versionId,
          responsibility_id: naturalId(RESPONSIBILITY, code),
          amount_ore: amount,
          note: null,
          created_at: at,
          updated_at: at,
          updated_by_site: siteId,
          deleted_at: null,
        }),
      );
    let total = 0;
    for (const [sector, net] of netBySector) {
      const ram = Math.round(net / 10_000_000) * 10_000_000;
      total += ram;
      insertFrame(sector, ram);
    }
    insertFrame('3000', total);
    generatePlanningDemo(db, { year, versionId, siteId, at });

    writeOutcome(db, codings, lines, salaryBase, year, DEMO_OUTCOME_MONTHS, 1, opts, 'Demo: utfall januari–oktober');
    writeOutcome(db, codings, lines, salaryBase, year - 1, 12, 0.965, opts, `Demo: utfall ${year - 1}`);
    generateFollowUpDemo(db, { year, siteId, outcomeMonths: DEMO_OUTCOME_MONTHS });
    // The goal round uses the occasions of the reporting calendar, and writes
    // its assessments before the reported occasions are locked.
    generateGoalsDemo(db, { year, siteId, now: opts.now });
    lockReportedDemoOccasions(db, { year, siteId, outcomeMonths: DEMO_OUTCOME_MONTHS });
    generateExchangeDemo(db, { at });
  });
}

/** Outcome that behaves like a real ledger: seasonality, over- and underspending units, holiday pay. */
function writeOutcome(
  db: Db,
  codings: CodingResolver,
  lines: PlannedLine[],
  salaryBase: Map<string, number>,
  year: number,
  months: number,
  level: number,
  opts: DemoOptions,
  label: string,
): void {
  const at = opts.now.toISOString();
  const batchId = newId();
  const periods = Array.from({ length: months }, (_, i) => year * 100 + i + 1);
  const amounts = new Map<string, number[]>(); // 'account|unit' -> öre per month
  const add = (account: string, unit: string, month: number, ore: number) => {
    const key = `${account}|${unit}`;
    let arr = amounts.get(key);
    if (!arr) amounts.set(key, (arr = new Array<number>(months).fill(0)));
    arr[month] = arr[month]! + ore;
  };

  for (const l of lines) {
    if (l.account in DEMO_PO) continue; // worked out from the salaries below
    const rng = rngFor('outcome', year, l.unit, l.account);
    const isCost = l.yearOre > 0;
    const bias = isCost ? (UNIT_BIAS[l.unit] ?? 0.985 + (rng() - 0.5) * 0.04) : 1 + (rng() - 0.5) * 0.03;
    const season = outcomeSeason(l.account);
    const growing = l.account === '4330' || l.account === '4350' || l.account === '4610';
    for (let m = 0; m < months; m++) {
      if (FIXED_ACCOUNTS.has(l.account)) {
        add(l.account, l.unit, m, Math.round(l.months[m]! * level));
        continue;
      }
      const noise = 1 + (rng() - 0.5) * (isCost ? 0.07 : 0.03);
      const trend = growing ? 0.94 + 0.012 * m : 1;
      const s = season ? season[m]! : 1;
      add(l.account, l.unit, m, Math.round((l.yearOre / 12) * s * bias * noise * trend * level));
    }
  }
  // The semester liability (accrued every month, used in the summer: this is
  // what makes July's personnel cost low), sick pay and PO on all of it.
  for (const [unit, base] of salaryBase) {
    const rng = rngFor('salary-extra', year, unit);
    const monthly = (base / 12) * level * (UNIT_BIAS[unit] ?? 1);
    for (let m = 0; m < months; m++) {
      const liability = [0.066, 0.066, 0.066, 0.066, 0.066, -0.03, -0.55, -0.03, 0.066, 0.066, 0.066, 0.07][m]!;
      add('5210', unit, m, Math.round(monthly * liability * (0.95 + rng() * 0.1)));
      const sick = m < 3 || m > 9 ? 0.016 : 0.009;
      add('5090', unit, m, Math.round(monthly * sick * (0.7 + rng() * 0.6)));
      const paid = ['5010', '5020', '5030', '5050', '5090', '5210'].reduce((s, a) => s + (amounts.get(`${a}|${unit}`)?.[m] ?? 0), 0);
      for (const [acc, rate] of Object.entries(DEMO_PO)) add(acc, unit, m, Math.round(paid * rate));
      if (rng() < 0.25) add('7710', unit, m, Math.round(rng() * 400_000));
    }
  }

  let total = 0;
  let rows = 0;
  const perPeriod: Record<string, number> = {};
  const insert = db.prepare('INSERT INTO actual_balance (coding_id, period, amount_ore, batch_id) VALUES (?, ?, ?, ?)');
  db.run(
    db.q.insertInto('import_batch').values({
      id: batchId,
      kind: 'actual',
      file_name: label,
      file_sha256: createHash('sha256').update(`ramkoll-demo:${year}:${months}`).digest('hex'),
      profile_name: 'demo',
      imported_by: opts.user,
      imported_at: at,
      row_count: 0,
      total_ore: 0,
      periods: JSON.stringify(periods.map(String)),
      scope_responsibility_code: null,
      status: 'active',
      undone_at: null,
      summary: '{}',
    }),
  );
  for (const [key, values] of amounts) {
    const [account, unit] = key.split('|') as [string, string];
    const codingId = codings.idOf(account, unit);
    values.forEach((ore, m) => {
      if (ore === 0) return;
      insert.run(codingId, periods[m], ore, batchId);
      total += ore;
      rows++;
      perPeriod[periods[m]!] = (perPeriod[periods[m]!] ?? 0) + ore;
    });
  }
  db.run(
    db.q
      .updateTable('import_batch')
      .set({ row_count: rows, total_ore: total, summary: JSON.stringify({ totalsPerPeriod: perPeriod }) })
      .where('id', '=', batchId),
  );
}
