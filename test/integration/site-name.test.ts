import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setSite } from '../../electron/services/exchange/identity';
import { ensureBaseData, localSite } from '../../electron/services/setup';
import { openTestContext } from '../support/db';
import { tempDir } from '../support/tmp';

const user = os.userInfo().username;

describe('the installation is named after its user and role, not the computer', () => {
  it('a new database: "<user> (controller)", never the host name', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'a.db'));
    expect(localSite(ctx.db).name).toBe(`${user} (controller)`);
    expect(localSite(ctx.db).name).not.toBe(os.hostname());
    ctx.db.close();
  });

  it('a name nobody chose follows the role; a chosen one is kept', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'b.db'), { demo: true });
    setSite(ctx.db, { role: 'sektorchef', scope: '3100' }, ctx.now());
    expect(localSite(ctx.db).name).toBe(`${user} (sektorchef)`);
    setSite(ctx.db, { name: 'Anna Berg, äldreomsorgen' }, ctx.now());
    setSite(ctx.db, { role: 'controller', scope: null }, ctx.now());
    expect(localSite(ctx.db).name).toBe('Anna Berg, äldreomsorgen');
    ctx.db.close();
  });

  it('a database that an older version named after the host gets the person and role on opening', async () => {
    const ctx = await openTestContext(path.join(tempDir(), 'c.db'));
    ctx.db.sqlite.prepare('UPDATE site SET name = ? WHERE is_local = 1').run(os.hostname());
    ensureBaseData(ctx.db, ctx.now());
    expect(localSite(ctx.db).name).toBe(`${user} (controller)`);
    ctx.db.close();
  });
});
