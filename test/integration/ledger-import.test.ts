import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { invoke } from '../../electron/api/invoke';
import type { LedgerImportResult } from '../../electron/services/ledger/types';
import { readSieBudget } from '../../electron/services/ledger/sie-budget';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

const dir = path.join(FIXTURES, 'ledger');
/** Totals worked out by test/fixtures/ledger/make-fixtures.py (Python Decimal), not by Ramkoll. */
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Record<string, number>>;

async function demo(): Promise<{ file: string; ctx: TestContext }> {
  const file = path.join(tempDir(), 'l.db');
  const ctx = await openTestContext(file, { demo: true });
  return { file, ctx };
}

async function run(ctx: TestContext, input: Record<string, unknown>): Promise<LedgerImportResult> {
  // These tests read fixtures over the demo's months: confirmed, as the user does after the preview's warnings.
  return (await invoke('ledger.import', { confirm: true, ...input }, ctx)) as LedgerImportResult;
}

function periodSums(ctx: TestContext, periods: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of periods) {
    out[p] = (ctx.db.prepare('SELECT coalesce(sum(amount_ore), 0) AS s FROM actual_balance WHERE period = ?').get(Number(p)) as { s: number }).s;
  }
  return out;
}

function balancesTable(ctx: TestContext): string {
  return JSON.stringify(ctx.db.prepare('SELECT coding_id, period, amount_ore, batch_no FROM actual_balance ORDER BY coding_id, period').raw().all());
}

