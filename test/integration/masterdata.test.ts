import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { importMasterData } from '../../electron/services/masterdata/import';
import { OrgTree } from '../../electron/services/figures/org-tree';
import { contentHash, openTestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

const dir = path.join(FIXTURES, 'masterdata');
const w = { siteId: 'site-test', user: 'test', now: new Date('2026-11-20T10:00:00Z') };

async function fresh() {
  const file = path.join(tempDir(), 'r.db');
  const ctx = await openTestContext(file);
  return { file, db: ctx.db };
}

async function expectRefused(kind: 'organisation' | 'accounts', fixture: string, pattern: RegExp) {
  const { file, db } = await fresh();
  if (kind === 'organisation' && !fixture.startsWith('org-cirkel')) {
    // Start from a database that already has data, to show it stays as it was.
    await importMasterData(db, { kind: 'accounts', path: path.join(dir, 'kontoplan-utf8bom.csv'), dryRun: false }, w);
  }
  const before = contentHash(file);
  const err = await importMasterData(db, { kind, path: path.join(dir, fixture), dryRun: false }, w).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RamkollError);
  expect((err as RamkollError).message).toMatch(pattern);
  expect((err as RamkollError).message).toContain(fixture);
  db.close();
  expect(contentHash(file)).toBe(before);
  return err as RamkollError;
}

describe('organisation import', () => {
  it('reads a Windows-1252 Raindance export with title rows and builds the hierarchy', async () => {
    const { db } = await fresh();
    const r = await importMasterData(db, { kind: 'organisation', path: path.join(dir, 'organisation-raindance.csv'), dryRun: false }, w);
    expect(r).toMatchObject({ rows: 9, created: 9, updated: 0, applied: true });
    const tree = OrgTree.load(db);
    expect(tree.byCode.get('51101')).toMatchObject({ name: 'Åsgårdens äldreboende', level: 'unit', parentCode: '5110' });
    expect(tree.byCode.get('52001')).toMatchObject({ name: 'Daglig verksamhet “Verkstan”', level: 'unit', parentCode: '5200' });
    expect(tree.ancestorAt('51201', 'sector')?.code).toBe('5100');
    expect(tree.roots.map((n) => n.code)).toEqual(['5000']);
    // Importing the same file again changes nothing.
    const again = await importMasterData(db, { kind: 'organisation', path: path.join(dir, 'organisation-raindance.csv'), dryRun: false }, w);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 9 });
  });

  it('reads an xlsx file with a title row, and derives levels from the depth', async () => {
    const { db } = await fresh();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Organisation');
    ws.addRow(['Organisation 2026']);
    ws.addRow(['Ansvar', 'Namn', 'Överordnad']);
    ws.addRow([7000, 'Kultur- och fritidsförvaltningen', null]);
    ws.addRow([7100, 'Kultur', 7000]);
    ws.addRow([7110, 'Bibliotek', 7100]);
    ws.addRow([71101, 'Stadsbiblioteket', 7110]);
    const file = path.join(tempDir(), 'org.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importMasterData(db, { kind: 'organisation', path: file, dryRun: false }, w);
    expect(r.created).toBe(4);
    const tree = OrgTree.load(db);
    expect(['7000', '7100', '7110', '71101'].map((c) => tree.byCode.get(c)?.level)).toEqual(['administration', 'sector', 'operation', 'unit']);
  });

  it('dry run reports what would change and writes nothing', async () => {
    const { file, db } = await fresh();
    const before = contentHash(file);
    const r = await importMasterData(db, { kind: 'organisation', path: path.join(dir, 'organisation-raindance.csv'), dryRun: true }, w);
    expect(r).toMatchObject({ created: 9, applied: false, batchId: null });
    db.close();
    expect(contentHash(file)).toBe(before);
  });

  it('refuses a file without the needed columns and lists what it has', async () => {
    // "Kod" is accepted for Ansvar, so only Överordnad is missing.
    const e = await expectRefused('organisation', 'org-fel-kolumner.csv', /Saknade kolumner: Överordnad\. Rubrikerna i filen är: Kod, Text, Summa/);
    expect(e.details.map((d) => [d.line, d.column])).toEqual([[1, 'Överordnad']]);
  });

  it('refuses duplicate codes, naming both lines', async () => {
    const e = await expectRefused('organisation', 'org-dubbla-koder.csv', /rad 4, kolumn Ansvar \(A\): ansvar 5100 finns redan på rad 3/);
    expect(e.details).toHaveLength(1);
  });

  it('refuses a parent that exists nowhere', async () => {
    await expectRefused('organisation', 'org-saknad-overordnad.csv', /rad 4, kolumn Överordnad \(C\): överordnat ansvar 5999 finns varken i filen eller i databasen/);
  });

  it('refuses a cycle in the hierarchy', async () => {
    const e = await expectRefused('organisation', 'org-cirkel.csv', /hierarkin går i cirkel/);
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.message).toMatch(/51[012]0 → 51[012]0 → 51[012]0 → 51[012]0/);
  });

  it('refuses levels that do not go down the tree', async () => {
    await expectRefused('organisation', 'org-fel-niva.csv', /rad 4, kolumn Nivå \(D\): ansvar 5110 är sektor men ligger under 5100, som är enhet/);
  });

  it('refuses a hierarchy deeper than four levels', async () => {
    await expectRefused('organisation', 'org-for-djup.csv', /rad 6.*mer än fyra nivåer/);
  });

  it('refuses a file that would leave ansvar in the database under one of their own level, and changes nothing', async () => {
    const { file, db } = await fresh();
    await importMasterData(db, { kind: 'organisation', path: path.join(dir, 'organisation-raindance.csv'), dryRun: false }, w);
    const before = contentHash(file);
    const attempt = async (name: string, text: string) => {
      const f = path.join(tempDir(), name);
      fs.writeFileSync(f, text);
      return importMasterData(db, { kind: 'organisation', path: f, dryRun: false }, w).then(
        () => null,
        (e: unknown) => e as RamkollError,
      );
    };
    // 5110 (a verksamhet with the enheter 51101 and 51102 below it) made an enhet.
    const relevelled = await attempt('enhet.csv', 'Ansvar;Namn;Överordnad;Nivå\n5110;Särskilt boende;5100;Enhet\n');
    expect(relevelled).toBeInstanceOf(RamkollError);
    expect(relevelled!.details).toHaveLength(1);
    expect(relevelled!.details[0]).toMatchObject({ line: 2, column: 'Nivå (D)' });
    expect(relevelled!.message).toMatch(/ansvar 5110 blir enhet, men under det ligger 51101, 51102 \(enhet i databasen\)/);
    // 5120 moved under the verksamhet 5110 without a level: one level deeper, an enhet, above the enhet 51201.
    const moved = await attempt('flytt.csv', 'Ansvar;Namn;Överordnad\n5120;Hemtjänst;5110\n');
    expect(moved).toBeInstanceOf(RamkollError);
    expect(moved!.details[0]).toMatchObject({ line: 2, column: 'Överordnad (C)' });
    expect(moved!.message).toMatch(/ansvar 5120 blir enhet, men under det ligger 51201/);
    db.close();
    expect(contentHash(file)).toBe(before);
  });

  it.each([
    ['org-tom.csv', /är tom/],
    ['org-bara-rubrik.csv', /rubrikrad men inga ansvar/],
    ['org-citat-slutar-aldrig.csv', /rad 2: citattecknet som börjar på rad 2 avslutas aldrig/],
    ['binar.csv', /ser inte ut som en textfil/],
    ['inte-zip.xlsx', /inte en giltig Excel-fil/],
  ])('refuses the broken file %s with a clear message', async (fixture, pattern) => {
    await expectRefused('organisation', fixture, pattern);
  });
});

