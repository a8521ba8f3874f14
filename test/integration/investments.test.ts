import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { generateCapitalLines } from '../../electron/services/investments/generate';
import { investmentOverview } from '../../electron/services/investments/overview';
import { saveInvestmentSettings, saveProject } from '../../electron/services/investments/projects';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, insertLine, type SmallData } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

let dir: string;
let ctx: TestContext;
let data: SmallData;
const meta = () => ({ siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() });

beforeEach(async () => {
  dir = tempDir('ramkoll-invest-');
  ctx = await openTestContext(path.join(dir, 'r.db'));
  data = createSmallForvaltning(ctx.db, ctx.site.id);
  addCapitalAccounts(ctx.db, ctx.site.id, ctx.now().toISOString());
});

afterEach(() => ctx.db.close());

// Worked by hand (issue 17, "Done when"). Project A, activated March 2026, is charged from April:
//   Byggnad 5 000 000,00 kr / (33 × 12 = 396 months) = 1 262 626,26… kr: 1 262 626 öre a month, remainder
//   500 000 000 − 396 × 1 262 626 = 104 öre, so months 1–104 get 1 262 627 öre.
//   Inventarier 1 234 567,89 kr / 120 months: 1 028 806 öre, remainder 123 456 789 − 120 × 1 028 806 = 69 öre,
//   so months 1–69 get 1 028 807 öre.
//   Avskrivning April–December: 1 262 627 + 1 028 807 = 2 291 434 öre a month.
//   Internränta: book value at the start of the month × 2,0 % / 12 = book / 600, rounded half up:
//     April  623 456 789 / 600 = 1 039 094,648 → 1 039 095      September 611 999 619 / 600 = 1 019 999,365 → 1 019 999
//     May    621 165 355 / 600 = 1 035 275,592 → 1 035 276      October   609 708 185 / 600 = 1 016 180,308 → 1 016 180
//     June   618 873 921 / 600 = 1 031 456,535 → 1 031 457      November  607 416 751 / 600 = 1 012 361,252 → 1 012 361
//     July   616 582 487 / 600 = 1 027 637,478 → 1 027 637      December  605 125 317 / 600 = 1 008 542,195 → 1 008 542
//     August 614 291 053 / 600 = 1 023 818,422 → 1 023 818
//   (book value falls by 2 291 434 öre a month from 623 456 789.)
// Project B is not activated and planned for November 2027: nothing in 2026.
const DEPRECIATION = [0, 0, 0, 2_291_434, 2_291_434, 2_291_434, 2_291_434, 2_291_434, 2_291_434, 2_291_434, 2_291_434, 2_291_434];
const INTEREST = [0, 0, 0, 1_039_095, 1_035_276, 1_031_457, 1_027_637, 1_023_818, 1_019_999, 1_016_180, 1_012_361, 1_008_542];
const DEPRECIATION_YEAR = 9 * 2_291_434; // 20 622 906
const INTEREST_YEAR = 9_214_365;

function generatedLines(versionId: string) {
  return ctx.db
    .prepare(
      `SELECT c.account_code AS account, c.responsibility_code AS unit, b.year_ore AS year, ${Array.from({ length: 12 }, (_, i) => `b.m${String(i + 1).padStart(2, '0')}_ore`).join(' || \',\' || ')} AS months, ib.kind
       FROM investment_budget_line ib JOIN budget_line b ON b.id = ib.budget_line_id JOIN coding c ON c.id = b.coding_id
       WHERE ib.version_id = ? AND ib.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY 2, 1`,
    )
    .all(versionId) as { account: string; unit: string; year: number; months: string; kind: string }[];
}

