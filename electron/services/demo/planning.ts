import type { Db } from '../../../db/index';
import { DEFAULT_INCOME_BASE_AMOUNT_ORE, DEFAULT_PO_RATES } from '../budget/personnel';
import { periodise, profileWeights } from '../budget/profiles';
import { MONTH_COLUMNS } from '../budget/lines';
import { canonicalDims, CodingResolver } from '../coding';
import { OrgTree } from '../figures/org-tree';
import { naturalId, newId } from '../ids';

export interface PlanningDemoOptions {
  year: number;
  /** The adopted budget version the demo wrote. */
  versionId: string;
  siteId: string;
  at: string;
}

const STEP = 10_000_000; // ramar in whole 100 tkr

/** Positions of the personnel budget on three units: [unit, title, person, employment %, monthly salary kr, raise ‰·10, vacant months]. */
const POSITIONS: readonly [string, string, string | null, number, number, number, number[]][] = [
  ['31101', 'Enhetschef', 'Maria Lind', 100, 52_000, 300, []],
  ['31101', 'Sjuksköterska', 'Ahmed Karimi', 100, 46_500, 310, []],
  ['31101', 'Undersköterska', 'Eva Holm', 100, 33_800, 310, []],
  ['31101', 'Undersköterska', 'Jonas Berg', 100, 33_200, 310, []],
  ['31101', 'Undersköterska', 'Sara Nyström', 90, 32_600, 310, []],
  ['31101', 'Undersköterska, natt', 'Leila Haddad', 75, 34_100, 310, []],
  ['31101', 'Undersköterska', null, 100, 32_000, 310, [1, 2]],
  ['31101', 'Vårdbiträde', 'Kim Ek', 75, 28_900, 310, []],
  ['33101', 'Enhetschef', 'Anders Sjöberg', 100, 61_000, 300, []],
  ['33101', 'Socialsekreterare', 'Hanna Wik', 100, 45_500, 310, []],
  ['33101', 'Socialsekreterare', 'Omar Ali', 100, 43_900, 310, []],
  ['33101', 'Socialsekreterare', 'Lisa Strand', 80, 42_700, 310, []],
  ['33101', 'Socialsekreterare', null, 100, 41_000, 310, [6, 7, 8]],
  ['33101', 'Administratör', 'Per Lundgren', 100, 32_400, 310, []],
  ['34201', 'Ekonomichef', 'Karin Åberg', 100, 72_000, 300, []],
  ['34201', 'Controller', 'Johan Falk', 100, 54_500, 310, []],
  ['34201', 'Ekonom', 'Fatima Yusuf', 100, 45_800, 310, []],
  ['34201', 'Ekonomiassistent', 'Nils Dahl', 100, 33_900, 310, []],
];

/** IT-stöd that IT och digitalisering (34204) sells to units: [buyer, what the buyer budgets kr, what the seller budgets kr]. */
const INTERNAL: readonly [string, number, number][] = [
  ['31101', 180_000, 180_000],
  ['31201', 200_000, 240_000],
  ['32101', 90_000, 90_000],
  ['33101', 150_000, 150_000],
  ['34201', 60_000, 60_000],
];
const SELLER = '34204';

/**
 * The planning parts of the demo förvaltning: ramar for the verksamheter
 * (and the units of Särskilt boende), PO rates and personnel settings, a
 * few positions, a short VF-lista, internal purchases of IT-stöd with their
 * counterparty (one of them not matching the seller's budget) and two
 * omfördelningar. Runs inside generateDemo's transaction; deterministic.
 */
