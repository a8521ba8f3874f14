import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { openTestContext, type TestContext } from '../support/db';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Issue 17 point 2, follow-up: Uppföljning › Investeringar shows the projects' outcome and takes a project's comment. */
describe('Uppföljning › Investeringar in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-invround-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the projects with the round’s figures and saves orsak and åtgärd by keyboard; Esc takes back unsaved text', async () => {
    const cal = await call('followup.calendar.get', {}, ctx);
    const occasion = cal.occasions.find((o) => o.lockedAt === null)!;
    const round = await call('investments.round', { occasionId: occasion.id }, ctx);
    expect(round.projects.length).toBeGreaterThan(0);
    const p = round.projects.find((x) => x.year.actualOre !== 0) ?? round.projects[0]!;

    await app.open('uppfoljning');
    await app.page.getByTestId('period-select').selectOption(String(occasion.period));
    await app.page.getByRole('tab', { name: 'Investeringar', exact: true }).click();
    const row = app.page.getByTestId(`inv-round-${p.code}`);
    await row.waitFor();
    const kr = (ore: number) => new Intl.NumberFormat('sv-SE').format(Math.round(ore / 100_000)).replace(/[\u00a0\u202f]/g, ' ');
    // Budget, utfall and prognos of the year, in tkr, as the round gives them.
    expect(norm(await row.innerText())).toContain(`${kr(p.year.budgetOre)}\t${kr(p.year.actualOre)}\t${kr(p.year.forecastOre)}`);
    await expectNoSeriousA11yViolations(app.page, 'uppfoljning-investeringar');

    await row.getByRole('button').focus();
    await app.page.keyboard.press('Enter');
    const cause = app.page.getByLabel('Orsak', { exact: true });
    await cause.focus();
    await app.page.keyboard.type('Entreprenaden blev dyrare än kalkylerat');
    await app.page.getByLabel('Åtgärd', { exact: true }).fill('Etapp två omprövas');
    await app.page.keyboard.press('Control+Enter');
    await app.page.getByRole('status').filter({ hasText: 'Sparad.' }).waitFor();
    const after = await call('investments.round', { occasionId: occasion.id }, ctx);
    expect(after.projects.find((x) => x.code === p.code)!.comment).toMatchObject({ cause: 'Entreprenaden blev dyrare än kalkylerat', action: 'Etapp två omprövas', status: 'draft' });

    await cause.focus();
    await app.page.keyboard.type(' och mer');
    expect(await cause.inputValue()).toBe('Entreprenaden blev dyrare än kalkylerat och mer');
    await app.page.keyboard.press('Escape');
    expect(await cause.inputValue()).toBe('Entreprenaden blev dyrare än kalkylerat');

    // Klar, then sent back with a note: the note's form closes once the comment is återskickad.
    await app.page.getByRole('button', { name: 'Markera klar' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Markerad klar.' }).waitFor();
    await app.page.getByRole('button', { name: 'Återskicka …' }).click();
    const note = app.page.getByLabel('Vad behöver kompletteras?');
    await note.fill('Ange kostnaden per etapp');
    await app.page.getByRole('button', { name: 'Återskicka med meddelandet' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Återskickad.' }).waitFor();
    await note.waitFor({ state: 'detached' });
    const returned = await call('investments.round', { occasionId: occasion.id }, ctx);
    expect(returned.projects.find((x) => x.code === p.code)!.comment).toMatchObject({ status: 'returned', returnNote: 'Ange kostnaden per etapp' });
  });

  it('the import preview lists the file’s investment outcome per project, an unknown code named', async () => {
    const p = ctx.db.prepare('SELECT p.code, p.name, d.code AS ansvar FROM investment_project p JOIN dimension_value d ON d.id = p.responsibility_id WHERE p.deleted_at IS NULL ORDER BY p.code LIMIT 1').get() as { code: string; name: string; ansvar: string };
    const file = path.join(dir, 'investeringar.csv');
    fs.writeFileSync(file, ['Konto;Ansvar;Projekt;Period;Belopp', `5010;${p.ansvar};;202603;100,00`, `1110;${p.ansvar};${p.code};202603;12345,60`, `1110;${p.ansvar};X999;202603;1,00`].join('\r\n'));
    ctx.dialogs.queue.push(file);
    await app.open('import');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    const table = app.page.getByTestId('investment-outcome');
    await table.waitFor();
    const text = norm(await table.innerText());
    expect(text).toContain(`${p.code}\t${p.name}\t1110\t12 345,60`);
    expect(text).toContain('X999\tfinns inte i investeringsbudgeten\t1110\t1,00');
  });
});
