import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

/** Issue 18: Uppföljning › Prognosomgång, the controller's side: approve a sektor's prognos, return another with a note, close a node for the chefs. */
describe('Uppföljning › Prognosomgång in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-prognosround-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('approves and returns by keyboard, shows the history and what counts, and closes a node for the chefs', async () => {
    const cal = await call('followup.calendar.get', {}, ctx);
    const occasion = cal.occasions.find((o) => o.lockedAt === null)!;
    const before = await call('round.prognos.list', { occasionId: occasion.id }, ctx);
    const [first, second] = before.nodes.filter((n) => n.level === 'sector');
    expect(first && second).toBeTruthy();

    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption(String(occasion.period));
    await app.page.getByRole('tab', { name: 'Prognosomgång', exact: true }).click();
    const row = app.page.getByTestId(`prognos-round-${first!.code}`);
    await row.waitFor();
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-prognosomgang');

    await row.getByRole('button').first().focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('button', { name: 'Godkänn', exact: true }).click();
    await row.getByText('Godkänd', { exact: true }).waitFor();
    const approved = (await call('round.prognos.list', { occasionId: occasion.id }, ctx)).nodes.find((n) => n.code === first!.code)!;
    // Nothing of the demo's prognos was written by a chef: the approved prognos is the one that counts, as before.
    expect(approved).toMatchObject({ status: 'approved', counted: 'prognos', countedOre: approved.prognosOre, changedSinceApproval: false });
    await app.page.getByRole('list', { name: 'Historik' }).getByText(/godkänd av/).waitFor();

    // Sent back with a note.
    await app.page.getByRole('button', { name: 'Återskicka …' }).click();
    await app.page.getByLabel('Vad behöver rättas?').fill('Ta med vikarierna');
    await app.page.getByRole('button', { name: 'Återskicka', exact: true }).click();
    await row.getByText('Återskickad', { exact: true }).waitFor();
    const returned = (await call('round.prognos.list', { occasionId: occasion.id }, ctx)).nodes.find((n) => n.code === first!.code)!;
    expect(returned).toMatchObject({ status: 'returned', returnNote: 'Ta med vikarierna' });
    expect(returned.history.map((h) => h.status)).toEqual(['approved', 'returned']);

    // The controller closes the second sektor's prognos for its chefs.
    const box = app.page.getByLabel(`Chefen för ${second!.code} ${second!.name} får skriva prognos`);
    expect(await box.isChecked()).toBe(true);
    await box.focus();
    await app.page.keyboard.press('Space');
    await app.page.getByTestId(`prognos-round-${second!.code}`).getByText('stängd', { exact: true }).waitFor();
    const grid = await call('round.writeSettings.get', { kind: 'prognos', ref: occasion.id }, ctx);
    expect(grid.nodes.find((n) => n.code === second!.code)).toMatchObject({ set: { prognos: false }, closed: { prognos: true } });
    expect(grid.nodes.filter((n) => n.depth > second!.depth && n.closed.prognos).length).toBeGreaterThan(0);
  });

  it('Översikt marks a sektor whose prognos holds a chef’s prognos not approved yet, and counts without it', async () => {
    const before = await call('overview.get', { year: 2026 }, ctx);
    const fo = before.forecastOccasion!;
    const occasion = (await call('followup.calendar.get', {}, ctx)).occasions.find((o) => o.period === fo.period)!;
    // An enhetschef's installation, known to the controller, has changed one enhet's prognos (as its package would).
    const at = new Date(Date.UTC(2026, 10, 20)).toISOString();
    ctx.db.prepare("INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES ('e2e-chef', 'Enhetschef', 'enhetschef', NULL, NULL, 0, ?, ?)").run(at, at);
    const row = ctx.db
      .prepare(
        `SELECT f.id FROM forecast f JOIN dimension_value d ON d.id = f.responsibility_id
         WHERE f.occasion_id = ? AND f.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM dimension_value c WHERE c.parent_id = d.id) ORDER BY d.code LIMIT 1`,
      )
      .pluck()
      .get(occasion.id) as string;
    ctx.db.prepare("UPDATE forecast SET amount_ore = amount_ore + 500000000, updated_by_site = 'e2e-chef' WHERE id = ?").run(row);

    const after = await call('overview.get', { year: 2026 }, ctx);
    expect(after.total.forecastYear).toBe(before.total.forecastYear);
    const sector = after.sectors.find((x) => x.forecastNotApproved > 0)!;
    expect(sector).toBeTruthy();
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
    await app.page.getByLabel('kr', { exact: true }).check();
    const cell = app.page.locator(`[data-testid="overview-grid"] .ag-row[row-id="${sector.code}"] .ag-cell[col-id="forecastYear"]`).first();
    await expect.poll(() => cell.innerText()).toMatch(/\(ej godkänd\)$/);
    for (const other of after.sectors.filter((x) => x.kind === 'sector' && x.forecastNotApproved === 0)) {
      const text = await app.page.locator(`[data-testid="overview-grid"] .ag-row[row-id="${other.code}"] .ag-cell[col-id="forecastYear"]`).first().innerText();
      expect(text).not.toMatch(/ej godkänd/);
    }
    await expectNoSeriousA11yViolations(app.page, 'oversikt-ej-godkand');
  });

  it('Budget › Ramar: the controller closes a sektor’s budget lines for its chefs in the working version, by keyboard', async () => {
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const working = await call('budget.versions.create', { name: 'Arbetsversion', kind: 'draft', basedOnId: adopted }, ctx);
    await app.open('budget');
    await app.page.locator('.version-select select').selectOption({ label: 'Arbetsversion (arbetsversion)' });
    await app.page.getByRole('tab', { name: 'Ramar', exact: true }).click();
    await app.page.getByText(/^Vilka chefer får skriva budgetrader och VF-förslag i/).click();
    const grid = await call('round.writeSettings.get', { kind: 'budget', ref: working.id }, ctx);
    const sector = grid.nodes.find((n) => n.level === 'sector')!;
    const box = app.page.getByLabel(`Budgetrader: chefen för ${sector.code} ${sector.name} får skriva`);
    await box.waitFor();
    await expectNoSeriousA11yViolations(app.page, 'budget-ramar-skrivinstallningar');
    await box.focus();
    await app.page.keyboard.press('Space');
    await app.page.getByTestId(`write-setting-${sector.code}`).getByText('stängd', { exact: true }).waitFor();
    const after = await call('round.writeSettings.get', { kind: 'budget', ref: working.id }, ctx);
    expect(after.nodes.find((n) => n.code === sector.code)).toMatchObject({ set: { budget: false, vf: null }, closed: { budget: true, vf: false } });
    expect(after.nodes.filter((n) => n.depth > sector.depth && n.closed.budget).length).toBeGreaterThan(0);
  });
});