describe('kontoplan import', () => {
  it('reads a UTF-8 file with BOM, 4- and 5-digit accounts, and Kommun-Bas groups', async () => {
    const { db } = await fresh();
    const r = await importMasterData(db, { kind: 'accounts', path: path.join(dir, 'kontoplan-utf8bom.csv'), dryRun: false }, w);
    expect(r).toMatchObject({ rows: 7, created: 7 });
    expect(r.notes.join(' ')).toMatch(/1 balanskonton/);
    const groups = Object.fromEntries(db.all(db.q.selectFrom('account').select(['code', 'account_group'])).map((a) => [a.code, a.account_group]));
    expect(groups).toEqual({
      '3120': 'revenue',
      '4010': 'other_cost',
      '5010': 'personnel',
      '50101': 'personnel',
      '6110': 'other_cost',
      '7820': 'capital_cost',
      '8410': 'capital_cost',
    });
    expect(db.first(db.q.selectFrom('account').select('name').where('code', '=', '4010'))?.name).toBe('Livsmedel, inköp');
  });

  it('splits "4010 Livsmedel" cells when there is no name column', async () => {
    const { db } = await fresh();
    const r = await importMasterData(db, { kind: 'accounts', path: path.join(dir, 'kontoplan-kod-och-namn.txt'), dryRun: false }, w);
    expect(r.created).toBe(2);
    expect(db.all(db.q.selectFrom('account').select(['code', 'name']).orderBy('code'))).toEqual([
      { code: '3120', name: 'Omsorgsavgifter' },
      { code: '4010', name: 'Livsmedel' },
    ]);
  });

  it('lists every bad row of a kontoplan and changes nothing', async () => {
    const e = await expectRefused('accounts', 'konto-fel.csv', /5 fel, inget har ändrats/);
    expect(e.details.map((d) => [d.line, d.column])).toEqual([
      [2, 'Konto (A)'],
      [3, 'Grupp (C)'],
      [4, 'Namn (B)'],
      [5, 'Konto (A)'],
      [6, 'Konto (A)'],
    ]);
  });

  it('records each import as a batch with the file checksum', async () => {
    const { db } = await fresh();
    const r = await importMasterData(db, { kind: 'accounts', path: path.join(dir, 'kontoplan-utf8bom.csv'), dryRun: false }, w);
    const batch = db.first(db.q.selectFrom('import_batch').selectAll().where('id', '=', r.batchId!));
    expect(batch).toMatchObject({ kind: 'masterdata', file_name: 'kontoplan-utf8bom.csv', row_count: 7 });
    expect(batch!.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(db.backupDir).some((f) => f.includes('fore-grunddata-accounts'))).toBe(true);
  });
});
