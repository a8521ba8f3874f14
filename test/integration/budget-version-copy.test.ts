import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';

/**
 * A copied budget version is the whole budget: lines, ramar, personnel
 * positions with the marks of their generated lines, and the VF-lista with
 * its links moved to the copied lines. Compared here with plain SQL over
 * the tables, not with the services' own readers.
 */

type Row = Record<string, string | number | null>;

function rows(ctx: TestContext, sql: string, ...params: unknown[]): Row[] {
  return ctx.db.sqlite.prepare(sql).all(...params) as Row[];
}

const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();

/** What a version's parts hold, without ids: a line is named by its kodsträng and amounts. */
function contents(ctx: TestContext, versionId: string) {
  const lineKey = `(SELECT c.account_code || '|' || c.responsibility_code || '|' || c.dims || '|' || b.year_ore || '|' || b.m01_ore || '|' || b.m12_ore FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.id = x.budget_line_id AND b.deleted_at IS NULL AND b.version_id = x.version_id)`;
  return {
    lines: sorted(rows(ctx, `SELECT c.account_code, c.responsibility_code, c.dims, b.profile_id, b.year_ore, b.m01_ore, b.m07_ore, b.m12_ore, b.manual, b.note FROM budget_line b JOIN coding c ON c.id = b.coding_id WHERE b.version_id = ? AND b.deleted_at IS NULL`, versionId)),
    frames: sorted(rows(ctx, 'SELECT responsibility_id, amount_ore, note FROM frame WHERE version_id = ? AND deleted_at IS NULL', versionId)),
    positions: sorted(
      rows(
        ctx,
        `SELECT responsibility_id, title, person_name, employment_bp, monthly_salary_ore, raise_bp, raise_from_month, vacancy_months, po_category, salary_account_code, po_account_code
         FROM personnel_position WHERE version_id = ? AND deleted_at IS NULL`,
        versionId,
      ),
    ),
    marks: sorted(rows(ctx, `SELECT x.responsibility_id, x.kind, ${lineKey} AS line FROM personnel_budget_line x WHERE x.version_id = ? AND x.deleted_at IS NULL`, versionId)),
    changes: sorted(
      rows(ctx, `SELECT x.responsibility_id, x.description, x.amount_ore, x.priority, x.status, x.budget_line_id IS NOT NULL AS linked, ${lineKey} AS line FROM operational_change x WHERE x.version_id = ? AND x.deleted_at IS NULL`, versionId),
    ),
  };
}

