import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';

/**
 * The pages keep their state for the session (issue 15, part 3): leaving a
 * page through the menu and coming back, or switching tabs, finds the
 * version, the filters and the undo steps as they were.
 */
describe('the page keeps its state in Chromium', () => {
  let dir: string;
  let ctx: TestContext;
  let app: AppSession;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-state-'));
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Through the app's own menu (a hash change), not a new page load: a reload starts a new session.
  const menu = (name: string) => app.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name, exact: true }).click();
  const grid = () => app.page.getByTestId('lines-grid');
  const versionText = () => app.page.locator('.version-select select').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? '');
  const toolbar = () => app.page.getByRole('toolbar', { name: 'Budgetrader' });
  const tab = (name: string) => app.page.getByRole('tab', { name, exact: true }).click();
  const yearOf = (id: string) => (ctx.db.prepare('SELECT year_ore AS y FROM budget_line WHERE id = ?').get(id) as { y: number }).y;

  it('Budget: a working version, a filter and an undo step survive a visit to Uppföljning and a tab switch, and the step can still be undone', async () => {
    const page = app.page;
    await app.open('budget');
    await page.getByRole('button', { name: 'Skapa arbetsversion utifrån den här' }).click();
    await expect.poll(versionText, { timeout: 15_000 }).toMatch(/Arbetsversion utifrån Budget 2026/);
    await grid().locator('.ag-row').first().waitFor();
    // The draft's grid, whole: Ny rad is there only when the lines can be changed (not the locked version's, not while the rest of a big version is on its way).
    await toolbar().getByRole('button', { name: /^Ny rad/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('main .loading').count(), { timeout: 15_000 }).toBe(0);

    // One step to undo: a year amount typed in the grid.
    const first = grid().locator('.ag-row[row-index="0"]').first();
    const editing = grid().locator('.ag-cell-inline-editing');
    await first.locator('.ag-cell[col-id="year"]').click();
    await page.keyboard.press('F2');
    await editing.waitFor();
    // The line being edited, read from the row that holds the editor.
    const id = (await editing.evaluate((el) => el.closest('.ag-row')!.getAttribute('row-id')))!;
    const before = yearOf(id);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4711');
    await page.keyboard.press('Enter');
    await expect.poll(async () => `${await page.getByTestId('lines-status').innerText()}${(await page.getByTestId('lines-errors').allInnerTexts()).join('')}`, { timeout: 15_000 }).toMatch(/Ändra årsbelopp: sparat/);
    await expect.poll(() => yearOf(id)).toBe(471_100);
    // Then a filter (typing in the grid right while it draws the filtered rows again can lose the keystroke).
    await toolbar().getByRole('button', { name: /^Urval/ }).click();
    await page.locator('#filter-sector').selectOption('3200');
    await expect.poll(() => page.getByTestId('lines-totals').innerText()).toMatch(/^Urval/);

    const filtered = await page.getByTestId('lines-totals').innerText();

    const unchanged = async () => {
      await grid().locator('.ag-row').first().waitFor();
      expect(await versionText()).toMatch(/Arbetsversion utifrån Budget 2026/);
      await toolbar().getByRole('button', { name: /^Urval/ }).waitFor();
      expect(await page.locator('#filter-sector').inputValue()).toBe('3200');
      await expect.poll(() => page.getByTestId('lines-totals').innerText()).toBe(filtered);
      expect(await toolbar().getByRole('button', { name: /^Ångra/ }).innerText()).toBe('Ångra: Ändra årsbelopp');
    };

    await menu('Uppföljning');
    await page.getByTestId('deviation-grid').locator('.ag-row').first().waitFor();
    await menu('Budget');
    await unchanged();

    await tab('Versioner');
    await expect.poll(() => page.getByRole('tab', { name: 'Versioner', exact: true }).getAttribute('aria-selected')).toBe('true');
    await tab('Budgetrader');
    await unchanged();

    await toolbar().getByRole('button', { name: /^Ångra/ }).click();
    await expect.poll(() => page.getByTestId('lines-status').innerText(), { timeout: 15_000 }).toMatch(/Ångrade: Ändra årsbelopp/);
    await expect.poll(() => yearOf(id)).toBe(before);
    expect(app.problems).toEqual([]);
  });

  it('Uppföljning: the period, a search and the view survive a visit to Budget', async () => {
    const page = app.page;
    await menu('Uppföljning');
    await page.getByTestId('deviation-grid').locator('.ag-row').first().waitFor();
    const periods = await page.getByTestId('period-select').locator('option').evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value));
    const other = periods[2]!;
    await page.getByTestId('period-select').selectOption(other);
    await page.getByLabel('Sök ansvar').fill('3210');
    await page.getByLabel('Största avvikelser').check();
    const count = page.getByTestId('visible-count');
    await expect.poll(() => count.innerText()).toMatch(/rader visas/);
    const shown = await count.innerText();

    await menu('Budget');
    await grid().locator('.ag-row').first().waitFor();
    await menu('Uppföljning');
    await page.getByTestId('deviation-grid').locator('.ag-row').first().waitFor();
    expect(await page.getByTestId('period-select').inputValue()).toBe(other);
    expect(await page.getByLabel('Sök ansvar').inputValue()).toBe('3210');
    expect(await page.getByLabel('Största avvikelser').isChecked()).toBe(true);
    await expect.poll(() => count.innerText()).toBe(shown);
    expect(app.problems).toEqual([]);
  });
  it('Budgetrader: the columns chosen and moved with Kolumner stay so after the window is loaded again, and Återställ puts the grid’s own back', async () => {
    const page = app.page;
    const headers = () => grid().locator('.ag-header-cell[col-id]').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('col-id')!, x: e.getBoundingClientRect().left })).sort((a, b) => a.x - b.x).map((e) => e.id));
    await menu('Budget');
    await grid().locator('.ag-row').first().waitFor();
    await toolbar().getByRole('button', { name: 'Kolumner' }).click();
    const chooser = page.getByRole('region', { name: 'Kolumner' });
    const saved = () => {
      const row = ctx.db.prepare("SELECT value FROM setting WHERE key = 'ui.grids'").get() as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as Record<string, { id: string; hidden: boolean }[]>)['budget.lines'] : undefined;
    };
    await chooser.getByRole('checkbox', { name: 'Manuell', exact: true }).uncheck();
    await expect.poll(() => saved()?.find((c) => c.id === 'manual')?.hidden).toBe(true);
    await expect.poll(headers).not.toContain('manual');
    // Profil one step left: it changes place with the column before it.
    const before = saved()!.map((c) => c.id);
    const at = before.indexOf('profile');
    const expected = [...before.slice(0, at - 1), 'profile', before[at - 1]!, ...before.slice(at + 1)];
    await chooser.getByRole('button', { name: 'Flytta Profil åt vänster' }).click();
    await expect.poll(() => saved()!.map((c) => c.id)).toEqual(expected);
    const order = await headers();
    await page.reload();
    await page.getByRole('tab', { name: 'Budgetrader', exact: true }).waitFor();
    await page.locator('.version-select select').selectOption({ label: (await page.locator('.version-select option', { hasText: 'Arbetsversion utifrån' }).first().innerText()).trim() });
    await grid().locator('.ag-row').first().waitFor();
    await expect.poll(headers).toEqual(order);

    await toolbar().getByRole('button', { name: 'Kolumner' }).click();
    await page.getByRole('region', { name: 'Kolumner' }).getByRole('button', { name: 'Återställ kolumnerna' }).click();
    await expect.poll(saved).toBeUndefined();
    expect(await page.getByRole('region', { name: 'Kolumner' }).getByRole('checkbox', { name: 'Manuell', exact: true }).isChecked()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
