import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { clippedTexts, overflowing } from '../support/clipping';
import { openTestContext, type TestContext } from '../support/db';

/**
 * The planning calendar in Chromium at 1366×768 (issue 17, point 5): the
 * demo's budget process for 2027 in the årshjul, a step added, one marked
 * done and undone, one removed and brought back, and Översikt listing what
 * is late on the pinned day (2026-11-20). Screenshots go to
 * test/artifacts/e2e/planning-calendar-*.png.
 */
describe('Budgetprocessen in the årshjul and on Översikt', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-plancal-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const section = () => app.page.getByTestId('planning-steps');
  const row = (name: string) => section().locator('tbody tr', { has: app.page.getByRole('rowheader', { name }) });
  const rowByTitle = (title: string) => section().locator('tbody tr', { has: app.page.locator(`input[value="${title}"]`) });
  const lateOnOverview = async () => {
    await app.open('oversikt');
    const panel = app.page.getByTestId('planning-due');
    await panel.waitFor();
    return panel.getByTestId('late-steps').locator('tbody th').allInnerTexts();
  };

  it('Översikt shows the demo’s late step and what comes next; the link opens the årshjul', async () => {
    expect(await lateOnOverview()).toEqual(['Detaljbudget från enheterna']);
    const panel = app.page.getByTestId('planning-due');
    expect(await panel.getByTestId('late-steps').locator('tbody tr').first().innerText()).toMatch(/Detaljbudget från enheterna\s+2027\s+Enhet\s+2026-10-15\s+36 dagar/);
    expect(await panel.getByTestId('coming-steps').locator('tbody th').allInnerTexts()).toEqual(['Nämndbeslut', 'Registrering i ekonomisystemet']);
    expect(await panel.getByTestId('coming-steps').locator('tbody tr').first().innerText()).toMatch(/Nämndbeslut\s+2027\s+Nämnd\s+2026-11-25\s+5 dagar/);
    await app.page.getByRole('link', { name: 'Öppna årshjulet' }).click();
    await section().waitFor();
    expect(await app.page.getByRole('tab', { name: 'Årshjul och trösklar' }).getAttribute('aria-selected')).toBe('true');
    expect(await section().getByRole('heading').innerText()).toBe('Budgetprocessen för budgetår 2027');
    await expect.poll(() => section().locator('tbody tr').count()).toBe(7);
    expect(await row('Detaljbudget från enheterna').getByTestId('step-status').innerText()).toBe('försenat 36 dagar');
    expect(await row('Budgetdirektiv').getByTestId('step-status').innerText()).toBe('klart 2026-03-16');
    expect(app.problems).toEqual([]);
  });

  it('adds a step by keyboard, marks one done and undoes it, removes one and brings it back', async () => {
    const page = app.page;
    // A step of the förvaltning's own, due two days ago, for the nämnd — typed and sent with the keyboard.
    await page.getByLabel('Slag för nytt steg').selectOption('other');
    await page.getByLabel('Rubrik för nytt steg').fill('Budgetdialog med presidiet');
    await page.getByLabel('Klart senast för nytt steg').fill('2026-11-18');
    await page.getByLabel('Vem för nytt steg').selectOption('board');
    await page.getByLabel('Anteckning för nytt steg').fill('Presidiet får ramfördelningen i förväg.');
    await page.keyboard.press('Enter');
    await expect.poll(() => section().locator('tbody tr').count()).toBe(8);
    const own = rowByTitle('Budgetdialog med presidiet');
    expect(await own.getByTestId('step-status').innerText()).toBe('försenat 2 dagar');
    expect(await own.getByLabel(/^Vem,/).inputValue()).toBe('board');
    const saved = (await call('planningSteps.list', { year: 2027 }, ctx)).steps.find((s) => s.title === 'Budgetdialog med presidiet');
    expect(saved).toMatchObject({ kind: 'other', dueOn: '2026-11-18', actor: 'board', note: 'Presidiet får ramfördelningen i förväg.', late: true });

    // Marked done with the keyboard: focus the button, Enter.
    const detail = row('Detaljbudget från enheterna');
    await detail.getByRole('button', { name: 'Markera klart: Detaljbudget från enheterna, budget 2027' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getByTestId('step-status').innerText()).toBe('klart 2026-11-20');
    await app.screenshot('planning-calendar-arshjul');
    expect(await lateOnOverview()).toEqual(['Budgetdialog med presidiet']);
    await page.getByRole('link', { name: 'Öppna årshjulet' }).click();
    await section().waitFor();
    // Back on the årshjul (a new page, a new undo list): Inte klart takes the mark away.
    await row('Detaljbudget från enheterna').getByRole('button', { name: /^Inte klart:/ }).click();
    await expect.poll(() => row('Detaljbudget från enheterna').getByTestId('step-status').innerText()).toBe('försenat 36 dagar');
    // Ångra takes the last step back: it is done again.
    await section().getByRole('button', { name: 'Ångra senaste' }).click();
    await expect.poll(() => row('Detaljbudget från enheterna').getByTestId('step-status').innerText()).toBe('klart 2026-11-20');

    // Removed and brought back with Ångra.
    await rowByTitle('Budgetdialog med presidiet').getByRole('button', { name: /^Ta bort:/ }).click();
    await expect.poll(() => section().locator('tbody tr').count()).toBe(7);
    expect(await section().getByRole('status').innerText()).toContain('borttaget. Ångra tar tillbaka det.');
    await section().getByRole('button', { name: 'Ångra senaste' }).click();
    await expect.poll(() => section().locator('tbody tr').count()).toBe(8);
    expect(app.problems).toEqual([]);
  });

  it('Översikt shows the late step at 1366×768, whole, and the årshjul fits too', async () => {
    expect(await lateOnOverview()).toEqual(['Budgetdialog med presidiet']);
    const panel = app.page.getByTestId('planning-due');
    expect(await panel.getByTestId('late-steps').innerText()).toMatch(/Budgetdialog med presidiet\s+2027\s+Nämnd\s+2026-11-18\s+2 dagar/);
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot('planning-calendar-oversikt');
    expect({ clipped: await clippedTexts(app.page, '[data-testid="planning-due"]'), spilling: await overflowing(app.page, '[data-testid="planning-due"]') }).toEqual({ clipped: [], spilling: [] });
    await expectNoSeriousA11yViolations(app.page, 'planning-calendar-oversikt');

    await app.page.getByRole('link', { name: 'Öppna årshjulet' }).click();
    await section().waitFor();
    await expect.poll(() => section().locator('tbody tr').count()).toBe(8);
    expect({ clipped: await clippedTexts(app.page, '[data-testid="planning-steps"]'), spilling: await overflowing(app.page, '[data-testid="planning-steps"]') }).toEqual({ clipped: [], spilling: [] });
    await expectNoSeriousA11yViolations(app.page, 'planning-calendar-arshjul');
    expect(app.problems).toEqual([]);
  });
});
