import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Periodiser } from '../../electron/services/budget/periodisation';
import { invokeEnveloped } from '../../electron/api/invoke';
import { call } from '../support/call';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

const fixture = (name: string) => path.join(FIXTURES, 'budget', name);
const MONTH_SUMS = Array.from({ length: 12 }, (_, i) => `sum(b.m${String(i + 1).padStart(2, '0')}_ore)`).join(', ');

interface LineRow {
  account: string;
  resp: string;
  dims: string;
  year: number;
  months: number[];
  manual: number;
  note: string | null;
  profile: string | null;
}

function linesOf(ctx: TestContext, versionId: string): LineRow[] {
  const rows = ctx.db.sqlite
    .prepare(
      `SELECT c.account_code AS account, c.responsibility_code AS resp, c.dims, b.year_ore AS year, b.manual, b.note, p.code AS profile, b.*
       FROM budget_line b JOIN coding c ON c.id = b.coding_id LEFT JOIN periodisation_profile p ON p.id = b.profile_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL ORDER BY b.rowid`,
    )
    .all(versionId) as Record<string, unknown>[];
  return rows.map((r) => ({
    account: r.account as string,
    resp: r.resp as string,
    dims: r.dims as string,
    year: r.year as number,
    months: Array.from({ length: 12 }, (_, i) => r[`m${String(i + 1).padStart(2, '0')}_ore`] as number),
    manual: r.manual as number,
    note: r.note as string | null,
    profile: r.profile as string | null,
  }));
}