describe('ledger import of every reader and number/period form', () => {
  it.each([
    ['raindance-2026-03.csv', {}],
    ['unit4-utfall.txt', {}],
    ['visma-transaktioner.csv', { profile: 'Visma – transaktioner med debet och kredit' }],
    ['ar-och-manad.txt', {}],
    ['kod-och-namn-1252.csv', {}],
    ['excel-unicode.txt', {}],
    ['utan-period.csv', { period: 202605 }],
    ['sie2-periodsaldon.se', {}],
    ['sie3-objekt-latin1.se', {}],
    ['sie4e-verifikationer-utf8.se', {}],
  ])('%s: loads the totals per period the file holds', async (fixture, extra) => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, fixture), ...extra });
    expect(r.errors).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.totalsPerPeriod).toEqual(expected[fixture]);
    // What the database holds for those periods is exactly the file (the demo's outcome there replaced).
    expect(periodSums(ctx, r.periods)).toEqual(expected[fixture]);
    ctx.db.close();
  });

  it('reads xlsx (title rows, an info sheet first, date-typed periods, real numbers, formulas, a Summa row) and the same workbook as .xls', async () => {
    // Expected: 12 345,50 in January, 0,1 + 0,2 = 0,30 in February, 412 000,25 - 1 500 in March (by hand).
    const want = { '202601': 1234550, '202602': 30, '202603': 41050025 };
    for (const fixture of ['agresso-utfall.xlsx', 'agresso-utfall.xls']) {
      const { ctx } = await demo();
      const r = await run(ctx, { file: path.join(dir, fixture), dryRun: true });
      expect(r.errors).toEqual([]);
      expect(r.file).toMatchObject({ sheet: 'Utfall', sheetNames: ['Info', 'Utfall'] });
      expect(r.totalsPerPeriod).toEqual(want);
      expect(r.skippedRows).toEqual([{ line: 9, reason: 'summarad ("Summa")' }]);
      ctx.db.close();
    }
  });

  it('decodes Windows-1252 even when the first non-ASCII byte comes late, and code+name cells', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'kod-och-namn-1252.csv'), dryRun: true });
    expect(r.file.encoding).toBe('windows-1252');
    expect(r.unknownCodes).toBe(0);
    const raindance = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv'), dryRun: true });
    expect(raindance.file).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    // Names come from the "Konto text" column for the unknown bucket.
    expect(raindance.unknown).toEqual([
      { dimension: 'ansvar', code: '39999', name: 'Ansvar som saknas', rows: 1, ore: 9999 },
      { dimension: 'konto', code: '4999', name: 'Okänt konto i Ramkoll', rows: 1, ore: 15000 },
      // The demo's motpart values are its own units (for interna köp), so the external counterparty 81 is unknown.
      { dimension: 'motpart', code: '81', name: null, rows: 1, ore: 15000 },
    ]);
    ctx.db.close();
  });

  it('loads unknown codes and flags them; nothing is dropped', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv') });
    // ansvar 39999, konto 4999 and motpart 81 (the demo's motpart values are its units).
    expect(r.unknownCodes).toBe(3);
    const row = ctx.db.prepare("SELECT b.amount_ore AS o FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE c.account_code = '4999' AND b.period = 202603").get() as { o: number };
    expect(row.o).toBe(15000);
    expect(r.skippedRows.map((s) => s.line)).toEqual([8, 13, 14]);
    ctx.db.close();
  });

  it('SIE: #PSALDO object rows are used and {} rows not counted twice; remainders stay on the account', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'sie3-objekt-latin1.se') });
    expect(r.file.encoding).toBe('windows-1252');
    expect(r.notes.join(' ')).toMatch(/#FORMAT PC8 men är skriven i ISO-8859-1/);
    const rows = ctx.db
      .prepare('SELECT c.account_code AS a, c.responsibility_code AS r, c.dims AS d, b.amount_ore AS o FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.batch_no = (SELECT no FROM import_batch WHERE id = ?) ORDER BY a, r, b.period')
      .all(r.batch) as { a: string; r: string; d: string; o: number }[];
    expect(rows).toEqual([
      { a: '3120', r: '', d: '', o: -2550 },
      { a: '4010', r: '31101', d: '', o: 10000 },
      { a: '4010', r: '31101', d: '', o: 1000 },
      { a: '4010', r: '31102', d: '', o: 20000 },
      { a: '4020', r: '', d: '', o: 3000 },
      { a: '4020', r: '39998', d: '', o: 5000 },
    ]);
    expect(r.unknown.map((u) => `${u.dimension} ${u.code} ${u.name ?? ''}`)).toEqual(['ansvar  ', 'ansvar 39998 Nytt ansvar, ej i Ramkoll']);
    expect(r.notes.join(' ')).toMatch(/Dimension 2 \(Kostnadsbärare\) finns inte i Ramkoll/);
    ctx.db.close();
  });

  it('SIE 4E: #TRANS summed per period (transdat over the voucher date), kept as transaction detail for drill-down', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'sie4e-verifikationer-utf8.se') });
    expect(r.file.encoding).toBe('utf-8');
    const detail = ctx.db.prepare('SELECT period, booked_on, amount_ore, voucher, text FROM actual_transaction WHERE batch_id = ? ORDER BY id').all(r.batch);
    expect(detail).toEqual([
      { period: 202603, booked_on: '2026-03-05', amount_ore: 150000, voucher: 'A 1', text: 'Menigo – faktura 4411' },
      { period: 202604, booked_on: '2026-04-01', amount_ore: -20000, voucher: 'A 2', text: 'Kreditnota' },
    ]);
    ctx.db.close();
  });

  it('SIE #PBUDGET is readable as a budget source', async () => {
    const b = await readSieBudget(path.join(dir, 'sie2-periodsaldon.se'));
    expect(b.totalsPerPeriod).toEqual(expected['sie2-periodsaldon.se (PBUDGET)']);
    expect(b.rows.map((x) => [x.period, x.account, x.ore])).toEqual([
      [202601, '4010', 1100000],
      [202602, '4010', 1100000],
      [202602, '3120', -450000],
    ]);
    expect(b.accounts.get('3120')).toBe('Omsorgsavgifter äldreomsorg');
  });

  it('Visma transactions keep text, voucher and supplier for drill-down', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'visma-transaktioner.csv') });
    expect(r.transactions).toBe(4);
    const t = ctx.db.prepare('SELECT voucher, booked_on, text, counterparty_name, amount_ore FROM actual_transaction WHERE batch_id = ? ORDER BY id').all(r.batch);
    expect(t[1]).toEqual({ voucher: 'A 1002', booked_on: '2026-03-09', text: 'Kontorsmaterial "Pärmar", Staples', counterparty_name: 'Staples Sverige AB', amount_ore: 80000 });
    expect((t[2] as { text: string }).text).toBe('Avgifter mars\nrättelse');
    ctx.db.close();
  });
});

