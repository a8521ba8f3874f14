import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { call } from '../support/call';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';
import { XlsxEditor } from '../support/xlsx-edit';

/**
 * Issue 18, Done when 1: a chef's workbook exported from the demo, edited
 * with JSZip on the XML as Excel saves it (not with ExcelJS, which wrote
 * it), read back: exactly the allowed changes, a formula by its value,
 * refusals naming the rest, the database unchanged until accepted, and
 * nothing new when the same file is read twice.
 */

interface Setup {
  ctx: TestContext;
  dir: string;
  db: string;
  file: string;
  versionId: string;
  rows: { budget: number };
  /** Row number → id (column A) and ansvar (column B) per sheet, as exported. */
  sheet: Map<string, Map<number, { key: string; code: string; text: string[] }>>;
  newAccount: string;
}

async function setup(): Promise<Setup> {
  const dir = tempDir('ramkoll-workbook-');
  const db = path.join(dir, 'demo.db');
  const ctx = await openTestContext(db, { demo: true });
  const adopted = (await call('budget.versions.list', { year: 2026 }, ctx)).find((v) => v.kind === 'adopted')!;
  const created = await call('budget.versions.create', { year: 2026, name: 'Arbetsversion 2026', kind: 'draft', basedOnId: adopted.id }, ctx);
  const file = path.join(dir, '3110.xlsx');
  const result = await call('workbook.export', { node: '3110', round: 'occasion:202610', file }, ctx);
  expect(result).toMatchObject({ node: '3110', nodeName: 'Särskilt boende', round: 'occasion:202610', versionName: 'Arbetsversion 2026' });
  // Only to find the rows: the edits are made on the XML with JSZip.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = new Map<string, Map<number, { key: string; code: string; text: string[] }>>();
  wb.eachSheet((ws) => {
    const rows = new Map<number, { key: string; code: string; text: string[] }>();
    ws.eachRow((row, r) => rows.set(r, { key: String(row.getCell(1).value ?? ''), code: String(row.getCell(2).value ?? ''), text: (row.values as unknown[]).map((v) => String(v ?? '')) }));
    sheet.set(ws.name, rows);
  });
  // The formulas carry their values, for a program that shows them without recalculating.
  const budgetWs = wb.getWorksheet('Budget')!;
  const yearOf = (r: number) => (budgetWs.getCell(`G${r}`).value as ExcelJS.CellFormulaValue).result;
  const months7 = Array.from({ length: 12 }, (_, i) => Math.round(Number(budgetWs.getCell(7, 8 + i).value) * 100));
  expect(Math.round(Number(yearOf(7)) * 100)).toBe(months7.reduce((a, b) => a + b, 0));
  const ram = Number(budgetWs.getCell('C2').value);
  const budgeted = Number((budgetWs.getCell('C3').value as ExcelJS.CellFormulaValue).result);
  expect(Number((budgetWs.getCell('C4').value as ExcelJS.CellFormulaValue).result)).toBeCloseTo(ram - budgeted, 2);
  const used = new Set(ctx.db.prepare("SELECT c.account_code AS a FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31101'").all(created.id).map((r) => (r as { a: string }).a));
  const newAccount = (ctx.db.prepare("SELECT code FROM account WHERE deleted_at IS NULL AND code LIKE '6%' ORDER BY code").all() as { code: string }[]).find((a) => !used.has(a.code))!.code;
  return { ctx, dir, db, file, versionId: created.id, rows: { budget: result.rows.budget! }, sheet, newAccount };
}

const monthsOf = (ctx: TestContext, id: string) => ctx.db.prepare('SELECT m01_ore, m02_ore, m03_ore, m04_ore, m05_ore, m06_ore, m07_ore, m08_ore, m09_ore, m10_ore, m11_ore, m12_ore FROM budget_line WHERE id = ?').raw(true).get(id) as number[];

