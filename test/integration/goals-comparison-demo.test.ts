import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparisonView } from '../../electron/services/goals/comparison';
import { getSetting } from '../../electron/services/settings';
import { openTestContext } from '../support/db';
import { ROOT, tempDir } from '../support/tmp';

interface FileEntry {
  kpi: string;
  municipality: string;
  municipality_title: string;
  period: number;
  values: { gender: string; value: number | null }[];
}

describe('the demo Kolada comparison', () => {
  it('holds every row of the committed Kolada file beside the styrtal, the kommun id and a kommungrupp to compare with', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-kolada-demo-'), 'd.db'), { demo: true });
    // The file read here without Ramkoll's reader; its values are short decimals, so a float prints them as written.
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/demo/kolada-jamforelse.json'), 'utf8')) as { values: FileEntry[] };
    const expected = file.values
      .flatMap((e) => e.values.filter((v) => v.value !== null && !(e.municipality === '2083' && v.gender === 'T')).map((v) => `${e.kpi} ${e.municipality} ${e.municipality_title} ${e.period} ${v.gender} ${v.value}`))
      .sort();
    const stored = (ctx.db.sqlite.prepare('SELECT series_key, municipality_code, municipality_name, year, gender, value FROM indicator_comparison_value').all() as Record<string, string | number>[])
      .map((r) => `${r.series_key} ${r.municipality_code} ${r.municipality_name} ${r.year} ${r.gender} ${r.value}`)
      .sort();
    expect(stored.length).toBeGreaterThan(500);
    expect(stored).toEqual(expected);
    // The kommun's own totals in the file are the demo's styrtal values.
    for (const e of file.values.filter((x) => x.municipality === '2083')) {
      const t = e.values.find((v) => v.gender === 'T')!;
      expect(ctx.db.sqlite.prepare('SELECT value FROM indicator_value WHERE series_key = ? AND measured_on = ?').get(e.kpi, `${e.period}-12-31`), `${e.kpi} ${e.period}`).toEqual({ value: String(t.value) });
    }

    expect(getSetting(ctx.db, 'kommun.code')).toBe('2083');
    expect(getSetting(ctx.db, 'goals.comparison')).toEqual({ kind: 'grupp', code: 'G33789' });
    const view = comparisonView(ctx.db, ['U21468', 'N33008']);
    expect(view.groupLabel).toBe('Pendlingskommun nära mindre stad (SKR)');
    expect(view.regionName).toBe('Region Dalarna');
    expect(view.choices.kommuner.map((k) => k.name)).toEqual(['Borlänge', 'Ludvika', 'Mora', 'Vansbro']);
    const u = view.series.find((s) => s.seriesKey === 'U21468')!;
    expect(Object.keys(u.byGender)).toEqual(['T', 'K', 'M']);
    expect(u.byGender.T!.at(-1)).toEqual({ year: 2025, ours: '87', group: '86.6', groupCount: null, region: '89', riket: '86.3' });
    // Kolada has no kön for the cost of institutionsvård: the total only.
    expect(Object.keys(view.series.find((s) => s.seriesKey === 'N33008')!.byGender)).toEqual(['T']);
    ctx.db.close();
  });
});
