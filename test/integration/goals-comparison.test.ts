import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { comparisonView, saveComparisonSettings } from '../../electron/services/goals/comparison';
import { medianDecimal } from '../../electron/services/goals/decimal';
import { importIndicatorValues } from '../../electron/services/goals/import';
import { getSetting } from '../../electron/services/settings';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { actor, suiteDir, withoutDemoComparison } from '../support/goals';
import { FIXTURES } from '../support/tmp';

const dir = path.join(FIXTURES, 'goals');
const controller = actor('controller');

function comparisonRows(ctx: TestContext): { municipality_code: string; kind: string; year: number; gender: string; value: string }[] {
  return ctx.db.sqlite.prepare('SELECT municipality_code, kind, year, gender, value FROM indicator_comparison_value ORDER BY series_key, municipality_code, year, gender').all() as never;
}

describe('Kolada comparisons', () => {
  const tmp = suiteDir();
  let ctx: TestContext;
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'comparison.db');
    ctx = await openTestContext(file, { demo: true });
    withoutDemoComparison(ctx.db.sqlite);
  });
  afterAll(() => ctx?.db.close());

  async function refused(fixture: string, kommun?: string) {
    const before = contentHash(file);
    const backups = fs.existsSync(ctx.db.backupDir) ? fs.readdirSync(ctx.db.backupDir).length : 0;
    const err = await importIndicatorValues(ctx.db, { path: path.join(dir, fixture), dryRun: false, ...(kommun ? { kommun } : {}) }, controller).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RamkollError);
    expect(contentHash(file)).toBe(before);
    expect(fs.existsSync(ctx.db.backupDir) ? fs.readdirSync(ctx.db.backupDir).length : 0).toBe(backups);
    return err as RamkollError;
  }

  it('the median is exact: the middle value, or the midpoint of the two middle ones without rounding', () => {
    expect(medianDecimal([])).toBeNull();
    expect(medianDecimal(['3', '1.5', '2'])).toBe('2');
    expect(medianDecimal(['84.3', '81', '79.9', '100'])).toBe('82.65');
    expect(medianDecimal(['0.000001', '0.000002'])).toBe('0.0000015');
    expect(medianDecimal(['-1.1', '1.1'])).toBe('0');
  });

  it('a JSON file needs the kommun’s Kolada id, and says where to give it', async () => {
    const e = await refused('kolada-api.json');
    expect(e.message).toMatch(/Kolada-id .* med --kommun/);
  });

  it('reads Kolada’s API JSON: the kommun’s totals to its styrtal, every other row (kommuner, region, riket, kommungrupp, K/M) kept exactly', async () => {
    const dry = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-api.json'), kommun: '2083', dryRun: true }, controller);
    expect(dry.comparison).toMatchObject({ rows: 20, created: 20, unchanged: 0 });
    expect(comparisonRows(ctx)).toEqual([]);

    const r = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-api.json'), kommun: '2083', dryRun: false }, controller);
    expect(r.applied).toBe(true);
    expect(r.series).toEqual([{ key: 'U21468', values: 2, from: '2024-12-31', to: '2025-12-31' }]);
    expect(r.comparison).toEqual({ rows: 20, municipalities: 7, byKind: { kommun: 11, region: 3, riket: 4, grupp: 2 }, created: 20, updated: 0, unchanged: 0 });
    expect(r.skipped).toEqual({ otherKommun: 16, notTotal: 4, empty: 1 });
    const v = ctx.db.sqlite.prepare("SELECT value FROM indicator_value WHERE series_key = 'U21468' AND measured_on = '2025-12-31' AND deleted_at IS NULL").get() as { value: string };
    expect(v.value).toBe('87.25');
    const rows = comparisonRows(ctx);
    expect(rows).toContainEqual({ municipality_code: '0000', kind: 'riket', year: 2025, gender: 'T', value: '85.123456' });
    expect(rows).toContainEqual({ municipality_code: 'G33789', kind: 'grupp', year: 2025, gender: 'T', value: '82.45' });
    expect(rows).toContainEqual({ municipality_code: '0020', kind: 'region', year: 2025, gender: 'M', value: '81.15' });
    expect(rows).toContainEqual({ municipality_code: '2083', kind: 'kommun', year: 2024, gender: 'K', value: '88.4' });
    // Not the kommun's own total: that is the styrtal's value.
    expect(rows.filter((x) => x.municipality_code === '2083' && x.gender === 'T')).toEqual([]);
    // A value Kolada has not published ("Missing") is no row.
    expect(rows.some((x) => x.municipality_code === '2081')).toBe(false);

    const again = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-api.json'), kommun: '2083', dryRun: false }, controller);
    expect(again.comparison).toMatchObject({ created: 0, updated: 0, unchanged: 20 });
  });

  it('shows the trend beside a kommungrupp, the region and riket, by kön', () => {
    saveComparisonSettings(ctx.db, controller, { kommunCode: '2083', group: { kind: 'grupp', code: 'G33789' } });
    const view = comparisonView(ctx.db, ['U21468']);
    expect(view.groupLabel).toBe('Pendlingskommun nära mindre stad (SKR)');
    expect(view.choices.groups).toEqual([{ code: 'G33789', name: 'Pendlingskommun nära mindre stad (SKR)' }]);
    expect(view.choices.kommuner.map((k) => k.code)).toEqual(['2021', '2062', '2085']);
    const s = view.series[0]!;
    expect(Object.keys(s.byGender)).toEqual(['T', 'K', 'M']);
    expect(s.byGender.T!.find((y) => y.year === 2025)).toEqual({ year: 2025, ours: '87.25', group: '82.45', groupCount: null, region: '83.7', riket: '85.123456' });
    expect(s.byGender.K!.find((y) => y.year === 2025)).toEqual({ year: 2025, ours: '89', group: null, groupCount: null, region: '86.2', riket: '87.4' });
  });

  it('a list of kommuner is compared by its exact median over those with a value that year', () => {
    const view = saveComparisonSettings(ctx.db, controller, { kommunCode: '2083', group: { kind: 'kommuner', codes: ['2062', '2021', '2085'] } });
    const t = view.series.find((x) => x.seriesKey === 'U21468')!.byGender.T!;
    expect(t.find((y) => y.year === 2025)).toMatchObject({ group: '81', groupCount: 3 });
    expect(t.find((y) => y.year === 2024)).toMatchObject({ group: '81.3', groupCount: 2 });
    expect(getSetting(ctx.db, 'goals.comparison')).toEqual({ kind: 'kommuner', codes: ['2021', '2062', '2085'] });
  });

  it('only the controller chooses the group, and a bad id is refused with nothing saved', () => {
    expect(() => saveComparisonSettings(ctx.db, actor('sektorchef', 'chef', '3100'), { kommunCode: '2083', group: null })).toThrow(/Bara controllern/);
    expect(() => saveComparisonSettings(ctx.db, controller, { kommunCode: '20833', group: null })).toThrow(/fyra siffror/);
    expect(() => saveComparisonSettings(ctx.db, controller, { kommunCode: '2083', group: { kind: 'grupp', code: '2062' } })).toThrow(/börjar med G/);
    expect(getSetting(ctx.db, 'goals.comparison')).toEqual({ kind: 'kommuner', codes: ['2021', '2062', '2085'] });
  });

  it('reads the CSV download with ids and names: other kommuner, region, riket and K/M kept, the kommun’s id learnt', async () => {
    ctx.db.sqlite.prepare("DELETE FROM setting WHERE key = 'kommun.code'").run();
    const r = await importIndicatorValues(ctx.db, { path: path.join(dir, 'kolada-jamforelse.csv'), dryRun: false }, controller);
    expect(r).toMatchObject({ created: 0, updated: 1, comparison: { rows: 7, byKind: { kommun: 4, region: 1, riket: 2, grupp: 0 } } });
    expect(getSetting(ctx.db, 'kommun.code')).toBe('2083');
    const t = comparisonView(ctx.db, ['N31807']).series[0]!.byGender.T!;
    expect(t.find((y) => y.year === 2025)).toEqual({ year: 2025, ours: '1.09', group: '1.15', groupCount: 2, region: '1.15', riket: '1.3' });
  });

  it('refuses bad values, an unknown kön and duplicate rows with their lines, and changes nothing', async () => {
    const csv = await refused('kolada-jamforelse-fel.csv');
    expect(csv.details.map((d) => [d.line, d.column])).toEqual([
      [4, 'Kön (E)'],
      [6, 'Nyckeltal (A)'],
      [7, 'Värde (F)'],
    ]);
    expect(csv.details[0]!.message).toMatch(/kön ska vara T \(totalt\), K \(kvinnor\) eller M \(män\)/);
    expect(csv.details[1]!.message).toMatch(/N31807, Riket, 2025, kön T finns redan på rad 5/);

    const json = await refused('kolada-fel.json', '2083');
    expect(json.details.map((d) => [d.line, d.column, d.value])).toEqual([
      [14, 'value', 'åttioett'],
      [15, 'gender', 'X'],
      [24, 'kpi', 'U21468'],
      [31, 'value', '1e400'],
    ]);
  });

  it('a file that is not Kolada’s JSON is refused with what it lacks', async () => {
    const bad = path.join(tmp, 'inte-kolada.json');
    fs.writeFileSync(bad, '{"rows": []}');
    const e = await importIndicatorValues(ctx.db, { path: bad, kommun: '2083', dryRun: false }, controller).catch((x: unknown) => x as RamkollError);
    expect((e as RamkollError).message).toMatch(/saknar Koladas "values"/);
    fs.writeFileSync(bad, '{"values": [');
    expect(((await importIndicatorValues(ctx.db, { path: bad, kommun: '2083', dryRun: false }, controller).catch((x: unknown) => x)) as RamkollError).message).toMatch(/ingen giltig JSON/);
  });
});
