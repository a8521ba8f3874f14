import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { stockholmDate } from '../../../shared/dates';
import accounts from '../../../resources/demo/accounts.json';
import organisation from '../../../resources/demo/organisation.json';
import { BUILT_IN_PROFILES, periodise, profileWeights } from '../budget/profiles';
import { CodingResolver } from '../coding';
import { ensureFiscalYear } from '../fiscal';
import type { TableFile } from '../files/table';
import { naturalId, newId } from '../ids';
import { planAccountImport } from '../masterdata/accounts';
import { planOrganisationImport } from '../masterdata/organisation';
import { fileProblems } from '../problems';
import { setSetting } from '../settings';
import { generateExchangeDemo } from './exchange';
import { writeDemoFrames } from './frames';
import { writeDemoMultiyear } from './multiyear';
import { generateFollowUpDemo, lockReportedDemoOccasions } from './followup';
import { generateGoalsDemo } from './goals';
import { generateGoalRoundDemo } from './goal-round';
import { writeDemoComparison } from './goals-comparison';
import { DEMO_PO, OPERATION_KIND, POSITION_PO, unitEconomy, type UnitEconomy } from './model';
import { monthsLabel, writeOutcome, type OutcomeLine } from './outcome';
import { PERSONNEL_UNITS, writeDemoPersonnel } from './personnel';
import { generatePlanningDemo } from './planning';
import { writeDemoBudgetChanges } from './budget-changes';
import { writeDemoInvestments } from './investments';
import { writeDemoPlanningSteps } from './planning-calendar';
import { writeDemoPersonnelFigures } from './personnel-figures';
import { generateTextsDemo } from './texts';
import { generateInternalControlDemo } from './internal-control';
import { generateActionPlansDemo } from './action-plans';
import { rngFor } from './rng';
import { demoInstant, demoTimeline, type DemoTimeline } from './timeline';

export interface DemoOptions {
  /** The budget year; without it, the year the demo shows on today's date (see timeline.ts). */
  year?: number;
  siteId: string;
  user: string;
  /** The program's clock: the demo is built as of its date. */
  now: Date;
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
 * Exempelby kommun" as it stands on the clock's date (timeline.ts):
 * organisation, kontoplan, the year's adopted detaljbudget (personnel units
 * generated from their positions) inside its ramar, outcome for the closed
 * months of the year and the whole previous year, the comment and goal
 * rounds up to that date. Deterministic for a given date. One transaction:
 * whole or nothing. Returns the timeline it was built on.
 */
