import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeEnveloped } from '../../electron/api/invoke';
import { call as invoke } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { tempDir } from '../support/tmp';

describe('the columns chosen per grid (settings.grids.*)', () => {
  let ctx: TestContext;
  let file: string;
  beforeAll(async () => {
    file = path.join(tempDir(), 'grids.db');
    ctx = await openTestContext(file);
  });

  it('starts with no choice, saves one grid’s columns, keeps them after the database is opened again, and puts the grid’s own back with null', async () => {
    expect(await invoke('settings.grids.get', {}, ctx)).toEqual({});
    const columns = [
      { id: 'name', hidden: false, width: 240 },
      { id: 'commentShort', hidden: false },
      { id: 'actualAccLastYear', hidden: true },
    ];
    expect(await invoke('settings.grids.set', { grid: 'followup.deviations', columns }, ctx)).toEqual({ 'followup.deviations': columns });
    await invoke('settings.grids.set', { grid: 'budget.lines', columns: [{ id: 'm1', hidden: true }] }, ctx);
    ctx.db.close();
    ctx = await openTestContext(file);
    const again = await invoke('settings.grids.get', {}, ctx);
    expect(again['followup.deviations']).toEqual(columns);
    expect(again['budget.lines']).toEqual([{ id: 'm1', hidden: true }]);
    expect(await invoke('settings.grids.set', { grid: 'followup.deviations', columns: null }, ctx)).toEqual({ 'budget.lines': [{ id: 'm1', hidden: true }] });
  });

  it('refuses a grid it does not know and a column that is no column id, and changes nothing', async () => {
    const before = await invoke('settings.grids.get', {}, ctx);
    expect(await invokeEnveloped('settings.grids.set', { grid: 'other.grid', columns: [] }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invokeEnveloped('settings.grids.set', { grid: 'budget.lines', columns: [{ id: '<script>', hidden: false }] }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invokeEnveloped('settings.grids.set', { grid: 'budget.lines', columns: [{ id: 'm1', hidden: false, width: 5 }] }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('settings.grids.get', {}, ctx)).toEqual(before);
  });
});
