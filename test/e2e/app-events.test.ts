import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { FIXTURES } from '../support/tmp';

/** The shell's menu commands and opened packages, as the page receives them (window.ramkoll.onAppEvent). */
describe('app events from the shell reach the page', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-events-'));
    const file = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
    ctx = await openTestContext(file);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Ångra and Gör om (Ctrl+Z, Ctrl+Y in the menu) undo and redo typing in a field when the page has no undo of its own', async () => {
    await app.open('installningar');
    const field = app.page.getByLabel('Kommun', { exact: true });
    await expect.poll(() => field.inputValue()).toBe('Exempelby kommun');
    await field.click();
    await field.press('End');
    await field.pressSequentially(' Norra');
    expect(await field.inputValue()).toBe('Exempelby kommun Norra');
    await app.sendAppEvent({ type: 'undo' });
    expect(await field.inputValue()).toBe('Exempelby kommun');
    await app.sendAppEvent({ type: 'redo' });
    expect(await field.inputValue()).toBe('Exempelby kommun Norra');
  });

  it('Skriv ut (Ctrl+P) prints the page when the page has no report to print', async () => {
    await app.open('oversikt');
    await app.page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'ja');
    });
    await app.sendAppEvent({ type: 'print' });
    expect(await app.page.locator('body').getAttribute('data-printed')).toBe('ja');
  });

  it('a double-clicked .ramkoll package takes the app to Utbyte', async () => {
    await app.open('oversikt');
    await app.sendAppEvent({ type: 'open-package', file: { ref: 'fil:00000000-0000-4000-8000-000000000000', name: 'sektor-3100.ramkoll' } });
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Utbyte');
    expect(app.page.url()).toMatch(/#\/utbyte$/);
    expect(app.problems).toEqual([]);
  });

  it('a file dropped anywhere on the window goes where it belongs: a ledger export to Import, a package to Utbyte; another kind gets a message', async () => {
    const before = contentHash(path.join(dir, 'demo.db'));
    const drop = async (name: string, text: string) => {
      const dataTransfer = await app.page.evaluateHandle(
        ([n, t]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([t!], n!));
          return dt;
        },
        [name, text],
      );
      // On the page's heading: no drop zone of a page is there.
      await app.page.locator('main h1').dispatchEvent('drop', { dataTransfer });
    };

    await app.open('oversikt');
    await drop('bild.png', 'inte en utfallsfil');
    await expect.poll(() => app.page.getByTestId('drop-problem').innerText()).toMatch(/^bild\.png kan inte öppnas här\. Släpp en utfallsfil \(CSV, text, Excel eller SIE\).*ett \.ramkoll-paket/);
    expect(app.page.url()).toMatch(/#\/oversikt$/);

    await drop('raindance-2026-03.csv', fs.readFileSync(path.join(FIXTURES, 'ledger', 'raindance-2026-03.csv'), 'latin1'));
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Import');
    await expect.poll(() => app.page.getByTestId('chosen-file').innerText()).toBe('raindance-2026-03.csv');
    await app.page.getByTestId('preview').waitFor();
    expect(await app.page.getByTestId('drop-problem').count()).toBe(0);

    await drop('trasigt.ramkoll', 'inte ett paket');
    await expect.poll(() => app.page.locator('main h1').innerText()).toBe('Utbyte');
    await app.page.getByText(/trasigt\.ramkoll: filen är inget Ramkoll-paket/).waitFor();
    await app.screenshot('slappt-paket');
    // Previews only: nothing was read in.
    expect(contentHash(path.join(dir, 'demo.db'))).toBe(before);
    expect(app.problems).toEqual([]);
  });
});
