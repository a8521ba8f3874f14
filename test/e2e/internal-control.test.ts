import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

/** Issue 19 point 4: Uppföljning › Intern kontroll, the plan and a result written with the keyboard, at 1366×768. */
describe('Uppföljning › Intern kontroll in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-control-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the delår’s results, adds a control to the plan and writes its årsbokslut result with Ctrl+Enter', async () => {
    await app.open('uppfoljning');
    await app.page.getByRole('tab', { name: 'Intern kontroll', exact: true }).click();
    const table = app.page.getByRole('table', { name: 'Internkontrollplan 2026' });
    await table.waitFor();
    const plan = await call('control.plan', { year: 2026 }, ctx);
    const interim = plan.occasions.find((o) => o.kind === 'interim')!;
    const annual = plan.occasions.find((o) => o.kind === 'annual')!;
    await app.page.getByTestId('control-occasion').selectOption(interim.id);
    const ik2 = table.getByRole('row').filter({ has: app.page.getByTestId('control-row-IK2') });
    expect(await ik2.innerText()).toContain('Utförd, avvikelse');
    expect(await ik2.innerText()).toContain('3×3 = 9');
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-internkontroll');
    // Nothing scrolls sideways at 1366×768.
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await app.page.getByTestId('control-add').click();
    await app.page.getByTestId('control-code').fill('IK7');
    await app.page.getByTestId('control-process').fill('Kontanthantering på boenden');
    await app.page.getByTestId('control-risk').fill('Brukarnas kontanter hanteras utan kvittens.');
    await app.page.getByTestId('control-step').fill('Genomgång av kassaböcker på två boenden.');
    await app.page.getByTestId('control-node').fill('3100');
    await app.page.getByTestId('control-responsible').fill('Karin Lundgren, sektorchef');
    await app.page.getByTestId('control-responsible').press('Control+Enter');
    await app.page.getByTestId('control-row-IK7').waitFor();

    await app.page.getByTestId('control-occasion').selectOption(annual.id);
    await app.page.getByTestId('control-row-IK7').click();
    const form = app.page.getByRole('form', { name: `Resultat för IK7 Kontanthantering på boenden, ${annual.name}` });
    await form.waitFor();
    await app.page.getByTestId('control-deviation').check();
    await app.page.getByTestId('control-observations').fill('En kassabok saknade kvittens för mars.');
    await app.page.getByTestId('control-actions').fill('Rutinen för kvittens gås igenom med personalen.');
    await app.page.getByTestId('control-action-owner').fill('Enhetschef');
    await app.page.getByTestId('control-observations').press('Control+Enter');
    await form.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    const after = await call('control.plan', { year: 2026 }, ctx);
    const ik7 = after.controls.find((c) => c.code === 'IK7')!;
    expect(ik7).toMatchObject({ riskValue: 4, node: { code: '3100' }, occasionKinds: ['interim', 'annual'] });
    expect(ik7.results[annual.id]).toMatchObject({ performed: true, deviation: true, observations: 'En kassabok saknade kvittens för mars.', actionOwner: 'Enhetschef' });
    // Esc closes the form.
    await app.page.getByTestId('control-observations').press('Escape');
    await form.waitFor({ state: 'detached' });
  }, 120_000);
});