describe('importing a detaljbudget from CSV or Excel', () => {
  let ctx: TestContext;
  // Its own folder: tempDir() is emptied after each test, and contentHash reopens the file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-import-'));
  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'import.db'), { demo: true });
  });
  afterAll(() => {
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads year amounts with profiles from a Windows-1252 file with title rows and a total row, into a new working version', async () => {
    const r = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv') }, ctx);
    expect(r).toMatchObject({ applied: true, createdVersion: true, lines: 4, year: DEMO_YEAR, versionName: 'Import detaljbudget-arsbelopp.csv', totalOre: 1_280_456_750 });
    expect(r.notes.join(' ')).toMatch(/1 summarad/);
    const version = ctx.db.first(ctx.db.q.selectFrom('budget_version').selectAll().where('id', '=', r.versionId!))!;
    expect(version).toMatchObject({ kind: 'draft', year: DEMO_YEAR, locked_at: null });
    const lines = linesOf(ctx, r.versionId!);
    expect(lines.map((l) => [l.resp, l.account, l.dims, l.year, l.profile, l.note])).toEqual([
      ['31101', '4010', '', 123_456_750, 'kalenderdagar', 'Livsmedel enligt avtal'],
      ['31101', '3120', '', -25_000_000, 'jamn', null],
      ['34204', '3530', 'motpart=31101', -18_000_000, 'jamn', 'IT-stöd'],
      ['31102', '5010', '', 1_200_000_000, 'personal', null],
    ]);
    // Calendar days of 2026: each month within an öre of its exact share, summing exactly.
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lines[0]!.months.forEach((m, i) => expect(Math.abs(m - (123_456_750 * days[i]!) / 365)).toBeLessThan(1));
    for (const l of lines) expect(l.months.reduce((a, b) => a + b, 0)).toBe(l.year);
    const batch = ctx.db.first(ctx.db.q.selectFrom('import_batch').selectAll().where('kind', '=', 'budget').orderBy('imported_at', 'desc'))!;
    expect(batch).toMatchObject({ file_name: 'detaljbudget-arsbelopp.csv', row_count: 4, total_ore: 1_280_456_750 });
  });

  it('spreads each line by its profile once, and reports per month the months it wrote', async () => {
    const spread = vi.spyOn(Periodiser.prototype, 'periodise');
    try {
      const r = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), versionName: 'En gång' }, ctx);
      expect(spread).toHaveBeenCalledTimes(4);
      const lines = linesOf(ctx, r.versionId!);
      expect(r.perMonthOre).toEqual(Array.from({ length: 12 }, (_, m) => lines.reduce((s, l) => s + l.months[m]!, 0)));
      spread.mockClear();
      const dry = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), versionName: 'Provläsning', dryRun: true }, ctx);
      expect(spread).toHaveBeenCalledTimes(4);
      expect(dry.perMonthOre).toEqual(r.perMonthOre);
    } finally {
      spread.mockRestore();
    }
  });

  it('reads month columns (202601 … 202612) with decimal points, filling a missing year amount from the months', async () => {
    const r = await call('planning.import.budget', { file: fixture('detaljbudget-manader.csv'), versionName: 'Månader' }, ctx);
    const lines = linesOf(ctx, r.versionId!);
    expect(lines.map((l) => [l.account, l.year, l.manual])).toEqual([
      ['6110', 12_000_000, 1],
      ['6540', 600_000, 1],
      ['3130', -6_000_012, 1],
    ]);
    expect(lines[1]!.months).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 0, 0, 0, 0, 0, 0]);
    expect(lines[2]!.months).toEqual(new Array(12).fill(-500_001));
  });

  it('reads an Excel file, with amounts as Excel stores them (binary fractions) and formulas', async () => {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet('Budget 2026');
    ws.addRow(['Detaljbudget']);
    ws.addRow([]);
    ws.addRow(['Konto', 'Ansvar', 'Projekt', 'Belopp']);
    ws.addRow([4020, 31203, 'P100', 0.1 + 0.2]);
    ws.addRow([4020, 31204, null, 1234.56]);
    ws.addRow([4020, 31205, null, { formula: 'D5*2', result: 2469.12 }]);
    const file = path.join(tempDir(), 'budget.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await call('planning.import.budget', { file }, ctx);
    expect(linesOf(ctx, r.versionId!).map((l) => [l.resp, l.dims, l.year])).toEqual([
      ['31203', 'projekt=P100', 30],
      ['31204', '', 123_456],
      ['31205', '', 246_912],
    ]);
  });

  it('reads an old Excel file (.xls), as Excel 97–2003 saves it', async () => {
    // Written by SheetJS, not by the reader under test (ExcelJS cannot write .xls).
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Detaljbudget'],
      [],
      ['Konto', 'Ansvar', 'Belopp'],
      [4020, 31203, 0.1 + 0.2],
      [4020, 31204, -1234.56],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Budget 2026');
    const file = path.join(tempDir(), 'budget.xls');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer);
    const r = await call('planning.import.budget', { file }, ctx);
    expect(linesOf(ctx, r.versionId!).map((l) => [l.resp, l.account, l.year])).toEqual([
      ['31203', '4020', 30],
      ['31204', '4020', -123_456],
    ]);
  });

  it('adds to, or replaces the lines of, an editable version, and refuses a locked one', async () => {
    const first = await call('planning.import.budget', { file: fixture('detaljbudget-manader.csv'), versionName: 'Mål' }, ctx);
    const added = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), versionId: first.versionId! }, ctx);
    expect(added.createdVersion).toBe(false);
    expect(linesOf(ctx, first.versionId!)).toHaveLength(7);
    const replaced = await call('planning.import.budget', { file: fixture('detaljbudget-manader.csv'), versionId: first.versionId!, replace: true }, ctx);
    expect(replaced.replacedLines).toBe(7);
    expect(linesOf(ctx, first.versionId!)).toHaveLength(3);
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const before = contentHash(ctx.db.file);
    await expect(call('planning.import.budget', { file: fixture('detaljbudget-manader.csv'), versionId: adopted }, ctx)).rejects.toThrow(/låst/);
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('a dry run checks and counts but changes nothing', async () => {
    const before = contentHash(ctx.db.file);
    const r = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), dryRun: true }, ctx);
    expect(r).toMatchObject({ applied: false, lines: 4, versionId: null });
    expect(r.perMonthOre.reduce((a, b) => a + b, 0)).toBe(r.totalOre);
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('a bad file changes nothing and names file, line and column of every problem', async () => {
    const before = contentHash(ctx.db.file);
    const r = await invokeEnveloped('planning.import.budget', { file: fixture('detaljbudget-fel.csv') }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_FILE');
    expect(r.error.message).toMatch(/^detaljbudget-fel\.csv: 7 fel, inget har ändrats\. rad 3, kolumn Konto \(B\): konto 4999 finns inte i kontoplanen/);
    expect(r.error.details.map((d) => [d.file, d.line, d.column])).toEqual([
      ['detaljbudget-fel.csv', 3, 'Konto (B)'],
      ['detaljbudget-fel.csv', 4, 'Årsbelopp (D)'],
      ['detaljbudget-fel.csv', 5, 'Ansvar (A)'],
      ['detaljbudget-fel.csv', 6, 'Årsbelopp (D)'],
      ['detaljbudget-fel.csv', 7, 'Profil (C)'],
      ['detaljbudget-fel.csv', 8, 'Konto (B)'],
      ['detaljbudget-fel.csv', 9, 'Årsbelopp (D)'],
    ]);
    expect(r.error.details[3]!.text).toMatch(/årsbeloppet 1\s200,00\skr stämmer inte med månaderna, som summerar till 1\s300,00\skr/);
    expect(r.error.details[4]!.text).toMatch(/ingen periodiseringsprofil med koden "kvartal"/);
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('names the missing columns and the headers the file has', async () => {
    const before = contentHash(ctx.db.file);
    await expect(call('planning.import.budget', { file: fixture('detaljbudget-saknar-konto.csv') }, ctx)).rejects.toThrow(
      /detaljbudget-saknar-konto\.csv: hittar ingen rubrikrad för en detaljbudget\. Saknade kolumner: Konto\. Rubrikerna i filen är: Ansvar, Benämning, Belopp\./,
    );
    const empty = path.join(tempDir(), 'tom.csv');
    fs.writeFileSync(empty, '');
    await expect(call('planning.import.budget', { file: empty }, ctx)).rejects.toThrow(/tom\.csv är tom/);
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('refuses a file whose months belong to another year than the version', async () => {
    const v = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), year: DEMO_YEAR - 1, versionName: 'Förra året' }, ctx);
    expect(v.year).toBe(DEMO_YEAR - 1);
    const before = contentHash(ctx.db.file);
    await expect(call('planning.import.budget', { file: fixture('detaljbudget-manader.csv'), versionId: v.versionId! }, ctx)).rejects.toThrow(/filens månader gäller 2026, men versionen "Förra året" är för 2025/);
    expect(contentHash(ctx.db.file)).toBe(before);
  });
});

