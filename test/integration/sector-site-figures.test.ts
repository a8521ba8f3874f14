import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import organisation from '../../resources/demo/organisation.json';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import type { Overview, Summary } from '../../electron/api/contract/index';
import { localSite } from '../../electron/services/setup';
import { call } from '../support/call';
import { runCli, runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext } from '../support/db';
import { subtree } from '../support/exchange';
import { suiteDir } from '../support/goals';
import { xlsxSheets } from '../support/reports';

const SECTOR = '3100';
const inSector = subtree(organisation, SECTOR);
const OCTOBER = DEMO_YEAR * 100 + 10;
const OTHER = organisation.find((o) => o.code === '33101')!;

/**
 * Issue 13, part 6: a sektorchef's installation, made from the controller's
 * package, shows its sektor as the controller sees it: the sektor and what
 * is below it with the controller's totals, no other sektor at 0, and an
 * omfördelning with another sektor as the sektor's own budget change with
 * the other end named, not as a row of its own.
 */
describe('a sektorchef’s installation shows its sektor as the controller sees it', () => {
  const dir = suiteDir('ramkoll-sector-figures-');
  const controller = path.join(dir, 'controller.db');
  const chief = path.join(dir, 'sektorchef.db');
  const ok = (args: string[]) => {
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    ok(['init', '--db', controller, '--demo', '--year', String(DEMO_YEAR)]);
    // An omfördelning out of the sektor, to another sektor (the demo has one into it), decided early so that it counts whatever the day.
    const ctx = await openTestContext(controller);
    await call('planning.reallocations.save', { year: DEMO_YEAR, decisionRef: 'SN 2026-01-02 § 3', decidedOn: `${DEMO_YEAR}-01-02`, fromCode: '31101', toCode: '33101', accountCode: '4010', amountOre: 3_000_000 }, ctx);
    // The occasions the demo has already reported are reported again with it (a snapshot is taken where the lock is set or arrives).
    for (const o of (await call('followup.calendar.get', { year: DEMO_YEAR }, ctx)).occasions.filter((x) => x.lockedAt !== null)) {
      await call('followup.occasion.unlock', { id: o.id }, ctx);
      await call('followup.occasion.lock', { id: o.id }, ctx);
    }
    ctx.db.close();
    ok(['init', '--db', chief, '--year', String(DEMO_YEAR)]);
    ok(['site', 'set', '--db', chief, '--name', 'Sektorchef äldreomsorg', '--role', 'sektorchef', '--scope', SECTOR]);
    const id = runCliJson<{ id: string }>(['site', '--db', chief]).id;
    ok(['exchange', 'introduce', '--db', chief, '--out', path.join(dir, 'intro.ramkoll')]);
    ok(['exchange', 'import', path.join(dir, 'intro.ramkoll'), '--db', controller, '--accept-sender']);
    ok(['exchange', 'export', '--db', controller, '--to', id, '--out', path.join(dir, 'sektor.ramkoll')]);
    ok(['exchange', 'import', path.join(dir, 'sektor.ramkoll'), '--db', chief, '--accept-sender']);
  }, 180_000);

  /** Every row the sektorchef's `ramkoll deviations` prints is the controller's row for the same node; the sektor is the top. */
  const expectDeviationsAsController = (period: number) => {
    const mine = runCliJson<CliDeviationRow[]>(['deviations', '--db', chief, '--period', String(period)]);
    const theirs = runCliJson<CliDeviationRow[]>(['deviations', '--db', controller, '--period', String(period)]);
    expect(mine[0]).toMatchObject({ code: SECTOR, level: 'sector', parent: null });
    expect(mine.every((r) => inSector.has(r.code)), `${period}: only the sektor and below`).toBe(true);
    expect(mine.map((r) => r.code)).not.toContain('3200');
    const below = theirs.filter((r) => inSector.has(r.code)).map((r) => (r.code === SECTOR && r.level === 'sector' ? { ...r, parent: null } : r));
    expect(below.length).toBeGreaterThan(20);
    expect(mine, String(period)).toEqual(below);
  };

  it('lists in `ramkoll deviations` its sektor and what is below it, every row as the controller has it', () => {
    expectDeviationsAsController(OCTOBER);
  });

  it('Översikt and `ramkoll summary` show the sektor with the controller’s totals, and what changed its budget with the other end named', async () => {
    const sctx = await openTestContext(chief);
    const cctx = await openTestContext(controller);
    try {
      const mine = await call('overview.get', { year: DEMO_YEAR }, { ...sctx, site: localSite(sctx.db) });
      const theirs = await call('overview.get', { year: DEMO_YEAR }, { ...cctx, site: localSite(cctx.db) });
      const row = theirs.sectors.find((s) => s.code === SECTOR)!;
      expect(mine.scope).toEqual({ code: SECTOR, name: 'Äldreomsorg' });
      expect(mine.sectors).toEqual([row]);
      expect({ ...mine.total, code: '', name: '', kind: 'sector' }).toEqual({ ...row, code: '', name: '', kind: 'sector' });
      // The omfördelningar with other sektorer are the sektor's own budget changes, each naming the other end, as in the controller's list for the sektor.
      const changes = theirs.budgetChanges.filter((c) => c.rowCode === SECTOR);
      expect(mine.budgetChanges).toEqual(changes);
      expect(mine.budgetChanges).toContainEqual(
        expect.objectContaining({ kind: 'reallocation', decisionRef: 'SN 2026-01-02 § 3', text: `Omfördelning till 33101 ${OTHER.name}`, counterpart: { code: '33101', name: OTHER.name }, amountOre: -3_000_000 }),
      );
      expect(mine.budgetChanges.every((c) => c.counterpart === null || !inSector.has(c.counterpart.code))).toBe(true);
      expect(mine.budgetChanges.reduce((s, c) => s + c.amountOre, 0)).toBe(row.budgetYear - row.originalYear);
      const summary = runCliJson<Summary>(['summary', '--db', chief]);
      expect(summary.sectors).toEqual([row]);
      expect([summary.budgetTotal, summary.actualTotal]).toEqual([row.budgetYear, row.actualAcc]);
      const overview = (await call('overview.get', { year: DEMO_YEAR }, sctx)) as Overview;
      expect(overview.sectors.map((s) => s.code)).toEqual([SECTOR]);

      // Uppföljning's grid and its drill-down: no row for the other end; the sektor's row lists the change and names it.
      const grid = await call('followup.deviations.get', { period: OCTOBER, groups: false }, { ...sctx, site: localSite(sctx.db) });
      expect(grid.rows[0]).toMatchObject({ key: `n:${SECTOR}`, parentKey: null });
      expect(grid.rows.filter((r) => r.kind === 'node').every((r) => inSector.has(r.code))).toBe(true);
      expect(grid.total).toMatchObject({ budgetYear: grid.rows[0]!.budgetYear, actualAcc: grid.rows[0]!.actualAcc });
      const drill = await call('followup.drilldown', { period: OCTOBER, key: `n:${SECTOR}` }, sctx);
      expect(drill.reallocations).toContainEqual(expect.objectContaining({ decisionRef: 'SN 2026-01-02 § 3', counterpart: { code: '33101', name: OTHER.name }, yearOre: -3_000_000 }));
      const theirDrill = await call('followup.drilldown', { period: OCTOBER, key: `n:${SECTOR}` }, cctx);
      expect(drill.reallocations).toEqual(theirDrill.reallocations);
    } finally {
      sctx.db.close();
      cctx.db.close();
    }
  });

  it('reports on the sektor with the controller’s report of it: the same rows, and the budget changes with the other end named', async () => {
    const mineFile = path.join(dir, 'sektor.xlsx');
    const theirsFile = path.join(dir, 'controller-sektor.xlsx');
    ok(['report', '--db', chief, '--occasion', String(OCTOBER), '--format', 'xlsx', '--out', mineFile]);
    ok(['report', '--db', controller, '--occasion', String(OCTOBER), '--scope', SECTOR, '--format', 'xlsx', '--out', theirsFile]);
    const mine = (await xlsxSheets(mineFile)).sheets;
    const theirs = (await xlsxSheets(theirsFile)).sheets;
    expect([...mine.keys()]).toEqual([...theirs.keys()]);
    for (const sheet of ['Resultat och prognos', 'Per verksamhet', 'Ekonomisk analys', 'Åtgärder']) expect(mine.get(sheet), sheet).toEqual(theirs.get(sheet));
    const text = mine.get('Resultat och prognos')!.flat().filter((v): v is string => typeof v === 'string');
    expect(text).toEqual(expect.arrayContaining(['Ursprunglig budget (Budget 2026)', `Omfördelning till 33101 ${OTHER.name}`, 'Budget i kraft']));
  });

  it('shows a locked occasion as the controller locked it, once the lock has arrived', async () => {
    const ctx = await openTestContext(controller);
    const october = (await call('followup.calendar.get', { year: DEMO_YEAR }, ctx)).occasions.find((o) => o.period === OCTOBER)!;
    if (october.lockedAt === null) await call('followup.occasion.lock', { id: october.id }, ctx);
    ctx.db.close();
    const id = runCliJson<{ id: string }>(['site', '--db', chief]).id;
    ok(['exchange', 'export', '--db', controller, '--to', id, '--out', path.join(dir, 'lock.ramkoll')]);
    ok(['exchange', 'import', path.join(dir, 'lock.ramkoll'), '--db', chief]);
    expectDeviationsAsController(OCTOBER);
  }, 60_000);
});
