import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call';
import type { ExportLayout } from '../../electron/api/features/planning';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { readSie } from '../support/sie-reader';
import { tempDir } from '../support/tmp';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/** Budget per (period, account, ansvar, motpart) straight from the tables, summed in SQL. */
function expectedPerPeriod(ctx: TestContext, versionId: string): Map<string, number> {
  const rows = ctx.db.sqlite
    .prepare(
      `SELECT c.account_code AS a, c.responsibility_code AS r, c.dims AS d, ${MONTHS.map((m) => `SUM(b.${m}) AS ${m}`).join(', ')}
       FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL GROUP BY c.account_code, c.responsibility_code, c.dims`,
    )
    .all(versionId) as Record<string, string | number>[];
  const out = new Map<string, number>();
  for (const r of rows) {
    const motpart = /(?:^|\|)motpart=([^|]*)/.exec(String(r.d))?.[1] ?? '';
    MONTHS.forEach((m, i) => {
      const v = r[m] as number;
      if (v === 0) return;
      const key = `${DEMO_YEAR * 100 + i + 1}|${r.a}|${r.r}|${motpart}`;
      out.set(key, (out.get(key) ?? 0) + v);
    });
  }
  return out;
}

describe('exporting the detaljbudget', () => {
  let ctx: TestContext;
  let dir: string;
  let versionId: string;

  beforeAll(async () => {
    dir = tempDir();
    ctx = await openTestContext(path.join(dir, 'export.db'), { demo: true });
    versionId = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
  });

  it('writes SIE type 3 that an independent reader reads back to the same amounts per period and object', async () => {
    const file = path.join(tempDir(), 'budget.se');
    const r = await call('planning.export.budget', { version: 'current', format: 'sie', file }, ctx);
    const sie = readSie(fs.readFileSync(file));
    expect(sie.flags['#SIETYP']).toEqual(['3']);
    expect(sie.flags['#FORMAT']).toEqual(['PC8']);
    expect(sie.years.get(0)).toEqual({ from: `${DEMO_YEAR}0101`, to: `${DEMO_YEAR}1231` });
    expect(sie.dimensions.get(1)).toBe('Ansvar');
    expect(sie.dimensions.get(22)).toBe('Motpart');

    const got = new Map<string, number>();
    for (const p of sie.pbudget) {
      expect(p.yearIndex).toBe(0);
      expect(sie.accounts.has(p.account), `#KONTO ${p.account}`).toBe(true);
      expect(sie.objects.has(`1:${p.objects[1]}`), `#OBJEKT 1 ${p.objects[1]}`).toBe(true);
      if (p.objects[22] !== undefined) expect(sie.objects.has(`22:${p.objects[22]}`)).toBe(true);
      const key = `${p.period}|${p.account}|${p.objects[1]}|${p.objects[22] ?? ''}`;
      got.set(key, (got.get(key) ?? 0) + p.ore);
    }
    expect(got).toEqual(expectedPerPeriod(ctx, versionId));
    expect(r.records).toBe(sie.pbudget.length);
    // Names survive code page 437: å, ä, ö.
    expect(sie.objects.get('1:31101')).toBe('Solgårdens äldreboende');
    expect(sie.accounts.get('5010')).toBe('Månadslön');
    const total = sie.pbudget.reduce((s, p) => s + p.ore, 0);
    expect(total).toBe(r.totalOre);
  });

  it('writes CSV in the default layout: one row per kodsträng, Swedish numbers, UTF-8 with BOM', async () => {
    const file = path.join(tempDir(), 'budget.csv');
    await call('planning.export.budget', { version: versionId, format: 'csv', file }, ctx);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Ansvar;Konto;Motpart;Årsbelopp;Jan;Feb;Mar;Apr;Maj;Jun;Jul;Aug;Sep;Okt;Nov;Dec');
    const toOre = (t: string) => {
      const m = /^(-?)(\d+),(\d\d)$/.exec(t)!;
      return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
    };
    const expected = expectedPerPeriod(ctx, versionId);
    const got = new Map<string, number>();
    for (const l of lines.slice(1)) {
      const c = l.split(';');
      const months = c.slice(4).map(toOre);
      expect(months.reduce((a, b) => a + b, 0)).toBe(toOre(c[3]!));
      months.forEach((v, i) => {
        if (v !== 0) got.set(`${DEMO_YEAR * 100 + i + 1}|${c[1]}|${c[0]}|${c[2]}`, v);
      });
    }
    expect(got).toEqual(expected);
  });

  it('writes CSV in a saved layout (one row per period, öre, Windows-1252) and reads it back with the same profile', async () => {
    const layout: ExportLayout = {
      shape: 'long',
      columns: [
        { field: 'fixed', header: 'Bolag', value: '100' },
        { field: 'account', header: 'Konto' },
        { field: 'responsibility', header: 'Kst' },
        { field: 'dim:motpart', header: 'Motp' },
        { field: 'period', header: 'Period' },
        { field: 'period_amount', header: 'Belopp' },
        { field: 'account_name', header: 'Kontonamn' },
      ],
      delimiter: '\t',
      decimal: '.',
      amountUnit: 'ore',
      header: true,
      encoding: 'windows-1252',
      skipZero: true,
      periodFormat: 'YYYY-MM',
    };
    const profiles = await call('planning.exportProfiles.save', { name: 'Ekonomisystemet', layout }, ctx);
    expect(profiles.map((p) => p.name)).toContain('Ekonomisystemet');
    const file = path.join(tempDir(), 'budget.txt');
    await call('planning.export.budget', { version: versionId, format: 'csv', file, profile: 'Ekonomisystemet' }, ctx);
    const text = iconv.decode(fs.readFileSync(file), 'windows-1252');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Bolag\tKonto\tKst\tMotp\tPeriod\tBelopp\tKontonamn');
    expect(lines[1]).toMatch(/^100\t\d{4}\t\d+\t\d*\t\d{4}-\d{2}\t-?\d+\t/);
    expect(text).toContain('Månadslön');
    const got = new Map<string, number>();
    for (const l of lines.slice(1)) {
      const c = l.split('\t');
      got.set(`${c[4]!.replace('-', '')}|${c[1]}|${c[2]}|${c[3]}`, Number(c[5]));
    }
    expect(got).toEqual(expectedPerPeriod(ctx, versionId));

    const back = await call('planning.import.budget', { file, profile: 'Ekonomisystemet', versionName: 'Återläst' }, ctx);
    expect(back.applied).toBe(true);
    expect(expectedPerPeriod(ctx, back.versionId!)).toEqual(expectedPerPeriod(ctx, versionId));
  });

  it('neutralises spreadsheet formulas in text cells', async () => {
    ctx.db.sqlite.prepare("UPDATE account SET name = '=HYPERLINK(\"http://x\")' WHERE code = '4010'").run();
    try {
      const layout: ExportLayout = {
        shape: 'wide',
        columns: [
          { field: 'account', header: 'Konto' },
          { field: 'responsibility', header: 'Ansvar' },
          { field: 'account_name', header: 'Namn' },
          { field: 'year_amount', header: 'Belopp' },
        ],
        delimiter: ';',
        decimal: ',',
        amountUnit: 'kr',
        header: false,
        encoding: 'utf-8',
        skipZero: false,
        periodFormat: 'YYYYMM',
      };
      await call('planning.exportProfiles.save', { name: 'Med namn', layout }, ctx);
      const file = path.join(tempDir(), 'namn.csv');
      await call('planning.export.budget', { version: versionId, format: 'csv', file, profile: 'Med namn' }, ctx);
      const line = fs.readFileSync(file, 'utf8').split('\r\n').find((l) => l.startsWith('4010;'))!;
      expect(line).toMatch(/^4010;\d+;"'=HYPERLINK\(""http:\/\/x""\)";\d+,\d\d$/);
    } finally {
      ctx.db.sqlite.prepare("UPDATE account SET name = 'Livsmedel' WHERE code = '4010'").run();
    }
  });

  it('writes a formatted Excel workbook whose rows and total match the budget', async () => {
    const file = path.join(tempDir(), 'budget.xlsx');
    const r = await call('planning.export.budget', { version: versionId, format: 'xlsx', file }, ctx);
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Detaljbudget')!;
    expect(ws.getRow(1).getCell(1).value).toBe('Ansvar');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    let sumOre = 0;
    for (let i = 2; i <= r.codings + 1; i++) sumOre += Math.round(Number(ws.getRow(i).getCell(6).value) * 100);
    expect(sumOre).toBe(r.totalOre);
    const total = ws.getRow(r.codings + 2);
    expect(total.getCell(1).value).toBe('Totalt');
    expect((total.getCell(6).value as { formula: string }).formula).toBe(`SUM(F2:F${r.codings + 1})`);
    expect(ws.getColumn(6).numFmt).toContain('#,##0.00');
  });

  it('writes a name that looks like a formula as a text cell in xlsx: shown as written, never run', async () => {
    ctx.db.sqlite.prepare("UPDATE account SET name = '-2+3' WHERE code = '4010'").run();
    try {
      const file = path.join(tempDir(), 'formel.xlsx');
      await call('planning.export.budget', { version: versionId, format: 'xlsx', file }, ctx);
      const { default: Excel } = await import('exceljs');
      const wb = new Excel.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('Detaljbudget')!;
      const cells: { value: unknown; type: number; numFmt: string | undefined }[] = [];
      ws.eachRow((row) => {
        const c = row.getCell(4);
        if (row.getCell(3).value === '4010') cells.push({ value: c.value, type: c.type, numFmt: c.numFmt });
      });
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells) expect(c).toEqual({ value: '-2+3', type: Excel.ValueType.String, numFmt: '@' });
    } finally {
      ctx.db.sqlite.prepare("UPDATE account SET name = 'Livsmedel' WHERE code = '4010'").run();
    }
  });

  it('refuses an unknown profile or version with a message that says what to do, and writes no file', async () => {
    const file = path.join(tempDir(), 'x.csv');
    await expect(call('planning.export.budget', { version: versionId, format: 'csv', file, profile: 'Finns inte' }, ctx)).rejects.toThrow(/ingen sparad exportprofil som heter "Finns inte"/);
    await expect(call('planning.export.budget', { version: 'no-such-version', format: 'sie', file }, ctx)).rejects.toThrow(/Budgetversionen finns inte/);
    expect(fs.existsSync(file)).toBe(false);
    await expect(call('planning.exportProfiles.save', { name: 'Trasig', layout: { shape: 'long', columns: [{ field: 'account', header: 'K' }], delimiter: ';', decimal: ',', amountUnit: 'kr', header: true, encoding: 'utf-8', skipZero: false, periodFormat: 'YYYYMM' } }, ctx)).rejects.toThrow(/ansvar/);
  });
});
