import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import type { TestContext } from '../support/db';
import { openHostedTestContext } from '../support/hosted';
import { FIXTURES } from '../support/tmp';

/**
 * axe and the keyboard walk on Import (a preview with problems, an accepted
 * preview, the result, the batch history), Mål with the editor and its forms
 * open, and Inställningar with all its sections filled (backups listed, the
 * restore question open).
 */
describe('Import, Mål and Inställningar in their working states: accessible and keyboard operable', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-a11y-forms-'));
    const db = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', db, '--demo', '--year', '2026']).code).toBe(0);
    ctx = await openHostedTestContext(db);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function check(name: string) {
    await app.page.waitForFunction(() => !document.querySelector('main .loading'));
    await expectNoSeriousA11yViolations(app.page, name);
    await expectKeyboardOperable(app.page, name);
    await app.screenshot(`a11y-${name}`);
  }

  it('Import: a file with problems, a good preview with its mapping, the result and the batch history', async () => {
    ctx.dialogs.queue.push(path.join(FIXTURES, 'ledger', 'bad', 'fel-belopp.csv'));
    await app.open('import');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.getByTestId('problems').waitFor();
    await check('import-fel');

    ctx.dialogs.queue.push(path.join(FIXTURES, 'ledger', 'raindance-2026-03.csv'));
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await expect.poll(() => app.page.getByTestId('chosen-file').innerText()).toBe('raindance-2026-03.csv');
    await app.page.getByTestId('preview').waitFor();
    // The preview with what it replaces, its warnings and their confirmation.
    await app.page.getByTestId('import-warnings').waitFor();
    await check('import-forhandsgranskning');

    await app.page.getByTestId('confirm-warnings').check();
    await app.page.getByTestId('import-button').click();
    await app.page.getByTestId('import-result').waitFor();
    await app.page.locator('[data-testid="batch-history"] tbody tr').first().waitFor();
    await check('import-resultat');
    expect(app.problems).toEqual([]);
  });

  it('Mål with the editor open on an utkast, the chain forms and the styrtal import open', async () => {
    // The demo reported and locked the delårsrapport; opened again, its utkast can be written.
    const occasion = ctx.db.sqlite.prepare('SELECT id FROM reporting_occasion WHERE period = 202608').get() as { id: string };
    await invoke('followup.occasion.unlock', { id: occasion.id }, ctx);
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    await app.page.locator('[data-testid="goal-grid"] .ag-row[row-id="DM3.2.1"] .ag-cell[col-id="goal"]').click();
    const editor = app.page.getByTestId('goal-editor');
    await expect.poll(() => editor.locator('h2').innerText()).toMatch(/^DM3\.2\.1 /);
    await check('mal-redigera');

    await editor.getByTestId('goal-admin').locator('summary').click();
    await editor.getByTestId('goal-admin').getByRole('button', { name: /^Ny aktivitet under / }).click();
    await editor.getByRole('form', { name: 'Ny aktivitet' }).waitFor();
    await check('mal-nytt-mal');

    await app.page.getByText('Läs in styrtalsvärden').click();
    ctx.dialogs.queue.push(path.join(FIXTURES, 'goals', 'fel-varden.csv'));
    await app.page.locator('details.goal-import').getByRole('button', { name: 'Välj fil …' }).click();
    await app.page.locator('details.goal-import').getByRole('alert').waitFor();
    await check('mal-import-fel');
    expect(app.problems).toEqual([]);
  });

  it('Inställningar with every section, backups listed and the restore question open', async () => {
    await invoke('backup.create', {}, ctx);
    await app.open('installningar');
    await app.page.locator('[data-testid="backup-table"] tbody tr').first().waitFor();
    await app.page.getByTestId('identity').waitFor();
    await check('installningar-alla-delar');
    await app.page.locator('[data-testid="backup-table"] tbody tr').first().getByRole('button', { name: /Återställ säkerhetskopian/ }).click();
    await app.page.getByRole('alertdialog').waitFor();
    await check('installningar-aterstall-fraga');
    await app.page.getByRole('alertdialog').getByRole('button', { name: 'Avbryt' }).click();
    expect(app.problems).toEqual([]);
  });
});
