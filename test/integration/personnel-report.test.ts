import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PersonnelNodeRow } from '../../electron/api/features/personnel';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { importPersonnel } from '../../electron/services/personnel/import';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import type { TableBlock } from '../../electron/services/reports/document-types';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { docxContent, docxRowNumbers, flat, hasPdfTools, pdfRowNumbers, pdfText, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The Personal section of the delårsrapport: the imported figures as a table before the approved text, the same
// numbers in the PDF, the Word document and the workbook as in the HR export.

const EXPORT = [
  'Period;Ansvar;Benämning;Antal anställda;Årsarbetare;Sjukfrånvaro totalt %;Långtidssjukfrånvaro %;Personalkostnad kr',
  '202508;91101;Enhet Ett A;40;37,00;5,80;2,60;1 180 000,00',
  '202508;91102;Enhet Ett B;17;16,00;4,40;1,40;940 500,00',
  '202508;9210;Verksamhet Två;53;50,50;8,00;3,50;2 250 300,00',
  '202608;91101;Enhet Ett A;42;39,50;6,25;2,90;1 234 567,50',
  '202608;91102;Enhet Ett B;18;16,75;4,10;1,20;987 654,25',
  '202608;9210;Verksamhet Två;55;52,00;8,40;3,80;2 345 678,00',
  ';Summa;;225;211,75;;;8 938 700,00',
];

/*
 * Sektor Ett = 91101 + 91102, worked out by hand from the rows above:
 * anställda 42+18 = 60 (40+17 = 57), årsarbetare 39,50+16,75 = 56,25 -> 56,3 (37+16 = 53,0),
 * sjukfrånvaro weighted by årsarbetare (6,25·39,5 + 4,10·16,75)/56,25 = 5,61 -> 5,6 ((5,8·37 + 4,4·16)/53 = 5,38 -> 5,4),
 * kostnad 2 222 221,75 kr -> 2 222 tkr (2 120 500 -> 2 121 tkr).
 */
const SEKTOR_ETT = [60, 57, 56.3, 53, 5.6, 5.4, 2222, 2121];
const SEKTOR_TVA = [55, 53, 52, 50.5, 8.4, 8, 2346, 2250];
// The förvaltning: 42+18+55 = 115, 39,5+16,75+52 = 108,25 -> 108,3, kostnad 4 567 899,75 kr -> 4 568 tkr.
const FORVALTNING_START = [115, 110, 108.3, 103.5];

async function setUp() {
  const dir = tempDir('ramkoll-persrep-');
  const file = path.join(dir, 'r.db');
  const ctx = await openTestContext(file);
  createSmallForvaltning(ctx.db, ctx.site.id);
  const interim = newId();
  const at = ctx.now().toISOString();
  ctx.db
    .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)")
    .run(interim, at, at, ctx.site.id);
  const csv = path.join(dir, 'personal.csv');
  fs.writeFileSync(csv, Buffer.from(EXPORT.join('\r\n'), 'latin1'));
  const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
  const key = { occasionId: interim, code: '9000', kind: 'personnel' };
  saveText(ctx.db, controller, { ...key, body: 'Sjukfrånvaron har **ökat** något jämfört med förra året.' });
  changeTextStatus(ctx.db, controller, { ...key, action: 'ready' });
  changeTextStatus(ctx.db, controller, { ...key, action: 'approve' });
  return { dir, file, ctx, csv };
}

