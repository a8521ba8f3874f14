import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvestmentOverview } from '../../electron/api/features/investments';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

describe('ramkoll investments', () => {
  it('gives each project’s budget, outcome, prognos and kapitaltjänst per year in öre, as the hand-computed case', async () => {
    const file = path.join(tempDir('ramkoll-invcli-'), 'r.db');
    const ctx = await openTestContext(file);
    createSmallForvaltning(ctx.db, ctx.site.id);
    addCapitalAccounts(ctx.db, ctx.site.id, ctx.now().toISOString());
    writeIssueCase(ctx.db, { siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() });
    ctx.db.prepare("INSERT INTO investment_actual (project_code, account_code, period, amount_ore) VALUES ('P1001', '1110', 202602, 200000000)").run();
    ctx.db.close();

    const o = runCliJson<InvestmentOverview>(['investments', '--db', file, '--year', '2026']);
    expect(o.settings).toMatchObject({ rateBp: 200, depreciationAccountCode: '7810', interestAccountCode: '8410' });
    const a = o.projects.find((p) => p.code === 'P1001')!;
    expect(a.year).toEqual({ budgetOre: 223_456_789, actualOre: 200_000_000, forecastOre: 230_000_000, deviationOre: -6_543_211 });
    expect(a.years.map((y) => [y.year, y.budgetOre, y.forecastOre, y.actualOre])).toEqual([
      [2025, 400_000_000, null, 0],
      [2026, 223_456_789, 230_000_000, 200_000_000],
    ]);
    expect(a.capital.interest.slice(3)).toEqual([1_039_095, 1_035_276, 1_031_457, 1_027_637, 1_023_818, 1_019_999, 1_016_180, 1_012_361, 1_008_542]);
    expect(a.capital.depreciationOre).toBe(20_622_906);
    expect(o.projects.find((p) => p.code === 'P1002')!.capital).toMatchObject({ depreciationOre: 0, interestOre: 0 });

    const text = runCli(['investments', '--db', file, '--year', '2026']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Investeringar 2026: internränta 2,00 %/);
    expect(text.stdout).toContain('P1001  Nytt gruppboende Solgården  (Ny- och utbyggnad, ansvar 91101, aktivering 202603)');
    expect(runCli(['investments', '--help']).stdout).toMatch(/från månaden\s+efter aktiveringen/);
    expect(runCli(['investments', '--db', file, '--year', '1999']).code).toBe(2);
  });
});
