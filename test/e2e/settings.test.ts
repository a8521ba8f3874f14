import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../electron/api/contract/index';
import type { BackupList } from '../../electron/api/features/system';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, type TestContext } from '../support/db';
import { openHostedTestContext } from '../support/hosted';
import { tempDir } from '../support/tmp';

/** Independent of the app's own formatting: round half away from zero to whole tkr. */
const tkr = (ore: number) => (ore < 0 ? -Math.round(-ore / 100_000) : Math.round(ore / 100_000));

describe('Inställningar in Chromium', () => {
  let app: AppSession;
  let ctx: TestContext;
  let file: string;
  let dir: string;

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and this file lives for the whole suite.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-settings-'));
    file = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
    ctx = await openHostedTestContext(file);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sectorActuals(codes: string[]): Promise<Record<string, number>> {
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    const out: Record<string, number> = {};
    for (const code of codes) {
      out[code] = shownNumber(await app.page.locator(`[data-testid="overview-grid"] .ag-row[row-id="${code}"] .ag-cell[col-id="actualAcc"]`).innerText());
    }
    return out;
  }

  it('saves the names and the active year, and Översikt shows them', async () => {
    await app.open('installningar');
    const kommun = app.page.getByLabel('Kommun', { exact: true });
    await expect.poll(() => kommun.inputValue()).toBe('Exempelby kommun');
    await kommun.fill('Provstads kommun');
    await app.page.getByLabel('Förvaltning', { exact: true }).fill('Omsorgsförvaltningen');
    await app.page.getByRole('region', { name: 'Allmänt' }).getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => app.page.getByRole('status').filter({ hasText: 'sparade' }).count()).toBe(1);
    await app.open('oversikt');
    await expect.poll(() => app.page.locator('.facts').innerText()).toContain('Omsorgsförvaltningen, Provstads kommun');

    // An empty name is refused with a message, and nothing is saved.
    await app.open('installningar');
    const before = contentHash(file);
    await app.page.getByLabel('Nämnd', { exact: true }).fill('');
    await app.page.getByRole('region', { name: 'Allmänt' }).getByRole('button', { name: 'Spara' }).click();
    // The browser's own required-field check stops the form first; the value stays unsaved.
    expect(await app.page.getByLabel('Nämnd', { exact: true }).evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(contentHash(file)).toBe(before);
    expect(app.problems).toEqual([]);
  });

  it('restores a backup from the list and Översikt shows the restored figures', async () => {
    // The figures as they are when the backup is taken, read by the CLI from a copy of the file.
    const copy = path.join(tempDir(), 'copy.db');
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, copy);
    const original = runCliJson<Summary>(['summary', '--db', copy]);

    await app.open('installningar');
    await app.page.getByRole('button', { name: 'Ta en säkerhetskopia nu' }).click();
    await expect.poll(() => app.page.getByTestId('backup-status').innerText()).toMatch(/är sparad/);
    const list = runCliJson<BackupList>(['backup', 'list', '--db', file]);
    const manual = list.backups.find((b) => b.reason === 'Manuell säkerhetskopia')!;
    expect(manual).toBeDefined();

    // Something changes the outcome afterwards (as a bad import would): every sektor's utfall doubles.
    ctx.db.sqlite.exec('UPDATE actual_balance SET amount_ore = amount_ore * 2');
    const changed = await sectorActuals(original.sectors.map((s) => s.code));
    for (const s of original.sectors) expect(changed[s.code], s.code).toBe(tkr(2 * s.actualAcc));

    await app.open('installningar');
    await app.page.waitForSelector('[data-testid="backup-table"]');
    await expectNoSeriousA11yViolations(app.page, 'installningar');
    await app.page.locator(`tr[data-backup="${manual.name}"]`).getByRole('button', { name: /Återställ säkerhetskopian/ }).click();
    const confirm = app.page.getByRole('alertdialog');
    await expect.poll(() => confirm.innerText()).toMatch(/Det nuvarande läget sparas först/);
    // Focus is on the confirming button, so Enter restores.
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Återställ');
    await expectNoSeriousA11yViolations(app.page, 'installningar-bekrafta');
    await app.screenshot('installningar-aterstall');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByTestId('backup-status').innerText(), { timeout: 20_000 }).toMatch(/är återställd.*Läget före återställningen/);
    await app.screenshot('installningar');

    const restored = await sectorActuals(original.sectors.map((s) => s.code));
    for (const s of original.sectors) expect(restored[s.code], s.code).toBe(tkr(s.actualAcc));
    // The list now holds the safety backup of the doubled state too.
    const after = runCliJson<BackupList>(['backup', 'list', '--db', file]);
    expect(after.backups.some((b) => b.reason === 'Före återställning av en säkerhetskopia')).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('is usable with the keyboard alone', async () => {
    await app.open('installningar');
    await app.page.waitForSelector('[data-testid="backup-table"]');
    await expectKeyboardOperable(app.page, 'installningar');
  });
});