function firstOpenDeviation(s: Setup): { row: number; code: string } {
  // A node without a comment yet: its row says Utkast.
  for (const [r, v] of s.sheet.get('Avvikelser')!) if (r > 3 && v.key.startsWith('avv:') && v.text.includes('Utkast')) return { row: r, code: v.code };
  throw new Error('no open deviation row');
}

/** The chef's edits, as Excel would save them. */
async function edit(s: Setup, out: string): Promise<{ lines: [string, string]; deviation: { row: number; code: string }; newRow: number }> {
  const budget = s.sheet.get('Budget')!;
  const line1 = budget.get(7)!.key;
  const line2 = budget.get(8)!.key;
  const newRow = 7 + s.rows.budget;
  const deviation = firstOpenDeviation(s);
  const x = await XlsxEditor.open(s.file);
  // Three month amounts: a number, a number typed as text with a Swedish decimal comma, a number.
  await x.number('Budget', 'H7', 12345);
  await x.text('Budget', 'I7', '12 345,50');
  await x.number('Budget', 'J8', -2500.25);
  // A formula in an unlocked cell, with the value Excel computed cached beside it.
  await x.formula('Budget', 'K8', '1000+234.5', 1234.5);
  // A new line on an enhet of the node: ansvar as text, konto as the number Excel makes of it.
  await x.text('Budget', `B${newRow}`, '31101');
  await x.number('Budget', `D${newRow}`, Number(s.newAccount));
  await x.number('Budget', `H${newRow}`, 5000);
  await x.number('Budget', `I${newRow}`, 7000);
  // A line of another node (3210 lies under Funktionsstöd, not under 3110).
  await x.text('Budget', `B${newRow + 1}`, '3210');
  await x.number('Budget', `D${newRow + 1}`, Number(s.newAccount));
  await x.number('Budget', `H${newRow + 1}`, 999);
  // Protection removed and a locked cell changed.
  await x.unprotect('Budget');
  await x.text('Budget', 'E7', 'Ett annat kontonamn');
  // … and the ram, which what remains is counted from.
  await x.number('Budget', 'C2', 999_999_999);
  // Orsak (shared string), åtgärd (inline string, as some exports write it), status.
  await x.text('Avvikelser', `H${deviation.row}`, 'Fler vårddygn än budgeterat under hösten.');
  await x.inlineText('Avvikelser', `I${deviation.row}`, 'Bemanningen ses över inför december.');
  await x.text('Avvikelser', `K${deviation.row}`, 'Klar');
  await x.save(out);
  return { lines: [line1, line2], deviation, newRow };
}

function summary(d: { changes: { sheet: string; row: number; column: string; after: unknown }[] }) {
  return d.changes.map((c) => `${c.sheet}!${c.column.split(' ')[0]}${c.row}=${String(c.after)}`).sort();
}

