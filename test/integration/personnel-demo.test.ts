import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { personnelFigures } from '../../electron/services/personnel/figures';
import { openTestContext } from '../support/db';
import { ROOT, tempDir } from '../support/tmp';

describe('demo personnel figures', () => {
  it('come from the committed HR export for last year and the closed months of this year, per sektor summed to the förvaltning', async () => {
    const ctx = await openTestContext(path.join(tempDir('ramkoll-persdemo-'), 'd.db'), { demo: true });
    // The export's own lines, read here without Ramkoll's importer.
    const lines = fs.readFileSync(path.join(ROOT, 'resources/demo/personal-hr-export.csv'), 'utf8').split(/\r?\n/).map((l) => l.split(';'));
    const row = (period: string, code: string) => lines.find((l) => l[0] === period && l[1] === code)!;
    const october = personnelFigures(ctx.db, 202610);
    expect(october.map((r) => r.code)).toEqual(['3000', '3100', '3200', '3300', '3400']);
    for (const r of october.slice(1)) {
      const l = row('202610', r.code);
      expect(r.figures.employees).toBe(Number(l[3]));
      expect(r.figures.fteCenti).toBe(Math.round(Number(l[6]!.replace(',', '.')) * 100));
      expect(r.figures.sickBp).toBe(Math.round(Number(l[7]!.replace(',', '.')) * 100));
      expect(r.lastYear!.employees).toBe(Number(row('202510', r.code)[3]));
    }
    expect(october[0]!.figures.employees).toBe(october.slice(1).reduce((s, r) => s + r.figures.employees!, 0));
    // November is not closed on the demo's date (20 November): no figures for it yet.
    expect(personnelFigures(ctx.db, 202611)).toEqual([]);
    ctx.db.close();
  });
});
