/**
 * The rules of reading a chef's workbook back (issue 18, point 3): VF
 * proposals (changed, new, decided ones locked), statuses only the level
 * above sets, rows pasted from another node, a tampered identity sheet, a
 * file from another database and a version locked since the export.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { call } from '../support/call';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';
import { XlsxEditor } from '../support/xlsx-edit';
import { sharedStringsBomb, sheetBomb, writeZip, xlsxFrame } from '../support/zip-bombs';
import fs from 'node:fs';

async function demoWithDraft(dir: string, name = 'demo.db'): Promise<{ ctx: TestContext; db: string; versionId: string }> {
  const db = path.join(dir, name);
  const ctx = await openTestContext(db, { demo: true });
  const adopted = (await call('budget.versions.list', { year: 2026 }, ctx)).find((v) => v.kind === 'adopted')!;
  const created = await call('budget.versions.create', { year: 2026, name: 'Arbetsversion', kind: 'draft', basedOnId: adopted.id }, ctx);
  return { ctx, db, versionId: created.id };
}

/** Row number → the texts of the row, per sheet (only to find rows; edits go through JSZip). */
async function rowsOf(file: string): Promise<Map<string, Map<number, string[]>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, Map<number, string[]>>();
  wb.eachSheet((ws) => {
    const rows = new Map<number, string[]>();
    ws.eachRow((row, r) => rows.set(r, (row.values as unknown[]).map((v) => (v !== null && typeof v === 'object' ? '' : String(v ?? '')))));
    out.set(ws.name, rows);
  });
  return out;
}

const find = (rows: Map<number, string[]>, pred: (cells: string[]) => boolean) => [...rows].find(([, c]) => pred(c))![0];

