import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { call } from '../support/call';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';
import { XlsxEditor } from '../support/xlsx-edit';

/**
 * Issue 18: a budget workbook takes part in the budget round. Accepting a
 * file's changes is the node's hand-in and approval (one path with the
 * round's approveProposal); per-row acceptance leaves the rest proposed in
 * the round; sending a file back records återskickad with the note, writes
 * nothing of it, and the next export shows the note on the front sheet.
 */

const MONTHS = ['m01_ore', 'm02_ore', 'm03_ore', 'm04_ore', 'm05_ore', 'm06_ore', 'm07_ore', 'm08_ore', 'm09_ore', 'm10_ore', 'm11_ore', 'm12_ore'];

async function setup() {
  const dir = tempDir('ramkoll-workbook-round-');
  const db = path.join(dir, 'demo.db');
  const ctx = await openTestContext(db, { demo: true });
  const adopted = (await call('budget.versions.list', { year: 2026 }, ctx)).find((v) => v.kind === 'adopted')!;
  const version = await call('budget.versions.create', { year: 2026, name: 'Arbetsversion 2026', kind: 'draft', basedOnId: adopted.id }, ctx);
  return { dir, db, ctx, versionId: version.id };
}

/** The node's lines in the order the workbook lists them (row 7 on). */
function linesOf(ctx: TestContext, versionId: string, code: string): { id: string; months: number[] }[] {
  return (
    ctx.db
      .prepare(
        `SELECT b.id, ${MONTHS.map((m) => `b.${m}`).join(', ')} FROM budget_line b JOIN coding c ON c.id = b.coding_id
         WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.responsibility_code = ? ORDER BY c.responsibility_code, c.account_code, c.dims`,
      )
      .all(versionId, code) as Record<string, string | number>[]
  ).map((r) => ({ id: r.id as string, months: MONTHS.map((m) => r[m] as number) }));
}

function round(ctx: TestContext, versionId: string, code: string) {
  const r = ctx.db
    .prepare('SELECT r.id, r.status, r.return_note FROM budget_round r JOIN dimension_value v ON v.id = r.responsibility_id WHERE r.version_id = ? AND v.code = ? AND r.deleted_at IS NULL')
    .get(versionId, code) as { id: string; status: string; return_note: string | null } | undefined;
  const events = r ? (ctx.db.prepare('SELECT action, status, note, author, acted_at FROM budget_round_event WHERE round_id = ? ORDER BY acted_at, rowid').all(r.id) as { action: string; status: string; note: string | null; author: string; acted_at: string }[]) : [];
  return { row: r, events };
}

async function exportFor(ctx: TestContext, dir: string, code: string): Promise<string> {
  const file = path.join(dir, `arbetsbok-${code}.xlsx`);
  await call('workbook.export', { node: code, round: 'budget', file }, ctx);
  return file;
}

async function frontSheet(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Start') ?? wb.worksheets[0]!;
  const texts: string[] = [];
  ws.eachRow((row) => texts.push((row.values as unknown[]).filter((v) => v !== undefined && v !== null).map(String).join(' | ')));
  return texts.join('\n');
}

