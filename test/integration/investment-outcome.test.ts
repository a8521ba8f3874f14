import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { investmentOverview } from '../../electron/services/investments/overview';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

// Investment outcome from the ledger import (issue 17 point 2, follow-up): class-1 rows with a project code go to
// investment_actual in the import's batch; the drift outcome is as before.

let dir: string;
let ctx: TestContext;
const meta = () => ({ siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() });

beforeEach(async () => {
  dir = tempDir('ramkoll-invout-');
  ctx = await openTestContext(path.join(dir, 'r.db'));
  createSmallForvaltning(ctx.db, ctx.site.id);
  addCapitalAccounts(ctx.db, ctx.site.id, ctx.now().toISOString());
  writeIssueCase(ctx.db, meta());
});

afterEach(() => ctx.db.close());

const CSV = [
  'Konto;Ansvar;Projekt;Period;Belopp',
  '5010;91101;;202603;1000,00',
  '4010;92101;P1002;202603;200,00',
  '1110;91101;P1001;202603;250000,00',
  '1110;91101;P1001;202603;50000,00',
  '1120;91101;P1001;202603;1234,56',
  '1230;92101;P1002;202603;12345,67',
  '1110;91101;P9999;202603;100,00',
  '1930;91101;;202603;5000,00',
  '2440;91101;P1001;202603;-301234,56',
].join('\r\n');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function run(input: Record<string, unknown>): Promise<LedgerImportResult> {
  return (await invoke('ledger.import', { confirm: true, ...input }, ctx)) as LedgerImportResult;
}

const investmentRows = () =>
  ctx.db.prepare('SELECT project_code, account_code, period, amount_ore, batch_id FROM investment_actual ORDER BY 1, 2, 3').all() as {
    project_code: string;
    account_code: string;
    period: number;
    amount_ore: number;
    batch_id: string | null;
  }[];
const driftMarch = () => ctx.db.prepare('SELECT c.account_code AS account, c.responsibility_code AS unit, b.amount_ore AS ore FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.period = 202603 ORDER BY 1, 2').all();

