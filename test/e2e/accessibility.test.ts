import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { runCli } from '../support/cli';
import { openTestContext, type TestContext } from '../support/db';

/**
 * axe-core and a keyboard walk on every page the main menu reaches, and on
 * every tab of pages that have tabs. The pages are read from the menu
 * itself, so a page added later is covered without changing this test.
 */
describe('every page is accessible (axe: no serious or critical violation) and keyboard operable', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-a11y-'));
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

  it('on each page of the main menu and each of its tabs', async () => {
    await app.open('oversikt');
    const links = await app.page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.replace('#/', '')));
    expect(links.length).toBeGreaterThanOrEqual(7);
    for (const id of links) {
      await app.open(id);
      // Wait for the page's data, not just its heading.
      await app.page.waitForFunction(() => !document.querySelector('main .loading'));
      await expectNoSeriousA11yViolations(app.page, id);
      await expectKeyboardOperable(app.page, id);
      const tabs = app.page.locator('main [role="tab"]');
      for (let i = 0; i < (await tabs.count()); i++) {
        const tab = tabs.nth(i);
        const tabId = (await tab.getAttribute('id')) ?? `tab-${i}`;
        await tab.click();
        await app.page.waitForFunction(() => !document.querySelector('main .loading'));
        await expectNoSeriousA11yViolations(app.page, `${id}-${tabId}`);
        await expectKeyboardOperable(app.page, `${id}-${tabId}`);
      }
    }
    expect(app.problems).toEqual([]);
    // Every page and tab in turn: about 35 s alone, twice that on a loaded 2-core machine.
  }, 180_000);

  it('the checks catch what they look for (a control without a name, an unreachable one, a hidden or faint focus ring, a keyboard trap)', async () => {
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    await app.page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'unnamed';
      document.querySelector('main')!.append(b);
    });
    await expect(expectNoSeriousA11yViolations(app.page, 'negativ-kontroll')).rejects.toThrow(/button-name/);
    await app.page.evaluate(() => {
      const b = document.getElementById('unnamed')!;
      b.textContent = 'Nåbar bara med mus';
      b.tabIndex = -1;
    });
    await expect(expectKeyboardOperable(app.page, 'negativ-kontroll')).rejects.toThrow(/never reaches/);
    await app.page.evaluate(() => {
      const b = document.getElementById('unnamed')!;
      b.tabIndex = 0;
      b.className = 'no-ring';
      b.style.outline = 'none';
    });
    await expect(expectKeyboardOperable(app.page, 'negativ-kontroll')).rejects.toThrow(/visible focus/);
    await app.page.evaluate(() => {
      // The old amber ring on a white page: about 2:1.
      document.getElementById('unnamed')!.style.outline = '3px solid #f0a202';
    });
    await expect(expectKeyboardOperable(app.page, 'negativ-kontroll')).rejects.toThrow(/less than 3:1/);
    await app.page.evaluate(() => {
      // A keyboard trap: the control keeps the focus whatever Tab does.
      const b = document.getElementById('unnamed')!;
      b.style.outline = '';
      b.className = '';
      b.addEventListener('keydown', (e) => e.key === 'Tab' && e.preventDefault());
    });
    await expect(expectKeyboardOperable(app.page, 'negativ-kontroll')).rejects.toThrow(/never came back to the top/);
    await app.page.reload();
  });

  it('has a skip link, a main landmark the skip link focuses, and one h1 per page', async () => {
    await app.open('oversikt');
    await app.page.reload();
    await app.page.waitForSelector('main h1');
    await app.page.keyboard.press('Tab');
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till innehållet');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await app.page.locator('h1').count()).toBe(1);
  });
});