describe('budget workbooks in the budget round', () => {
  it('accepting a file is the node’s hand-in and approval; sending one back records the note, writes nothing and shows it on the next export', async () => {
    const s = await setup();
    const a = await exportFor(s.ctx, s.dir, '31101');
    const b = await exportFor(s.ctx, s.dir, '31102');
    const linesA = linesOf(s.ctx, s.versionId, '31101');
    const linesB = linesOf(s.ctx, s.versionId, '31102');
    // Lower amounts: the demo's enheter lie close to their ram.
    const jan = linesA[0]!.months[0]! - 100_000;
    const feb = linesA[1]!.months[1]! - 200_000;
    let x = await XlsxEditor.open(a);
    await x.number('Budget', 'H7', jan / 100);
    await x.number('Budget', 'I8', feb / 100);
    await x.save(a);
    x = await XlsxEditor.open(b);
    await x.number('Budget', 'J7', 33333);
    await x.save(b);

    const diff = await call('workbook.import', { files: [a, b] }, s.ctx);
    expect(diff.errors).toEqual([]);
    expect(diff.workbooks.map((w) => [w.index, w.file, w.node])).toEqual([
      [0, 'arbetsbok-31101.xlsx', '31101'],
      [1, 'arbetsbok-31102.xlsx', '31102'],
    ]);
    expect(diff.changes).toHaveLength(3);

    // Send B back: a note is required, and nothing of the file is written.
    const before = contentHash(s.db);
    await expect(call('workbook.return', { file: b, note: '  ' }, s.ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(contentHash(s.db)).toBe(before);
    const returned = await call('workbook.return', { file: b, note: 'Personalkostnaden i mars saknar förklaring.' }, s.ctx);
    expect(returned).toMatchObject({ file: 'arbetsbok-31102.xlsx', node: '31102' });
    expect(linesOf(s.ctx, s.versionId, '31102')).toEqual(linesB);
    const rb = round(s.ctx, s.versionId, '31102');
    expect(rb.row).toMatchObject({ status: 'returned', return_note: 'Personalkostnaden i mars saknar förklaring.' });
    expect(rb.events.map((e) => [e.action, e.status, e.note, e.author])).toEqual([
      ['submitted', 'submitted', 'via arbetsbok arbetsbok-31102.xlsx', 'test'],
      ['returned', 'returned', 'Personalkostnaden i mars saknar förklaring.', 'test'],
    ]);
    expect(s.ctx.db.prepare('SELECT count(*) AS n FROM budget_round_line WHERE round_id = ?').get(rb.row!.id)).toEqual({ n: 0 });

    // Accept A whole: the version holds its lines, the round says inlämnad via the file and godkänd.
    const accepted = await call('workbook.import', { files: [a], accept: 'all' }, s.ctx);
    expect(accepted.round).toEqual([{ file: 'arbetsbok-31101.xlsx', node: '31101', status: 'approved' }]);
    const nowA = linesOf(s.ctx, s.versionId, '31101');
    expect(nowA[0]!.months[0]).toBe(jan);
    expect(nowA[1]!.months[1]).toBe(feb);
    expect(nowA[2]).toEqual(linesA[2]);
    const ra = round(s.ctx, s.versionId, '31101');
    expect(ra.row?.status).toBe('approved');
    expect(ra.events.map((e) => [e.action, e.status, e.note, e.author])).toEqual([
      ['submitted', 'submitted', 'via arbetsbok arbetsbok-31101.xlsx', 'test'],
      ['approved', 'approved', null, 'test'],
    ]);
    expect(ra.events.every((e) => e.acted_at.startsWith('2026-11-20'))).toBe(true);
    // The round's own view has both nodes, like any node of the round.
    const overview = await call('budgetRound.overview', { versionId: s.versionId }, s.ctx);
    const status = (code: string) => overview.nodes.find((n) => n.code === code)?.status;
    expect([status('31101'), status('31102')]).toEqual(['approved', 'returned']);

    // The next export of B shows the note and the deadline on its front sheet; A's shows no note.
    const again = await exportFor(s.ctx, path.join(s.dir), '31102');
    const front = await frontSheet(again);
    expect(front).toContain('Återskickad av controllern | Personalkostnaden i mars saknar förklaring.');
    expect(front).toContain('Sista dag att lämna');
    expect(await frontSheet(await exportFor(s.ctx, s.dir, '31101'))).not.toContain('Återskickad');
  }, 120_000);

  it('per-row acceptance leaves the rest proposed in the round (inlämnad), and the round approves it later', async () => {
    const s = await setup();
    const a = await exportFor(s.ctx, s.dir, '31101');
    const was = linesOf(s.ctx, s.versionId, '31101');
    const jan = was[0]!.months[0]! - 100_000;
    const feb = was[1]!.months[1]! - 200_000;
    const x = await XlsxEditor.open(a);
    await x.number('Budget', 'H7', jan / 100);
    await x.number('Budget', 'I8', feb / 100);
    await x.save(a);
    const diff = await call('workbook.import', { files: [a] }, s.ctx);
    const first = diff.changes.find((c) => c.row === 7)!;
    const r = await call('workbook.import', { files: [a], accept: [first.id] }, s.ctx);
    expect(r.round).toEqual([{ file: 'arbetsbok-31101.xlsx', node: '31101', status: 'submitted' }]);
    const lines = linesOf(s.ctx, s.versionId, '31101');
    expect(lines[0]!.months[0]).toBe(jan);
    expect(lines[1]!.months[1]).toBe(was[1]!.months[1]);
    const ra = round(s.ctx, s.versionId, '31101');
    expect(ra.row?.status).toBe('submitted');
    expect(ra.events.map((e) => e.action)).toEqual(['submitted', 'approved_rows']);
    const pending = s.ctx.db.prepare("SELECT id, m02_ore FROM budget_round_line WHERE round_id = ? AND status = 'proposed' AND deleted_at IS NULL").all(ra.row!.id) as { id: string; m02_ore: number }[];
    expect(pending.map((p) => p.m02_ore)).toEqual([feb]);

    // The rest, approved in the round as any chef's proposal: the node is godkänd and the file has nothing new.
    const done = await call('budgetRound.approve', { versionId: s.versionId, code: '31101' }, s.ctx);
    expect(done.status).toBe('approved');
    expect(linesOf(s.ctx, s.versionId, '31101')[1]!.months[1]).toBe(feb);
    expect((await call('workbook.import', { files: [a] }, s.ctx)).changes).toEqual([]);
  }, 120_000);

  it('refuses, changing nothing, an acceptance that puts the node over its ram unless confirmed', async () => {
    const s = await setup();
    const a = await exportFor(s.ctx, s.dir, '31101');
    const x = await XlsxEditor.open(a);
    await x.number('Budget', 'H7', 99_000_000);
    await x.save(a);
    const before = contentHash(s.db);
    await expect(call('workbook.import', { files: [a], accept: 'all' }, s.ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(contentHash(s.db)).toBe(before);
    const r = await call('workbook.import', { files: [a], accept: 'all', overFrameOk: true }, s.ctx);
    expect(r.round[0]?.status).toBe('approved');
    expect(round(s.ctx, s.versionId, '31101').events.at(-1)).toMatchObject({ action: 'approved' });
    expect(s.ctx.db.prepare("SELECT over_frame_ore > 0 AS over FROM budget_round_event WHERE action = 'approved'").get()).toEqual({ over: 1 });
  }, 120_000);
});
