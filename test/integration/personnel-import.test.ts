import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRamkollError, type RamkollError } from '../../db/errors';
import type { PersonnelImportResult, PersonnelNodeRow } from '../../electron/api/features/personnel';
import { invoke } from '../../electron/api/invoke';
import { listBackups } from '../../electron/services/backups/catalog';
import { saveProfile } from '../../electron/services/ledger/profiles-store';
import { validateProfile } from '../../electron/services/ledger/profile';
import { personnelFigures } from '../../electron/services/personnel/figures';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

const EXPORT = path.join(__dirname, '../fixtures/personnel/hr-export-personal.csv');

async function setup(): Promise<{ ctx: TestContext; dir: string; file: string }> {
  const dir = tempDir('ramkoll-personnel-');
  const file = path.join(dir, 'r.db');
  const ctx = await openTestContext(file);
  createSmallForvaltning(ctx.db, ctx.site.id);
  return { ctx, dir, file };
}

/** Writes a CSV as an HR system does: Windows-1252, semicolons, CRLF. */
function writeExport(dir: string, name: string, lines: string[]): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.from(lines.join('\r\n'), 'latin1'));
  return p;
}

const HEADER = 'Period;Ansvar;Antal anställda;Årsarbetare;Sjukfrånvaro totalt %;Personalkostnad kr';