describe('idempotent periods, batches and undo', () => {
  it('importing the same file twice changes nothing', async () => {
    const { file, ctx } = await demo();
    const first = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv') });
    expect(first.batch).not.toBeNull();
    const before = contentHash(file);
    const again = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv') });
    expect(again).toMatchObject({ batch: null, unchanged: true, applied: false });
    expect(contentHash(file)).toBe(before);
    ctx.db.close();
  });

  it('a corrected file for March replaces March and only March; undo restores it', async () => {
    const { ctx } = await demo();
    const others = periodSums(ctx, ['202601', '202602', '202604']);
    const demoMarch = periodSums(ctx, ['202603']);
    const march = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv') });
    expect(march.replacedBalances).toBeGreaterThan(0);
    const corrected = path.join(tempDir(), 'raindance-2026-03-rättad.csv');
    fs.writeFileSync(corrected, fs.readFileSync(path.join(dir, 'raindance-2026-03.csv')).toString('latin1').replace('12 345,50', '12 445,50'), 'latin1');
    const second = await run(ctx, { file: corrected });
    expect(second.totalsPerPeriod['202603']).toBe(expected['raindance-2026-03.csv']!['202603']! + 10000);
    expect(periodSums(ctx, ['202603'])).toEqual({ '202603': expected['raindance-2026-03.csv']!['202603']! + 10000 });
    expect(periodSums(ctx, ['202601', '202602', '202604'])).toEqual(others);

    // Undo in the wrong order is refused; the latest first works and restores the first import.
    await expect(invoke('ledger.batches.undo', { batchId: march.batch }, ctx)).rejects.toThrow(/senare inläsningen av raindance-2026-03-rättad\.csv/);
    await invoke('ledger.batches.undo', { batchId: second.batch }, ctx);
    expect(periodSums(ctx, ['202603'])).toEqual(expected['raindance-2026-03.csv']);
    await invoke('ledger.batches.undo', { batchId: march.batch }, ctx);
    expect(periodSums(ctx, ['202603'])).toEqual(demoMarch);
    expect(periodSums(ctx, ['202601', '202602', '202604'])).toEqual(others);
    const list = (await invoke('ledger.batches.list', {}, ctx)) as { id: string; status: string; fileName: string }[];
    expect(list.slice(0, 2).map((b) => [b.fileName, b.status])).toEqual([
      ['raindance-2026-03-rättad.csv', 'undone'],
      ['raindance-2026-03.csv', 'undone'],
    ]);
    ctx.db.close();
  });

  it('undo restores the balances table exactly as it was', async () => {
    const { ctx } = await demo();
    const before = balancesTable(ctx);
    const r = await run(ctx, { file: path.join(dir, 'unit4-utfall.txt') });
    expect(balancesTable(ctx)).not.toBe(before);
    await invoke('ledger.batches.undo', { batchId: r.batch }, ctx);
    expect(balancesTable(ctx)).toBe(before);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM actual_transaction WHERE batch_id = ?').get(r.batch)).toEqual({ n: 0 });
    ctx.db.close();
  });

  it('a profile limited to an ansvar subtree replaces only that subtree in the periods', async () => {
    const { ctx } = await demo();
    const sectorSum = (sector: string) =>
      (
        ctx.db
          .prepare(
            "SELECT coalesce(sum(b.amount_ore), 0) AS s FROM actual_balance b JOIN coding c ON c.id = b.coding_id WHERE b.period = 202603 AND c.responsibility_code LIKE ? || '%'",
          )
          .get(sector) as { s: number }
      ).s;
    const elsewhere = sectorSum('32');
    const profile = { name: 'Äldreomsorg', columns: { period: 'Period' }, scopeResponsibility: '3100' };
    const file = path.join(tempDir(), 'aldre.csv');
    fs.writeFileSync(file, 'Ansvar;Konto;Period;Belopp\r\n31101;4010;202603;100,00\r\n31102;4010;202603;50,00\r\n');
    const r = await run(ctx, { file, profile });
    expect(r.errors).toEqual([]);
    expect(sectorSum('31')).toBe(15000);
    expect(sectorSum('32')).toBe(elsewhere);
    // An ansvar outside the subtree is an error.
    fs.writeFileSync(file, 'Ansvar;Konto;Period;Belopp\r\n32101;4010;202603;100,00\r\n');
    const bad = await run(ctx, { file, profile });
    expect(bad.errors[0]!.message).toMatch(/ansvar 32101 ligger utanför 3100/);
    ctx.db.close();
  });

  it('a profile can skip rows at the top and bottom, and read a file without a header by column positions', async () => {
    const { ctx } = await demo();
    const file = path.join(tempDir(), 'utan-rubrik.txt');
    // Two lines of preamble, three data rows, a footer of two lines that is no total row.
    fs.writeFileSync(file, 'EXPORT 2026-05-03\nsida 1\n4010|31101|100,00\n4020|31101|(20,50)\n5010|31102|1000\n--- slut ---\n3 rader\n');
    const profile = { name: 'Utan rubrik', headerRow: 0, skipTop: 2, skipBottom: 2, delimiter: '|', columns: { account: 0, responsibility: 1, amount: 2 }, fixedPeriod: 202605 };
    const r = await run(ctx, { file, profile, dryRun: true });
    expect(r.errors).toEqual([]);
    // 100,00 − 20,50 + 1 000,00 by hand.
    expect(r.totalsPerPeriod).toEqual({ '202605': 107950 });
    expect(r.skippedRows).toEqual([
      { line: 6, reason: 'en av de sista raderna som profilen hoppar över' },
      { line: 7, reason: 'en av de sista raderna som profilen hoppar över' },
    ]);
    ctx.db.close();
  });

  it('--period takes one period from a file with several', async () => {
    const { ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'unit4-utfall.txt'), period: 202602 });
    expect(r.periods).toEqual(['202602']);
    expect(r.totalsPerPeriod).toEqual({ '202602': expected['unit4-utfall.txt']!['202602'] });
    expect(r.notes.join(' ')).toMatch(/2 rader för andra perioder än 202602/);
    ctx.db.close();
  });

  it('refuses rows outside the fiscal years, and a control sum that does not match, changing nothing', async () => {
    const { file, ctx } = await demo();
    const before = contentHash(file);
    const old = path.join(tempDir(), 'gammal.csv');
    fs.writeFileSync(old, 'Ansvar;Konto;Period;Belopp\n31101;4010;202001;1,00\n');
    const r = await run(ctx, { file: old });
    expect(r.errors).toEqual([{ line: 2, column: 'Period (C)', message: '"202001" perioden 202001 ligger utanför budgetåren (2025, 2026)', value: '202001' }]);
    const sum = await run(ctx, { file: path.join(dir, 'utan-period.csv'), period: 202605, expectedTotal: 5001 });
    expect(sum.errors[0]).toMatchObject({ column: 'Kontrollsumma' });
    expect(sum.errors[0]!.message).toMatch(/filens summa är 50\.00 kr men kontrollsumman är 50\.01 kr/);
    ctx.db.close();
    expect(contentHash(file)).toBe(before);
  });

  it('takes a backup before writing', async () => {
    const { ctx } = await demo();
    await run(ctx, { file: path.join(dir, 'utan-period.csv'), period: 202605 });
    expect(fs.readdirSync(ctx.db.backupDir).some((f) => f.includes('fore-utfallsimport'))).toBe(true);
    ctx.db.close();
  });
});

