import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { importIndicatorValues } from '../../electron/services/goals/import';
import type { Actor } from '../../electron/services/goals/access';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { actor, suiteDir } from '../support/goals';
import { FIXTURES } from '../support/tmp';

const dir = path.join(FIXTURES, 'goals');
const controller = actor('controller');

function value(ctx: TestContext, key: string, date: string): string | undefined {
  return (ctx.db.sqlite.prepare('SELECT value FROM indicator_value WHERE series_key = ? AND measured_on = ? AND deleted_at IS NULL').get(key, date) as { value: string } | undefined)?.value;
}

function backups(ctx: TestContext): string[] {
  return fs.existsSync(ctx.db.backupDir) ? fs.readdirSync(ctx.db.backupDir).filter((f) => f.includes('styrtal')) : [];
}

describe('import of styrtal values', () => {
  const tmp = suiteDir();
  let ctx: TestContext;
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'import.db');
    ctx = await openTestContext(file, { demo: true });
  });
  afterAll(() => ctx?.db.close());

  async function refusedImport(fixture: string, who: Actor = controller) {
    const before = contentHash(file);
    const backupsBefore = backups(ctx).length;
    const err = await importIndicatorValues(ctx.db, { path: fixture.includes('/') ? fixture : path.join(dir, fixture), dryRun: false }, who).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RamkollError);
    expect(contentHash(file)).toBe(before);
    expect(backups(ctx).length).toBe(backupsBefore);
    return err as RamkollError;
  }

  it('reads a Kolada export (Windows-1252, title row, several kommuner, by gender) and takes only the kommun’s totals', async () => {
    const dry = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-export.csv'), dryRun: true }, controller);
    expect(dry).toMatchObject({ applied: false, created: 1, updated: 2, unchanged: 2 });
    expect(value(ctx, 'N31807', '2025-12-31')).toBe('1.05');

    const r = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-export.csv'), dryRun: false }, controller);
    expect(r).toMatchObject({ fileName: 'kolada-export.csv', rows: 10, created: 1, updated: 2, unchanged: 2, applied: true, skipped: { otherKommun: 2, notTotal: 2, empty: 1 } });
    expect(r.series.map((s) => [s.key, s.values])).toEqual([
      ['N00090', 1],
      ['N31807', 1],
      ['U21401', 1],
      ['U21468', 2],
    ]);
    expect(r.notes.join(' ')).toMatch(/2 rader gällde andra kommuner, regionen, riket eller kommungrupper \(Grannby kommun\) och sparades som jämförelsevärden/);
    expect(r.comparison).toMatchObject({ rows: 4, created: 4 });
    expect(value(ctx, 'N31807', '2025-12-31')).toBe('1.07');
    expect(value(ctx, 'N00090', '2025-12-31')).toBe('7.35');
    expect(value(ctx, 'U21401', '2020-12-31')).toBe('18');
    expect(value(ctx, 'U21401', '2019-12-31')).toBeUndefined();
    expect(backups(ctx)).toHaveLength(1);

    const again = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-export.csv'), dryRun: false }, controller);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  });

  it('reads own measurements by date, with comments', async () => {
    const r = await importIndicatorValues(ctx.db, { path: path.join(dir, 'egna-matningar.csv'), dryRun: false }, controller);
    expect(r).toMatchObject({ created: 3, updated: 0 });
    expect(value(ctx, 'SN-HT-FOK', '2026-10-31')).toBe('90.25');
    const note = ctx.db.sqlite.prepare("SELECT note FROM indicator_value WHERE series_key = 'SN-HT-FOK' AND measured_on = '2026-10-31'").get() as { note: string };
    expect(note.note).toBe('Oktobermätningen');
  });

  it('reads an Excel file with numbers and dates as Excel stores them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Styrtal');
    ws.addRow(['Nyckeltal', 'Datum', 'År', 'Värde']);
    ws.addRow(['SN-PA-NOJD', new Date(Date.UTC(2026, 9, 31)), null, 90.5]);
    ws.addRow(['n33008', null, 2025, 1131]);
    ws.addRow(['N33008', null, 2020, 801.125]);
    const x = path.join(tmp, 'styrtal.xlsx');
    await wb.xlsx.writeFile(x);
    const r = await importIndicatorValues(ctx.db, { path: x, dryRun: false }, controller);
    expect(r).toMatchObject({ created: 2, unchanged: 1 });
    expect(value(ctx, 'SN-PA-NOJD', '2026-10-31')).toBe('90.5');
    expect(value(ctx, 'N33008', '2020-12-31')).toBe('801.125');
  });

  it('reads an old Excel file (.xls), as Excel 97–2003 saves it', async () => {
    // Written by SheetJS, not by the reader under test (ExcelJS cannot write .xls).
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['Kolada-export'],
      ['Nyckeltal', 'År', 'Värde'],
      ['N33008', 2017, 14.25],
      ['N33008', 2016, 13],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Styrtal');
    const x = path.join(tmp, 'styrtal.xls');
    fs.writeFileSync(x, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer);
    const r = await importIndicatorValues(ctx.db, { path: x, dryRun: false }, controller);
    expect(r).toMatchObject({ created: 2 });
    expect(value(ctx, 'N33008', '2017-12-31')).toBe('14.25');
    expect(value(ctx, 'N33008', '2016-12-31')).toBe('13');
  });

  it('lists every bad row with line and column and changes nothing', async () => {
    const e = await refusedImport('fel-varden.csv');
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toMatch(/^fel-varden\.csv: 5 fel, inget har ändrats\./);
    expect(e.details.map((d) => [d.line, d.column])).toEqual([
      [3, 'Nyckeltal (A)'],
      [4, 'År (B)'],
      [5, 'Värde (C)'],
      [7, 'Nyckeltal (A)'],
      [8, 'Nyckeltal (A)'],
    ]);
    expect(e.details[0]!.message).toMatch(/inget styrtal följer U99999/);
    expect(e.details[2]!.message).toMatch(/"femton" är inget tal/);
    expect(e.details[3]!.message).toMatch(/redan ett värde för 2024-12-31 på rad 6/);
    expect(value(ctx, 'U21468', '2025-12-31')).toBe('87');
  });

  it('refuses a file without year or date, one with only other kommuner, and one that is not a table', async () => {
    expect((await refusedImport('fel-kolumner.csv')).message).toMatch(/kolumnen År eller Datum saknas/);
    expect((await refusedImport('fel-kommun.csv')).message).toMatch(/ingen rad gäller Exempelby kommun \(kolumnen Kommun har Grannby kommun, Storstad kommun\)/);
    expect((await refusedImport(path.join(FIXTURES, 'masterdata', 'binar.csv'))).code).toBe('BAD_FILE');
  });

  it('takes the kommun named in the request instead of the database’s', async () => {
    const r = await importIndicatorValues(ctx.db, { path: path.join(dir, 'fel-kommun.csv'), kommun: 'Grannby kommun', dryRun: true }, controller);
    expect(r).toMatchObject({ updated: 1, skipped: { otherKommun: 1 } });
  });

  it('lets a sektorchef import only the styrtal of the sektor', async () => {
    const e = await refusedImport('egna-matningar.csv', actor('sektorchef', 'chef', '3100'));
    expect(e.details.map((d) => [d.line, d.value])).toEqual([
      [3, 'SN-LSS-GFP'],
      [4, 'SN-HR-OMS'],
    ]);
    expect(e.details[0]!.message).toMatch(/din sektor 3100/);
  });
});