export function generateDemo(db: Db, opts: DemoOptions): DemoTimeline {
  const { siteId } = opts;
  const hasData =
    db.first(db.q.selectFrom('account').select('id').limit(1)) ??
    db.first(db.q.selectFrom('dimension_value').select('id').limit(1)) ??
    db.first(db.q.selectFrom('budget_line').select('id').limit(1));
  if (hasData) {
    throw new RamkollError('CONFLICT', 'Demoförvaltningen kan bara läggas in i en tom databas. Skapa en ny databas för demon.');
  }
  const today = stockholmDate(opts.now);
  const timeline = demoTimeline(today, opts.year);
  const { year } = timeline;
  // The instant the demo stands on: nothing in it (a comment, a lock, a decision) is later.
  const asOfNow = demoInstant(timeline, opts.now, today);
  const at = opts.now.toISOString();

  const orgPlan = planOrganisationImport(
    db,
    asTable('demo-organisation', ['Ansvar', 'Namn', 'Överordnad', 'Nivå'], organisation.map((o) => [o.code, o.name, o.parent ?? '', o.level])),
  );
  if (orgPlan.errors.length > 0) throw fileProblems('demo-organisation', orgPlan.errors);
  const accountPlan = planAccountImport(db, asTable('demo-kontoplan', ['Konto', 'Namn'], accounts.map((a) => [a.code, a.name])));
  if (accountPlan.errors.length > 0) throw fileProblems('demo-kontoplan', accountPlan.errors);

  const units = organisation.filter((o) => o.level === 'unit');
  const profileWeightsByCode = new Map(BUILT_IN_PROFILES.filter((p) => p.kind !== 'last_year').map((p) => [p.code, profileWeights(p.kind, year, p.weights)]));

  // The detaljbudget: one line per unit and account. The personnel units' salaries and PO come from their positions below.
  const lines: PlannedLine[] = [];
  const salaryBase = new Map<string, number>();
  const economies = new Map<string, UnitEconomy>();
  for (const u of units) {
    const kind = OPERATION_KIND[u.parent!];
    if (!kind) throw new Error(`demo: no kind for operation ${u.parent}`);
    const rng = rngFor('budget', u.code);
    const eco = unitEconomy(u.code === '34301' ? 'bemanningsenhet' : kind, rng);
    economies.set(u.code, eco);
    const yearly = new Map<string, number>();
    if (!PERSONNEL_UNITS.has(u.code)) {
      const salaryYear = eco.fte * eco.salary * 12;
      yearly.set('5010', salaryYear * (1 - eco.hourly));
      if (eco.hourly > 0) yearly.set('5020', salaryYear * eco.hourly);
      if (eco.hourly > 0.05) yearly.set('5030', salaryYear * 0.008);
      if (eco.ob > 0) yearly.set('5050', salaryYear * (1 - eco.hourly) * eco.ob);
    }
    for (const [acc, kr] of Object.entries(eco.lines)) yearly.set(acc, kr);
    if (!PERSONNEL_UNITS.has(u.code)) {
      const salaries = SALARY_ACCOUNTS.reduce((s, a) => s + budgetKronorToOre(yearly.get(a) ?? 0), 0);
      salaryBase.set(u.code, salaries);
      for (const [acc, rate] of Object.entries(DEMO_PO)) yearly.set(acc, (salaries / 100) * rate);
    }
    for (const [account, kr] of yearly) {
      const yearOre = budgetKronorToOre(kr);
      if (yearOre === 0) continue;
      const profileCode = profileCodeFor(account);
      lines.push({ unit: u.code, account, yearOre, months: periodise(yearOre, profileWeightsByCode.get(profileCode)!), profileCode });
    }
  }

  // The demo is one transaction of some tens of megabytes in tens of thousands of statements. Each statement
  // of a transaction keeps a statement journal, a temporary file by default: about 300,000 writes to it
  // (strace) for the demo. In memory instead (temp_store), with a page cache of 64 MB (the default is 2 MB).
  const before = { cache: db.sqlite.pragma('cache_size', { simple: true }) as number, temp: db.sqlite.pragma('temp_store', { simple: true }) as number };
  db.sqlite.pragma('cache_size = -65536');
  db.sqlite.pragma('temp_store = MEMORY');
  try {
    generateInTransaction();
  } finally {
    db.sqlite.pragma(`cache_size = ${before.cache}`);
    db.sqlite.pragma(`temp_store = ${before.temp}`);
  }
  return timeline;

  function generateInTransaction(): void {
  db.tx(() => {
    setSetting(db, 'kommun.name', 'Exempelby kommun');
    setSetting(db, 'administration.name', 'Socialförvaltningen');
    setSetting(db, 'board.name', 'Socialnämnden');
    setSetting(db, 'year.active', year);
    // The marker Översikt shows: this database is the demo, as it stood on this date.
    setSetting(db, 'demo.asOf', timeline.asOf);
    orgPlan.apply(siteId, at);
    accountPlan.apply(siteId, at);
    ensureFiscalYear(db, year - 1, at);
    ensureFiscalYear(db, year, at);

    // Name-based, not random: locking the demo's reported occasions records the
    // budget version in each snapshot (its id inside the meta JSON), and the
    // demo must come out the same every time for a given date. Locked as
    // adopted once its lines, personnel lines and ramar are in.
    const versionId = naturalId('budget_version', `demo:${year}`);
    db.run(
      db.q.insertInto('budget_version').values({
        id: versionId,
        year,
        name: `Budget ${year}`,
        kind: 'adopted',
        based_on_id: null,
        decision_ref: `SN ${year - 1}-11-26 § 98`,
        locked_at: null,
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
    for (const l of lines) insertLine.run(newId(), versionId, codings.idOf(l.account, l.unit), naturalId('profile', l.profileCode), l.yearOre, ...l.months, at, at, siteId);

    generatePlanningDemo(db, { year, versionId, siteId, at, asOf: timeline.asOf });
    writeDemoBudgetChanges(db, { year, siteId, at, asOf: timeline.asOf });
    writeDemoPlanningSteps(db, { year, siteId, at, asOf: timeline.asOf });
    writeDemoPersonnel(db, { year, versionId, siteId, user: opts.user, at, economies });
    // The generated lines are the personnel units' salaries and PO: outcome follows them like any other line.
    const generated = db
      .prepare(
        `SELECT c.responsibility_code AS unit, c.account_code AS account, b.year_ore AS yearOre, p.kind AS kind,
                b.m01_ore, b.m02_ore, b.m03_ore, b.m04_ore, b.m05_ore, b.m06_ore, b.m07_ore, b.m08_ore, b.m09_ore, b.m10_ore, b.m11_ore, b.m12_ore
         FROM personnel_budget_line p JOIN budget_line b ON b.id = p.budget_line_id JOIN coding c ON c.id = b.coding_id
         WHERE p.version_id = ? AND p.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY 1, 2`,
      )
      .all(versionId) as ({ unit: string; account: string; yearOre: number; kind: 'salary' | 'po' } & Record<string, number>)[];
    const outcomeLines: OutcomeLine[] = [...lines];
    outcomeLines.push(...writeDemoInvestments(db, { year, versionId, siteId, user: opts.user, at, timeline }));
    for (const g of generated) {
      outcomeLines.push({ unit: g.unit, account: g.account, yearOre: g.yearOre, months: Array.from({ length: 12 }, (_, i) => g[`m${String(i + 1).padStart(2, '0')}_ore`]!) });
      if (g.kind === 'salary') salaryBase.set(g.unit, (salaryBase.get(g.unit) ?? 0) + g.yearOre);
    }
    writeDemoFrames(db, { versionId, siteId, at });
    writeDemoMultiyear(db, { versionId, year, siteId, at });
    db.run(db.q.updateTable('budget_version').set({ locked_at: `${year - 1}-11-26T15:00:00.000Z` }).where('id', '=', versionId));

    const outcome = { salaryBase, poFor: (unit: string) => (PERSONNEL_UNITS.has(unit) ? POSITION_PO : DEMO_PO), user: opts.user, at };
    writeOutcome(db, codings, outcomeLines, { ...outcome, year, months: timeline.outcomeMonths, level: 1, label: `Demo: utfall ${monthsLabel(timeline.outcomeMonths)}` });
    writeOutcome(db, codings, outcomeLines, { ...outcome, year: year - 1, months: 12, level: 0.965, label: `Demo: utfall ${year - 1}` });
    const round = { year, siteId, openPeriod: timeline.openPeriod, now: asOfNow };
    generateFollowUpDemo(db, round);
    // The goal round uses the occasions of the reporting calendar, and writes
    // its assessments before the reported occasions are locked.
    generateGoalsDemo(db, round);
    generateGoalRoundDemo(db, round);
    writeDemoComparison(db, round);
    generateTextsDemo(db, round);
    writeDemoPersonnelFigures(db, { year, outcomeMonths: timeline.outcomeMonths, siteId, at });
    generateInternalControlDemo(db, round);
    generateActionPlansDemo(db, round);
    lockReportedDemoOccasions(db, round);
    generateExchangeDemo(db, { at });
  });
  }
}
