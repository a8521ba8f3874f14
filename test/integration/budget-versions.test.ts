import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { newId } from '../../electron/services/ids';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('budget.versions.list', () => {
  it('lists the year’s versions with the current (adopted) one first and its line count', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'v.db'), { demo: true });
    const at = ctx.now().toISOString();
    ctx.db.run(
      ctx.db.q.insertInto('budget_version').values({
        id: newId(),
        year: 2026,
        name: 'Arbetsversion',
        kind: 'draft',
        based_on_id: null,
        decision_ref: null,
        locked_at: null,
        created_at: at,
        updated_at: at,
        updated_by_site: ctx.site.id,
        deleted_at: null,
      }),
    );
    const versions = (await invoke('budget.versions.list', {}, ctx)) as { name: string; kind: string; current: boolean; lines: number; lockedAt: string | null }[];
    expect(versions.map((v) => [v.name, v.kind, v.current])).toEqual([
      ['Budget 2026', 'adopted', true],
      ['Arbetsversion', 'draft', false],
    ]);
    const lines = (ctx.db.prepare('SELECT count(*) AS n FROM budget_line').get() as { n: number }).n;
    expect(versions[0]!.lines).toBe(lines);
    expect(versions[0]!.lockedAt).not.toBeNull();
    expect(versions[1]!.lines).toBe(0);
    expect(await invoke('budget.versions.list', { year: 2030 }, ctx)).toEqual([]);
    ctx.db.close();
  });
});

describe('budget.versions.years', () => {
  it('lists every year that has a live version, and the active year even without one, with the number of versions', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'y.db'), { demo: true });
    expect(await invoke('budget.versions.years', {}, ctx)).toEqual({ active: 2026, years: [{ year: 2026, versions: 1 }] });
    const next = (await invoke('budget.versions.create', { year: 2028, name: 'Budget 2028', kind: 'draft', basedOnId: null }, ctx)) as { id: string };
    await invoke('budget.versions.create', { year: 2028, name: 'Skiss 2028', kind: 'draft', basedOnId: null }, ctx);
    expect(await invoke('budget.versions.years', {}, ctx)).toEqual({
      active: 2026,
      years: [
        { year: 2026, versions: 1 },
        { year: 2028, versions: 2 },
      ],
    });
    // A removed version no longer counts; the active year is listed even when it has none.
    await invoke('budget.versions.delete', { id: next.id }, ctx);
    ctx.db.run(ctx.db.q.updateTable('setting').set({ value: '2030' }).where('key', '=', 'year.active'));
    expect(await invoke('budget.versions.years', {}, ctx)).toEqual({
      active: 2030,
      years: [
        { year: 2026, versions: 1 },
        { year: 2028, versions: 1 },
        { year: 2030, versions: 0 },
      ],
    });
    ctx.db.close();
  });
});