describe('workbook round-trip (issue 18, Done when 1)', () => {
  it('reads exactly the allowed changes from a file edited as Excel saves it, refuses the rest by name, and writes only when accepted', async () => {
    const s = await setup();
    const edited = path.join(s.dir, '3110-redigerad.xlsx');
    const { lines, deviation, newRow } = await edit(s, edited);
    const before = contentHash(s.db);

    const diff = await call('workbook.import', { files: [edited] }, s.ctx);
    expect(diff.errors).toEqual([]);
    expect(diff.conflicts).toEqual([]);
    const accountCol = `D${newRow}`;
    expect(summary(diff)).toEqual(
      [
        'Budget!H7=1234500',
        'Budget!I7=1234550',
        'Budget!J8=-250025',
        // The formula's value, not its text.
        'Budget!K8=123450',
        `Budget!${accountCol}=1200000`,
        `Avvikelser!H${deviation.row}=Fler vårddygn än budgeterat under hösten.`,
        `Avvikelser!I${deviation.row}=Bemanningen ses över inför december.`,
        `Avvikelser!K${deviation.row}=ready`,
      ].sort(),
    );
    expect(diff.refused).toHaveLength(3);
    expect(diff.refused.find((r) => r.column === 'C (Ram)')).toMatchObject({ sheet: 'Budget', row: 2, value: '999999999' });
    const locked = diff.refused.find((r) => r.column === 'E (Kontonamn)')!;
    expect(locked).toMatchObject({ file: '3110-redigerad.xlsx', sheet: 'Budget', row: 7, value: 'Ett annat kontonamn' });
    expect(locked.text).toContain('låst');
    const other = diff.refused.find((r) => r.value === '3210')!;
    expect(other).toMatchObject({ sheet: 'Budget', row: newRow + 1, column: 'B (Ansvar)' });
    expect(other.text).toContain('3210');
    expect(other.text).toContain('utanför 3110');
    // Reading changed nothing.
    expect(contentHash(s.db)).toBe(before);

    const accepted = await call('workbook.import', { files: [edited], accept: 'all', overFrameOk: true }, s.ctx);
    expect(accepted.accepted).toMatchObject({ applied: 8, comments: 1 });
    expect(monthsOf(s.ctx, lines[0]).slice(0, 2)).toEqual([1234500, 1234550]);
    expect(monthsOf(s.ctx, lines[1]).slice(2, 4)).toEqual([-250025, 123450]);
    const added = s.ctx.db
      .prepare("SELECT b.year_ore, b.m01_ore, b.m02_ore FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '31101' AND c.account_code = ? AND b.deleted_at IS NULL")
      .get(s.versionId, s.newAccount);
    expect(added).toEqual({ year_ore: 1200000, m01_ore: 500000, m02_ore: 700000 });
    const other3210 = s.ctx.db.prepare("SELECT count(*) AS n FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code = '3210' AND c.account_code = ?").get(s.versionId, s.newAccount) as { n: number };
    expect(other3210.n).toBe(0);
    const comment = s.ctx.db
      .prepare("SELECT c.cause, c.action, c.status FROM deviation_comment c JOIN dimension_value d ON d.id = c.responsibility_id JOIN reporting_occasion o ON o.id = c.occasion_id WHERE o.period = 202610 AND d.code = ?")
      .get(deviation.code);
    expect(comment).toEqual({ cause: 'Fler vårddygn än budgeterat under hösten.', action: 'Bemanningen ses över inför december.', status: 'ready' });
    // The locked cell was not written: the account keeps its name.
    expect(s.ctx.db.prepare('SELECT name FROM account WHERE name = ?').get('Ett annat kontonamn')).toBeUndefined();

    // The same file read twice: nothing new, and accepting it again changes nothing.
    const again = await call('workbook.import', { files: [edited] }, s.ctx);
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toEqual([]);
    const afterFirst = contentHash(s.db);
    const twice = await call('workbook.import', { files: [edited], accept: 'all', overFrameOk: true }, s.ctx);
    expect(twice.accepted).toBeNull();
    expect(contentHash(s.db)).toBe(afterFirst);
  }, 120_000);

  it('shows a cell the controller changed since the export as a conflict with both values, and accepts it only by name', async () => {
    const s = await setup();
    const edited = path.join(s.dir, 'edited.xlsx');
    const { lines } = await edit(s, edited);
    const exported = monthsOf(s.ctx, lines[0]);
    // The controller changes January (which the chef changed too) and March (which the chef left alone).
    await call('budget.lines.apply', { versionId: s.versionId, changes: [{ op: 'month', id: lines[0], month: 1, ore: 777700 }, { op: 'month', id: lines[0], month: 3, ore: 888800 }] }, s.ctx);
    const diff = await call('workbook.import', { files: [edited] }, s.ctx);
    expect(diff.conflicts).toHaveLength(1);
    expect(diff.conflicts[0]).toMatchObject({ sheet: 'Budget', row: 7, column: 'H (Jan)', before: 777700, after: 1234500, exported: exported[0] });
    expect(summary(diff)).not.toContain('Budget!H7=1234500');
    expect(diff.changes.some((c) => c.row === 7 && c.column.startsWith('J'))).toBe(false);

    const all = await call('workbook.import', { files: [edited], accept: 'all', overFrameOk: true }, s.ctx);
    expect(all.accepted?.applied).toBe(8 - 1);
    expect(monthsOf(s.ctx, lines[0]).slice(0, 3)).toEqual([777700, 1234550, 888800]);
    const chosen = await call('workbook.import', { files: [edited], accept: [diff.conflicts[0]!.id], overFrameOk: true }, s.ctx);
    expect(chosen.accepted?.applied).toBe(1);
    expect(monthsOf(s.ctx, lines[0])[0]).toBe(1234500);
  }, 120_000);

  it('reads nothing from a file with errors and names file, sheet, row, column and text; other files still read', async () => {
    const s = await setup();
    const good = path.join(s.dir, 'good.xlsx');
    await edit(s, good);
    const bad = path.join(s.dir, 'bad.xlsx');
    // A second workbook for another node, with a month that is no amount.
    await call('workbook.export', { node: '3120', round: 'budget', file: bad }, s.ctx);
    const x = await XlsxEditor.open(bad);
    await x.text('Budget', 'H7', 'tolv tusen');
    await x.number('Budget', 'I7', 100.123);
    await x.save(bad);
    const before = contentHash(s.db);
    const diff = await call('workbook.import', { files: [good, bad] }, s.ctx);
    expect(diff.files).toBe(2);
    expect(diff.errors.map((e) => [e.file, e.sheet, e.row, e.column, e.value])).toEqual([
      ['bad.xlsx', 'Budget', 7, 'H (Jan)', 'tolv tusen'],
      ['bad.xlsx', 'Budget', 7, 'I (Feb)', '100.123'],
    ]);
    expect(diff.errors[0]!.text).toMatch(/^bad\.xlsx, blad Budget, rad 7, kolumn H \(Jan\): är inget belopp/);
    expect(diff.changes.every((c) => c.file === 'good.xlsx')).toBe(true);
    expect(diff.changes).toHaveLength(8);
    const lines3120 = () => s.ctx.db.prepare("SELECT group_concat(b.id || ':' || b.m01_ore || ':' || b.m02_ore) AS v FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND c.responsibility_code LIKE '312%'").get(s.versionId);
    const bad3120 = lines3120();
    const accepted = await call('workbook.import', { files: [good, bad], accept: 'all', overFrameOk: true }, s.ctx);
    expect(accepted.accepted?.applied).toBe(8);
    // Nothing of the file with errors was written.
    expect(lines3120()).toEqual(bad3120);
    expect(contentHash(s.db)).not.toBe(before);
  }, 120_000);

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  it.skipIf(soffice.status !== 0)('reads the same changes after LibreOffice saved the edited file', async () => {
    const s = await setup();
    const edited = path.join(s.dir, 'edited.xlsx');
    await edit(s, edited);
    const direct = await call('workbook.import', { files: [edited] }, s.ctx);
    const outDir = path.join(s.dir, 'lo');
    fs.mkdirSync(outDir);
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(s.dir, 'lo-profile')}`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, edited], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const resaved = path.join(outDir, 'edited.xlsx');
    const viaLo = await call('workbook.import', { files: [resaved] }, s.ctx);
    expect(viaLo.errors).toEqual([]);
    expect(summary(viaLo)).toEqual(summary(direct));
    expect(viaLo.refused.map((p) => [p.sheet, p.row, p.column]).sort()).toEqual(direct.refused.map((p) => [p.sheet, p.row, p.column]).sort());
  }, 180_000);
});

if (spawnSync('soffice', ['--version']).status !== 0) console.warn('workbook.test.ts: LibreOffice (soffice) is not installed; the re-save through LibreOffice is skipped.');
