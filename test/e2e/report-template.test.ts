import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';
import { receive, siteContext, siteId } from '../support/exchange';

/** Issue 19 point 2: Rapporter › Rapportmall, edited by Ekonomi with the keyboard and read-only in the förvaltning that received it, at 1366×768. */
describe('Rapporter › Rapportmall in Chromium', () => {
  let app: AppSession | undefined;
  let ekonomi: TestContext;
  let controller: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-template-'));

  beforeAll(async () => {
    ekonomi = await siteContext(path.join(dir, 'ekonomi.db'), 'ekonomi', null, 'Ekonomi');
    controller = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    ekonomi?.db.close();
    controller?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Ekonomi reorders sections by keyboard, renames one, adds a kommun section, picks the unit and a title, and saves', async () => {
    app = await launchApp(ekonomi, { viewport: { width: 1366, height: 768 } });
    await app.open('rapporter');
    await app.page.getByTestId('report-kind-template').check();
    await app.page.getByTestId('template-editor').waitFor();
    const preview = app.page.getByTestId('template-preview').getByRole('listitem');
    expect((await preview.allInnerTexts()).slice(0, 2)).toEqual(['Sammanfattning', 'Väsentliga händelser']);
    // Two presses of Enter on "Flytta ned": the focus follows the section.
    await app.page.getByRole('button', { name: 'Flytta ned Sammanfattning', exact: true }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.keyboard.press('Enter');
    expect((await preview.allInnerTexts()).slice(0, 3)).toEqual(['Väsentliga händelser', 'Framtid och utmaningar', 'Sammanfattning']);
    await app.page.getByRole('button', { name: 'Flytta upp Resultat och prognos', exact: true }).focus();
    for (let i = 0; i < 5; i++) await app.page.keyboard.press('Enter');
    expect((await preview.allInnerTexts())[0]).toBe('Resultat och prognos');
    await app.page.getByRole('textbox', { name: 'Rubrik för avsnitt 1 (resultat)' }).fill('Ekonomiskt utfall');
    await app.page.getByTestId('template-add-code').fill('klimat');
    await app.page.getByTestId('template-add-heading').fill('Klimat och miljö');
    await app.page.getByTestId('template-add-guidance').fill('Hur har nämnden minskat sina utsläpp?');
    await app.page.getByRole('button', { name: 'Lägg till avsnitt' }).click();
    await app.page.locator('#template-unit').selectOption('mnkr');
    await app.page.locator('#template-title-monthly_forecast').fill('Månadsuppföljning');
    await expectNoSeriousA11yViolations(app.page, 'rapporter-rapportmall');
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await app.page.getByTestId('template-save').click();
    await expect.poll(() => app!.page.getByTestId('template-status').innerText()).toContain('version 1');
    const saved = await call('template.get', {}, ekonomi);
    expect(saved.template?.sections.map((s) => s.heading).slice(0, 4)).toEqual(['Ekonomiskt utfall', 'Väsentliga händelser', 'Framtid och utmaningar', 'Sammanfattning']);
    expect(saved.template?.sections.at(-1)).toMatchObject({ code: 'klimat', guidance: 'Hur har nämnden minskat sina utsläpp?', kind: 'text' });
    expect(saved.template?.unit).toBe('mnkr');
    await app.close();
    app = undefined;
  }, 120_000);

  it('the controller who received it sees it read-only with the date, and the report follows it', async () => {
    const intro = path.join(dir, 'intro.ramkoll');
    exportIntroduction(controller.db, intro, controller.now());
    await receive(ekonomi, intro);
    const pkg = path.join(dir, 'mall.ramkoll');
    exportPackage(ekonomi.db, { to: siteId(controller), file: pkg, now: ekonomi.now() });
    expect((await receive(controller, pkg)).refused).toBe(0);

    app = await launchApp(controller, { viewport: { width: 1366, height: 768 } });
    await app.open('rapporter');
    await app.page.getByTestId('report-kind-template').check();
    const origin = app.page.getByTestId('template-origin');
    await origin.waitFor();
    expect(await origin.innerText()).toMatch(/Mall från Ekonomi, mottagen \d{4}-\d{2}-\d{2} \(version 1\)/);
    expect(await app.page.getByTestId('template-readonly').getByRole('textbox').count()).toBe(0);
    expect(await app.page.getByTestId('template-readonly').innerText()).toContain('Hur har nämnden minskat sina utsläpp?');
    await expectNoSeriousA11yViolations(app.page, 'rapporter-rapportmall-controller');
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // The follow-up report's preview: the template's heading first, its unit, the unit not chosen here.
    await app.page.getByTestId('report-kind-followup').check();
    await app.page.getByRole('heading', { name: 'Ekonomiskt utfall' }).first().waitFor();
    expect(await app.page.locator('#report-unit').isDisabled()).toBe(true);
    expect(await app.page.locator('#report-unit-default').isDisabled()).toBe(true);
  }, 120_000);
});
