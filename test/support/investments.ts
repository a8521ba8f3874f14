import type { Db } from '../../db/index';
import { planAccountImport } from '../../electron/services/masterdata/accounts';
import { saveInvestmentSettings, saveProject } from '../../electron/services/investments/projects';
import { SMALL_ACCOUNTS } from './exchange';

export const CAPITAL_ACCOUNTS = [
  ['7810', 'Avskrivningar byggnader'],
  ['8410', 'Internränta'],
] as const;

/** The small förvaltning's kontoplan with the kapitaltjänst accounts added. */
export function addCapitalAccounts(db: Db, siteId: string, at: string): void {
  const rows = [...SMALL_ACCOUNTS, ...CAPITAL_ACCOUNTS].map((a) => [...a]);
  const plan = planAccountImport(db, { fileName: 'konton.csv', format: 'csv', rows: [['Konto', 'Namn'], ...rows].map((cells, i) => ({ line: i + 1, cells })) });
  if (plan.errors.length) throw new Error(JSON.stringify(plan.errors));
  db.tx(() => plan.apply(siteId, at));
}

/**
 * The issue's case: project A on unit 91101, activated in March 2026, with a
 * building of 5 000 000,00 kr over 33 years and equipment of 1 234 567,89 kr
 * over 10 years; project B on unit 92101, not yet activated (planned
 * November 2027); internränta 2,0 % for 2026.
 */
export function writeIssueCase(db: Db, meta: { siteId: string; user: string; at: string }): { a: string; b: string } {
  saveInvestmentSettings(db, { year: 2026, rateBp: 200, rateSource: 'Test: 2,0 %', depreciationAccountCode: '7810', interestAccountCode: '8410' }, meta);
  const a = saveProject(
    db,
    {
      code: 'P1001',
      name: 'Nytt gruppboende Solgården',
      responsibilityCode: '91101',
      category: 'expansion',
      startPeriod: 202501,
      plannedActivation: 202602,
      activated: 202603,
      components: [
        { name: 'Byggnad', amountOre: 500_000_000, shareBp: null, lifeYears: 33 },
        { name: 'Inventarier', amountOre: 123_456_789, shareBp: null, lifeYears: 10 },
      ],
      years: [
        { year: 2025, budgetOre: 400_000_000, forecastOre: null, comment: null },
        { year: 2026, budgetOre: 223_456_789, forecastOre: 230_000_000, comment: 'Fördyrad markentreprenad' },
      ],
    },
    meta,
  );
  const b = saveProject(
    db,
    {
      code: 'P1002',
      name: 'Ombyggnad kök Enhet Två',
      responsibilityCode: '92101',
      category: 'reinvestment',
      startPeriod: 202604,
      plannedActivation: 202711,
      activated: null,
      components: [{ name: 'Storköksutrustning', amountOre: null, shareBp: 10000, lifeYears: 15 }],
      years: [
        { year: 2026, budgetOre: 80_000_000, forecastOre: null, comment: null },
        { year: 2027, budgetOre: 40_000_000, forecastOre: null, comment: null },
      ],
    },
    meta,
  );
  return { a, b };
}
