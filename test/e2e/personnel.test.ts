import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personnelFigures } from '../../electron/services/personnel/figures';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

/** Issue 19 point 3: the Personal section's editor shows the node's imported personnel figures with last year's beside. */
describe('personnel figures in Uppföljning › Texter in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-personnel-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the sektor’s Personal editor has its figures for the occasion’s month and the same month last year', async () => {
    const cal = await call('followup.calendar.get', {}, ctx);
    const occasion = cal.occasions.find((o) => o.lockedAt === null)!;
    const expected = personnelFigures(ctx.db, occasion.period).find((r) => r.code === '3100')!;
    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption(String(occasion.period));
    await app.page.getByRole('tab', { name: 'Texter', exact: true }).click();
    await app.page.getByTestId('text-cell-personnel-3100').click();
    const table = app.page.getByRole('table', { name: 'Personalsiffror 3100' });
    await table.waitFor();
    const row = (label: string) => table.getByRole('row').filter({ has: app.page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').allInnerTexts();
    const n = (v: number) => new Intl.NumberFormat('sv-SE').format(v);
    expect(await row('Antal anställda')).toEqual([n(expected.figures.employees!), n(expected.lastYear!.employees!)]);
    const pct = (bp: number) => `${new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bp / 100)} %`;
    expect(await row('Sjukfrånvaro')).toEqual([pct(expected.figures.sickBp!), pct(expected.lastYear!.sickBp!)]);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