describe('investment outcome from the ledger import', () => {
  it('writes class-1 rows with a project code to investment_actual in the batch; the drift outcome is unaffected', async () => {
    const r = await run({ file: write('utfall.csv', CSV) });
    expect(r.errors).toEqual([]);
    expect(r.applied).toBe(true);
    // Drift: only the result accounts, as before; no balance account reaches actual_balance.
    expect(driftMarch()).toEqual([
      { account: '4010', unit: '92101', ore: 20_000 },
      { account: '5010', unit: '91101', ore: 100_000 },
    ]);
    expect(r.totalsPerPeriod).toEqual({ '202603': 120_000 });
    expect(investmentRows()).toEqual([
      { project_code: 'P1001', account_code: '1110', period: 202603, amount_ore: 30_000_000, batch_id: r.batch },
      { project_code: 'P1001', account_code: '1120', period: 202603, amount_ore: 123_456, batch_id: r.batch },
      { project_code: 'P1002', account_code: '1230', period: 202603, amount_ore: 1_234_567, batch_id: r.batch },
      { project_code: 'P9999', account_code: '1110', period: 202603, amount_ore: 10_000, batch_id: r.batch },
    ]);
    // The check says per project what the import brings.
    expect(r.investment.rows).toBe(5);
    expect(r.investment.projects.map((p) => [p.code, p.known, p.ore, p.perPeriod])).toEqual([
      ['P1001', true, 30_123_456, { '202603': 30_123_456 }],
      ['P1002', true, 1_234_567, { '202603': 1_234_567 }],
      ['P9999', false, 10_000, { '202603': 10_000 }],
    ]);
    // The balance account without a project and the class-2 row stay left out.
    expect(r.skippedRows.map((s) => s.line)).toEqual([9, 10]);
    // The overview reads it as the project's outcome for the year and the whole project.
    const o = investmentOverview(ctx.db, 2026);
    expect(o.projects.find((p) => p.code === 'P1001')!.year.actualOre).toBe(30_123_456);
    expect(o.projects.find((p) => p.code === 'P1002')!.year.actualOre).toBe(1_234_567);
  });

  it('reports a project code the investment budget does not know as an unknown code', async () => {
    const r = await run({ file: write('utfall.csv', CSV), dryRun: true });
    expect(r.unknown).toContainEqual({ dimension: 'investeringsprojekt', code: 'P9999', name: null, rows: 1, ore: 10_000 });
    expect(r.notes.join(' ')).toMatch(/1 av projektkoderna finns inte i investeringsbudgeten/);
    // A dry run shows the outcome per project and writes nothing.
    expect(r.investment.projects.map((p) => p.code)).toEqual(['P1001', 'P1002', 'P9999']);
    expect(investmentRows()).toEqual([]);
  });

  it('replaces the investment outcome of the file’s periods and undo brings the earlier outcome back', async () => {
    const put = ctx.db.prepare('INSERT INTO investment_actual (project_code, account_code, period, amount_ore) VALUES (?, ?, ?, ?)');
    put.run('P1001', '1110', 202603, 777);
    put.run('P1001', '1110', 202602, 555);
    const before = investmentRows();
    const driftBefore = driftMarch();
    const r = await run({ file: write('utfall.csv', CSV) });
    expect(r.applied).toBe(true);
    // March replaced (the earlier 777 öre gone), February untouched.
    expect(investmentRows().filter((x) => x.period === 202603).map((x) => x.amount_ore)).toEqual([30_000_000, 123_456, 1_234_567, 10_000]);
    expect(investmentRows().filter((x) => x.period === 202602)).toEqual([{ project_code: 'P1001', account_code: '1110', period: 202602, amount_ore: 555, batch_id: null }]);
    // The same file again changes nothing.
    const again = await run({ file: write('utfall.csv', CSV) });
    expect(again.unchanged).toBe(true);
    await invoke('ledger.batches.undo', { batchId: r.batch }, ctx);
    expect(investmentRows()).toEqual(before);
    expect(driftMarch()).toEqual(driftBefore);
  });

  it('a file with only changed investment rows is a new batch, not "already loaded"', async () => {
    await run({ file: write('utfall.csv', CSV) });
    const r = await run({ file: write('utfall.csv', CSV.replace('250000,00', '260000,00')) });
    expect(r.unchanged).toBe(false);
    expect(r.applied).toBe(true);
    expect(investmentRows().find((x) => x.account_code === '1110' && x.project_code === 'P1001')!.amount_ore).toBe(31_000_000);
  });

  it('reads a SIE 4 file’s #TRANS rows with the project object as investment outcome', async () => {
    const sie = [
      '#FLAGGA 0',
      '#SIETYP 4',
      '#RAR 0 20260101 20261231',
      '#DIM 1 "Ansvar"',
      '#DIM 6 "Projekt"',
      '#VER A 1 20260305 "Entreprenad"',
      '{',
      '   #TRANS 1110 {1 "91101" 6 "P1001"} 40000.00',
      '   #TRANS 5010 {1 "91101"} 300.00',
      '   #TRANS 2440 {} -40300.00',
      '}',
      '#VER A 2 20260320 "Inventarier"',
      '{',
      '   #TRANS 1230 {1 "92101" 6 "P1002"} 999.99',
      '   #TRANS 2440 {} -999.99',
      '}',
    ].join('\r\n');
    const r = await run({ file: write('utfall.se', sie) });
    expect(r.errors).toEqual([]);
    expect(driftMarch()).toEqual([{ account: '5010', unit: '91101', ore: 30_000 }]);
    expect(investmentRows().map((x) => [x.project_code, x.account_code, x.period, x.amount_ore])).toEqual([
      ['P1001', '1110', 202603, 4_000_000],
      ['P1002', '1230', 202603, 99_999],
    ]);
  });
});
