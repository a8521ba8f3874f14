import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';
import { reopenOccasion } from '../support/goals';

const AUGUST = 202608;

/** Issue 19 point 5 on the Mål page at 1366×768: deadlines per goal level, KF's styrtal, the uppdrag and an aktivitet's plan. */
describe('the goal round’s new parts of Mål in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-goalround-'));
  const row = <T>(sql: string, ...args: unknown[]) => ctx.db.sqlite.prepare(sql).get(...args) as T;

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    // The demo has reported (locked) the delårsrapport; the controller opens it again to go on with the round.
    reopenOccasion(ctx.db, AUGUST);
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
    await app.open('mal');
    await app.page.waitForSelector('[data-testid="goal-grid"] .ag-row');
    expect(await app.page.getByLabel('Uppföljningstillfälle').inputValue()).toBe(String(AUGUST));
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows each goal level’s deadline and lets the controller move the nämndmål’s', async () => {
    const panel = app.page.getByTestId('goal-deadlines');
    const set = (level: string) => row<{ due_on: string }>("SELECT d.due_on FROM goal_deadline d JOIN reporting_occasion o ON o.id = d.occasion_id WHERE o.period = ? AND d.level = ? AND d.deleted_at IS NULL", AUGUST, level).due_on;
    expect(await panel.getByTestId('goal-deadline-unit').innerText()).toBe(`senast ${set('activity')}`);
    expect(await panel.getByTestId('goal-deadline-council').innerText()).toBe(`senast ${set('council')}`);
    expect(await panel.getByTestId('goal-deadline-assignment').innerText()).toBe(`senast ${set('assignment')}`);
    await panel.getByRole('button', { name: 'Ändra sista dagarna …' }).click();
    const board = panel.getByLabel('Sista dag, nämndmål');
    await board.fill('2026-10-09');
    await panel.getByRole('button', { name: 'Spara sista dagarna' }).click();
    await expect.poll(() => panel.getByTestId('goal-deadline-sector').innerText()).toBe('senast 2026-10-09');
    expect(set('board')).toBe('2026-10-09');
    await expectNoSeriousA11yViolations(app.page, 'mal-sista-dagar');
  });

  it('follows up the nämnd’s uppdrag: sent back, written again, klar and approved, as the database then holds it', async () => {
    const section = app.page.getByTestId('uppdrag');
    const nu1 = section.getByTestId('uppdrag-NU1');
    expect(await nu1.innerText()).toMatch(/Nämnden\s+3100/);
    expect(await section.getByTestId('uppdrag-KF-U1').innerText()).toMatch(/Kommunfullmäktige/);
    await nu1.getByRole('button').click();
    const details = section.getByTestId('uppdrag-details');
    expect(await details.getByTestId('uppdrag-round-round').innerText()).toBe('godkänd');
    await details.getByRole('button', { name: 'Skicka tillbaka …' }).click();
    await details.getByLabel('Vad behöver ändras?').fill('Ange antalet timanställda också.');
    await details.getByRole('button', { name: 'Skicka tillbaka', exact: true }).click();
    await expect.poll(() => details.getByTestId('uppdrag-round-round').innerText()).toBe('återskickad');
    await details.getByRole('radio', { name: 'genomfört', exact: true }).check();
    await details.getByLabel('Kommentar').fill('Alla timanställda med mer än 80 procent har erbjudits tillsvidareanställning.');
    await details.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => details.getByTestId('uppdrag-round-round').innerText()).toBe('utkast');
    await details.getByRole('button', { name: 'Markera klar' }).click();
    await details.getByRole('button', { name: 'Godkänn' }).click();
    await expect.poll(() => nu1.innerText()).toMatch(/genomfört\s+godkänd/);
    const f = row<{ status: string; round_status: string; text: string; return_note: string | null }>(
      "SELECT f.status, f.round_status, f.text, f.return_note FROM assignment_followup f JOIN assignment a ON a.id = f.assignment_id JOIN reporting_occasion o ON o.id = f.occasion_id WHERE a.code = 'NU1' AND o.period = ?",
      AUGUST,
    );
    expect(f).toEqual({ status: 'done', round_status: 'approved', text: 'Alla timanställda med mer än 80 procent har erbjudits tillsvidareanställning.', return_note: null });
    await expectNoSeriousA11yViolations(app.page, 'mal-uppdrag');
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });

  it('adds a nämnd uppdrag; the controller cannot add KF’s', async () => {
    const section = app.page.getByTestId('uppdrag');
    expect(await section.getByRole('button', { name: 'Nytt uppdrag från kommunfullmäktige' }).count()).toBe(0);
    await section.getByRole('button', { name: 'Nytt uppdrag från nämnden' }).click();
    const form = section.getByRole('form', { name: 'Nytt uppdrag från nämnden' });
    await form.getByLabel('Kod').fill('NU2');
    await form.getByLabel('Ansvar').selectOption('3200');
    await form.getByLabel('Rubrik').fill('Inför digital signering av genomförandeplaner');
    await form.getByLabel('Beslut (t.ex. KF § 14)').fill('SN § 77');
    await form.getByLabel('Klart senast').fill('2026-12-31');
    await form.getByRole('button', { name: 'Spara uppdraget' }).click();
    await section.getByTestId('uppdrag-NU2').waitFor();
    expect(row("SELECT origin, decision_ref, due_on FROM assignment WHERE code = 'NU2'")).toEqual({ origin: 'board', decision_ref: 'SN § 77', due_on: '2026-12-31' });
  });

  it('shows KF’s styrtal with the förvaltning’s assessment, and the aktivitet’s plan in the editor and the goal form', async () => {
    const kf = app.page.getByTestId('kf-indicators');
    const first = kf.getByTestId('kf-indicator-IM1').first();
    expect(await first.innerText()).toMatch(/godkänd/);
    await first.getByRole('button').click();
    await kf.getByRole('button', { name: 'Skicka tillbaka …' }).click();
    await kf.getByLabel('Vad behöver ändras?').fill('Kommentera trenden.');
    await kf.getByRole('button', { name: 'Skicka tillbaka', exact: true }).click();
    await expect.poll(() => first.innerText()).toMatch(/återskickad/);
    expect(row<{ n: number }>("SELECT count(*) AS n FROM indicator_assessment a JOIN reporting_occasion o ON o.id = a.occasion_id WHERE o.period = ? AND a.round_status = 'returned'", AUGUST).n).toBe(1);

    const plan = row<{ id: string; responsible: string; cost_ore: number }>("SELECT id, responsible, cost_ore FROM goal WHERE code = 'A1.1.1.3'");
    await app.page.locator('[data-testid="goal-grid"] .ag-row[row-id="A1.1.1.3"] .ag-cell').first().click();
    const editor = app.page.getByTestId('goal-editor');
    await editor.getByTestId('activity-plan').waitFor();
    expect(await editor.getByTestId('activity-plan').innerText()).toContain(plan.responsible);
    await editor.getByText('Ändra målkedjan och styrtalen').click();
    await editor.getByRole('button', { name: 'Ändra aktivitet' }).click();
    const form = editor.getByTestId('activity-plan-form');
    await form.getByLabel('Kostnad (kr)').fill('212 500');
    await form.getByLabel('Ansvarig').fill('Kim Andersson');
    await editor.getByRole('button', { name: 'Spara målet' }).click();
    await expect.poll(() => editor.getByTestId('activity-plan').innerText()).toContain('Kim Andersson');
    expect(await editor.getByTestId('activity-plan').innerText()).toMatch(/212\s500 kr/);
    expect(row("SELECT responsible, cost_ore FROM goal WHERE id = ?", plan.id)).toEqual({ responsible: 'Kim Andersson', cost_ore: 212_500_00 });
    await expectNoSeriousA11yViolations(app.page, 'mal-aktivitet');
  });
});
