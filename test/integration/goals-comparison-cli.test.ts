import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonView, IndicatorImportResult } from '../../electron/api/features/goals';
import { runCli, runCliJson } from '../support/cli';
import { contentHash } from '../support/db';
import Database from 'better-sqlite3';
import { suiteDir, withoutDemoComparison } from '../support/goals';
import { docxContent, flat, hasPdfTools, pdfText, xlsxSheets } from '../support/reports';
import { FIXTURES } from '../support/tmp';

const json = path.join(FIXTURES, 'goals', 'kolada-api.json');

describe('ramkoll goals: Kolada comparisons', () => {
  const dir = suiteDir();
  const db = path.join(dir, 'demo.db');
  beforeAll(() => {
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    const sqlite = new Database(db);
    withoutDemoComparison(sqlite);
    sqlite.close();
  });

  it('import says how many comparison rows it kept; comparison chooses the group and shows the trend', () => {
    const needsId = runCli(['goals', 'import', json, '--db', db]);
    expect(needsId.code).not.toBe(0);
    expect(needsId.stderr).toMatch(/Kolada-id/);

    const text = runCli(['goals', 'import', json, '--db', db, '--kommun', '2083']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Jämförelsevärden: 20 rader för 7 kommuner, regioner, riket och kommungrupper (kommun 11, region 3, riket 4, kommungrupp 2); 20 nya, 0 ändrade, 0 oförändrade');
    const again = runCliJson<IndicatorImportResult>(['goals', 'import', json, '--db', db, '--kommun', '2083', '--json']);
    expect(again.comparison).toMatchObject({ rows: 20, unchanged: 20 });

    const before = contentHash(db);
    const bad = runCli(['goals', 'comparison', '--db', db, '--group', 'G1', '--kommuner', '2021']);
    expect(bad.code).not.toBe(0);
    expect(contentHash(db)).toBe(before);

    // The id given with --kommun was remembered.
    expect(runCliJson<ComparisonView>(['goals', 'comparison', '--db', db, '--json']).kommunCode).toBe('2083');
    const chosen = runCliJson<ComparisonView>(['goals', 'comparison', '--db', db, '--kommun-id', '2083', '--kommuner', '2021,2062,2085', '--json']);
    expect(chosen.groupLabel).toBe('median av 2021, 2062, 2085');
    expect(chosen.series[0]!.byGender.T!.at(-1)).toEqual({ year: 2025, ours: '87.25', group: '81', groupCount: 3, region: '83.7', riket: '85.123456' });

    const grupp = runCli(['goals', 'comparison', '--db', db, '--group', 'G33789']);
    expect(grupp.code, grupp.stderr).toBe(0);
    expect(grupp.stdout).toContain('Jämförelsegrupp: Pendlingskommun nära mindre stad (SKR)');
    expect(grupp.stdout).toContain('U21468, kvinnor:');
    expect(grupp.stdout).toMatch(/2025 +87,25 +82,45 +83,7 +85,123456/);
    const help = runCli(['goals', 'comparison', '--help']);
    expect(help.stdout).toContain('--kommuner ID,…');
  });

  it.runIf(hasPdfTools())('the delårsrapport shows each styrtal beside the group, the region and riket, with the trend, in PDF, Word and Excel', async () => {
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', db, '--occasion', '202608', '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const caption = 'Jämförelse med andra kommuner (Kolada)';
    const trend = '2021: 84 / –; 2022: 85 / –; 2023: 83 / –; 2024: 86 / 81,9; 2025: 87,25 / 82,45';
    const pdf = flat(pdfText(out('pdf')));
    expect(pdf).toContain(caption);
    expect(pdf).toContain('jämförelsegrupp: Pendlingskommun nära mindre stad (SKR)');
    expect(pdf).toContain('2025 87,25 82,45 83,7 85,123456');

    const docx = docxContent(out('docx'));
    const row = docx.rows.find((r) => r[0] === 'Brukarbedömning hemtjänst, helhetssyn (%)' && r[1] === '2025');
    expect(row).toEqual(['Brukarbedömning hemtjänst, helhetssyn (%)', '2025', '87,25', '82,45', '83,7', '85,123456', trend]);

    const { sheets } = await xlsxSheets(out('xlsx'));
    const sheetRow = sheets.get('Mål')!.find((r) => r?.[0] === 'Brukarbedömning hemtjänst, helhetssyn (%)' && r[1] === '2025');
    expect(sheetRow).toEqual(['Brukarbedömning hemtjänst, helhetssyn (%)', '2025', '87,25', '82,45', '83,7', '85,123456', trend]);
  }, 120_000);
});