describe('kapitaltjänst of the issue’s small förvaltning, to the öre', () => {
  it('gives the hand-computed months per project and the same generated drift lines', async () => {
    writeIssueCase(ctx.db, meta());
    expect(INTEREST.reduce((a, b) => a + b, 0)).toBe(INTEREST_YEAR);
    const o = investmentOverview(ctx.db, 2026);
    const a = o.projects.find((p) => p.code === 'P1001')!;
    const b = o.projects.find((p) => p.code === 'P1002')!;
    expect(a.capital.depreciation).toEqual(DEPRECIATION);
    expect(a.capital.interest).toEqual(INTEREST);
    expect(a.capital.depreciationOre).toBe(20_622_906);
    expect(b.capital.depreciation).toEqual(new Array(12).fill(0));
    expect(b.capital.interest).toEqual(new Array(12).fill(0));
    expect(o.total).toMatchObject({ depreciationOre: DEPRECIATION_YEAR, interestOre: INTEREST_YEAR });

    const r = await generateCapitalLines(ctx.db, data.versionId, meta());
    expect(r).toEqual({ lines: 2, replacedLines: 0, depreciationOre: DEPRECIATION_YEAR, interestOre: INTEREST_YEAR });
    const lines = generatedLines(data.versionId);
    expect(lines).toEqual([
      { account: '7810', unit: '91101', year: DEPRECIATION_YEAR, months: DEPRECIATION.join(','), kind: 'depreciation' },
      { account: '8410', unit: '91101', year: INTEREST_YEAR, months: INTEREST.join(','), kind: 'interest' },
    ]);
    // Generating again replaces the generated lines and nothing else.
    const typed = ctx.db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(data.versionId) as { n: number };
    const again = await generateCapitalLines(ctx.db, data.versionId, meta());
    expect(again.replacedLines).toBe(2);
    expect(generatedLines(data.versionId)).toEqual(lines);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(data.versionId)).toEqual(typed);
  });

  it('charges the project not yet activated from the month after its planned activation, at that year’s rate', () => {
    writeIssueCase(ctx.db, meta());
    saveInvestmentSettings(ctx.db, { year: 2027, rateBp: 225, depreciationAccountCode: '7810', interestAccountCode: '8410' }, meta());
    const b = investmentOverview(ctx.db, 2027).projects.find((p) => p.code === 'P1002')!;
    // 100 % of the whole budget 1 200 000,00 kr over 15 × 12 = 180 months: 666 666 öre, remainder 120 öre → 666 667 in December.
    expect(b.components[0]!.costOre).toBe(120_000_000);
    expect(b.capital.depreciation).toEqual([...new Array(11).fill(0), 666_667]);
    // 120 000 000 × 2,25 % / 12 = 225 000 öre.
    expect(b.capital.interest).toEqual([...new Array(11).fill(0), 225_000]);
  });

  it('refuses to generate without the year’s internränta, or over a line typed by hand, leaving the database unchanged', async () => {
    writeIssueCase(ctx.db, meta());
    ctx.db.prepare("UPDATE investment_setting SET deleted_at = 'x' WHERE year = 2026").run();
    const file = path.join(dir, 'r.db');
    const before = contentHash(file);
    await expect(generateCapitalLines(ctx.db, data.versionId, meta())).rejects.toThrow(/Internräntan för 2026 är inte angiven/);
    expect(contentHash(file)).toBe(before);
    ctx.db.prepare('UPDATE investment_setting SET deleted_at = NULL WHERE year = 2026').run();
    insertLine(ctx.db, ctx.site.id, data.versionId, '8410', '91101', 1_000_000);
    const typed = contentHash(file);
    const e = await generateCapitalLines(ctx.db, data.versionId, meta()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RamkollError);
    expect((e as RamkollError).message).toMatch(/Kapitaltjänsten ger rader på kodsträngar som versionen redan har egna rader för/);
    expect(contentHash(file)).toBe(typed);
  });
});

describe('investment follow-up per project', () => {
  it('reads outcome on the project’s code and gives budget, prognos and deviation for the year and the whole project', () => {
    writeIssueCase(ctx.db, meta());
    const put = ctx.db.prepare('INSERT INTO investment_actual (project_code, account_code, period, amount_ore) VALUES (?, ?, ?, ?)');
    put.run('P1001', '1110', 202511, 390_000_000);
    put.run('P1001', '1110', 202602, 200_000_000);
    put.run('P1001', '1220', 202603, 25_000_000);
    put.run('P9999', '1110', 202603, 7); // no such project: not counted anywhere
    const o = investmentOverview(ctx.db, 2026);
    const a = o.projects.find((p) => p.code === 'P1001')!;
    expect(a.year).toEqual({ budgetOre: 223_456_789, actualOre: 225_000_000, forecastOre: 230_000_000, deviationOre: -6_543_211 });
    expect(a.wholeProject).toEqual({ budgetOre: 623_456_789, actualOre: 615_000_000, forecastOre: 630_000_000, deviationOre: -6_543_211 });
    expect(a.years.map((y) => [y.year, y.actualOre])).toEqual([
      [2025, 390_000_000],
      [2026, 225_000_000],
    ]);
    const b = o.projects.find((p) => p.code === 'P1002')!;
    // No prognos given: the budget is the prognos.
    expect(b.year).toEqual({ budgetOre: 80_000_000, actualOre: 0, forecastOre: 80_000_000, deviationOre: 0 });
    expect(o.total.year.budgetOre).toBe(303_456_789);
  });

  it('refuses a project whose components ask for more than the whole, and a second project on the same code', () => {
    writeIssueCase(ctx.db, meta());
    const base = { name: 'X', responsibilityCode: '91102', category: 'reinvestment' as const, startPeriod: 202601, plannedActivation: 202612, activated: null, years: [] };
    expect(() =>
      saveProject(ctx.db, { ...base, code: 'P2000', components: [{ name: 'A', amountOre: null, shareBp: 6000, lifeYears: 5 }, { name: 'B', amountOre: null, shareBp: 5000, lifeYears: 5 }] }, meta()),
    ).toThrow(/mer än 100 %/);
    expect(() => saveProject(ctx.db, { ...base, code: 'P1001', components: [] }, meta())).toThrow(/finns redan ett investeringsprojekt med projekt-id P1001/);
  });
});
