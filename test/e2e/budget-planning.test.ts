import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { readSie } from '../support/sie-reader';
import { FIXTURES } from '../support/tmp';

/** Öre as the planning tabs show kronor: "−1 234,50" with NBSP groups; written here independently of the app's code. */
function kr(ore: number): string {
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${ore < 0 ? '\u2212' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
}
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the planning tabs of Budget in Chromium on the demo database', () => {
  let app: AppSession;
  let ctx: TestContext;
  let adopted: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-planning-'));

  beforeAll(async () => {
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    app = await launchApp(ctx);
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tab = async (name: string) => {
    await app.page.getByRole('tab', { name, exact: true }).click();
    await expect.poll(() => app.page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true');
  };

  it('Ramar: shows the förvaltning’s ram, what is budgeted and the warnings, as the service computes them', async () => {
    await app.open('budget');
    await tab('Ramar');
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-row');
    const fb = await call('planning.frames.get', { versionId: adopted }, ctx);
    expect(norm(await app.page.getByTestId('frame-root').innerText())).toBe(norm(`${kr(fb.nodes[0]!.frameOre!)} kr`));
    expect(norm(await app.page.getByTestId('frame-budgeted').innerText())).toBe(norm(`${kr(fb.totalBudgetedOre)} kr`));
    expect(await app.page.getByTestId('frame-warnings').innerText()).toBe(String(fb.warningCount));
    // The sektor rows are there with their ram in tkr, and the locked version cannot be edited.
    const sector = app.page.locator('.ag-row[row-id="3100"] .ag-cell[col-id="frameOre"]');
    expect(norm(await sector.innerText())).toBe(norm(new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(Math.round(fb.nodes.find((n) => n.code === '3100')!.frameOre! / 100_000))));
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/är låst/);
    await app.screenshot('budget-ramar');
    expect(app.problems).toEqual([]);
  });

  it('Omfördelningar: records a decision from the form and shows the budget on the date', async () => {
    await tab('Omfördelningar');
    await app.page.waitForSelector('[data-testid="reallocations"] tbody tr');
    await app.page.getByLabel('Beslut', { exact: true }).fill('KS 2026-04-02 § 12');
    await app.page.getByLabel('Beslutsdatum').fill(`${DEMO_YEAR}-04-02`);
    await app.page.getByLabel('Från', { exact: true }).selectOption('34102');
    await app.page.getByLabel('Till', { exact: true }).selectOption('31101');
    await app.page.getByLabel('Belopp (kr)').fill('150 000');
    await app.page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await expect.poll(() => app.page.getByTestId('reallocations').innerText()).toContain('KS 2026-04-02 § 12');
    const row = ctx.db.first(ctx.db.q.selectFrom('reallocation').selectAll().where('decision_ref', '=', 'KS 2026-04-02 § 12'))!;
    expect(row).toMatchObject({ amount_ore: 15_000_000, decided_on: `${DEMO_YEAR}-04-02` });
    const onDate = await call('planning.reallocations.get', { year: DEMO_YEAR, asOf: `${DEMO_YEAR}-12-31` }, ctx);
    const unit = onDate.nodes.find((n) => n.code === '31101')!;
    await expect.poll(async () => norm(await app.page.locator('[data-testid="budget-on-date"] tr[data-code="31101"] td').last().innerText())).toBe(norm(kr(unit.budgetOre)));
    expect(await app.page.locator('[data-testid="budget-on-date"] thead').innerText()).toMatch(/Ursprunglig budget\s+Tillfört\s+Avfört\s+Budgetändringar\s+Budget i kraft 2026-12-31/);
    await app.screenshot('budget-omfordelningar');
    expect(app.problems).toEqual([]);
  });

  it('Personal, VF-lista and Interna köp show the service’s figures', async () => {
    await tab('Personal');
    await app.page.waitForSelector('[data-testid="personnel-sectors"] tfoot tr');
    const p = await call('planning.personnel.get', { versionId: adopted }, ctx);
    const total = await app.page.locator('[data-testid="personnel-sectors"] tfoot td').allInnerTexts();
    expect(total.map(norm)).toEqual(['Totalt', String(p.total.positions), norm(p.total.fte.toFixed(2).replace('.', ',')), norm(kr(p.total.salaryOre)), norm(kr(p.total.poOre)), norm(kr(p.total.totalOre))]);
    // The year's rates are SKR's for 2023, saved for the demo year, and say so.
    expect(await app.page.getByTestId('po-source').innerText()).toMatch(new RegExp(`^Sparade för ${DEMO_YEAR}\\. Källa: SKR 2023 `));
    expect(await app.page.getByLabel('Källa (vems siffror, för vilket år)').inputValue()).toMatch(/^SKR 2023 /);
    expect(await app.page.getByLabel('Källa för inkomstbasbeloppet').inputValue()).toMatch(/^Inkomstbasbeloppet 2023/);
    // The personnel units' lines are generated from their positions and up to date.
    expect(p.generated.length).toBeGreaterThan(0);
    expect(p.generated.every((g) => g.upToDate)).toBe(true);
    await app.screenshot('budget-personal');

    await tab('VF-lista');
    await app.page.waitForSelector('[data-testid="vf-must-cut"]');
    const vf = await call('planning.changes.get', { versionId: adopted }, ctx);
    expect(norm(await app.page.getByTestId('vf-must-cut').innerText())).toBe(norm(`${kr(vf.mustCutOre)} kr`));
    expect(await app.page.getByTestId('vf-saving').locator('tbody tr').count()).toBe(vf.savings.length);
    await app.screenshot('budget-vf-lista');

    await tab('Interna köp');
    await app.page.waitForSelector('[data-testid="internal-imbalance"]');
    expect(norm(await app.page.getByTestId('internal-imbalance').innerText())).toBe(norm(`${kr(-4_000_000)} kr`));
    expect(await app.page.locator('[data-pair="31201-34204"] td').last().getAttribute('class')).toContain('unfavourable');
    await app.screenshot('budget-interna');
    expect(app.problems).toEqual([]);
  });

  it('Import och export: exports SIE through the save dialog; a bad file is refused with line and column; a good one becomes a version whose ram can be set and undone', async () => {
    await tab('Import och export');
    const sieFile = path.join(dir, 'ut.se');
    ctx.dialogs.queue.push(sieFile);
    await app.page.getByRole('button', { name: /^Exportera / }).click();
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/ut\.se är sparad/);
    const sie = readSie(fs.readFileSync(sieFile));
    const budget = (ctx.db.sqlite.prepare('SELECT SUM(year_ore) AS s FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(adopted) as { s: number }).s;
    expect(sie.pbudget.reduce((s, x) => s + x.ore, 0)).toBe(budget);

    const before = contentHash(ctx.db.file);
    ctx.dialogs.queue.push(path.join(FIXTURES, 'budget', 'detaljbudget-fel.csv'));
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    const alert = app.page.getByRole('alert').first();
    await expect.poll(() => alert.innerText()).toMatch(/detaljbudget-fel\.csv: 7 fel, inget har ändrats/);
    expect(await alert.innerText()).toContain('rad 5, kolumn Ansvar (A): ansvar 99999 finns inte i organisationen');
    expect(contentHash(ctx.db.file)).toBe(before);
    await app.screenshot('budget-import-fel');

    ctx.dialogs.queue.push(path.join(FIXTURES, 'budget', 'detaljbudget-arsbelopp.csv'));
    await app.page.getByLabel('Namn på versionen (valfritt)').fill('Från Excel');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await expect.poll(() => app.page.getByTestId('import-preview').innerText()).toMatch(/blir 4 budgetrader/);
    await app.page.getByRole('button', { name: 'Läs in detaljbudget-arsbelopp.csv' }).click();
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/lästes in i den nya versionen "Från Excel"/);
    await app.screenshot('budget-import-export');

    const created = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('name', '=', 'Från Excel'))!.id;
    await app.page.getByLabel('Budgetversion').selectOption(created);
    await tab('Ramar');
    await app.page.waitForSelector('.ag-row[row-id="3000"]');
    // The budget year's checks (Kontroll) are in the budget-year view.
    await app.page.getByLabel('Visa', { exact: true }).selectOption('budget');
    await app.page.locator('.ag-row[row-id="3000"] .ag-cell[col-id="name"]').click();
    await app.page.getByLabel('Ram (kr)').fill('13 000 000');
    await app.page.getByRole('button', { name: 'Spara ram' }).click();
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/Ramen för 3000 är 13\s000\s000,00 kr/);
    const frame = () => ctx.db.first(ctx.db.q.selectFrom('frame').select(['amount_ore', 'deleted_at']).where('version_id', '=', created));
    expect(frame()).toMatchObject({ amount_ore: 1_300_000_000, deleted_at: null });
    // 12 804 567,50 kr budgeted against 13 000 000 kr: within the ram, so no warning, only the room left.
    const check = app.page.locator('.ag-row[row-id="3000"] .ag-cell[col-id="warnings"]');
    await expect.poll(async () => check.innerText()).toMatch(/^Inom ramen: 195\s432,50\skr kvar inom ramen\.$/);
    expect(await check.getAttribute('class')).not.toContain('pl-cell-warning');
    expect(await app.page.getByTestId('frame-warnings').innerText()).toBe('0');
    // 12 000 000 kr is less than the lines: that is a warning.
    await app.page.getByLabel('Ram (kr)').fill('12 000 000');
    await app.page.getByRole('button', { name: 'Spara ram' }).click();
    await expect.poll(async () => check.innerText()).toMatch(/^⚠ Raderna överstiger ramen med 804\s567,50\skr\.$/);
    expect(await check.getAttribute('class')).toContain('pl-cell-warning');
    expect(await app.page.getByTestId('frame-warnings').innerText()).toBe('1');
    await app.page.getByRole('button', { name: 'Ångra senaste ramändring' }).click();
    await expect.poll(async () => check.innerText()).toMatch(/^Inom ramen/);
    await app.page.getByRole('button', { name: 'Ångra senaste ramändring' }).click();
    await expect.poll(() => frame()?.deleted_at ?? null).not.toBeNull();
    await app.screenshot('budget-ramar-ny-version');
    expect(app.problems).toEqual([]);
  });

  it('Import och export: reads a SIE file’s #PBUDGET into a new version, the file dialog offering .se, .si and .sie', async () => {
    await tab('Import och export');
    ctx.dialogs.queue.push(path.join(FIXTURES, 'budget', 'detaljbudget-pbudget.se'));
    await app.page.getByLabel('Namn på versionen (valfritt)').fill('Från SIE');
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    // 73 #PBUDGET rows of the fixture into five kodsträngar, 265 494,00 kr (worked out by hand in the integration test).
    await expect.poll(() => app.page.getByTestId('import-preview').innerText()).toMatch(/73 rader i filen blir 5 budgetrader för 2026, totalt 265\s494,00 kr/);
    expect(ctx.dialogs.asked.at(-1)).toMatchObject({ kind: 'open', title: 'Välj detaljbudget' });
    expect(ctx.dialogs.asked.at(-1)!.extensions).toEqual(expect.arrayContaining(['xlsx', 'csv', 'se', 'si', 'sie']));
    await app.page.getByRole('button', { name: 'Läs in detaljbudget-pbudget.se' }).click();
    await expect.poll(() => app.page.locator('main').innerText()).toMatch(/lästes in i den nya versionen "Från SIE"/);
    const created = ctx.db.first(ctx.db.q.selectFrom('budget_version').select(['id', 'year']).where('name', '=', 'Från SIE'))!;
    expect(created.year).toBe(DEMO_YEAR);
    const lines = ctx.db.sqlite.prepare('SELECT count(*) AS n, sum(year_ore) AS s, sum(manual) AS manual FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(created.id);
    expect(lines).toEqual({ n: 5, s: 26_549_400, manual: 1 });
    await app.screenshot('budget-import-sie');
    expect(app.problems).toEqual([]);
  });
});
