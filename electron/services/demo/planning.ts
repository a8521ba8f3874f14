import type { Db } from '../../../db/index';
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
  /** The date the demo stands on: only omfördelningar decided by then exist. */
  asOf: string;
}

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
 * The planning parts of the demo förvaltning: a short VF-lista, internal
 * purchases of IT-stöd with their counterparty (one of them not matching the
 * seller's budget) and the omfördelningar decided by the demo's date. Runs
 * inside generateDemo's transaction, before the personnel budget and the
 * ramar (demo/personnel.ts, demo/frames.ts); deterministic.
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
        // The plan years' effects: multiyear.ts gives the measures that grow their own.
        plan1_ore: kr * 100,
        plan2_ore: kr * 100,
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
    // Never a decision dated after the day the demo stands on.
    if (date > o.asOf) return;
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