describe('workbook rules', () => {
  it('reads VF proposals, keeps decided ones and the level above’s statuses locked, and refuses rows from elsewhere and a tampered identity', async () => {
    const dir = tempDir('ramkoll-workbook-rules-');
    const { ctx, db, versionId } = await demoWithDraft(dir);
    const file = path.join(dir, '3100.xlsx');
    const result = await call('workbook.export', { node: '3100', round: 'occasion:202610', file }, ctx);
    expect(result.rows.changes).toBe(3);
    const rows = await rowsOf(file);
    const vf = rows.get('Förändringar')!;
    const proposed = find(vf, (c) => c[2] === '31301');
    const decided = find(vf, (c) => c[2] === '31106');
    const newVf = 3 + 3 + 1;
    const deviations = rows.get('Avvikelser')!;
    const open = find(deviations, (c) => c[11] === 'Utkast' || c[11] === 'Klar');
    const otherLine = ctx.db.prepare("SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code LIKE '32%' LIMIT 1").get(versionId) as { id: string };
    const firstNew = 7 + result.rows.budget!;

    const x = await XlsxEditor.open(file);
    await x.text('Förändringar', `C${proposed}`, 'Ytterligare sjuksköterska, halvår');
    await x.number('Förändringar', `D${proposed}`, 390000);
    await x.number('Förändringar', `D${decided}`, -1);
    await x.text('Förändringar', `B${newVf}`, '31202');
    await x.text('Förändringar', `C${newVf}`, 'Samordnad nattbemanning');
    await x.number('Förändringar', `D${newVf}`, -300000);
    await x.number('Förändringar', `E${newVf}`, -450000);
    await x.number('Förändringar', `F${newVf}`, -450000);
    await x.text('Förändringar', `B${newVf + 1}`, '3300');
    await x.text('Förändringar', `C${newVf + 1}`, 'Inte vår sektor');
    await x.text('Avvikelser', `K${open}`, 'Godkänd');
    // A row copied in from another node's workbook: its id names a line of Funktionsstöd.
    await x.text('Budget', `A${firstNew}`, otherLine.id);
    await x.number('Budget', `H${firstNew}`, 100);
    await x.unprotect('Budget');
    const edited = path.join(dir, 'edited.xlsx');
    await x.save(edited);

    const before = contentHash(db);
    const diff = await call('workbook.import', { files: [edited] }, ctx);
    expect(diff.errors).toEqual([]);
    expect(diff.changes.map((c) => [c.sheet, c.row, c.column, c.after]).sort()).toEqual(
      [
        ['Förändringar', proposed, 'C (Beskrivning)', 'Ytterligare sjuksköterska, halvår'],
        ['Förändringar', proposed, 'D (Effekt budgetår)', 39000000],
        ['Förändringar', newVf, 'C (Beskrivning)', -30000000],
      ].sort(),
    );
    const refused = diff.refused.map((r) => [r.sheet, r.row, r.column]);
    expect(refused).toEqual(
      expect.arrayContaining([
        ['Förändringar', decided, 'D (Effekt budgetår)'],
        ['Förändringar', newVf + 1, 'B (Ansvar)'],
        ['Avvikelser', open, 'K (Status)'],
        ['Budget', firstNew, 'A (Rad-id)'],
      ]),
    );
    expect(diff.refused).toHaveLength(4);
    expect(diff.refused.find((r) => r.row === decided)!.text).toMatch(/exporterades som [−-]1\s200\s000 kr/);
    expect(contentHash(db)).toBe(before);

    await call('workbook.import', { files: [edited], accept: 'all' }, ctx);
    const vfNow = ctx.db.prepare("SELECT o.description, o.amount_ore, o.plan1_ore, o.plan2_ore, o.status FROM operational_change o JOIN dimension_value v ON v.id = o.responsibility_id WHERE o.version_id = ? AND v.code IN ('31301', '31202') ORDER BY v.code").all(versionId);
    expect(vfNow).toEqual([
      { description: 'Samordnad nattbemanning', amount_ore: -30000000, plan1_ore: -45000000, plan2_ore: -45000000, status: 'proposed' },
      { description: 'Ytterligare sjuksköterska, halvår', amount_ore: 39000000, plan1_ore: 78000000, plan2_ore: 78000000, status: 'proposed' },
    ]);
    const again = await call('workbook.import', { files: [edited] }, ctx);
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toEqual([]);

    // The hidden sheet unhidden and the node widened to the whole förvaltning: the seal no longer holds.
    const t = await XlsxEditor.open(file);
    await t.text('Ramkoll', 'B5', '3000');
    const tampered = path.join(dir, 'tampered.xlsx');
    await t.save(tampered);
    const refusedFile = await call('workbook.import', { files: [tampered] }, ctx);
    expect(refusedFile.changes).toEqual([]);
    expect(refusedFile.errors).toHaveLength(1);
    expect(refusedFile.errors[0]!.text).toContain('dolda bladet Ramkoll har ändrats');
  }, 180_000);

  it('refuses a workbook from another database and one whose version was locked since the export', async () => {
    const dir = tempDir('ramkoll-workbook-rules-');
    const a = await demoWithDraft(dir, 'a.db');
    const b = await demoWithDraft(dir, 'b.db');
    const file = path.join(dir, '31102.xlsx');
    await call('workbook.export', { node: '31102', round: 'budget', file }, a.ctx);
    const elsewhere = await call('workbook.import', { files: [file] }, b.ctx);
    expect(elsewhere.errors.map((e) => e.text)).toEqual(['31102.xlsx: arbetsboken skapades i en annan Ramkoll-databas och kan bara läsas in där']);
    await call('budget.versions.lock', { id: a.versionId, decisionRef: 'KF § 1', overFrameOk: true }, a.ctx);
    const locked = await call('workbook.import', { files: [file] }, a.ctx);
    expect(locked.errors[0]!.text).toContain('är låst sedan arbetsboken skapades');
  }, 180_000);

  it('names a zip bomb, a lying zip and a file that is no workbook as errors of their own, and reads nothing', async () => {
    const dir = tempDir('ramkoll-workbook-rules-');
    const ctx = await openTestContext(path.join(dir, 'empty.db'));
    const honest = path.join(dir, 'honest-bomb.xlsx');
    writeZip(honest, [...xlsxFrame(false), sheetBomb(['Rad-id', 'Ansvar'], ['x', '3100'], 3_000_000)]);
    const lying = path.join(dir, 'lying.xlsx');
    writeZip(lying, [...xlsxFrame(true), sharedStringsBomb(3_000_000, 1000, 60_000)]);
    const text = path.join(dir, 'text.xlsx');
    fs.writeFileSync(text, 'Ansvar;Belopp\n3100;100\n');
    const diff = await call('workbook.import', { files: [honest, lying, text] }, ctx);
    expect(diff.changes).toEqual([]);
    expect(diff.errors.map((e) => e.file)).toEqual(['honest-bomb.xlsx', 'lying.xlsx', 'text.xlsx']);
    ctx.db.close();
  }, 120_000);

  it('makes two files that change the same cell differently a conflict each, and the same value one change', async () => {
    const dir = tempDir('ramkoll-workbook-rules-');
    const { ctx } = await demoWithDraft(dir);
    const files = ['a', 'b', 'c'].map((n) => path.join(dir, `${n}.xlsx`));
    for (const f of files) await call('workbook.export', { node: '31102', round: 'budget', file: f }, ctx);
    const values = [1000, 2000, 1000];
    for (const [i, f] of files.entries()) {
      const x = await XlsxEditor.open(f);
      await x.number('Budget', 'H7', values[i]!);
      await x.number('Budget', 'I7', 555);
      await x.save(f);
    }
    const diff = await call('workbook.import', { files }, ctx);
    expect(diff.changes.map((c) => [c.file, c.column, c.after])).toEqual([['a.xlsx', 'I (Feb)', 55500]]);
    expect(diff.conflicts.map((c) => [c.file, c.column, c.after])).toEqual([
      ['a.xlsx', 'H (Jan)', 100000],
      ['b.xlsx', 'H (Jan)', 200000],
      ['c.xlsx', 'H (Jan)', 100000],
    ]);
    expect(diff.conflicts[0]!.what).toContain('ändras olika i 3 filer');
  }, 120_000);
});
