import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PersonnelImportResult, PersonnelLastImport, PersonnelPreview, PersonnelUndoResult } from '../../electron/api/features/personnel';
import { invoke } from '../../electron/api/invoke';
import { listBackups } from '../../electron/services/backups/catalog';
import { contentHash, openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { tempDir } from '../support/tmp';

const HEADER = 'Period;Ansvar;Antal anställda;Årsarbetare;Sjukfrånvaro totalt %;Personalkostnad kr';

function writeExport(dir: string, name: string, lines: string[]): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, lines.join('\r\n'), 'utf8');
  return p;
}

/** The stored rows, as the database holds them (not through the personnel service). */
function stored(file: string, ctx: { db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } } }) {
  void file;
  return ctx.db
    .prepare(`SELECT f.period, v.code, f.employees, f.fte_centi AS fte, f.sick_bp AS sick, f.cost_ore AS cost FROM personnel_figure f JOIN dimension_value v ON v.id = f.responsibility_id WHERE f.deleted_at IS NULL ORDER BY f.period, v.code`)
    .all();
}

/** Import › Personalsiffror's channels: preview by row and column, warnings to confirm, and undo of the latest import. */
describe('personnel import with preview, confirmation and undo', () => {
  it('previews every problem by row and column and writes nothing', async () => {
    const dir = tempDir('ramkoll-personnel-ui-');
    const file = path.join(dir, 'r.db');
    const ctx = await openTestContext(file);
    createSmallForvaltning(ctx.db, ctx.site.id);
    const before = contentHash(file);
    const bad = writeExport(dir, 'fel.csv', [HEADER, '202608;9100;12;11,5;4,2;100 000', '202608;9999;3;3,00;1,0;10 000', '202608;9200;tolv;11,00;140;10 000', ';Totalt;15;;;']);
    const p = (await invoke('personnel.preview', { file: bad }, ctx)) as PersonnelPreview;
    expect(p.headers).toEqual(HEADER.split(';'));
    expect(p.columns).toMatchObject({ period: 0, responsibility: 1, employees: 2, fte: 3, sick: 4, cost: 5 });
    expect(p.problems.map((x) => [x.line, x.column, x.value])).toEqual([
      [3, 'Ansvar', '9999'],
      [4, 'Antal anställda', 'tolv'],
      [4, 'Sjukfrånvaro totalt %', '140'],
    ]);
    expect(p.rows.find((r) => r.line === 4)!.problems.map((x) => x.index)).toEqual([2, 4]);
    expect(p.rows.find((r) => r.line === 5)!.skipped).toBe(false);
    expect(p.rowsRead).toBe(0);
    ctx.db.close();
    expect(contentHash(file)).toBe(before);
  });

  it('asks before replacing months already imported, imports when confirmed, and undoes back to what was there', async () => {
    const dir = tempDir('ramkoll-personnel-ui-');
    const file = path.join(dir, 'r.db');
    const ctx = await openTestContext(file);
    createSmallForvaltning(ctx.db, ctx.site.id);
    const first = writeExport(dir, 'augusti.csv', [HEADER, '202608;9100;12;11,50;4,20;100 000', '202608;9200;8;7,25;3,10;80 000']);
    const p1 = (await invoke('personnel.preview', { file: first }, ctx)) as PersonnelPreview;
    expect(p1).toMatchObject({ problems: [], rowsRead: 2, periods: [202608], warnings: [], replaced: 0, totals: [{ period: 202608, rows: 2, employees: 20, fteCenti: 1875 }] });
    const r1 = (await invoke('personnel.import', { file: first, confirm: false }, ctx)) as PersonnelImportResult;
    expect(r1).toMatchObject({ needsConfirmation: false, rowsRead: 2 });
    const afterFirst = stored(file, ctx);
    expect(afterFirst).toEqual([
      { period: 202608, code: '9100', employees: 12, fte: 1150, sick: 420, cost: 10_000_000 },
      { period: 202608, code: '9200', employees: 8, fte: 725, sick: 310, cost: 8_000_000 },
    ]);

    // The same month again: a warning that names the month and the earlier file; without confirming nothing is written.
    const second = writeExport(dir, 'augusti-rättad.csv', [HEADER, '202608;9100;13;12,00;4,00;110 000']);
    const p2 = (await invoke('personnel.preview', { file: second }, ctx)) as PersonnelPreview;
    expect(p2.replaced).toBe(2);
    expect(p2.warnings).toEqual([expect.stringMatching(/^Personalsiffror för augusti 2026 finns redan \(2 rader, inlästa från augusti\.csv\)/)]);
    const backups = listBackups(ctx.db).backups.length;
    const refused = (await invoke('personnel.import', { file: second, confirm: false }, ctx)) as PersonnelImportResult;
    expect(refused.needsConfirmation).toBe(true);
    expect(stored(file, ctx)).toEqual(afterFirst);
    expect(listBackups(ctx.db).backups.length).toBe(backups);
    const r2 = (await invoke('personnel.import', { file: second, confirm: true }, ctx)) as PersonnelImportResult;
    expect(r2).toMatchObject({ needsConfirmation: false, replaced: 2 });
    expect(stored(file, ctx)).toEqual([{ period: 202608, code: '9100', employees: 13, fte: 1200, sick: 400, cost: 11_000_000 }]);
    expect(listBackups(ctx.db).backups.length).toBe(backups + 1);

    const last = (await invoke('personnel.lastImport', {}, ctx)) as PersonnelLastImport;
    expect(last).toMatchObject({ file: 'augusti-rättad.csv', periods: [202608], rows: 1, replaced: 2 });
    const undone = (await invoke('personnel.undo', {}, ctx)) as PersonnelUndoResult;
    expect(undone).toEqual({ file: 'augusti-rättad.csv', periods: [202608], restored: 2 });
    expect(stored(file, ctx)).toEqual(afterFirst);
    expect(listBackups(ctx.db).backups.length).toBe(backups + 2);
    // Only the latest import is undone; then there is none.
    expect(await invoke('personnel.lastImport', {}, ctx)).toBeNull();
    await expect(invoke('personnel.undo', {}, ctx)).rejects.toThrow('Det finns ingen inläsning av personalsiffror att ångra.');
    ctx.db.close();
  });

  it('warns about a month after today', async () => {
    const dir = tempDir('ramkoll-personnel-ui-');
    const ctx = await openTestContext(path.join(dir, 'r.db'));
    createSmallForvaltning(ctx.db, ctx.site.id);
    // The context's today is 2026-11-20.
    const p = (await invoke('personnel.preview', { file: writeExport(dir, 'dec.csv', [HEADER, '202612;9100;12;11,50;4,20;100 000']) }, ctx)) as PersonnelPreview;
    expect(p.warnings).toEqual(['december 2026 ligger efter innevarande månad (november 2026). Kontrollera att exporten gäller rätt period.']);
    ctx.db.close();
  });
});
