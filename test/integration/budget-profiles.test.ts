import fc from 'fast-check';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyResult, BudgetGrid, LineChange, LineTuple, ProfileInfo } from '../../electron/api/features/budget';
import { invoke } from '../../electron/api/invoke';
import { Periodiser } from '../../electron/services/budget/periodisation';
import { naturalId } from '../../electron/services/ids';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

const linesOf = (g: BudgetGrid): LineTuple[] => JSON.parse(g.linesJson) as LineTuple[];

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('periodisation profiles and lines over a real database', () => {
  let ctx: TestContext;
  let file: string;
  let adopted: string;
  let draft: string;

  afterEach(() => ctx.db.close());

  beforeEach(async () => {
    file = path.join(tempDir(), 'p.db');
    ctx = await openTestContext(file, { demo: true });
    adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    draft = ((await invoke('budget.versions.create', { name: 'Arbete', kind: 'draft', basedOnId: adopted }, ctx)) as { id: string }).id;
  });

  it('property: for any year amount and any profile, including last year’s outcome of any kodsträng, the months sum exactly', async () => {
    const custom = (await invoke('budget.profiles.save', { name: 'Skola', weightsPpm: [100_000, 100_000, 100_000, 100_000, 100_000, 50_000, 0, 50_000, 100_000, 100_000, 100_000, 100_000] }, ctx)) as { id: string };
    const profiles = (await invoke('budget.profiles.list', {}, ctx)) as ProfileInfo[];
    expect(profiles.some((p) => p.id === custom.id)).toBe(true);
    const codings = (ctx.db.prepare('SELECT DISTINCT coding_id AS id FROM actual_balance').all() as { id: number }[]).map((r) => r.id);
    const p = new Periodiser(ctx.db, 2026);
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(...profiles.map((x) => x.id)), fc.constantFrom(...codings, null), (yearOre, profileId, codingId) => {
        const { months } = p.periodise(profileId, yearOre, codingId);
        expect(months).toHaveLength(12);
        expect(sum(months)).toBe(yearOre);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: any sequence of changes keeps every line consistent, and the returned totals are the database’s', async () => {
    const grid = (await invoke('budget.lines.list', { versionId: draft }, ctx)) as BudgetGrid;
    const ids = linesOf(grid).slice(0, 20).map((l) => l[0]);
    const profileIds = grid.profiles.map((x) => x.id);
    const ore = fc.integer({ min: -1e12, max: 1e12 });
    const change: fc.Arbitrary<LineChange> = fc.oneof(
      fc.record({ op: fc.constant('year' as const), id: fc.constantFrom(...ids), yearOre: ore }),
      fc.record({ op: fc.constant('month' as const), id: fc.constantFrom(...ids), month: fc.integer({ min: 1, max: 12 }), ore }),
      fc.record({ op: fc.constant('months' as const), id: fc.constantFrom(...ids), months: fc.array(ore, { minLength: 12, maxLength: 12 }) }),
      fc.record({ op: fc.constant('profile' as const), id: fc.constantFrom(...ids), profileId: fc.constantFrom(...profileIds) }),
      fc.record({ op: fc.constant('scale' as const), id: fc.constantFrom(...ids), ppm: fc.integer({ min: -1_000_000, max: 1_000_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 8 }), async (changes) => {
        const r = (await invoke('budget.lines.apply', { versionId: draft, changes }, ctx)) as ApplyResult;
        for (const t of r.rows) expect(sum(t.slice(7) as number[])).toBe(t[6]);
        const db = ctx.db.prepare('SELECT sum(year_ore) AS s FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(draft) as { s: number };
        expect(r.totals!.yearOre).toBe(db.s);
        expect(sum(r.totals!.months)).toBe(db.s);
      }),
      { numRuns: 40 },
    );
  });

  it('checks the weights of a custom profile, re-spreads its lines in unlocked versions when they change, and removes it only when unused', async () => {
    const hash = contentHash(file);
    await expect(invoke('budget.profiles.save', { name: 'Fel', weightsPpm: new Array(12).fill(80_000) }, ctx)).rejects.toThrow(/96 % men ska summera till exakt 100 %/);
    await expect(invoke('budget.profiles.save', { name: 'Jämn fördelning', weightsPpm: [1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, ctx)).rejects.toThrow(/redan en profil/);
    await expect(invoke('budget.profiles.save', { id: naturalId('profile', 'jamn'), name: 'Ny', weightsPpm: [1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, ctx)).rejects.toThrow(/inbyggda/);
    expect(contentHash(file)).toBe(hash);

    // An empty draft: the new lines are kodsträngar of their own (one line per kodsträng in a version).
    const empty = ((await invoke('budget.versions.create', { name: 'Tom', kind: 'draft', basedOnId: null }, ctx)) as { id: string }).id;
    const jan = (await invoke('budget.profiles.save', { name: 'Allt i januari', weightsPpm: [1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, ctx)) as { id: string };
    const made = (await invoke('budget.lines.apply', { versionId: empty, changes: [{ op: 'create', account: '4010', responsibility: '31101', yearOre: 1200, profileId: jan.id }] }, ctx)) as ApplyResult;
    const id = made.created[0]!;
    expect(made.rows[0]!.slice(7)).toEqual([1200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // A manual line on the same profile keeps its months.
    const manual = (await invoke('budget.lines.apply', { versionId: empty, changes: [{ op: 'create', account: '4020', responsibility: '31101', yearOre: 10, profileId: jan.id }, { op: 'create', account: '4030', responsibility: '31101', yearOre: 0, profileId: jan.id }] }, ctx)) as ApplyResult;
    await invoke('budget.lines.apply', { versionId: empty, changes: [{ op: 'month', id: manual.created[0]!, month: 12, ore: 5 }] }, ctx);

    const saved = (await invoke('budget.profiles.save', { id: jan.id, name: 'Jan och dec', weightsPpm: [500_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500_000] }, ctx)) as { respreadLines: number };
    expect(saved.respreadLines).toBe(2);
    const row = ctx.db.prepare('SELECT m01_ore, m12_ore, year_ore FROM budget_line WHERE id = ?').get(id);
    expect(row).toEqual({ m01_ore: 600, m12_ore: 600, year_ore: 1200 });
    const kept = ctx.db.prepare('SELECT m01_ore, m12_ore, manual FROM budget_line WHERE id = ?').get(manual.created[0]!);
    expect(kept).toEqual({ m01_ore: 10, m12_ore: 5, manual: 1 });

    await expect(invoke('budget.profiles.delete', { id: jan.id }, ctx)).rejects.toThrow(/används av 3 budgetrader/);
    await expect(invoke('budget.profiles.delete', { id: naturalId('profile', 'jamn') }, ctx)).rejects.toThrow(/inbyggda/);
    await invoke('budget.lines.apply', { versionId: empty, changes: made.created.concat(manual.created).map((x) => ({ op: 'delete' as const, id: x })) }, ctx);
    await invoke('budget.profiles.delete', { id: jan.id }, ctx);
    const list = (await invoke('budget.profiles.list', {}, ctx)) as ProfileInfo[];
    expect(list.some((p) => p.id === jan.id)).toBe(false);
  });
});
