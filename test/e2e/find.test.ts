import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';

/** Redigera › Sök (Ctrl+F) puts the focus in the page's own search or filter field (marked data-find). */
describe('Sök (Ctrl+F) in Chromium goes to the search field of the page', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-find-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx);
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What has the focus: its label text as a screen reader would take it, and its value. */
  const focused = () =>
    app.page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | HTMLSelectElement | null;
      if (!el || el === document.body) return null;
      return { tag: el.tagName.toLowerCase(), label: el.getAttribute('aria-label') ?? el.closest('label')?.textContent?.trim() ?? '', find: el.hasAttribute('data-find'), value: el.value };
    });

  it('Budgetrader: the kodsträng search, and typing there filters the lines', async () => {
    await app.open('budget');
    await app.page.getByTestId('lines-grid').locator('.ag-row').first().waitFor({ timeout: 15_000 });
    await app.page.getByTestId('lines-grid').locator('.ag-row .ag-cell[col-id="year"]').first().click();
    await app.sendAppEvent({ type: 'find' });
    expect(await focused()).toMatchObject({ tag: 'input', label: 'Sök', find: true });
    await app.page.keyboard.type('Solgården');
    await expect.poll(() => app.page.getByTestId('lines-totals').innerText()).toMatch(/^Urval/);
    expect(app.problems).toEqual([]);
  });

  it('Uppföljning: "Sök ansvar"', async () => {
    await app.open('uppfoljning');
    await app.page.getByLabel('Sök ansvar').waitFor({ timeout: 15_000 });
    await app.sendAppEvent({ type: 'find' });
    expect(await focused()).toMatchObject({ tag: 'input', label: 'Sök ansvar', find: true });
    expect(app.problems).toEqual([]);
  });

  it('Mål: the ansvar filter', async () => {
    await app.open('mal');
    await app.page.getByRole('group', { name: 'Filter' }).waitFor({ timeout: 15_000 });
    await app.sendAppEvent({ type: 'find' });
    const f = await focused();
    expect(f).toMatchObject({ tag: 'select', find: true, value: '' });
    expect(f!.label).toMatch(/^Ansvar/);
    expect(app.problems).toEqual([]);
  });
});