describe('mapping profiles', () => {
  it('finds a profile by the words its name begins with, when only one does, and records its full name on the batch', async () => {
    const { file, ctx } = await demo();
    const r = await run(ctx, { file: path.join(dir, 'raindance-2026-03.csv'), profile: 'raindance' });
    expect(r.errorCount).toBe(0);
    expect(r.totalsPerPeriod).toEqual(expected['raindance-2026-03.csv']);
    const batches = (await invoke('ledger.batches.list', {}, ctx)) as { id: string; profile: string | null }[];
    expect(batches.find((b) => b.id === r.batch)!.profile).toBe('Raindance – utfall per period');
    expect((await run(ctx, { file: path.join(dir, 'visma-transaktioner.csv'), profile: 'VISMA', dryRun: true })).totalsPerPeriod).toEqual(expected['visma-transaktioner.csv']);
    // Part of a word is not enough, and two profiles that begin alike ask for more of the name.
    const before = contentHash(file);
    await expect(run(ctx, { file: path.join(dir, 'raindance-2026-03.csv'), profile: 'rain' })).rejects.toThrow(/ingen mappningsprofil som heter "rain"/);
    const profile = (name: string) => ({ name, system: 'Raindance', columns: { account: 'Konto', amount: 'Belopp' } });
    await invoke('ledger.profiles.save', { profile: profile('Vår Raindance') }, ctx);
    await invoke('ledger.profiles.save', { profile: profile('Vår Raindance ny') }, ctx);
    const saved = contentHash(file);
    await expect(run(ctx, { file: path.join(dir, 'raindance-2026-03.csv'), profile: 'vår' })).rejects.toThrow(/Flera mappningsprofiler börjar med "vår": Vår Raindance, Vår Raindance ny/);
    expect(contentHash(file)).toBe(saved);
    expect(saved).not.toBe(before);
    ctx.db.close();
  });

  it('saves, lists, exports and imports a profile as JSON', async () => {
    const { ctx } = await demo();
    const profile = { name: 'Vår Raindance', system: 'Raindance', columns: { account: 'Konto', amount: 'Belopp' }, signFlip: true };
    await invoke('ledger.profiles.save', { profile }, ctx);
    const out = path.join(tempDir(), 'profil.json');
    await invoke('ledger.profiles.export', { name: 'Vår Raindance', file: out }, ctx);
    const json = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ version: 1, name: 'Vår Raindance', system: 'Raindance', signFlip: true, columns: { account: 'Konto', amount: 'Belopp' } });
    await invoke('ledger.profiles.delete', { name: 'Vår Raindance' }, ctx);
    const imported = (await invoke('ledger.profiles.import', { file: out }, ctx)) as { name: string };
    expect(imported.name).toBe('Vår Raindance');
    const names = ((await invoke('ledger.profiles.list', {}, ctx)) as { name: string; builtIn: boolean }[]).map((p) => `${p.name}${p.builtIn ? ' (inbyggd)' : ''}`);
    expect(names).toEqual(['Vår Raindance', 'Raindance – utfall per period (inbyggd)', 'Unit4 (Agresso) – utfall (inbyggd)', 'Visma – transaktioner med debet och kredit (inbyggd)']);
    // Sign flip applies.
    const r = await run(ctx, { file: path.join(dir, 'utan-period.csv'), period: 202605, profile: 'Vår Raindance', dryRun: true });
    expect(r.totalsPerPeriod).toEqual({ '202605': -5000 });
    ctx.db.close();
  });

  it('refuses profile files with __proto__ or unknown keys, without polluting any prototype', async () => {
    const { ctx } = await demo();
    const f = path.join(tempDir(), 'ond.json');
    fs.writeFileSync(f, '{"name":"x","__proto__":{"polluted":true},"columns":{}}');
    await expect(invoke('ledger.profiles.import', { file: f }, ctx)).rejects.toThrow(/nyckeln "__proto__" är inte tillåten/);
    fs.writeFileSync(f, '{"name":"x","columns":{"konto":"Konto"}}');
    await expect(invoke('ledger.profiles.import', { file: f }, ctx)).rejects.toBeInstanceOf(RamkollError);
    fs.writeFileSync(f, '{"name":"x","extraDims":{"constructor":"A"}}');
    await expect(invoke('ledger.profiles.import', { file: f }, ctx)).rejects.toThrow(/nyckeln "constructor" är inte tillåten/);
    fs.writeFileSync(f, '{"name":"x","extraDims":{"Stor Bokstav":"A"}}');
    await expect(invoke('ledger.profiles.import', { file: f }, ctx)).rejects.toThrow(/profilen är inte giltig: extraDims/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ctx.db.close();
  });
});
