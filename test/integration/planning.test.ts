import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeEnveloped } from '../../electron/api/invoke';
import { call } from '../support/call';
import { insertBudgetLines } from '../../electron/services/budget/lines';
import { reallocationMonths } from '../../electron/services/budget/reallocations';
import { carryPersonnelYear, personnelSettings, poRates } from '../../electron/services/budget/personnel';
import { ensureFiscalYear } from '../../electron/services/fiscal';
import { naturalId, newId } from '../../electron/services/ids';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

function draft(ctx: TestContext, name: string, year = DEMO_YEAR): string {
  const at = ctx.now().toISOString();
  const id = newId();
  ctx.db.run(
    ctx.db.q.insertInto('budget_version').values({ id, year, name, kind: 'draft', based_on_id: null, decision_ref: null, locked_at: null, created_at: at, updated_at: at, updated_by_site: ctx.site.id, deleted_at: null }),
  );
  return id;
}

function addLines(ctx: TestContext, versionId: string, lines: { account: string; responsibility: string; yearOre: number; dims?: Record<string, string> }[]): string[] {
  return ctx.db.tx(() => insertBudgetLines(ctx.db, versionId, lines, { siteId: ctx.site.id, at: ctx.now().toISOString() }, naturalId('profile', 'jamn')));
}

function lineRows(ctx: TestContext, versionId: string) {
  return (
    ctx.db.sqlite
      .prepare(`SELECT c.account_code AS account, c.responsibility_code AS resp, b.year_ore AS year, b.deleted_at, ${MONTHS.join(', ')} FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? ORDER BY b.rowid`)
      .all(versionId) as Record<string, string | number | null>[]
  ).map((r) => ({ account: r.account as string, resp: r.resp as string, year: r.year as number, deleted: r.deleted_at !== null, months: MONTHS.map((m) => r[m] as number) }));
}

/** The adopted budget under a node, summed in SQL from the codes (independent of the org-tree code). */
function adoptedUnder(ctx: TestContext, versionId: string, prefix: string): number {
  return (
    ctx.db.sqlite
      .prepare("SELECT COALESCE(SUM(b.year_ore), 0) AS s FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code LIKE ? || '%'")
      .get(versionId, prefix) as { s: number }
  ).s;
}