async function errorOf(p: Promise<unknown>): Promise<RamkollError> {
  try {
    await p;
  } catch (e) {
    if (isRamkollError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

const byCode = (rows: PersonnelNodeRow[]) => new Map(rows.map((r) => [r.code, r]));

describe('personnel import', () => {
  it('reads a Windows-1252 export with a title, Swedish headers, decimal comma and a total row, and sums upwards', async () => {
    const { ctx } = await setup();
    const result = (await invoke('personnel.import', { file: EXPORT }, ctx)) as PersonnelImportResult;
    expect(listBackups(ctx.db).backups.map((b) => b.reason)).toContain('Före inläsning av personalsiffror');
    expect(result).toMatchObject({ rowsRead: 6, rowsSkipped: 1, periods: [202510, 202610], nodes: ['91101', '91102', '9210'], replaced: 0, ignoredColumns: ['Ansvar benämning'] });

    const rows = byCode(personnelFigures(ctx.db, 202610));
    expect([...rows.keys()]).toEqual(expect.arrayContaining(['9000', '9100', '9110', '91101', '91102', '9200', '9210']));
    expect(rows.get('91101')!.figures).toEqual({
      period: 202610,
      employees: 42,
      permanent: 38,
      temporary: 4,
      fteCenti: 3950,
      sickBp: 625,
      sickWomenBp: 710,
      sickMenBp: 340,
      sickTo29Bp: 480,
      sick30to49Bp: 600,
      sickFrom50Bp: 730,
      longSickBp: 290,
      costOre: 123_456_750,
    });
    expect(rows.get('91101')!.imported).toBe(true);
    // Sektor Ett = its two enheter; sjukfrånvaro weighted by årsarbetare: (6,25·39,50 + 4,10·16,75) / 56,25 = 5,61.
    const sektor = rows.get('9100')!;
    expect(sektor.imported).toBe(false);
    expect(sektor.figures).toMatchObject({ employees: 60, permanent: 53, temporary: 7, fteCenti: 5625, sickBp: 561, costOre: 222_222_175 });
    // The förvaltning: all three rows, equal to the file's total row (225 … is both years; 115 this year).
    expect(rows.get('9000')!.figures).toMatchObject({ employees: 115, fteCenti: 10825, costOre: 456_789_975 });
    expect(rows.get('9000')!.lastYear).toMatchObject({ period: 202510, employees: 110, fteCenti: 10350, costOre: 437_080_000 });
    expect(rows.get('91102')!.lastYear).toMatchObject({ employees: 17, sickBp: 440 });
  });

  it('names every bad row (file, row, column, text) and writes nothing', async () => {
    const { ctx, dir, file } = await setup();
    const bad = writeExport(dir, 'fel.csv', [
      HEADER,
      '202610;91101;42;39,50;6,25;1 234 567,50',
      '202610;99999;10;9,00;4,00;100 000',
      '202613;91102;18;16,755;4,10;987 654,25',
      '202610;9210;fem;52,00;108,00;2 345 678,00',
    ]);
    const before = contentHash(file);
    const e = await errorOf(invoke('personnel.import', { file: bad }, ctx));
    expect(listBackups(ctx.db).backups).toEqual([]);
    expect(e.code).toBe('BAD_FILE');
    expect(e.details).toEqual([
      { file: 'fel.csv', line: 3, column: 'Ansvar', value: '99999', message: 'ansvar 99999 finns inte i organisationen' },
      { file: 'fel.csv', line: 4, column: 'Period', value: '202613', message: 'perioden ska skrivas ÅÅÅÅMM, t.ex. 202610' },
      { file: 'fel.csv', line: 4, column: 'Årsarbetare', value: '16,755', message: 'Årsarbetare ska vara ett tal med högst två decimaler, t.ex. 12,75' },
      { file: 'fel.csv', line: 5, column: 'Antal anställda', value: 'fem', message: 'Antal anställda ska vara ett helt antal, t.ex. 42' },
      { file: 'fel.csv', line: 5, column: 'Sjukfrånvaro totalt %', value: '108,00', message: 'Sjukfrånvaro totalt, % en andel över 100 %' },
    ]);
    expect(e.message).toContain('rad 3, kolumn Ansvar ("99999")');
    ctx.db.close();
    expect(contentHash(file)).toBe(before);
  });

  it('refuses the förvaltning itself and a sektor beside its own enheter (they would be counted twice)', async () => {
    const { ctx, dir } = await setup();
    const e1 = await errorOf(invoke('personnel.import', { file: writeExport(dir, 'a.csv', [HEADER, '202610;9000;10;9,00;4,00;100 000']) }, ctx));
    expect(e1.details[0]).toMatchObject({ line: 2, value: '9000', message: expect.stringContaining('förvaltningen') });
    const e2 = await errorOf(invoke('personnel.import', { file: writeExport(dir, 'b.csv', [HEADER, '202610;9100;10;9,00;4,00;100 000', '202610;91101;5;5,00;4,00;50 000']) }, ctx));
    expect(e2.details[0]).toMatchObject({ line: 3, value: '91101', message: expect.stringContaining('ligger under 9100') });
    expect(personnelFigures(ctx.db, 202610)).toEqual([]);
  });

  it('a re-import of a month replaces that month and leaves the others', async () => {
    const { ctx, dir } = await setup();
    await invoke('personnel.import', { file: EXPORT }, ctx);
    const fix = writeExport(dir, 'rattelse.csv', [HEADER, '202610;91101;43;40,00;6,00;1 250 000,00']);
    const r = (await invoke('personnel.import', { file: fix }, ctx)) as PersonnelImportResult;
    expect(r).toMatchObject({ rowsRead: 1, periods: [202610], replaced: 3 });
    const now = byCode(personnelFigures(ctx.db, 202610));
    expect([...now.keys()]).toEqual(['9000', '9100', '9110', '91101']);
    expect(now.get('91101')!.figures).toMatchObject({ employees: 43, fteCenti: 4000, sickBp: 600, costOre: 125_000_000, permanent: null });
    expect(now.get('91101')!.lastYear).toMatchObject({ employees: 40 });
    expect(byCode(personnelFigures(ctx.db, 202510)).get('9000')!.figures.employees).toBe(110);
    // Importing the same file again changes nothing.
    await invoke('personnel.import', { file: fix }, ctx);
    expect(personnelFigures(ctx.db, 202610)).toEqual([...now.values()]);
  });

  it('reads an xlsx export through the sheet reader: numbers, a date as the period, a title and a total row', async () => {
    const { ctx, dir } = await setup();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Personal');
    ws.addRow(['Personalstatistik oktober 2026']);
    ws.addRow(['Period', 'Ansvar', 'Antal anställda', 'Årsarbetare', 'Sjukfrånvaro totalt %', 'Långtidssjukfrånvaro %', 'Personalkostnad kr']);
    ws.addRow([new Date(Date.UTC(2026, 9, 1)), '91101', 42, 39.5, 6.25, 2.9, 1234567.5]);
    ws.addRow([202610, 91102, 18, 16.75, 4.1, 1.2, 987654.25]);
    ws.addRow(['Totalt', null, 60, 56.25, null, null, 2222221.75]);
    const file = path.join(dir, 'personal.xlsx');
    await wb.xlsx.writeFile(file);
    const r = (await invoke('personnel.import', { file }, ctx)) as PersonnelImportResult;
    expect(r).toMatchObject({ format: 'xlsx', rowsRead: 2, rowsSkipped: 1, periods: [202610], nodes: ['91101', '91102'] });
    expect(byCode(personnelFigures(ctx.db, 202610)).get('9100')!.figures).toMatchObject({ employees: 60, fteCenti: 5625, sickBp: 561, longSickBp: 239, costOre: 222_222_175 });
  });

  it('reads odd headers through a saved mapping profile, which the ledger import refuses', async () => {
    const { ctx, dir } = await setup();
    const odd = writeExport(dir, 'heroma.csv', ['Lönemånad;Kst;Antal pers;ÅA;Sjuk%;Kostnad', '2026-10;91101;42;39,50;6,25;1 234 567,50']);
    const plain = await errorOf(invoke('personnel.import', { file: odd }, ctx));
    expect(plain.message).toContain('ingen rubrikrad');
    saveProfile(
      ctx.db,
      validateProfile({ name: 'Heroma personal', system: 'Heroma', personnel: { period: 'Lönemånad', responsibility: 'Kst', employees: 'Antal pers', fte: 'ÅA', sick: 'Sjuk%', cost: 5 } }, 'test'),
      ctx.site.id,
      ctx.now(),
    );
    const r = (await invoke('personnel.import', { file: odd, mapping: 'Heroma personal' }, ctx)) as PersonnelImportResult;
    expect(r).toMatchObject({ rowsRead: 1, periods: [202610] });
    expect(byCode(personnelFigures(ctx.db, 202610)).get('91101')!.figures).toMatchObject({ employees: 42, fteCenti: 3950, sickBp: 625, costOre: 123_456_750 });
    const ledger = await errorOf(invoke('ledger.import', { file: odd, profile: 'Heroma personal' }, ctx));
    expect(ledger.message).toContain('personalsiffror');
  });
});

describe('personnel figures in packages', () => {
  it('the controller’s imported figures reach a sektorchef for its own sektor only, and a re-import’s replacements follow', async () => {
    const dir = tempDir('ramkoll-persx-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    const s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
    createSmallForvaltning(c.db, siteId(c));
    let n = 0;
    const send = async (from: typeof c, to: typeof c) => {
      const f = path.join(dir, `p${++n}.ramkoll`);
      exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
      return receive(to, f);
    };
    const intro = path.join(dir, 'intro.ramkoll');
    exportIntroduction(s.db, intro, s.now());
    await receive(c, intro);
    await invoke('personnel.import', { file: EXPORT }, c);
    expect((await send(c, s)).refused).toBe(0);
    // In the sektorchef's installation the figures start at its sektor (the förvaltning's sum would be the sektor's alone).
    const chefSees = async () => (await invoke('personnel.figures', { period: 202610 }, s)) as PersonnelNodeRow[];
    const seen = await chefSees();
    expect(seen.map((r) => r.code)).toEqual(['9100', '9110', '91101', '91102']);
    expect(seen[0]!.figures).toEqual(byCode(personnelFigures(c.db, 202610)).get('9100')!.figures);
    await invoke('personnel.import', { file: writeExport(dir, 'r.csv', [HEADER, '202610;91101;43;40,00;6,00;1 250 000,00']) }, c);
    await send(c, s);
    expect((await chefSees()).map((r) => [r.code, r.figures.employees])).toEqual([
      ['9100', 43],
      ['9110', 43],
      ['91101', 43],
    ]);
    c.db.close();
    s.db.close();
  });
});
