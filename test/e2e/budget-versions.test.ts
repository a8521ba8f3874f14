import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyResult, BudgetGrid, LineTuple } from '../../electron/api/features/budget';
import { invoke } from '../../electron/api/invoke';
import { launchApp, shownNumber, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';

/** Largest remainder written for the test (ties to the earlier month). */
function spread(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((x, y) => y.r - x.r || x.i - y.i);
  for (let k = 0; left > 0; k++, left--) parts[order[k]!.i]! += 1;
  return parts;
}

describe('Versioner and custom profiles in Chromium', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;
  let adopted: string;
  let draft: string;
  let changed: LineTuple;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-versions-'));
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    draft = ((await invoke('budget.versions.create', { name: 'Arbetsversion', kind: 'draft', basedOnId: adopted }, ctx)) as { id: string }).id;
    const grid = (await invoke('budget.lines.list', { versionId: draft }, ctx)) as BudgetGrid;
    const salary = (JSON.parse(grid.linesJson) as LineTuple[]).find((l) => l[1] === '31101' && l[2] === '5010')!;
    const r = (await invoke('budget.lines.apply', { versionId: draft, changes: [{ op: 'year', id: salary[0], yearOre: (salary[6] as number) + 1_234_500 }] }, ctx)) as ApplyResult;
    changed = r.rows[0]!;
    app = await launchApp(ctx);
    await app.page.setViewportSize({ width: 2600, height: 1100 });
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a custom profile with twelve weights and spreads a line by it', async () => {
    const page = app.page;
    await app.open('budget');
    await page.locator('.version-select select').selectOption({ label: 'Arbetsversion (arbetsversion)' });
    await page.getByTestId('lines-grid').locator('.ag-row').first().waitFor();
    await page.getByText('Periodiseringsprofiler').click();
    await page.getByRole('button', { name: 'Ny egen profil' }).click();
    await page.getByRole('form', { name: 'Ny profil' }).getByLabel('Namn').fill('Sommarstängt');
    const percents = ['10', '10', '10', '10', '10', '10', '0', '8', '8', '8', '8', '7,5'];
    const names = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
    for (let i = 0; i < 12; i++) await page.getByLabel(`${names[i]} i procent`).fill(percents[i]!);
    await expect.poll(() => page.locator('.profile-form').innerText()).toMatch(/Summa 99,5 %/);
    await page.getByRole('button', { name: 'Spara profil' }).click();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/99,5 % men ska summera till 100 %/);
    await page.getByLabel('december i procent').fill('8');
    await page.getByRole('button', { name: 'Spara profil' }).click();
    await expect.poll(() => page.locator('table.profiles').innerText()).toContain('Sommarstängt');
    const stored = ctx.db.first(ctx.db.q.selectFrom('periodisation_profile').select(['id', 'weights', 'kind']).where('name', '=', 'Sommarstängt'))!;
    expect(stored.kind).toBe('custom');
    const weights = JSON.parse(stored.weights!) as number[];
    expect(weights).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 100_000, 0, 80_000, 80_000, 80_000, 80_000, 80_000]);

    // Choose it for the line changed before, in the grid.
    const row = page.getByTestId('lines-grid').locator(`.ag-row[row-id="${changed[0]}"]`).first();
    await row.locator('.ag-cell[col-id="profile"]').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('listbox').getByRole('option', { name: 'Sommarstängt', exact: true }).click();
    await expect.poll(() => page.getByTestId('lines-status').innerText()).toMatch(/Ändra profil: sparat/);
    const line = ctx.db.prepare('SELECT * FROM budget_line WHERE id = ?').get(changed[0]) as Record<string, number>;
    const months = Array.from({ length: 12 }, (_, i) => line[`m${String(i + 1).padStart(2, '0')}_ore`]!);
    expect(months).toEqual(spread(changed[6] as number, weights));
    expect(months[6]).toBe(0);
    await app.screenshot('budget-profiler');
    expect(app.problems).toEqual([]);
  });

  it('lists the versions, compares them per sektor and account group, and drills to the kodsträngar', async () => {
    const page = app.page;
    await page.getByRole('tab', { name: 'Versioner' }).click();
    const table = page.getByTestId('versions-table');
    await expect.poll(() => table.innerText()).toMatch(/Budget 2026 \(budget i kraft\)\s+ursprunglig budget\s+låst, beslutad 2025-11-26/);
    await expect.poll(() => table.locator('tr[data-version="Arbetsversion"]').innerText()).toMatch(/arbetsversion\s+öppen/);
    const compare = page.getByTestId('compare-grid');
    const row = compare.locator('.ag-row[row-id="3100|personnel"]').first();
    await row.waitFor();
    const diff = ctx.db.prepare('SELECT sum(year_ore) AS s FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(draft) as { s: number };
    const base = ctx.db.prepare('SELECT sum(year_ore) AS s FROM budget_line WHERE version_id = ?').get(adopted) as { s: number };
    expect(shownNumber(await row.locator('.ag-cell[col-id="diffOre"]').innerText())).toBe(12_345);
    const total = compare.locator('.ag-row-pinned').first();
    expect(shownNumber(await total.locator('.ag-cell[col-id="diffOre"]').innerText())).toBe((diff.s - base.s) / 100);
    await row.locator('.ag-cell[col-id="node"]').click();
    const drill = page.getByTestId('compare-lines-grid');
    await expect.poll(() => drill.innerText()).toMatch(/31101 Solgårdens äldreboende/);
    const changedRow = drill.locator('.ag-row', { hasText: '5010' }).filter({ hasText: '31101' }).first();
    expect(shownNumber(await changedRow.locator('.ag-cell[col-id="diffOre"]').innerText())).toBe(12_345);
    await app.screenshot('budget-versioner');
    expect(app.problems).toEqual([]);
  });

  it('creates a version from another, removes it, and locks the draft with a decision reference', async () => {
    const page = app.page;
    const form = page.getByRole('form', { name: 'Ny budgetversion' });
    await form.getByLabel('Namn').fill('Skiss');
    await form.getByLabel('Utgår från').selectOption({ label: 'Budget 2026' });
    await form.getByRole('button', { name: 'Skapa version' }).click();
    const lines = (ctx.db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ?').get(adopted) as { n: number }).n;
    const skiss = page.getByTestId('versions-table').locator('tr[data-version="Skiss"]');
    await expect.poll(() => skiss.innerText(), { timeout: 15_000 }).toContain(lines.toLocaleString('sv-SE'));
    await skiss.getByRole('button', { name: 'Ta bort' }).click();
    await skiss.getByRole('button', { name: 'Ta bort Skiss' }).click();
    await expect.poll(() => page.getByTestId('versions-table').innerText()).not.toContain('Skiss');
    expect((ctx.db.prepare("SELECT count(*) AS n FROM budget_line b JOIN budget_version v ON v.id = b.version_id WHERE v.name = 'Skiss' AND b.deleted_at IS NULL").get() as { n: number }).n).toBe(0);

    // 31101's ram lowered to 1 000 kr: its lines are over it, whatever the demo's ramar are.
    await invoke('planning.frames.set', { versionId: draft, responsibilityCode: '31101', amountOre: 100_000 }, ctx);
    const work = page.getByTestId('versions-table').locator('tr[data-version="Arbetsversion"]');
    await work.getByRole('button', { name: 'Lås som beslutad' }).click();
    await work.getByLabel('Beslutsreferens').fill('SN 2026-03-12 § 45');
    await work.getByLabel('Beslutsdatum').fill('2026-03-12');
    await work.getByRole('button', { name: 'Lås versionen' }).click();
    // Over the ram, the app asks first, in its own dialog, naming the nodes and how much.
    const ask = work.getByTestId('lock-over-frame');
    await ask.waitFor();
    expect(await ask.innerText()).toMatch(/ansvar är över sin ram i "Arbetsversion"/);
    const row31101 = ask.locator('tr[data-code="31101"]');
    expect(await row31101.locator('td').first().innerText()).toMatch(/^31101 Solgårdens äldreboende$/);
    expect(await row31101.locator('td').nth(1).innerText()).toBe('1\u00a0000,00');
    await app.screenshot('budget-las-over-ramen');
    await ask.getByRole('button', { name: 'Avbryt' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(ctx.db.first(ctx.db.q.selectFrom('budget_version').select('locked_at').where('id', '=', draft))!.locked_at).toBeNull();

    await work.getByRole('button', { name: 'Lås som beslutad' }).click();
    await work.getByLabel('Beslutsreferens').fill('SN 2026-03-12 § 45');
    await work.getByLabel('Beslutsdatum').fill('2026-03-12');
    await work.getByRole('button', { name: 'Lås versionen' }).click();
    await ask.getByRole('button', { name: 'Lås över ramen' }).click();
    // A decided revision is the budget in force from its decision date: today (the context's clock) it is.
    await expect.poll(() => work.innerText()).toMatch(/Arbetsversion \(budget i kraft\)\s+revidering\s+låst, beslutad 2026-03-12\s+Låst över ramen \(\d+ ansvar\), bekräftat av test \d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+SN 2026-03-12 § 45/);
    const v = ctx.db.first(ctx.db.q.selectFrom('budget_version').select(['kind', 'decision_ref', 'decided_on', 'locked_at', 'over_frame_ack']).where('id', '=', draft))!;
    expect(v).toEqual({ kind: 'revision', decision_ref: 'SN 2026-03-12 § 45', decided_on: '2026-03-12', locked_at: expect.any(String), over_frame_ack: expect.any(String) });
    const ack = JSON.parse(v.over_frame_ack!) as { by: string; nodes: { code: string; frameOre: number }[] };
    expect(ack.by).toBe('test');
    expect(ack.nodes.find((n) => n.code === '31101')).toMatchObject({ frameOre: 100_000 });
    // The record can be opened on the version's row later.
    await work.getByTestId('over-frame-record').locator('summary').click();
    expect(await work.getByTestId('over-frame-record').locator('tr[data-code="31101"]').count()).toBe(1);
    expect(app.problems).toEqual([]);
  });

  it('opens next year’s budget, started under Import och export, by choosing its year beside the version, while 2026 stays the active year', async () => {
    const page = app.page;
    const yearSelect = page.getByLabel('Budgetår');
    const versionSelect = page.getByLabel('Budgetversion');
    const options = (select: typeof yearSelect) => select.locator('option').allInnerTexts();
    expect(await options(yearSelect)).toEqual(['2026 (aktivt år)']);

    await page.getByRole('tab', { name: 'Import och export' }).click();
    await page.getByRole('button', { name: 'Skapa budget 2027' }).click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toMatch(/skapades för 2027: .*välj 2027 under Budgetår/s);
    const next = ctx.db.first(ctx.db.q.selectFrom('budget_version').select(['id', 'name']).where('year', '=', 2027).where('deleted_at', 'is', null))!;
    // The new year is offered at once; the versions shown are still 2026's.
    await expect.poll(() => options(yearSelect)).toEqual(['2026 (aktivt år)', '2027']);
    expect((await options(versionSelect)).some((o) => o.startsWith(next.name))).toBe(false);

    await yearSelect.selectOption('2027');
    await expect.poll(() => options(versionSelect)).toEqual([`${next.name} (arbetsversion)`]);
    await page.getByRole('tab', { name: 'Budgetrader' }).click();
    const lines = (ctx.db.prepare('SELECT count(*) AS n FROM budget_line WHERE version_id = ? AND deleted_at IS NULL').get(next.id) as { n: number }).n;
    expect(lines).toBeGreaterThan(100);
    await expect.poll(() => page.getByTestId('lines-totals').innerText(), { timeout: 15_000 }).toContain(`${lines.toLocaleString('sv-SE')} rader`);
    await page.getByRole('tab', { name: 'Versioner' }).click();
    await expect.poll(() => page.locator('main h2').first().innerText()).toBe('Budgetversioner 2027');
    await app.screenshot('budget-ar-2027');
    // The rest of the app still follows the active year.
    expect(ctx.db.first(ctx.db.q.selectFrom('setting').select('value').where('key', '=', 'year.active'))!.value).toBe('2026');

    await yearSelect.selectOption('2026');
    await expect.poll(() => options(versionSelect)).toEqual(expect.arrayContaining(['Budget 2026 (beslutad, låst)']));
    expect((await options(versionSelect)).some((o) => o.startsWith(next.name))).toBe(false);
    expect(app.problems).toEqual([]);
  });
});
