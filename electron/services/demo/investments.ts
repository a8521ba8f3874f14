import type { Db } from '../../../db/index';
import type { InvestmentCategory } from '../../../db/schema';
import { writeCapitalLines } from '../investments/generate';
import { naturalId } from '../ids';
import { OrgTree } from '../figures/org-tree';
import type { OutcomeLine } from './outcome';
import type { DemoTimeline } from './timeline';

/**
 * The demo's investment budget (issue 17): ten projects of a
 * socialförvaltning over the budget year, the years before it and the plan
 * years, investment ramar for the nämnd and two sektorer, the internränta,
 * investment outcome on the projects' codes up to the demo's date, and the
 * kapitaltjänst they generate into the drift budget (returned as lines for
 * the drift outcome, which Ekonomi books as budgeted). A project is only
 * activated once the demo's date has passed its activation month; one is
 * late on purpose. Name-based ids and no randomness: the demo comes out the
 * same for a given date. Set-based: a few dozen rows. The kapitaltjänst
 * lands on verksamheter whose ram is their subtree (not on Särskilt boende,
 * whose units have ramar of their own, nor on a sektor), so the demo's
 * ramar (frames.ts) still distribute exactly.
 */

interface DemoProject {
  code: string;
  name: string;
  unit: string;
  category: InvestmentCategory;
  /** Months relative to January of the budget year: -24 is January two years before. */
  start: number;
  activation: number;
  /** The activation is late: not activated even when the demo's date is past it. */
  late?: true;
  account: string;
  components: [string, number, number][];
  /** Kronor per year, from the budget year − 2 to the budget year + 2. */
  budget: [number, number, number, number, number];
  /** Prognos of the budget year in kronor, with its comment, where it differs from the budget. */
  forecast?: [number, string];
}

const PROJECTS: readonly DemoProject[] = [
  {
    code: '71001', name: 'Om- och tillbyggnad Solgårdens äldreboende', unit: '3410', category: 'expansion', start: -24, activation: 2, account: '1110',
    components: [['Stomme och byggnad', 8000, 50], ['Installationer', 1500, 25], ['Inventarier', 500, 10]],
    budget: [12_000_000, 38_000_000, 9_000_000, 0, 0], forecast: [9_600_000, 'Tilläggsarbeten i ventilationen; slutbesiktning godkänd i februari.'],
  },
  {
    code: '71002', name: 'Trygghetslarm och passersystem särskilt boende', unit: '3130', category: 'reinvestment', start: 0, activation: 5, account: '1220',
    components: [['Larm- och passersystem', 10000, 10]], budget: [0, 0, 3_200_000, 0, 0],
  },
  {
    code: '71003', name: 'Elbilar hemtjänsten', unit: '3120', category: 'reinvestment', start: 0, activation: 4, account: '1240',
    components: [['Fordon', 10000, 6]], budget: [0, 0, 2_400_000, 1_200_000, 0],
  },
  {
    code: '71004', name: 'Nytt LSS-boende Björkvägen, sex lägenheter', unit: '3210', category: 'expansion', start: -4, activation: 19, account: '1110',
    components: [['Stomme och byggnad', 8500, 50], ['Markanläggning', 1000, 20], ['Inventarier', 500, 10]],
    budget: [0, 4_000_000, 22_000_000, 18_000_000, 0], forecast: [19_500_000, 'Upphandlingen blev klar två månader senare än planerat; 2,5 mnkr flyttas till nästa år.'],
  },
  {
    code: '71005', name: 'Lokalanpassning daglig verksamhet Verkstan', unit: '3220', category: 'reinvestment', start: 2, activation: 8, late: true, account: '1120',
    components: [['Byggnadsinventarier', 10000, 15]], budget: [0, 0, 1_800_000, 0, 0], forecast: [2_100_000, 'Asbest i golven; saneringen försenar och fördyrar.'],
  },
  {
    code: '71006', name: 'Digitala nattillsynskameror', unit: '3130', category: 'reinvestment', start: 0, activation: 2, account: '1230',
    components: [['IT-utrustning', 10000, 5]], budget: [0, 0, 1_500_000, 0, 0],
  },
  {
    code: '71007', name: 'E-tjänster försörjningsstöd', unit: '3330', category: 'expansion', start: 1, activation: 10, account: '1010',
    components: [['Programvara och licenser', 10000, 5]], budget: [0, 0, 2_600_000, 800_000, 0],
  },
  {
    code: '71008', name: 'Möbler förvaltningskontoret', unit: '3420', category: 'reinvestment', start: -12, activation: -10, account: '1220',
    components: [['Inventarier', 10000, 10]], budget: [0, 650_000, 0, 0, 0],
  },
  {
    code: '71009', name: 'Exploatering: mark för trygghetsboende Norra Ängen', unit: '3100', category: 'development', start: 5, activation: 29, account: '1110',
    components: [['Gator och markanläggning', 10000, 33]], budget: [0, 0, 1_000_000, 6_000_000, 5_000_000],
  },
  {
    code: '71010', name: 'Storköksutrustning Ekbackens kök', unit: '3410', category: 'reinvestment', start: 3, activation: 9, account: '1220',
    components: [['Storköksutrustning', 10000, 15]], budget: [0, 0, 900_000, 0, 0],
  },
];