export function generatePlanningDemo(db: Db, o: PlanningDemoOptions): void {
  const { year, versionId, siteId, at } = o;
  const synced = { created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null };
  const tree = OrgTree.load(db);
  const rid = (code: string) => tree.byCode.get(code)!.id;

  // Interna köp: lines with the counterparty as motpart, on the adopted budget.
  const jamn = profileWeights('even', year, null);
  const codings = new CodingResolver(db);
  const insertLine = db.prepare(
    `INSERT INTO budget_line (id, version_id, coding_id, profile_id, year_ore, ${MONTH_COLUMNS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at)
     VALUES (?, ?, ?, ?, ?, ${MONTH_COLUMNS.map(() => '?').join(', ')}, 0, ?, ?, ?, ?, NULL)`,
  );
  const addLine = (account: string, unit: string, motpart: string, kr: number, note: string) => {
    const yearOre = kr * 100;
    insertLine.run(newId(), versionId, codings.idOf(account, unit, canonicalDims({ motpart })), naturalId('profile', 'jamn'), yearOre, ...periodise(yearOre, jamn), note, at, at, siteId);
  };
  const motpartDimension = naturalId('dimension', 'motpart');
  const addMotpart = (code: string) =>
    db.run(
      db.q
        .insertInto('dimension_value')
        .values({ id: naturalId('motpart', code), dimension_id: motpartDimension, code, name: tree.byCode.get(code)!.name, parent_id: null, level: null, sort_order: 0, active: 1, ...synced })
        .onConflict((oc) => oc.doNothing()),
    );
  addMotpart(SELLER);
  for (const [buyer, bought, sold] of INTERNAL) {
    addMotpart(buyer);
    addLine('4510', buyer, SELLER, bought, 'IT-stöd från IT och digitalisering');
    addLine('3530', SELLER, buyer, -sold, `IT-stöd till ${tree.byCode.get(buyer)!.name}`);
  }
  for (const code of ['3530', '4510']) db.run(db.q.insertInto('internal_account').values({ id: naturalId('internal-account', code), account_code: code, ...synced }));

  // Ramar for the verksamheter: rounded to 100 tkr, the last one of each
  // sektor takes what is left so the sektor's ram is distributed exactly.
  const frames = new Map(
    db.all(db.q.selectFrom('frame').innerJoin('dimension_value as v', 'v.id', 'frame.responsibility_id').select(['v.code', 'frame.amount_ore']).where('frame.version_id', '=', versionId)).map((f) => [f.code, f.amount_ore]),
  );
  const net = new Map(
    (
      db
        .prepare('SELECT c.responsibility_code AS code, SUM(b.year_ore) AS total FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? GROUP BY 1')
        .all(versionId) as { code: string; total: number }[]
    ).map((r) => [r.code, r.total]),
  );
  const subtotal = (code: string): number => (net.get(code) ?? 0) + (tree.children.get(code) ?? []).reduce((s, c) => s + subtotal(c.code), 0);
  const insertFrame = (code: string, amount: number, note: string | null) =>
    db.run(db.q.insertInto('frame').values({ id: newId(), version_id: versionId, responsibility_id: rid(code), amount_ore: amount, note, ...synced }));
  const distribute = (parent: string, note: string | null) => {
    const children = tree.children.get(parent) ?? [];
    let left = frames.get(parent)!;
    children.forEach((c, i) => {
      const ram = i === children.length - 1 ? left : Math.round(subtotal(c.code) / STEP) * STEP;
      left -= ram;
      frames.set(c.code, ram);
      insertFrame(c.code, ram, i === children.length - 1 ? note : null);
    });
  };
  for (const sector of tree.nodesAt('sector')) distribute(sector.code, 'Tar det som är kvar av sektorns ram');
  distribute('3110', 'Tar det som är kvar av verksamhetens ram');

  // PO-pålägg and the personnel budget's accounts for last year and this.
  for (const y of [year - 1, year]) {
    for (const r of DEFAULT_PO_RATES) {
      db.run(db.q.insertInto('payroll_overhead_rate').values({ id: naturalId('po-rate', `${y}:${r.category}`), year: y, category: r.category, name: r.name, rate_bp: r.rateBp, ...synced }));
    }
  }
  db.run(
    db.q.insertInto('personnel_setting').values({
      id: naturalId('personnel-setting', String(year)),
      year,
      salary_account_code: '5010',
      po_account_code: '5610',
      income_base_amount_ore: DEFAULT_INCOME_BASE_AMOUNT_ORE,
      ...synced,
    }),
  );
  POSITIONS.forEach(([unit, title, person, employment, salary, raise, vacant], i) => {
    db.run(
      db.q.insertInto('personnel_position').values({
        id: naturalId('demo-position', `${year}:${i}`),
        version_id: versionId,
        responsibility_id: rid(unit),
        title,
        person_name: person,
        employment_bp: employment * 100,
        monthly_salary_ore: salary * 100,
        raise_bp: raise,
        raise_from_month: 4,
        vacancy_months: JSON.stringify(vacant),
        po_category: 'anstallda',
        salary_account_code: '5010',
        po_account_code: '5610',
        ...synced,
      }),
    );
  });

  // VF-lista: what was weighed when the budget was adopted.
  const changes: [string | null, string, number, 'proposed' | 'decided' | 'rejected'][] = [
    ['31106', 'Korttidsboendet Strandvägen: färre platser under sommaren', -1_200_000, 'decided'],
    ['33103', 'Hemmaplanslösningar i stället för HVB-placeringar', -2_500_000, 'proposed'],
    ['34102', 'Minskade konsultkostnader i förvaltningsgemensamt', -400_000, 'proposed'],
    ['32202', 'Samordna daglig verksamhet Café Kvarnen och Verkstan', -650_000, 'proposed'],
    ['31201', 'Digital tillsyn i hemtjänsten', -300_000, 'rejected'],
    ['33404', 'Utökat stöd till våldsutsatta', 900_000, 'proposed'],
    ['31301', 'Ytterligare sjuksköterska i hemsjukvården', 780_000, 'proposed'],
  ];
  // The decided change is already in the budget: it is linked to the line it went into.
  const linkedLine = db
    .prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31106' AND c.account_code = '5010'")
    .get(versionId) as { id: string } | undefined;
  changes.forEach(([unit, description, kr, status], i) => {
    db.run(
      db.q.insertInto('operational_change').values({
        id: naturalId('demo-change', `${year}:${i}`),
        version_id: versionId,
        responsibility_id: unit ? rid(unit) : null,
        description,
        amount_ore: kr * 100,
        priority: i + 1,
        status,
        budget_line_id: status === 'decided' ? (linkedLine?.id ?? null) : null,
        ...synced,
      }),
    );
  });

  // Omfördelningar decided by the nämnd during the year.
  const reallocations: [string, string, string, string, string | null, number, string][] = [
    [`SN ${year}-03-18 § 32`, `${year}-03-18`, '34102', '33103', '4330', 2_000_000, 'Ökade kostnader för HVB-placeringar'],
    [`SN ${year}-09-16 § 87`, `${year}-09-16`, '3200', '31104', null, 800_000, 'Förstärkt bemanning på demensboendet'],
  ];
  reallocations.forEach(([ref, date, from, to, account, kr, note], i) => {
    db.run(
      db.q.insertInto('reallocation').values({
        id: naturalId('demo-reallocation', `${year}:${i}`),
        year,
        decision_ref: ref,
        decided_on: date,
        from_responsibility_id: rid(from),
        to_responsibility_id: rid(to),
        account_code: account,
        amount_ore: kr * 100,
        note,
        ...synced,
      }),
    );
  });
}
