import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeviationRow } from '../../electron/api/features/followup';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';

/**
 * Issue 15, part 4: a prognos is typed in the unit the page shows (tkr on
 * the tkr page, kr on the kr page), in labelled fields, and Enter sets it;
 * the amount reaches the database exactly, to the öre.
 */
describe('entering a prognos on Uppföljning', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;
  let sector: CliDeviationRow;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-forecast-'));
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    sector = runCliJson<CliDeviationRow[]>(['deviations', '--db', db, '--period', '202610']).find((r) => r.level === 'sector')!;
    ctx = await openTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function personnelForecast(): Promise<{ forecast: number | null; source: string }> {
    const view = await call('followup.deviations.get', { period: 202610 }, ctx);
    const detail = await call('followup.forecast.get', { occasionId: view.forecastOccasion!.id, code: sector.code }, ctx);
    const g = detail.groups.find((x) => x.group === 'personnel')!;
    return { forecast: g.forecast, source: g.source };
  }

  it('takes tkr on the tkr page and kr on the kr page, exactly, with Enter', async () => {
    await app.open('uppfoljning');
    const cell = app.page.locator(`[data-testid="deviation-grid"] .ag-row[row-id="n:${sector.code}"] .ag-cell[col-id="budgetYear"]`);
    await cell.waitFor();
    await cell.click();
    const panel = app.page.getByTestId('node-panel');
    await panel.getByRole('tab', { name: 'Prognos' }).click();
    await expect.poll(() => panel.getByRole('heading', { name: 'Sätt prognos för hand (tkr)' }).count()).toBe(1);

    // The page shows tkr: the field is labelled so and reads tkr.
    const field = panel.getByLabel('Personalkostnader, tkr');
    await field.fill('12 345,67891');
    await field.press('Enter');
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/^Prognos för personalkostnader satt till 12\s346 tkr\.$/);
    expect(await personnelForecast()).toEqual({ forecast: 1_234_567_891, source: 'set' });

    // A fraction of an öre is no amount: said in words, nothing saved.
    await panel.getByLabel('Personalkostnader, tkr').fill('1,000001');
    await panel.getByLabel('Personalkostnader, tkr').press('Enter');
    await expect.poll(() => panel.locator('.banner, [role="alert"]').first().innerText()).toMatch(/"1,000001" är inget belopp i tkr/);
    expect((await personnelForecast()).forecast).toBe(1_234_567_891);

    // On the kr page the same field takes kronor.
    await app.page.getByRole('radio', { name: 'kr', exact: true }).check();
    const krField = panel.getByLabel('Personalkostnader, kr');
    await krField.fill('1 000 000,50');
    await krField.press('Enter');
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/^Prognos för personalkostnader satt till 1\s000\s001 kr\.$/);
    expect(await personnelForecast()).toEqual({ forecast: 100_000_050, source: 'set' });
    await app.screenshot('prognos-for-hand');
    expect(app.problems).toEqual([]);
  });
});