/** YYYYMM of month `offset` counted from January of `year` (0 = January). */
function periodOf(year: number, offset: number): number {
  const y = year + Math.floor(offset / 12);
  return y * 100 + (((offset % 12) + 12) % 12) + 1;
}

export function writeDemoInvestments(db: Db, o: { year: number; versionId: string; siteId: string; user: string; at: string; timeline: DemoTimeline }): OutcomeLine[] {
  const { year, siteId, at } = o;
  const synced = { created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null };
  const tree = OrgTree.load(db);
  const lastClosed = year * 100 + o.timeline.outcomeMonths;
  const nodeId = (code: string) => tree.byCode.get(code)!.id;

  for (const y of [year, year + 1, year + 2]) {
    db.run(
      db.q.insertInto('investment_setting').values({
        id: naturalId('investment-setting', String(y)),
        year: y,
        rate_bp: 200,
        rate_source: 'Demo: 2,0 % (kontrollera mot SKR:s cirkulär om internränta för året)',
        depreciation_account_code: '7810',
        interest_account_code: '8410',
        ...synced,
      }),
    );
  }
  const frames: [string, number, number][] = [
    ['3000', 0, 62_000_000],
    ['3000', 1, 32_000_000],
    ['3000', 2, 10_000_000],
    ['3100', 0, 8_500_000],
    ['3400', 0, 11_000_000],
    ['3200', 0, 24_000_000],
  ];
  for (const [code, plus, kr] of frames) {
    db.run(db.q.insertInto('investment_frame').values({ id: naturalId('demo-investment-frame', `${code}:${year + plus}`), responsibility_id: nodeId(code), year: year + plus, amount_ore: kr * 100, note: null, ...synced }));
  }

  const actual = db.prepare('INSERT INTO investment_actual (project_code, account_code, period, amount_ore) VALUES (?, ?, ?, ?)');
  for (const p of PROJECTS) {
    const id = naturalId('demo-investment', `${year}:${p.code}`);
    const planned = periodOf(year, p.activation);
    db.run(
      db.q.insertInto('investment_project').values({
        id,
        code: p.code,
        name: p.name,
        responsibility_id: nodeId(p.unit),
        category: p.category,
        start_period: periodOf(year, p.start),
        planned_activation: planned,
        activated: !p.late && planned <= lastClosed ? planned : null,
        note: null,
        ...synced,
      }),
    );
    p.components.forEach(([name, share, life], i) => {
      db.run(db.q.insertInto('investment_component').values({ id: naturalId('demo-investment-component', `${id}:${i}`), project_id: id, name, amount_ore: null, share_bp: share, life_years: life, sort_order: i, ...synced }));
    });
    p.budget.forEach((kr, i) => {
      const y = year - 2 + i;
      if (kr === 0) return;
      const forecast = y === year && p.forecast ? p.forecast : null;
      db.run(
        db.q.insertInto('investment_year').values({
          id: naturalId('demo-investment-year', `${id}:${y}`),
          project_id: id,
          year: y,
          budget_ore: kr * 100,
          forecast_ore: forecast ? forecast[0] * 100 : null,
          comment: forecast ? forecast[1] : null,
          ...synced,
        }),
      );
      // Outcome: the year's prognos spread evenly over its months of work (start to activation), booked up to the last closed month.
      const first = Math.max(y * 100 + 1, periodOf(year, p.start));
      const last = Math.min(y * 100 + 12, planned);
      const months: number[] = [];
      for (let m = first; m <= last; m = m % 100 === 12 ? m + 89 : m + 1) months.push(m);
      const total = (forecast ? forecast[0] : kr) * 100;
      months.forEach((m, k) => {
        if (m > lastClosed) return;
        const share = Math.floor(total / months.length) + (k < total % months.length ? 1 : 0);
        actual.run(p.code, p.account, m, share);
      });
    });
  }

  writeCapitalLines(db, o.versionId, { siteId, user: o.user, at });
  const generated = db
    .prepare(
      `SELECT c.responsibility_code AS unit, c.account_code AS account, b.year_ore AS yearOre,
              b.m01_ore, b.m02_ore, b.m03_ore, b.m04_ore, b.m05_ore, b.m06_ore, b.m07_ore, b.m08_ore, b.m09_ore, b.m10_ore, b.m11_ore, b.m12_ore
       FROM investment_budget_line i JOIN budget_line b ON b.id = i.budget_line_id JOIN coding c ON c.id = b.coding_id
       WHERE i.version_id = ? AND i.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY 1, 2`,
    )
    .all(o.versionId) as ({ unit: string; account: string; yearOre: number } & Record<string, number>)[];
  return generated.map((g) => ({ unit: g.unit, account: g.account, yearOre: g.yearOre, months: Array.from({ length: 12 }, (_, i) => g[`m${String(i + 1).padStart(2, '0')}_ore`]!) }));
}
