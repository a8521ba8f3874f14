/**
 * The demo's flerårsplan (issue 17, point 1): KF's ramar for the two plan
 * years, the plan years' assumptions, and the VF measures' effects per year,
 * so that a newcomer sees the Ramar tab and the VF-lista with three years.
 * The plan-year ramar grow less than the plan's costs (as they usually do):
 * the plan years need the measures. Each node's own part of its ram grows by
 * the year's factor, rounded to whole 100 tkr, and a parent's ram is the sum
 * of its children's plus its own, so every plan year is distributed exactly
 * as the budget year is (demo/frames.ts). Set-based writes: one statement
 * per table.
 */
import type { Db } from '../../../db/index';
import { OrgTree } from '../figures/org-tree';
import { naturalId } from '../ids';

const STEP = 10_000_000; // whole 100 tkr, in öre

/** KF's ram per plan year against the budget year, in per mille: +3,0 % and +5,5 %. */
const FRAME_GROWTH = [1030, 1055];

/** Löneökning, prisindex and volume (hundredths of a percent) for plan year 1 and 2. */
const ASSUMPTIONS = [
  { salaryBp: 320, priceBp: 210, volumeBp: 100 },
  { salaryBp: 300, priceBp: 200, volumeBp: 50 },
];

/** The VF-lista's measures (demo/planning.ts, by their place in it) with their effect per plan year in kronor. */
const PLAN_EFFECTS: [index: number, plan1: number, plan2: number][] = [
  [0, -1_800_000, -1_800_000], // Korttidsboendet: from the summer of the budget year, a full year after.
  [1, -4_000_000, -5_000_000], // Hemmaplanslösningar grow as placements end.
  [3, -900_000, -900_000],
  [5, 1_200_000, 1_200_000],
];

export function writeDemoMultiyear(db: Db, o: { versionId: string; year: number; siteId: string; at: string }): void {
  const tree = OrgTree.load(db);
  const frames = new Map(
    (db.prepare('SELECT v.code, f.amount_ore FROM frame f JOIN dimension_value v ON v.id = f.responsibility_id WHERE f.version_id = ? AND f.deleted_at IS NULL').all(o.versionId) as { code: string; amount_ore: number }[]).map(
      (r) => [r.code, r.amount_ore],
    ),
  );
  const plan = new Map<string, number[]>();
  // A node's ram per plan year: its children's ramar plus its own part grown and rounded.
  const planOf = (code: string): number[] => {
    const given = [0, 0];
    let own = frames.get(code)!;
    for (const c of tree.children.get(code) ?? []) {
      if (!frames.has(c.code)) continue;
      own -= frames.get(c.code)!;
      planOf(c.code).forEach((v, k) => (given[k]! += v));
    }
    const years = FRAME_GROWTH.map((g, k) => given[k]! + Math.round((own * g) / 1000 / STEP) * STEP);
    plan.set(code, years);
    return years;
  };
  for (const root of tree.nodesAt('administration')) if (frames.has(root.code)) planOf(root.code);
  db.prepare(
    `UPDATE frame SET plan1_ore = j.value ->> '$[1]', plan2_ore = j.value ->> '$[2]'
     FROM json_each(?) AS j WHERE frame.version_id = ? AND frame.responsibility_id = j.value ->> '$[0]'`,
  ).run(JSON.stringify([...plan].map(([code, years]) => [tree.byCode.get(code)!.id, ...years])), o.versionId);

  db.prepare(
    `INSERT INTO plan_assumption (id, version_id, plan_year, salary_bp, price_bp, volume_bp, created_at, updated_at, updated_by_site)
     SELECT j.value ->> '$[0]', ?, j.value ->> '$[1]', j.value ->> '$[2]', j.value ->> '$[3]', j.value ->> '$[4]', ?, ?, ? FROM json_each(?) AS j`,
  ).run(
    o.versionId,
    o.at,
    o.at,
    o.siteId,
    JSON.stringify(ASSUMPTIONS.map((a, i) => [naturalId('demo-plan-assumption', `${o.year}:${i + 1}`), i + 1, a.salaryBp, a.priceBp, a.volumeBp])),
  );
  db.prepare(
    `UPDATE operational_change SET plan1_ore = j.value ->> '$[1]', plan2_ore = j.value ->> '$[2]'
     FROM json_each(?) AS j WHERE operational_change.id = j.value ->> '$[0]'`,
  ).run(JSON.stringify(PLAN_EFFECTS.map(([i, p1, p2]) => [naturalId('demo-change', `${o.year}:${i}`), p1 * 100, p2 * 100])));
}