describe('planning around the detaljbudget', () => {
  let ctx: TestContext;
  let adopted: string;
  // Its own folder: contentHash reopens the file after other tests have run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-planning-'));
  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'planning.db'), { demo: true });
    adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
  });
  afterAll(() => {
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('personnel budget', () => {
    it('has the demo year’s PO rates and inkomstbasbelopp stored for that year with their source year, and its personnel lines generated from the positions', async () => {
      const p = await call('planning.personnel.get', { versionId: adopted }, ctx);
      expect(p.rates).toMatchObject({ year: DEMO_YEAR, saved: true, rates: [{ category: 'anstallda', rateBp: 4453 }, { category: 'over-7-5-ibb', rateBp: 6305 }] });
      expect(p.rates.source).toMatch(/^SKR 2023 /);
      expect(p.settings).toMatchObject({ year: DEMO_YEAR, saved: true, incomeBaseAmountOre: 7_430_000 });
      expect(p.settings.incomeBaseAmountSource).toMatch(/^Inkomstbasbeloppet 2023/);
      expect(p.defaultLabels.year).toBe(2023);
      // Every unit with positions has its salary and PO lines from them, up to date, and no salary lines of its own beside them.
      expect(p.generated.length).toBeGreaterThan(0);
      for (const g of p.generated) expect(g, g.responsibilityCode).toMatchObject({ upToDate: true, generatedOre: g.computedOre });
      const own = ctx.db.sqlite
        .prepare(
          `SELECT c.responsibility_code AS code, c.account_code AS account FROM budget_line b JOIN coding c ON c.id = b.coding_id
           WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.account_code IN ('5010', '5020', '5030', '5050', '5610', '5620', '5630')
             AND NOT EXISTS (SELECT 1 FROM personnel_budget_line x WHERE x.budget_line_id = b.id AND x.deleted_at IS NULL)`,
        )
        .all(adopted) as { code: string; account: string }[];
      const units = new Set(p.generated.map((g) => g.responsibilityCode));
      expect(own.filter((r) => units.has(r.code))).toEqual([]);
      // The same kodsträng is never twice in the version.
      expect(ctx.db.sqlite.prepare('SELECT coding_id, count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL GROUP BY 1 HAVING n > 1').all(adopted)).toEqual([]);
    });

    it('keeps the source of rates carried into a later year, and records the source of rates saved by hand', async () => {
      ctx.db.tx(() => ensureFiscalYear(ctx.db, DEMO_YEAR + 2, ctx.now().toISOString()));
      ctx.db.tx(() => carryPersonnelYear(ctx.db, DEMO_YEAR, DEMO_YEAR + 2, { siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() }));
      expect(poRates(ctx.db, DEMO_YEAR + 2).source).toMatch(/^SKR 2023 /);
      expect(personnelSettings(ctx.db, DEMO_YEAR + 2).incomeBaseAmountSource).toMatch(/^Inkomstbasbeloppet 2023/);
      const saved = await call('planning.personnel.saveRates', { year: DEMO_YEAR + 2, rates: [{ category: 'anstallda', name: 'Anställda', rateBp: 4100 }], source: 'Egen beräkning 2028' }, ctx);
      expect(saved).toMatchObject({ saved: true, source: 'Egen beräkning 2028', rates: [{ category: 'anstallda', rateBp: 4100 }] });
      expect((await call('planning.personnel.saveRates', { year: DEMO_YEAR + 2, rates: [{ category: 'anstallda', name: 'Anställda', rateBp: 4100 }] }, ctx)).source).toBe('');
      const settings = await call('planning.personnel.saveSettings', { year: DEMO_YEAR + 2, salaryAccountCode: '5010', poAccountCode: '5610', incomeBaseAmountOre: 8_000_000, incomeBaseAmountSource: 'Pensionsmyndigheten 2028' }, ctx);
      expect(settings).toMatchObject({ incomeBaseAmountOre: 8_000_000, incomeBaseAmountSource: 'Pensionsmyndigheten 2028' });
    });

    it('generates salary and PO lines that equal the hand-computed example to the öre, and replaces them when generated again', async () => {
      const v = draft(ctx, 'Personal');
      await call('planning.personnel.saveRates', { year: DEMO_YEAR, rates: [
        { category: 'anstallda', name: 'Anställda', rateBp: 4453 },
        { category: 'over-7-5-ibb', name: 'Över 7,5 IBB', rateBp: 6305 },
      ] }, ctx);
      await call('planning.personnel.saveSettings', { year: DEMO_YEAR, salaryAccountCode: '5010', poAccountCode: '5610', incomeBaseAmountOre: 7_430_000 }, ctx);
      await call('planning.personnel.savePosition', { versionId: v, responsibilityCode: '31102', title: 'Undersköterska', employmentBp: 7500, monthlySalaryOre: 3_200_000, raiseBp: 310, vacancyMonths: [8], poCategory: 'anstallda' }, ctx);
      await call('planning.personnel.savePosition', { versionId: v, responsibilityCode: '31102', title: 'Enhetschef', personName: 'A. Person', employmentBp: 10000, monthlySalaryOre: 6_500_000, raiseBp: 250, poCategory: 'anstallda' }, ctx);

      const g = await call('planning.personnel.generate', { versionId: v }, ctx);
      expect(g).toMatchObject({ lines: 2, responsibilities: 1, replacedLines: 0 });
      const rows = lineRows(ctx, v);
      // By hand (see test/unit/personnel.test.ts): 24 000,00 / 24 744,00 kr and 65 000 / 66 625 kr a month, August vacant for the first.
      const salary = rows.find((r) => r.account === '5010')!;
      expect(salary.months).toEqual([8_900_000, 8_900_000, 8_900_000, 9_136_900, 9_136_900, 9_136_900, 9_136_900, 6_662_500, 9_136_900, 9_136_900, 9_136_900, 9_136_900]);
      expect(salary.year).toBe(106_457_700);
      // PO: 10 687,20 + 32 382,28; from April 11 018,50 + 33 406,84; August only the second.
      const po = rows.find((r) => r.account === '5610')!;
      expect(po.months).toEqual([4_306_948, 4_306_948, 4_306_948, 4_442_534, 4_442_534, 4_442_534, 4_442_534, 3_340_684, 4_442_534, 4_442_534, 4_442_534, 4_442_534]);
      expect(po.year).toBe(51_801_800);
      expect(g.salaryOre).toBe(106_457_700);
      expect(g.poOre).toBe(51_801_800);

      const overview = await call('planning.personnel.get', { versionId: v }, ctx);
      expect(overview.total.fte).toBe(1.6875);
      expect(overview.perSector.find((s) => s.code === '3100')).toMatchObject({ positions: 2, fte: 1.6875, salaryOre: 106_457_700, poOre: 51_801_800 });
      expect(overview.generated).toEqual([{ responsibilityCode: '31102', responsibilityName: 'Björkhagens äldreboende', computedOre: 158_259_500, generatedOre: 158_259_500, upToDate: true }]);

      // A changed position makes the lines out of date; generating again replaces them (tombstones), never doubles them.
      const chef = overview.positions.find((p) => p.title === 'Enhetschef')!;
      await call('planning.personnel.savePosition', { id: chef.id, versionId: v, responsibilityCode: '31102', title: 'Enhetschef', employmentBp: 10000, monthlySalaryOre: 6_600_000, raiseBp: 250, poCategory: 'anstallda' }, ctx);
      expect((await call('planning.personnel.get', { versionId: v }, ctx)).generated[0]!.upToDate).toBe(false);
      const again = await call('planning.personnel.generate', { versionId: v }, ctx);
      expect(again.replacedLines).toBe(2);
      const after = lineRows(ctx, v);
      expect(after.filter((r) => !r.deleted)).toHaveLength(2);
      expect(after.filter((r) => r.deleted)).toHaveLength(2);
      expect((await call('planning.personnel.get', { versionId: v }, ctx)).generated[0]!.upToDate).toBe(true);
    });

    it('shows SKR defaults for a year without saved rates, and refuses unknown categories and accounts', async () => {
      const next = await call('planning.start.create', { source: 'budget', sourceYear: DEMO_YEAR, salaryIncreaseBp: 0, priceIndexBp: 0 }, ctx);
      const p = await call('planning.personnel.get', { versionId: next.versionId }, ctx);
      // The demo saved 2026's rates; the new year got them carried over.
      expect(p.rates.saved).toBe(true);
      const empty = draft(ctx, 'Utan satser', DEMO_YEAR - 1);
      ctx.db.sqlite.prepare('UPDATE payroll_overhead_rate SET deleted_at = ? WHERE year = ?').run(ctx.now().toISOString(), DEMO_YEAR - 1);
      const d = await call('planning.personnel.get', { versionId: empty }, ctx);
      expect(d.rates).toMatchObject({ saved: false, rates: [{ category: 'anstallda', rateBp: 4453 }, { category: 'over-7-5-ibb', rateBp: 6305 }] });
      expect(d.rates.source).toMatch(/SKR.*2023/);
      expect(d.settings).toMatchObject({ saved: false, incomeBaseAmountOre: 7_430_000, thresholdOre: 4_643_750 });
      await expect(call('planning.personnel.savePosition', { versionId: empty, responsibilityCode: '31101', title: 'X', employmentBp: 10000, monthlySalaryOre: 1, raiseBp: 0, poCategory: 'politiker' }, ctx)).rejects.toThrow(
        /PO-kategorin "politiker" finns inte/,
      );
      await expect(
        call('planning.personnel.savePosition', { versionId: empty, responsibilityCode: '31101', title: 'X', employmentBp: 10000, monthlySalaryOre: 1, raiseBp: 0, poCategory: 'anstallda', salaryAccountCode: '5999' }, ctx),
      ).rejects.toThrow(/Lönekontot 5999 finns inte i kontoplanen/);
      await expect(call('planning.personnel.savePosition', { versionId: adopted, responsibilityCode: '31101', title: 'X', employmentBp: 10000, monthlySalaryOre: 1, raiseBp: 0, poCategory: 'anstallda' }, ctx)).rejects.toThrow(/låst/);
    });
  });

  describe('ramar', () => {
    it('shows ram, distributed, budgeted and remaining at every node, with a warning where the lines do not add up', async () => {
      const v = draft(ctx, 'Ramar');
      addLines(ctx, v, [
        { account: '4010', responsibility: '31101', yearOre: 10_000_000 },
        { account: '4010', responsibility: '31102', yearOre: 5_000_000 },
        { account: '3130', responsibility: '31201', yearOre: -2_000_000 },
      ]);
      for (const [code, ore] of [
        ['3000', 20_000_000],
        ['3100', 15_000_000],
        ['3110', 14_000_000],
        ['31101', 10_000_000],
      ] as const) {
        await call('planning.frames.set', { versionId: v, responsibilityCode: code, amountOre: ore }, ctx);
      }
      const fb = await call('planning.frames.get', { versionId: v }, ctx);
      const node = (code: string) => fb.nodes.find((n) => n.code === code)!;
      expect(node('3000')).toMatchObject({ frameOre: 20_000_000, distributedOre: 15_000_000, budgetedOre: 13_000_000, remainingOre: 5_000_000, differenceOre: 7_000_000 });
      expect(node('3100')).toMatchObject({ frameOre: 15_000_000, distributedOre: 14_000_000, budgetedOre: 13_000_000, remainingOre: 1_000_000, differenceOre: 2_000_000 });
      expect(node('3110')).toMatchObject({ frameOre: 14_000_000, distributedOre: 10_000_000, budgetedOre: 15_000_000, remainingOre: 4_000_000, differenceOre: -1_000_000 });
      expect(node('3110').warnings.join(' ')).toMatch(/överstiger ramen med 10\s000,00\skr/);
      // Within the ram is no warning: the room left is information (issue 13: every node carried a red ⚠ before).
      expect(node('3000')).toMatchObject({ warnings: [], notes: ['70\u00a0000,00\u00a0kr kvar inom ramen.'] });
      expect(node('3100')).toMatchObject({ warnings: [], notes: ['20\u00a0000,00\u00a0kr kvar inom ramen.'] });
      expect(node('31101')).toMatchObject({ frameOre: 10_000_000, budgetedOre: 10_000_000, remainingOre: null, differenceOre: 0, warnings: [], notes: [] });
      expect(node('3200')).toMatchObject({ frameOre: null, budgetedOre: 0, warnings: [], notes: [] });
      expect(fb.warningCount).toBe(1);
      expect(fb.totalBudgetedOre).toBe(13_000_000);

      // Distribute 3110's ram by budget: 140 000 kr in proportion 100 000 : 50 000 : 0 … by largest remainder.
      const d = await call('planning.frames.distribute', { versionId: v, responsibilityCode: '3110' }, ctx);
      const children = d.nodes.filter((n) => n.parentCode === '3110');
      expect(children.map((c) => c.frameOre)).toEqual([9_333_333, 4_666_667, 0, 0, 0, 0]);
      expect(d.nodes.find((n) => n.code === '3110')!.remainingOre).toBe(0);

      // Removing a ram leaves a tombstone and the node without a ram.
      const removed = await call('planning.frames.set', { versionId: v, responsibilityCode: '31102', amountOre: null }, ctx);
      expect(removed.nodes.find((n) => n.code === '31102')!.frameOre).toBeNull();
      await expect(call('planning.frames.set', { versionId: adopted, responsibilityCode: '3100', amountOre: 1 }, ctx)).rejects.toThrow(/låst/);
      await expect(call('planning.frames.set', { versionId: v, responsibilityCode: '9999', amountOre: 1 }, ctx)).rejects.toThrow(/Ansvaret 9999 finns inte/);
    });

    it('in the demo, every sektor distributes its ram exactly to its verksamheter', async () => {
      const fb = await call('planning.frames.get', { versionId: adopted }, ctx);
      const root = fb.nodes[0]!;
      expect(root.remainingOre).toBe(0);
      for (const s of fb.nodes.filter((n) => n.level === 'sector')) {
        expect(s.remainingOre, s.code).toBe(0);
        expect(s.budgetedOre).toBe(adoptedUnder(ctx, adopted, s.code.slice(0, 2)));
      }
      expect(fb.nodes.find((n) => n.code === '3110')!.remainingOre).toBe(0);
      expect(root.budgetedOre).toBe(adoptedUnder(ctx, adopted, ''));
    });
  });

  describe('omfördelningar', () => {
    it('budget on a date = adopted + omfördelningar and budget changes decided up to that date', async () => {
      const june = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-06-30` }, ctx);
      const n = (r: typeof june, code: string) => r.nodes.find((x) => x.code === code)!;
      expect(june.reallocations.map((r) => r.decisionRef)).toEqual([`SN ${DEMO_YEAR}-03-18 § 32`]);
      expect(n(june, '33103').budgetOre).toBe(adoptedUnder(ctx, adopted, '33103') + 200_000_000);
      // The demo's lönekompensation (KF, 20 May) adds 140 000 kr on 33101 and 910 000 kr in all (budget/changes.ts, demo/budget-changes.ts).
      expect(n(june, '3300')).toMatchObject({ changedOre: 14_000_000, budgetOre: adoptedUnder(ctx, adopted, '33') + 200_000_000 + 14_000_000 });
      expect(n(june, '34102').budgetOre).toBe(adoptedUnder(ctx, adopted, '34102') - 200_000_000);
      expect(n(june, '3000')).toMatchObject({ inOre: 0, outOre: 0, changedOre: 91_000_000, budgetOre: adoptedUnder(ctx, adopted, '') + 91_000_000 });
      expect(n(june, '31104').budgetOre).toBe(adoptedUnder(ctx, adopted, '31104'));
      const dec = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-12-31` }, ctx);
      expect(dec.reallocations).toHaveLength(2);
      expect(n(dec, '31104').budgetOre).toBe(adoptedUnder(ctx, adopted, '31104') + 80_000_000);
      expect(n(dec, '3200')).toMatchObject({ outOre: 80_000_000, changedOre: 35_000_000, budgetOre: adoptedUnder(ctx, adopted, '32') - 80_000_000 + 35_000_000 });
    });

    it('spreads an omfördelning evenly from the month of the decision', () => {
      expect(reallocationMonths(200_000_000, `${DEMO_YEAR}-03-18`, DEMO_YEAR)).toEqual([0, 0, ...new Array(10).fill(20_000_000)]);
      expect(reallocationMonths(100, `${DEMO_YEAR}-10-01`, DEMO_YEAR)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 34, 33, 33]);
    });

    it('records, corrects and removes an omfördelning, and refuses ones that make no sense', async () => {
      const { id } = await call('planning.reallocations.save', { year: DEMO_YEAR, decisionRef: 'KS 2026-04-12 § 45', decidedOn: `${DEMO_YEAR}-04-12`, fromCode: '3400', toCode: '3100', amountOre: 50_000_000 }, ctx);
      let r = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-12-31` }, ctx);
      expect(r.reallocations.map((x) => x.decisionRef)).toEqual([`SN ${DEMO_YEAR}-03-18 § 32`, 'KS 2026-04-12 § 45', `SN ${DEMO_YEAR}-09-16 § 87`]);
      await call('planning.reallocations.save', { id, year: DEMO_YEAR, decisionRef: 'KS 2026-04-12 § 45', decidedOn: `${DEMO_YEAR}-04-12`, fromCode: '3400', toCode: '3100', amountOre: 60_000_000, accountCode: '5010' }, ctx);
      r = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-12-31` }, ctx);
      expect(r.reallocations[1]).toMatchObject({ amountOre: 60_000_000, accountCode: '5010', accountName: 'Månadslön', fromName: 'Förvaltningsgemensamt' });
      await call('planning.reallocations.delete', { id }, ctx);
      r = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-12-31` }, ctx);
      expect(r.reallocations).toHaveLength(2);
      const base = { year: DEMO_YEAR, decisionRef: 'KS', decidedOn: `${DEMO_YEAR}-04-12`, fromCode: '3400', toCode: '3100', amountOre: 1 };
      await expect(call('planning.reallocations.save', { ...base, toCode: '3400' }, ctx)).rejects.toThrow(/samma ansvar/);
      await expect(call('planning.reallocations.save', { ...base, amountOre: -5 }, ctx)).rejects.toThrow(/större än noll/);
      await expect(call('planning.reallocations.save', { ...base, decidedOn: `${DEMO_YEAR + 1}-01-02` }, ctx)).rejects.toThrow(/ligger inte i budgetåret/);
      await expect(call('planning.reallocations.save', { ...base, decisionRef: ' ' }, ctx)).rejects.toThrow(/Ange beslutet/);
    });
  });

  describe('VF-lista', () => {
    it('marks the savings needed to fit the ram and the additions that fit when revenues rise', async () => {
      const v = draft(ctx, 'VF');
      addLines(ctx, v, [{ account: '4010', responsibility: '31101', yearOre: 100_000_000 }]);
      await call('planning.frames.set', { versionId: v, responsibilityCode: '3000', amountOre: 90_000_000 }, ctx);
      const save = (description: string, amountOre: number, status: 'proposed' | 'decided' | 'rejected') =>
        call('planning.changes.save', { versionId: v, description, amountOre, status, responsibilityCode: '31101' }, ctx);
      const a = await save('Spara A', -6_000_000, 'proposed');
      await save('Spara B', -5_000_000, 'proposed');
      await save('Spara C', -3_000_000, 'proposed');
      await save('Beslutad ökning', 2_000_000, 'decided');
      await save('Avslagen', -1_000_000, 'rejected');
      await save('Satsning 1', 3_000_000, 'proposed');
      await save('Satsning 2', 4_000_000, 'proposed');
      let o = await call('planning.changes.get', { versionId: v }, ctx);
      // 1 000 000 kr budgeted + 20 000 kr decided not in lines = 1 020 000 kr against a ram of 900 000 kr: cut 120 000 kr.
      expect(o).toMatchObject({ frameOre: 90_000_000, budgetedOre: 100_000_000, decidedNotInLinesOre: 2_000_000, projectedOre: 102_000_000, mustCutOre: 12_000_000, savingsShortOre: 0 });
      expect(o.savings.map((c) => [c.description, c.cumulativeOre, c.fits])).toEqual([
        ['Spara A', -6_000_000, true],
        ['Spara B', -11_000_000, true],
        ['Spara C', -14_000_000, true],
      ]);
      expect(o.settled.map((c) => c.description)).toEqual(['Beslutad ökning', 'Avslagen']);
      // With 50 000 kr more revenue there is room for the first addition (30 000 kr) but not both (70 000 kr).
      o = await call('planning.changes.get', { versionId: v, revenueIncreaseOre: 5_000_000 }, ctx);
      expect(o.additions.map((c) => [c.description, c.fits])).toEqual([
        ['Satsning 1', true],
        ['Satsning 2', false],
      ]);
      // Reordering: A goes below B; all three are still needed to reach 120 000 kr.
      await call('planning.changes.move', { id: a.id, direction: 'down' }, ctx);
      o = await call('planning.changes.get', { versionId: v }, ctx);
      expect(o.savings.map((c) => [c.description, c.fits])).toEqual([
        ['Spara B', true],
        ['Spara A', true],
        ['Spara C', true],
      ]);
      // Putting the decided change into the lines: it no longer counts as coming on top.
      const decided = o.settled.find((c) => c.description === 'Beslutad ökning')!;
      // Not on 4010, which has its line already (one line per kodsträng): link the change to that line, or give it a konto of its own.
      await expect(call('planning.changes.createLine', { id: decided.id, accountCode: '4010' }, ctx)).rejects.toThrow(/31101\/4010 finns redan i versionen.*Koppla förändringen till den raden/);
      const { budgetLineId } = await call('planning.changes.createLine', { id: decided.id, accountCode: '4020' }, ctx);
      o = await call('planning.changes.get', { versionId: v }, ctx);
      expect(o).toMatchObject({ budgetedOre: 102_000_000, decidedNotInLinesOre: 0, projectedOre: 102_000_000 });
      expect(o.settled[0]!.budgetLineId).toBe(budgetLineId);
      expect(o.settled[0]!.budgetLineText).toMatch(/^4020 31101: 20\s000,00\skr$/);
      // Unlinked it counts on top again; linked to an existing line of the ansvar it does not.
      await call('planning.changes.link', { id: decided.id, budgetLineId: null }, ctx);
      expect((await call('planning.changes.get', { versionId: v }, ctx)).decidedNotInLinesOre).toBe(2_000_000);
      const lines = await call('planning.changes.lines', { versionId: v, responsibilityCode: '31101' }, ctx);
      expect(lines.map((l) => [l.accountCode, l.yearOre])).toEqual([
        ['4010', 100_000_000],
        ['4020', 2_000_000],
      ]);
      await call('planning.changes.link', { id: decided.id, budgetLineId: lines[0]!.id }, ctx);
      expect((await call('planning.changes.get', { versionId: v }, ctx)).decidedNotInLinesOre).toBe(0);
      await expect(call('planning.changes.link', { id: decided.id, budgetLineId: newId() }, ctx)).rejects.toThrow(/finns inte i samma version/);
    });

    it('in the demo, the decided change is in the lines and the first proposed saving is needed to fit the ram', async () => {
      const o = await call('planning.changes.get', { versionId: adopted }, ctx);
      const ram = o.frameOre!;
      const budgeted = adoptedUnder(ctx, adopted, '');
      expect(o.budgetedOre).toBe(budgeted);
      expect(o.mustCutOre).toBe(Math.max(0, budgeted - ram));
      expect(o.settled.find((c) => c.status === 'decided')!.budgetLineText).not.toBeNull();
      expect(o.locked).toBe(true);
    });
  });

  describe('interna köp och försäljning', () => {
    it('pairs purchases with sales by motpart and shows the imbalance', async () => {
      const o = await call('planning.internal.get', { versionId: adopted }, ctx);
      expect(o.accounts.map((a) => a.code)).toEqual(['3530', '4510']);
      // The demo: Hemtjänst Centrum budgets 200 000 kr of IT-stöd, IT och digitalisering sells it 240 000 kr.
      const centrum = o.pairs.find((p) => p.aCode === '31201')!;
      expect(centrum).toMatchObject({ bCode: '34204', aOre: 20_000_000, bOre: -24_000_000, imbalanceOre: -4_000_000 });
      expect(o.pairs.filter((p) => p.imbalanceOre !== 0)).toHaveLength(1);
      expect(o.imbalanceOre).toBe(-4_000_000);
      expect(o.salesOre + o.purchasesOre).toBe(-4_000_000);
      expect(o.withoutCounterparty).toEqual([]);

      // Adding the bemanning accounts: their lines have no motpart, so they cannot be paired.
      await call('planning.internal.setAccounts', { accounts: ['3530', '4510', '3540', '4520'] }, ctx);
      const wide = await call('planning.internal.get', { versionId: adopted }, ctx);
      const unpaired = wide.withoutCounterparty.reduce((s, l) => s + l.yearOre, 0);
      expect(unpaired).toBe(
        (ctx.db.sqlite.prepare("SELECT SUM(b.year_ore) AS s FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.account_code IN ('3540', '4520')").get(adopted) as { s: number }).s,
      );
      expect(wide.imbalanceOre).toBe(-4_000_000 + unpaired);
      await call('planning.internal.setAccounts', { accounts: ['3530', '4510'] }, ctx);
      await expect(call('planning.internal.setAccounts', { accounts: ['9999'] }, ctx)).rejects.toThrow(/Kontot 9999 finns inte/);
    });
  });

  describe('starting points', () => {
    it('creates next year from this year’s budget with löneökning, prisindex and effektivisering', async () => {
      const r = await call('planning.start.create', { source: 'budget', sourceYear: DEMO_YEAR, salaryIncreaseBp: 300, priceIndexBp: 200, efficiencyBp: 100, name: 'Budget 2027, utgångsläge' }, ctx);
      const positions = ctx.db.sqlite.prepare('SELECT count(*) AS n FROM personnel_position WHERE version_id = ? AND deleted_at IS NULL').get(adopted) as { n: number };
      expect(positions.n).toBeGreaterThan(0);
      expect(r).toMatchObject({ year: DEMO_YEAR + 1, versionName: 'Budget 2027, utgångsläge', positions: positions.n });
      const version = ctx.db.first(ctx.db.q.selectFrom('budget_version').selectAll().where('id', '=', r.versionId))!;
      expect(version).toMatchObject({ kind: 'draft', based_on_id: adopted, year: DEMO_YEAR + 1 });
      const src = new Map(lineRows(ctx, adopted).map((l) => [`${l.resp}|${l.account}`, l.year]));
      const dst = new Map(lineRows(ctx, r.versionId).map((l) => [`${l.resp}|${l.account}`, l.year]));
      // By hand, rounded to whole kronor: other costs × 1,02 × 0,99, salaries × 1,03 × 0,99, revenues × 1,02, capital costs unchanged.
      const round = (ore: number, num: bigint, den: bigint) => {
        const x = BigInt(ore) * num;
        const d = den * 100n;
        const q = (x < 0n ? -x : x) * 2n + d;
        return Number((x < 0n ? -1n : 1n) * (q / (2n * d))) * 100;
      };
      expect(dst.get('31101|4010')).toBe(round(src.get('31101|4010')!, 10200n * 9900n, 100_000_000n));
      expect(dst.get('31102|5010')).toBe(round(src.get('31102|5010')!, 10300n * 9900n, 100_000_000n));
      expect(dst.get('31101|3120')).toBe(round(src.get('31101|3120')!, 10200n, 10000n));
      expect(dst.get('31101|8410')).toBe(src.get('31101|8410'));
      expect(src.get('31101|4010')).toBe(130_200_000);
      expect(dst.get('31101|4010')).toBe(131_476_000); // 1 302 000 × 1,0098 = 1 314 759,60 → 1 314 760 kr
      // Positions came along with last year's raise in the salary and this year's from April.
      const p = await call('planning.personnel.get', { versionId: r.versionId }, ctx);
      const chef = p.positions.find((x) => x.title === 'Ekonomichef')!;
      expect(chef).toMatchObject({ monthlySalaryOre: 7_416_000, raiseBp: 300, vacancyMonths: [] });
    });

    it('creates a budget from last year’s outcome, a full year keeping its monthly pattern', async () => {
      const r = await call('planning.start.create', { source: 'actual', sourceYear: DEMO_YEAR - 1, targetYear: DEMO_YEAR, salaryIncreaseBp: 0, priceIndexBp: 0, rounding: 'ore' }, ctx);
      const actual = ctx.db.sqlite
        .prepare('SELECT COALESCE(SUM(amount_ore), 0) AS s FROM actual_balance WHERE period BETWEEN ? AND ?')
        .get((DEMO_YEAR - 1) * 100 + 1, (DEMO_YEAR - 1) * 100 + 12) as { s: number };
      expect(r.totalOre).toBe(actual.s);
      expect(r.sourceTotalOre).toBe(actual.s);
      const profiles = ctx.db.sqlite.prepare('SELECT DISTINCT p.code FROM budget_line b JOIN periodisation_profile p ON p.id = b.profile_id WHERE b.version_id = ?').all(r.versionId) as { code: string }[];
      expect(profiles.map((x) => x.code)).toEqual(['forra-aret']);
      // Part of a year is raised to a full year.
      const part = await call('planning.start.create', { source: 'actual', sourceYear: DEMO_YEAR, salaryIncreaseBp: 0, priceIndexBp: 0, rounding: 'ore', name: 'Från tio månader' }, ctx);
      expect(part.notes.join(' ')).toMatch(/omfattar 10 månader och räknades upp till helår/);
    });

    it('refuses bad percentages and missing outcome without changing anything', async () => {
      const before = contentHash(ctx.db.file);
      const r = await invokeEnveloped('planning.start.create', { source: 'actual', sourceYear: 2010, salaryIncreaseBp: 0, priceIndexBp: 0 }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await expect(call('planning.start.create', { source: 'budget', sourceYear: DEMO_YEAR, salaryIncreaseBp: 0, priceIndexBp: 0, targetYear: DEMO_YEAR }, ctx)).rejects.toThrow(/senare år/);
      expect(contentHash(ctx.db.file)).toBe(before);
    });
  });

  it('returns JSON-safe values from its read channels', async () => {
    for (const [channel, input] of [
      ['planning.lookups', {}],
      ['planning.frames.get', { versionId: adopted }],
      ['planning.reallocations.get', { year: DEMO_YEAR }],
      ['planning.personnel.get', { versionId: adopted }],
      ['planning.changes.get', { versionId: adopted }],
      ['planning.internal.get', { versionId: adopted }],
      ['planning.exportProfiles.list', {}],
    ] as const) {
      const r = await invokeEnveloped(channel, input, ctx);
      expect(r.ok, channel).toBe(true);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });
});
