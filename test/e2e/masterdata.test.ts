import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { runCliJson } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { FIXTURES } from '../support/tmp';

const fixture = (name: string) => path.join(FIXTURES, 'masterdata', name);

/** A fresh, empty database (as Arkiv › Ny databas makes one) with the app open on it. */
async function emptyApp(dir: string, name: string): Promise<{ file: string; ctx: TestContext; app: AppSession }> {
  const file = path.join(dir, name);
  const ctx = await openTestContext(file);
  return { file, ctx, app: await launchApp(ctx) };
}

describe('Grunddata on the Import page in Chromium', () => {
  let dir: string;
  const open: { ctx: TestContext; app: AppSession }[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-masterdata-'));
  });

  afterAll(async () => {
    for (const o of open) {
      await o.app.close();
      o.ctx.db.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks a kontoplan and an organisation file, refuses bad ones by row and column, and reads in good ones', async () => {
    const { file, ctx, app } = await emptyApp(dir, 'grunddata.db');
    open.push({ ctx, app });
    const count = (table: string) => (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    await app.open('import');
    const section = app.page.getByTestId('masterdata');
    await section.waitFor();

    // Kontoplan, chosen with the keyboard: the radio group moves with the arrow keys.
    await section.getByLabel('Organisation (ansvar)').focus();
    await app.page.keyboard.press('ArrowDown');
    expect(await section.getByLabel('Kontoplan').isChecked()).toBe(true);

    // A bad file: every problem with its row and column, and nothing changed.
    const before = contentHash(file);
    ctx.dialogs.queue.push(fixture('konto-fel.csv'));
    await section.getByRole('button', { name: 'Välj grunddatafil …' }).press('Enter');
    const alert = section.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/konto-fel\.csv: 5 fel, inget har ändrats/);
    const text = await alert.innerText();
    for (const where of ['rad 2, kolumn Konto (A)', 'rad 3, kolumn Grupp (C)', 'rad 4, kolumn Namn (B)', 'rad 6, kolumn Konto (A)']) expect(text).toContain(where);
    expect(await section.getByTestId('masterdata-apply').count()).toBe(0);
    // The failed task's progress bar is gone.
    await expect.poll(() => app.page.locator('.progress').count()).toBe(0);
    expect(contentHash(file)).toBe(before);
    await app.screenshot('import-grunddata-fel');

    // A good file: checked first (8 rows, of which 1930 is a balance account and skipped), then read in.
    ctx.dialogs.queue.push(fixture('kontoplan-utf8bom.csv'));
    await section.getByRole('button', { name: 'Välj grunddatafil …' }).click();
    await expect.poll(() => section.getByTestId('masterdata-check').innerText()).toMatch(/7 konton: 7 nya, 0 ändrade, 0 oförändrade\. Inget är sparat ännu/);
    expect(await section.getByTestId('masterdata-check').innerText()).toMatch(/1 balanskonton/);
    expect(contentHash(file)).toBe(before);
    await section.getByRole('button', { name: 'Läs in 7 konton från kontoplan-utf8bom.csv' }).click();
    await expect.poll(() => section.getByTestId('masterdata-done').innerText()).toMatch(/kontoplan-utf8bom\.csv är inläst/);
    expect(count('account')).toBe(7);

    // Organisation: a cycle is refused and changes nothing; the Raindance export (9 ansvar) is read in.
    await section.getByLabel('Organisation (ansvar)').check();
    const beforeOrg = contentHash(file);
    ctx.dialogs.queue.push(fixture('org-cirkel.csv'));
    await section.getByRole('button', { name: 'Välj grunddatafil …' }).click();
    await expect.poll(() => alert.innerText()).toMatch(/org-cirkel\.csv: 1 fel, inget har ändrats\. rad \d, kolumn Överordnad \(C\): hierarkin går i cirkel/);
    expect(contentHash(file)).toBe(beforeOrg);
    ctx.dialogs.queue.push(fixture('organisation-raindance.csv'));
    await section.getByRole('button', { name: 'Välj grunddatafil …' }).click();
    await section.getByRole('button', { name: 'Läs in 9 ansvar från organisation-raindance.csv' }).click();
    await expect.poll(() => section.getByTestId('masterdata-done').innerText()).toMatch(/9 ansvar: 9 nya/);
    expect(count('dimension_value')).toBe(9);
    // The database is no longer empty, so the demo is no longer offered.
    expect(await section.getByTestId('demo-generate').count()).toBe(0);
    await app.screenshot('import-grunddata');
    await expectNoSeriousA11yViolations(app.page, 'import-grunddata');
    await expectKeyboardOperable(app.page, 'import-grunddata');
    expect(app.problems).toEqual([]);
  });

  it('fills an empty database with the demo förvaltning, as the CLI counts it', async () => {
    const { file, ctx, app } = await emptyApp(dir, 'tom.db');
    open.push({ ctx, app });
    // Översikt on an empty database says where to begin, and its link leads there.
    await app.open('oversikt');
    const hint = app.page.getByTestId('overview-empty');
    await expect.poll(() => hint.innerText()).toMatch(/ingen organisation ännu/);
    await app.screenshot('oversikt-tom');
    await hint.getByRole('link', { name: 'Import › Grunddata' }).click();
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Import');
    await app.page.getByTestId('demo-generate').click();
    await expect.poll(() => app.page.getByTestId('masterdata-done').innerText(), { timeout: 30_000 }).toMatch(/Demoförvaltningen är skapad/);
    const s = runCliJson<Summary>(['summary', '--db', file]);
    expect(s.units).toBeGreaterThanOrEqual(50);
    // Counts as Swedish writes them: a space between thousands ("1 008 budgetrader").
    const n = (x: number) => new Intl.NumberFormat('sv-SE').format(x);
    expect(s.budgetLines).toBeGreaterThanOrEqual(1000);
    expect(await app.page.getByTestId('masterdata-done').innerText()).toBe(
      `Demoförvaltningen är skapad: ${n(s.units)} enheter, ${n(s.accounts)} konton, ${n(s.budgetLines)} budgetrader och utfall för ${n(s.periods)} perioder.`,
    );
    expect(await app.page.getByTestId('demo-generate').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