describe('importing a detaljbudget from SIE (#PBUDGET per period and object)', () => {
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-import-sie-'));
  const DAYS_2026 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'sie.db'), { demo: true });
  });
  afterAll(() => {
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a PC8 SIE file into a new version: one line per kodsträng, a profile where the months follow one, manual months where they do not', async () => {
    const r = await call('planning.import.budget', { file: fixture('detaljbudget-pbudget.se') }, ctx);
    // 12 + 12 rows of 4010 by ansvar, 12 of 6110, 12 of 3011 with projekt, 24 of 4070 in two kostnadsbärare, 1 zero row.
    expect(r).toMatchObject({ applied: true, createdVersion: true, year: DEMO_YEAR, rows: 73, lines: 5, versionName: 'Import detaljbudget-pbudget.se' });
    // 4010: 120 000 + 115 000 kr; 6110: 36 500 kr; 3011: −1 250,50 × 12; 4070: 750 × 12.
    expect(r.totalOre).toBe(12_000_000 + 11_500_000 + 3_650_000 - 1_500_600 + 900_000);
    expect(r.notes.join(' ')).toMatch(/12 #PBUDGET-rader utan objekt/);
    expect(r.notes.join(' ')).toMatch(/Dimension 2 finns inte i Ramkoll/);
    expect(r.notes.join(' ')).toMatch(/2 #PSALDO\/#PBUDGET-rader för andra år än år 0/);
    expect(r.notes.join(' ')).toMatch(/1 kodsträng med bara nollor/);
    const lines = linesOf(ctx, r.versionId!).map((l) => [l.account, l.resp, l.dims, l.profile, l.manual, l.year, l.months]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['4010', '31101', '', 'jamn', 0, 12_000_000, new Array(12).fill(1_000_000)],
        ['4010', '31102', '', null, 1, 11_500_000, [8000, 9000, 9500, 10000, 10500, 11000, 6000, 7000, 10000, 10500, 11000, 12500].map((kr) => kr * 100)],
        ['6110', '31101', '', 'kalenderdagar', 0, 3_650_000, DAYS_2026.map((d) => d * 10_000)],
        ['3011', '31102', 'projekt=P1', 'jamn', 0, -1_500_600, new Array(12).fill(-125_050)],
        ['4070', '31101', '', 'jamn', 0, 900_000, new Array(12).fill(75_000)],
      ]),
    );
    expect(lines).toHaveLength(5);
    const batch = ctx.db.first(ctx.db.q.selectFrom('import_batch').selectAll().where('kind', '=', 'budget').where('file_name', '=', 'detaljbudget-pbudget.se'))!;
    expect(batch).toMatchObject({ row_count: 5, total_ore: r.totalOre });
  });

  it('reads back what Ramkoll exported as SIE: the same months per kodsträng as the adopted budget', async () => {
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const out = path.join(dir, 'detaljbudget.se');
    await call('planning.export.budget', { version: adopted, format: 'sie', file: out }, ctx);
    const r = await call('planning.import.budget', { file: out, versionName: 'Tillbaka från SIE' }, ctx);
    // Per kodsträng, the sum of the months, in plain SQL over both versions.
    const perCoding = (versionId: string) =>
      Object.fromEntries(
        (
          ctx.db.sqlite
            .prepare(
              `SELECT c.account_code || ' ' || c.responsibility_code || ' ' || c.dims AS k, ${MONTH_SUMS} FROM budget_line b JOIN coding c ON c.id = b.coding_id
               WHERE b.version_id = ? AND b.deleted_at IS NULL GROUP BY c.id HAVING ${MONTH_SUMS.split(', ').map((m) => `${m} != 0`).join(' OR ')}`,
            )
            .raw(true)
            .all(versionId) as [string, ...number[]][]
        ).map(([k, ...months]) => [k, months]),
      );
    const expected = perCoding(adopted);
    expect(Object.keys(expected).length).toBeGreaterThan(500);
    expect(perCoding(r.versionId!)).toEqual(expected);
    expect(r.lines).toBe(Object.keys(expected).length);
  });

  it('knows a SIE file by its content whatever it is called, and a saved column layout does not apply to it', async () => {
    const renamed = path.join(dir, 'budget-export.txt');
    fs.copyFileSync(fixture('detaljbudget-pbudget.se'), renamed);
    await call('planning.exportProfiles.save', { name: 'Semikolon', layout: { shape: 'wide', columns: [{ field: 'account', header: 'Konto' }, { field: 'responsibility', header: 'Ansvar' }, { field: 'year_amount', header: 'Belopp' }], delimiter: ';', decimal: ',', amountUnit: 'kr', header: true, encoding: 'utf-8', skipZero: false, periodFormat: 'YYYYMM' } }, ctx);
    const before = contentHash(ctx.db.file);
    const r = await call('planning.import.budget', { file: renamed, dryRun: true, profile: 'Semikolon' }, ctx);
    expect(r).toMatchObject({ applied: false, lines: 5, totalOre: 12_000_000 + 11_500_000 + 3_650_000 - 1_500_600 + 900_000 });
    expect(r.notes[0]).toMatch(/Kolumnlayouten "Semikolon" gäller inte SIE-filer/);
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('a bad SIE file changes nothing and names file, line and column of every problem', async () => {
    const before = contentHash(ctx.db.file);
    const r = await invokeEnveloped('planning.import.budget', { file: fixture('detaljbudget-pbudget-fel.se') }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_FILE');
    expect(r.error.message).toMatch(/^detaljbudget-pbudget-fel\.se: 6 fel, inget har ändrats\. rad 9, kolumn konto: konto 4999 finns inte i kontoplanen/);
    expect(r.error.details.map((d) => [d.file, d.line, d.column, d.value ?? null])).toEqual([
      ['detaljbudget-pbudget-fel.se', 9, 'konto', '4999'],
      ['detaljbudget-pbudget-fel.se', 10, 'objekt', '39999'],
      ['detaljbudget-pbudget-fel.se', 11, 'objekt', null],
      ['detaljbudget-pbudget-fel.se', 12, 'period', '202701'],
      ['detaljbudget-pbudget-fel.se', 13, 'saldo', '12,5,0'],
      ['detaljbudget-pbudget-fel.se', 14, 'period', '202613'],
    ]);
    expect(r.error.details[1]!.message).toBe('ansvar 39999 finns inte i organisationen');
    expect(r.error.details[2]!.message).toMatch(/inget ansvar/);
    expect(r.error.details[3]!.message).toMatch(/hör till 2027, men filen gäller 2026/);
    // Outcome without budget: a SIE file with vouchers only is not a budget.
    await expect(call('planning.import.budget', { file: path.join(FIXTURES, 'ledger', 'sie4e-verifikationer-utf8.se') }, ctx)).rejects.toThrow(/inga #PBUDGET-rader/);
    // Into a version of another year.
    const v2025 = await call('planning.import.budget', { file: fixture('detaljbudget-arsbelopp.csv'), year: DEMO_YEAR - 1, versionName: '2025 från CSV' }, ctx);
    const mid = contentHash(ctx.db.file);
    await expect(call('planning.import.budget', { file: fixture('detaljbudget-pbudget.se'), versionId: v2025.versionId! }, ctx)).rejects.toThrow(/filens månader gäller 2026, men versionen "2025 från CSV" är för 2025/);
    expect(contentHash(ctx.db.file)).toBe(mid);
    expect(before).not.toBe(mid);
  });
});

describe('a detaljbudget for another year than the one chosen', () => {
  it('says which year the file is for and where to choose it, and changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-import-year-'));
    const ctx = await openTestContext(path.join(dir, 'y.db'), { demo: true });
    try {
      const before = contentHash(ctx.db.file);
      await expect(call('planning.import.budget', { file: fixture('detaljbudget-pbudget.se'), year: DEMO_YEAR + 1 }, ctx)).rejects.toThrow(
        /detaljbudget-pbudget\.se: filens månader gäller 2026, men år 2027 angavs\. Välj 2026 under Budgetår/,
      );
      expect(contentHash(ctx.db.file)).toBe(before);
    } finally {
      ctx.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
