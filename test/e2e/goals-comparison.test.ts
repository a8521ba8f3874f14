import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';

/**
 * Issue 19 point 6, the Mål page: a styrtal's trend beside the comparison
 * group, the region and riket, by kön, with the values of the demo's Kolada
 * file (resources/demo/kolada-jamforelse.json), and the controller's choice
 * of comparison group, at 1366×768.
 */
describe('Mål › Kolada comparison in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-kolada-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowTexts = async (table: ReturnType<AppSession['page']['locator']>) => (await table.locator('tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const noSidewaysScroll = () => app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('shows a styrtal beside the kommungrupp, the region and riket per year, by kön; the controller changes the group to two kommuner', async () => {
    const page = app.page;
    await app.open('mal');
    await page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    await page.locator('[data-testid="goal-grid"] .ag-row[row-id="DM1.1.1"] .ag-cell[col-id="owner"]').click();
    const editor = page.getByTestId('goal-editor');
    await expect.poll(() => editor.locator('h2').innerText()).toMatch(/^DM1\.1\.1 /);
    const table = editor.getByRole('table', { name: 'Brukarbedömning hemtjänst, helhetssyn, totalt, per år' });
    await table.waitFor();
    const rows = await rowTexts(table);
    expect(rows[0]).toBe('År Kommunen Pendlingskommun nära mindre stad (SKR) Region Dalarna Riket');
    expect(rows.slice(-3)).toEqual(['2023 83 % 83,1 % 84,2 % 83,2 %', '2024 86 % 86,1 % 86,1 % 86,5 %', '2025 87 % 86,6 % 89 % 86,3 %']);
    expect(await editor.getByTestId('comparison-group').innerText()).toBe('Jämförelsegrupp: Pendlingskommun nära mindre stad (SKR).');
    // The own measurement beside it has no Kolada comparison, and is left out.
    expect(await editor.getByTestId('comparison-SN-HT-FOK').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'mal-jamforelse');
    expect(await noSidewaysScroll()).toBe(true);
    await app.screenshot('mal-jamforelse-1366');

    // Kön with the keyboard: the radio group moves with the arrow keys.
    const gender = editor.getByRole('group', { name: 'Kön för Brukarbedömning hemtjänst, helhetssyn' });
    await gender.getByRole('radio', { name: 'Totalt' }).focus();
    await page.keyboard.press('ArrowRight');
    const women = editor.getByRole('table', { name: 'Brukarbedömning hemtjänst, helhetssyn, kvinnor, per år' });
    await women.waitFor();
    expect((await rowTexts(women)).slice(-2)).toEqual(['2024 87,7 % 87,9 % 87,6 % 87,6 %', '2025 88,5 % 87,7 % 90,3 % 87,5 %']);
    // The controller chooses two kommuner, found by name and by id.
    const settings = page.getByTestId('comparison-settings');
    await settings.locator('summary').click();
    const form = settings.getByRole('form', { name: 'Jämförelse' });
    expect(await form.getByLabel('Kommunens Kolada-id (fyra siffror)').inputValue()).toBe('2083');
    await form.getByRole('radio', { name: 'valda kommuner (median)' }).check();
    await form.getByLabel('Sök kommun (namn eller id)').fill('vans');
    expect(await form.getByRole('checkbox').count()).toBe(1);
    await form.getByRole('checkbox', { name: 'Vansbro (2021)' }).check();
    await form.getByLabel('Sök kommun (namn eller id)').fill('2085');
    await form.getByRole('checkbox', { name: 'Ludvika (2085)' }).check();
    await expectNoSeriousA11yViolations(page, 'mal-jamforelse-val');
    expect(await noSidewaysScroll()).toBe(true);
    await form.getByLabel('Sök kommun (namn eller id)').press('Enter');
    await expect.poll(() => page.getByTestId('goal-message').innerText()).toBe('Jämförelsegruppen är sparad: median av Vansbro, Ludvika.');
    await expect.poll(() => settings.getByTestId('comparison-current').innerText()).toBe('Kommunens Kolada-id: 2083. Jämförelsegrupp: median av Vansbro, Ludvika. Regionen: Region Dalarna.');

    const total = editor.getByRole('table', { name: 'Brukarbedömning hemtjänst, helhetssyn, totalt, per år' });
    await editor.getByRole('group', { name: 'Kön för Brukarbedömning hemtjänst, helhetssyn' }).getByRole('radio', { name: 'Totalt' }).check();
    await expect.poll(async () => (await rowTexts(total))[0]).toBe('År Kommunen Median av 2 kommuner Region Dalarna Riket');
    // Vansbro 88, 91, 89 and Ludvika –, 92, 90: Ludvika did not report 2023, so that year is Vansbro's alone.
    expect((await rowTexts(total)).slice(-3)).toEqual(['2023 83 % 88 % (1 av 2) 84,2 % 83,2 %', '2024 86 % 91,5 % 86,1 % 86,5 %', '2025 87 % 89,5 % 89 % 86,3 %']);
    await editor.getByRole('group', { name: 'Kön för Brukarbedömning hemtjänst, helhetssyn' }).getByRole('radio', { name: 'Män' }).check();
    const men = editor.getByRole('table', { name: 'Brukarbedömning hemtjänst, helhetssyn, män, per år' });
    expect((await rowTexts(men)).slice(-1)).toEqual(['2025 85,5 % 87,6 % 87,7 % 85,1 %']);
    expect(ctx.db.sqlite.prepare("SELECT value FROM setting WHERE key = 'goals.comparison'").get()).toEqual({ value: JSON.stringify({ kind: 'kommuner', codes: ['2021', '2085'] }) });
    await expectNoSeriousA11yViolations(page, 'mal-jamforelse-median');
    expect(await noSidewaysScroll()).toBe(true);
    await app.screenshot('mal-jamforelse-median-1366');
    expect(app.problems).toEqual([]);
  }, 120_000);

  it('says plainly where a Kolada styrtal has no comparison values yet, and where to import them', async () => {
    ctx.db.sqlite.prepare("DELETE FROM indicator_comparison_value WHERE series_key = 'U21468'").run();
    await app.open('oversikt');
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    await app.page.locator('[data-testid="goal-grid"] .ag-row[row-id="DM1.1.1"] .ag-cell[col-id="owner"]').click();
    const item = app.page.getByTestId('goal-editor').getByTestId('comparison-U21468');
    await expect.poll(() => item.innerText()).toBe('Brukarbedömning hemtjänst, helhetssyn: Inga jämförelsevärden från Kolada än — importera en fil från Kolada under Mål › Import.');
    expect(await item.getByRole('table').count()).toBe(0);
    expect(await app.page.locator('details.goal-import summary').innerText()).toMatch(/^Import: /);
    await expectNoSeriousA11yViolations(app.page, 'mal-jamforelse-tom');
    expect(app.problems).toEqual([]);
  }, 60_000);
});