describe('personnel figures in the reports', () => {
  it('the Personal section has the figure tables before the approved text; without figures it has only the text', async () => {
    const { ctx, csv } = await setUp();
    const bare = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    expect(bare.sections.find((s) => s.id === 'text-personnel')!.blocks.map((b) => b.kind)).toEqual(['rich']);

    await importPersonnel(ctx.db, { path: csv }, { siteId: ctx.site.id, now: ctx.now() });
    const doc = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    const personal = doc.sections.find((s) => s.id === 'text-personnel')!;
    expect(personal.blocks.map((b) => b.kind)).toEqual(['table', 'table', 'table', 'rich']);
    const table = personal.blocks[0] as TableBlock;
    // The figures table, then the cost table: their numbers for a node, in that order.
    const numbers = (label: string) =>
      [table, personal.blocks[1] as TableBlock].flatMap((t) => t.rows.find((r) => r.cells[0]!.kind === 'text' && r.cells[0]!.text === label)!.cells.slice(1).map((c) => (c.kind === 'amount' ? c.value : null)));
    expect(table.rows.map((r) => (r.cells[0]!.kind === 'text' ? r.cells[0]!.text : ''))).toEqual(['Testförvaltningen', 'Sektor Ett', 'Sektor Två']);
    expect(numbers('Sektor Ett')).toEqual(SEKTOR_ETT);
    expect(numbers('Sektor Två')).toEqual(SEKTOR_TVA);
    expect(numbers('Testförvaltningen').slice(0, 4)).toEqual(FORVALTNING_START);

    // A sektor's report: the sektor, then its verksamheter.
    const sektor = reportDocument(buildReport(ctx.db, { period: 202608, scope: '9100', now: ctx.now() }));
    const sTable = sektor.sections.find((s) => s.id === 'text-personnel')!.blocks[0] as TableBlock;
    expect(sTable.rows.map((r) => (r.cells[0]!.kind === 'text' ? r.cells[0]!.text : ''))).toEqual(['Sektor Ett', 'Verksamhet Ett']);
    ctx.db.close();
  });

  it.runIf(hasPdfTools())('CLI import, then PDF, Word and Excel read back show the imported file’s figures', async () => {
    const { dir, file, ctx, csv } = await setUp();
    ctx.db.close();
    const imported = runCli(['personnel', 'import', csv, '--db', file, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rowsRead: 6, rowsSkipped: 1, periods: [202508, 202608], nodes: ['91101', '91102', '9210'], errors: [] });
    const shown = runCliJson<PersonnelNodeRow[]>(['personnel', '--db', file, '--period', '202608']);
    expect(shown.find((r) => r.code === '9100')).toMatchObject({ imported: false, figures: { employees: 60, fteCenti: 5625, sickBp: 561, costOre: 222_222_175 }, lastYear: { employees: 57 } });

    const plain = runCli(['personnel', '--db', file, '--period', '202608']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('9100 Sektor Ett (summerat)\n    60 anställda, 56,3 åa, sjukfrånvaro 5,6 % (lång 2,4 %), 2\u00a0222 tkr\n    fg år: 57 anställda');
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--occasion', '202608', '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const pdf = pdfText(out('pdf'));
    const inPdf = (label: string) => [...pdfRowNumbers(pdf, label, 'Personal 8/2026')!, ...pdfRowNumbers(pdf, label, 'Personalkostnad 8/2026')!];
    expect(inPdf('Sektor Ett')).toEqual(SEKTOR_ETT);
    expect(inPdf('Sektor Två')).toEqual(SEKTOR_TVA);
    // The förvaltning's långtidssjukfrånvaro weighted by årsarbetare: (2,9·39,5 + 1,2·16,75 + 3,8·52)/108,25 = 3,07 -> 3,1
    // and (2,6·37 + 1,4·16 + 3,5·50,5)/103,5 = 2,85 -> 2,9.
    expect(pdfRowNumbers(pdf, 'Långtidssjukfrånvaro', 'Sjukfrånvaro i procent')).toEqual([3.1, 2.9]);
    const flatPdf = flat(pdf);
    expect(flatPdf.indexOf('Personal 8/2026')).toBeLessThan(flatPdf.indexOf('Sjukfrånvaron har ökat något'));

    const { sheets } = await xlsxSheets(out('xlsx'));
    const sheet = sheets.get('Personal')!;
    // Every row of the label, in the sheet's order (the figures table, then the cost table).
    const allRows = (rows: (unknown[] | string[])[], label: string, read: (r: never[]) => number[] | null) => rows.filter((r) => typeof r?.[0] === 'string' && r[0] === label).flatMap((r) => read([r] as never[]) ?? []);
    expect(allRows(sheet, 'Sektor Ett', (r) => xlsxRowNumbers(r, 'Sektor Ett'))).toEqual(SEKTOR_ETT);
    expect(allRows(sheet, 'Sektor Två', (r) => xlsxRowNumbers(r, 'Sektor Två'))).toEqual(SEKTOR_TVA);

    const docx = docxContent(out('docx'));
    expect(allRows(docx.rows, 'Sektor Ett', (r) => docxRowNumbers(r, 'Sektor Ett'))).toEqual(SEKTOR_ETT);
    expect(allRows(docx.rows, 'Sektor Två', (r) => docxRowNumbers(r, 'Sektor Två'))).toEqual(SEKTOR_TVA);
  }, 120_000);
});
