import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Issue 17, point 3: a lönekompensation recorded through the Budgetändringar tab in Chromium, over the app's handlers. */
describe('Budgetändringar in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-kfchanges-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    app = await launchApp(ctx);
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowOf = (ref: string) => app.page.getByTestId('budget-changes').locator('tbody tr', { hasText: ref });
  const status = () => app.page.locator('main .pl-ok[role="status"]');

  it('records a lönekompensation with a plan year, which Översikt and follow-up count from September', async () => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Budgetändringar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="budget-changes"] tbody tr');
    // The demo's own lönekompensation is listed.
    expect(await app.page.getByTestId('budget-changes').innerText()).toContain(`KF ${DEMO_YEAR}-05-20 § 61`);

    // A bad amount is named by its row, and nothing is written.
    const hash = contentHash(ctx.db.file);
    await app.page.getByLabel('Slag').selectOption({ label: 'Lönekompensation' });
    await app.page.getByLabel('Beslut', { exact: true }).fill('KS 2026-09-15 § 102');
    await app.page.getByLabel('Beslutsdatum').fill(`${DEMO_YEAR}-09-15`);
    await app.page.getByLabel('Text', { exact: true }).fill('Kompensation för höjd OB-ersättning');
    await app.page.getByLabel('Ansvar, rad 1').selectOption('31101');
    await app.page.getByLabel('Belopp (kr), rad 1').fill('tvåhundra');
    await app.page.getByRole('button', { name: 'Spara budgetändringen' }).click();
    await expect.poll(() => app.page.locator('main [role="alert"]').innerText()).toMatch(/Belopp rad 1: "tvåhundra" är inget belopp/);
    // Empty text: the service's message names the field.
    await app.page.getByLabel('Belopp (kr), rad 1').fill('200 000');
    await app.page.getByLabel('Text', { exact: true }).fill('');
    await app.page.getByRole('button', { name: 'Spara budgetändringen' }).click();
    await expect.poll(() => app.page.locator('main [role="alert"]').innerText()).toMatch(/Budgetändringen kan inte sparas: text: Skriv vad beslutet gäller/);
    expect(contentHash(ctx.db.file)).toBe(hash);

    // A second row for the first plan year, then save.
    await app.page.getByLabel('Text', { exact: true }).fill('Kompensation för höjd OB-ersättning');
    await app.page.getByRole('button', { name: 'Lägg till rad' }).click();
    await app.page.getByLabel('Ansvar, rad 2').selectOption('31101');
    await app.page.getByLabel('År, rad 2').selectOption(String(DEMO_YEAR + 1));
    await app.page.getByLabel('Belopp (kr), rad 2').fill('600000');
    await app.page.getByRole('button', { name: 'Spara budgetändringen' }).click();
    await expect.poll(() => status().innerText()).toBe('Budgetändringen enligt KS 2026-09-15 § 102 är sparad.');
    await expect.poll(async () => norm(await rowOf('KS 2026-09-15 § 102').innerText())).toMatch(/Lönekompensation\s+Kompensation för höjd OB-ersättning[\s\S]*31101 Solgårdens äldreboende: 200 000,00[\s\S]*31101 Solgårdens äldreboende \(2027\): 600 000,00\s+200 000,00/);
    const list = await call('planning.budgetChanges.list', { year: DEMO_YEAR }, ctx);
    const mine = list.changes.find((c) => c.decisionRef === 'KS 2026-09-15 § 102')!;
    expect(mine).toMatchObject({ kind: 'pay', decidedOn: `${DEMO_YEAR}-09-15`, accountCode: null, budgetYearOre: 20_000_000 });
    expect(mine.amounts.map((a) => [a.code, a.year, a.amountOre])).toEqual([
      ['31101', DEMO_YEAR, 20_000_000],
      ['31101', DEMO_YEAR + 1, 60_000_000],
    ]);

    // Översikt (October) lists it under Budgetändringar for Äldreomsorg; August's follow-up does not count it, October's does.
    const aug = (await call('followup.deviations.list', { period: DEMO_YEAR * 100 + 8, level: null }, ctx)).find((r) => r.code === '31101')!;
    const oct = (await call('followup.deviations.list', { period: DEMO_YEAR * 100 + 10, level: null }, ctx)).find((r) => r.code === '31101')!;
    expect(oct.budgetYear - aug.budgetYear).toBe(20_000_000);
    await app.open('oversikt');
    await app.page.waitForSelector('[data-testid="overview-changes"] tbody tr');
    const overviewRow = app.page.getByTestId('overview-changes').locator('tr[data-kind="budgetChange"]', { hasText: 'KS 2026-09-15 § 102' });
    expect(norm(await overviewRow.innerText())).toMatch(/^3100 Äldreomsorg\s+Lönekompensation: Kompensation för höjd OB-ersättning\s+KS 2026-09-15 § 102\s+2026-09-15\s+200/);
    await app.screenshot('budgetandringar-oversikt');
    expect(app.problems).toEqual([]);
  });

  it('corrects and removes a budget change, and Ångra takes each step back', async () => {
    await app.open('budget');
    await app.page.getByRole('tab', { name: 'Budgetändringar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="budget-changes"] tbody tr');
    // The tab, its table and its form: no serious axe violations, and every control reached with Tab and back round.
    await expectNoSeriousA11yViolations(app.page, 'budget-budgetandringar');
    await expectKeyboardOperable(app.page, 'budget-budgetandringar');
    const amountOf = async () => (await call('planning.budgetChanges.list', { year: DEMO_YEAR }, ctx)).changes.find((c) => c.decisionRef === 'KS 2026-09-15 § 102')?.budgetYearOre ?? null;

    await app.page.getByRole('button', { name: 'Ändra budgetändringen KS 2026-09-15 § 102' }).click();
    await expect.poll(() => app.page.getByLabel('Belopp (kr), rad 1').inputValue()).toBe('200000,00');
    await app.page.getByLabel('Belopp (kr), rad 1').fill('250 000');
    await app.page.getByRole('button', { name: 'Spara ändringen' }).click();
    await expect.poll(amountOf).toBe(25_000_000);
    await app.page.getByRole('button', { name: 'Ångra senaste budgetändring' }).click();
    await expect.poll(amountOf).toBe(20_000_000);
    await expect.poll(() => status().innerText()).toBe('Ångrat: ändringen av budgetändringen KS 2026-09-15 § 102.');

    await app.page.getByRole('button', { name: 'Ta bort budgetändringen KS 2026-09-15 § 102' }).click();
    await expect.poll(amountOf).toBeNull();
    await expect.poll(() => rowOf('KS 2026-09-15 § 102').count()).toBe(0);
    await app.page.getByRole('button', { name: 'Ångra senaste budgetändring' }).click();
    await expect.poll(amountOf).toBe(20_000_000);
    await expect.poll(() => rowOf('KS 2026-09-15 § 102').count()).toBe(1);
    // Ramar: the förvaltning's budget changes beside its ram, as the service gives them.
    await app.page.getByRole('tab', { name: 'Ramar', exact: true }).click();
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-row');
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const root = (await call('planning.frames.get', { versionId: adopted }, ctx)).nodes[0]!;
    expect(root.changedOre).toBe(91_000_000 + 20_000_000);
    expect(norm(await app.page.getByTestId('frame-changes').innerText())).toBe(`1 110 000,00 kr, ram i kraft ${norm(new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2 }).format(root.frameInForceOre! / 100))} kr`);
    await app.screenshot('budgetandringar');
    expect(app.problems).toEqual([]);
  });
});