function liveCount(ctx: TestContext, table: string, versionId: string): number {
  return (ctx.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE version_id = ? AND deleted_at IS NULL`).get(versionId) as { n: number }).n;
}

describe('copying and removing a budget version takes its ramar, positions and VF-lista along', () => {
  let ctx: TestContext;
  let file: string;
  let adopted: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-version-copy-'));
  beforeAll(async () => {
    file = path.join(dir, 'copy.db');
    ctx = await openTestContext(file, { demo: true });
    adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
  });
  afterAll(() => {
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the lines, ramar, positions, generated-line marks and VF-lista with links to the copied lines', async () => {
    const source = contents(ctx, adopted);
    // The demo's adopted budget has all of them, and a VF change linked to a line.
    expect(source.frames.length).toBeGreaterThan(5);
    expect(source.positions.length).toBeGreaterThan(5);
    expect(source.changes.some((c) => JSON.parse(c).linked === 1)).toBe(true);
    // Its personnel units' salary and PO lines were generated from their positions.
    expect(source.marks.length).toBeGreaterThan(0);

    const a = await call('budget.versions.create', { year: DEMO_YEAR, name: 'Arbetsversion A', kind: 'draft', basedOnId: adopted }, ctx);
    expect(a).toMatchObject({
      copiedLines: source.lines.length,
      copiedFrames: source.frames.length,
      copiedPositions: source.positions.length,
      copiedPersonnelLines: source.marks.length,
      copiedChanges: source.changes.length,
    });
    expect(contents(ctx, a.id)).toEqual(source);
    // The linked change points at the copy's own line, not at the adopted budget's.
    const linked = rows(ctx, 'SELECT b.version_id FROM operational_change x JOIN budget_line b ON b.id = x.budget_line_id WHERE x.version_id = ?', a.id);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((r) => r.version_id === a.id)).toBe(true);
    // The draft's ram balances and VF figures are the adopted budget's.
    const framesOf = async (v: string) => (await call('planning.frames.get', { versionId: v }, ctx)).nodes.map((n) => [n.code, n.frameOre, n.budgetedOre]);
    expect(await framesOf(a.id)).toEqual(await framesOf(adopted));
    const vf = async (v: string) => {
      const o = await call('planning.changes.get', { versionId: v }, ctx);
      return [o.frameOre, o.budgetedOre, o.decidedNotInLinesOre, o.mustCutOre, o.savings.map((c) => [c.description, c.fits]), o.settled.map((c) => [c.description, c.budgetLineText])];
    };
    expect(await vf(a.id)).toEqual(await vf(adopted));
  });

  it('a copy keeps the marks of generated personnel lines, so generating again in the copy replaces them instead of doubling them', async () => {
    const a = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('name', '=', 'Arbetsversion A'))!.id;
    // Lines written by hand on the kodsträngar the positions generate (the demo may have them) go first, as the controller
    // does when moving to the personnel budget: one line per kodsträng, and salaries must not count twice.
    const hand = rows(
      ctx,
      `SELECT b.id FROM budget_line b JOIN coding c ON c.id = b.coding_id
       WHERE b.version_id = ? AND b.deleted_at IS NULL AND c.dims = '' AND c.responsibility_code IN ('31101', '33101')
         AND NOT EXISTS (SELECT 1 FROM personnel_budget_line x WHERE x.budget_line_id = b.id AND x.deleted_at IS NULL)
         AND EXISTS (SELECT 1 FROM personnel_position p JOIN dimension_value v ON v.id = p.responsibility_id
                     WHERE p.version_id = b.version_id AND p.deleted_at IS NULL AND v.code = c.responsibility_code AND c.account_code IN (p.salary_account_code, p.po_account_code))`,
      a,
    );
    if (hand.length > 0) {
      await expect(call('planning.personnel.generate', { versionId: a, responsibilityCodes: ['31101', '33101'] }, ctx)).rejects.toThrow(/Personalbudgeten ger rader på kodsträngar som versionen redan har egna rader för/);
      await call('budget.lines.apply', { versionId: a, changes: hand.map((h) => ({ op: 'delete' as const, id: h.id as string })) }, ctx);
    }
    const g = await call('planning.personnel.generate', { versionId: a, responsibilityCodes: ['31101', '33101'] }, ctx);
    expect(g.lines).toBe(4);
    // A hand-removed generated line: its mark is not carried over (nothing left to mark).
    const removed = rows(ctx, "SELECT x.budget_line_id AS id FROM personnel_budget_line x JOIN budget_line b ON b.id = x.budget_line_id JOIN coding c ON c.id = b.coding_id WHERE x.version_id = ? AND x.deleted_at IS NULL AND c.responsibility_code = '33101' AND c.account_code = '5610'", a)[0]!.id as string;
    await call('budget.lines.apply', { versionId: a, changes: [{ op: 'delete', id: removed }] }, ctx);

    const b = await call('budget.versions.create', { year: DEMO_YEAR, name: 'Arbetsversion B', kind: 'revision', basedOnId: a }, ctx);
    const liveMarks = contents(ctx, a).marks.filter((m) => JSON.parse(m).line !== null).length;
    expect(b.copiedPersonnelLines).toBe(liveMarks);
    // Everything as in A, but the mark of the removed line, which marks nothing.
    const inA = contents(ctx, a);
    expect(inA.marks.filter((m) => JSON.parse(m).line === null)).toHaveLength(1);
    expect(contents(ctx, b.id)).toEqual({ ...inA, marks: inA.marks.filter((m) => JSON.parse(m).line !== null) });
    const marked = rows(ctx, 'SELECT b.version_id FROM personnel_budget_line x JOIN budget_line b ON b.id = x.budget_line_id WHERE x.version_id = ? AND x.deleted_at IS NULL', b.id);
    expect(marked.map((r) => r.version_id)).toEqual(Array.from({ length: liveMarks }, () => b.id));

    const before = { n: liveCount(ctx, 'budget_line', b.id), sum: (ctx.db.sqlite.prepare('SELECT sum(year_ore) AS s FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(b.id) as { s: number }).s };
    const again = await call('planning.personnel.generate', { versionId: b.id, responsibilityCodes: ['31101', '33101'] }, ctx);
    // The three marked copies are replaced; the removed PO line comes back as the fourth.
    expect(again).toMatchObject({ lines: 4, replacedLines: 3 });
    const poBack = (ctx.db.sqlite.prepare("SELECT b.year_ore AS y FROM personnel_budget_line x JOIN budget_line b ON b.id = x.budget_line_id JOIN coding c ON c.id = b.coding_id WHERE x.version_id = ? AND x.deleted_at IS NULL AND c.responsibility_code = '33101' AND c.account_code = '5610'").get(b.id) as { y: number }).y;
    expect(liveCount(ctx, 'budget_line', b.id)).toBe(before.n + 1);
    expect((ctx.db.sqlite.prepare('SELECT sum(year_ore) AS s FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(b.id) as { s: number }).s).toBe(before.sum + poBack);
  });

  it('removing a version tombstones its lines, ramar, positions, marks and VF-lista, and leaves the version it came from as it was', async () => {
    const a = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('name', '=', 'Arbetsversion A'))!.id;
    const b = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('name', '=', 'Arbetsversion B'))!.id;
    const keptA = contents(ctx, a);
    const keptAdopted = contents(ctx, adopted);
    const counts = { lines: liveCount(ctx, 'budget_line', b), frames: liveCount(ctx, 'frame', b), positions: liveCount(ctx, 'personnel_position', b), changes: liveCount(ctx, 'operational_change', b) };
    const removed = await call('budget.versions.delete', { id: b }, ctx);
    expect(removed).toEqual({ deletedLines: counts.lines, deletedFrames: counts.frames, deletedPositions: counts.positions, deletedChanges: counts.changes });
    for (const table of ['budget_line', 'frame', 'personnel_position', 'personnel_budget_line', 'operational_change']) {
      expect(liveCount(ctx, table, b), table).toBe(0);
      const stamps = rows(ctx, `SELECT DISTINCT deleted_at FROM ${table} WHERE version_id = ? AND deleted_at IS NOT NULL`, b);
      expect(stamps.length, table).toBeGreaterThan(0);
    }
    expect(contents(ctx, a)).toEqual(keptA);
    expect(contents(ctx, adopted)).toEqual(keptAdopted);
  });

  it('refuses every change to a locked version’s lines, ramar, positions and VF-lista, and changes nothing', async () => {
    const position = ctx.db.first(ctx.db.q.selectFrom('personnel_position').select('id').where('version_id', '=', adopted).where('deleted_at', 'is', null))!.id;
    const change = ctx.db.first(ctx.db.q.selectFrom('operational_change').select('id').where('version_id', '=', adopted).where('deleted_at', 'is', null).orderBy('priority'))!.id;
    const line = ctx.db.first(ctx.db.q.selectFrom('budget_line').select('id').where('version_id', '=', adopted).where('deleted_at', 'is', null))!.id;
    const draft = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('name', '=', 'Arbetsversion A'))!.id;
    const hash = contentHash(file);
    const attempts: [string, () => Promise<unknown>][] = [
      ['ram', () => call('planning.frames.set', { versionId: adopted, responsibilityCode: '3100', amountOre: 1 }, ctx)],
      ['ta bort ram', () => call('planning.frames.set', { versionId: adopted, responsibilityCode: '3100', amountOre: null }, ctx)],
      ['fördela ram', () => call('planning.frames.distribute', { versionId: adopted, responsibilityCode: '3100' }, ctx)],
      ['ny befattning', () => call('planning.personnel.savePosition', { versionId: adopted, responsibilityCode: '31101', title: 'Ny', employmentBp: 10000, monthlySalaryOre: 3_000_000, raiseBp: 0, poCategory: 'anstallda' }, ctx)],
      ['ändrad befattning', () => call('planning.personnel.savePosition', { id: position, versionId: adopted, responsibilityCode: '31101', title: 'Ändrad', employmentBp: 10000, monthlySalaryOre: 1, raiseBp: 0, poCategory: 'anstallda' }, ctx)],
      ['ta bort befattning', () => call('planning.personnel.deletePosition', { id: position }, ctx)],
      ['personalrader', () => call('planning.personnel.generate', { versionId: adopted }, ctx)],
      ['kopiera befattningar', () => call('planning.personnel.copy', { fromVersionId: draft, toVersionId: adopted }, ctx)],
      ['ny VF', () => call('planning.changes.save', { versionId: adopted, description: 'Ny', amountOre: -100, status: 'proposed' }, ctx)],
      ['ändrad VF', () => call('planning.changes.save', { id: change, versionId: adopted, description: 'Ändrad', amountOre: -100, status: 'decided' }, ctx)],
      ['ta bort VF', () => call('planning.changes.delete', { id: change }, ctx)],
      ['flytta VF', () => call('planning.changes.move', { id: change, direction: 'down' }, ctx)],
      ['koppla VF', () => call('planning.changes.link', { id: change, budgetLineId: line }, ctx)],
      ['rad för VF', () => call('planning.changes.createLine', { id: change, accountCode: '4010' }, ctx)],
      ['budgetrad', () => call('budget.lines.apply', { versionId: adopted, changes: [{ op: 'delete', id: line }] }, ctx)],
      ['ta bort version', () => call('budget.versions.delete', { id: adopted }, ctx)],
    ];
    for (const [what, attempt] of attempts) {
      await expect(attempt(), what).rejects.toThrow(/låst/);
    }
    expect(contentHash(file)).toBe(hash);
  });
});
