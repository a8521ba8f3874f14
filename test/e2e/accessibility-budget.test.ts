import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetGrid, LineTuple } from '../../electron/api/features/budget';
import { invoke } from '../../electron/api/invoke';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { openTestContext, type TestContext } from '../support/db';
import { FIXTURES } from '../support/tmp';

/**
 * axe and the keyboard walk on every Budget tab of a working draft (where
 * the forms are open for writing), with the forms and panels people use
 * open: a new line, bulk actions on marked lines, a custom profile, the
 * version comparison with its drill-down and the lock form, a ram being
 * edited, a position being edited, the VF-lista's edit and link forms,
 * interna köp, and the import with a refused and an accepted file.
 */
describe('Budget in its working states: accessible and keyboard operable', () => {
  let app: AppSession;
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-a11y-budget-'));
    ctx = await openTestContext(path.join(dir, 'demo.db'), { demo: true });
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    const draft = ((await invoke('budget.versions.create', { name: 'Arbetsversion', kind: 'draft', basedOnId: adopted }, ctx)) as { id: string }).id;
    // One line differs from the adopted budget, so that the comparison has something to drill into.
    const grid = (await invoke('budget.lines.list', { versionId: draft }, ctx)) as BudgetGrid;
    const line = (JSON.parse(grid.linesJson) as LineTuple[])[0]!;
    await invoke('budget.lines.apply', { versionId: draft, changes: [{ op: 'year', id: line[0], yearOre: (line[6] as number) + 1_000_000 }] }, ctx);
    app = await launchApp(ctx);
  });

  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const main = () => app.page.locator('main');
  async function check(name: string) {
    await app.page.waitForFunction(() => !document.querySelector('main .loading'));
    await expectNoSeriousA11yViolations(app.page, name);
    await expectKeyboardOperable(app.page, name);
    await app.screenshot(`a11y-${name}`);
  }
  /** Budget afresh, on the working draft. */
  async function openDraft() {
    await app.open('budget');
    await app.page.locator('.version-select select').selectOption({ label: 'Arbetsversion (arbetsversion)' });
  }
  const tab = async (name: string) => {
    await app.page.getByRole('tab', { name, exact: true }).click();
    await expect.poll(() => app.page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true');
  };

  it('Budgetrader of a draft: the new line form, marked lines with the bulk actions, a custom profile, the unknown-code question', async () => {
    const page = app.page;
    await openDraft();
    const grid = page.getByTestId('lines-grid');
    await grid.locator('.ag-row').first().waitFor();
    // The forms are panels of the toolbar, opened on demand: the new line's form is checked open.
    await page.getByRole('toolbar', { name: 'Budgetrader' }).getByRole('button', { name: /^Ny rad/ }).click();
    await page.locator('form.new-line').waitFor();
    await check('budget-rader-arbetsversion');

    for (const r of [0, 1]) await grid.locator(`.ag-row[row-index="${r}"]`).first().locator('.ag-selection-checkbox input').click();
    await expect.poll(() => page.getByTestId('selected-count').innerText()).toBe('2 rader markerade');
    await check('budget-rader-markerade');

    // Typing in the grid: Tab saves and moves on to the next cell as in Excel; after Esc, Tab leaves the grid.
    const focused = () => page.evaluate(() => ({ inGrid: Boolean(document.activeElement?.closest('[data-testid="lines-grid"]')), col: document.activeElement?.closest('.ag-cell')?.getAttribute('col-id') ?? null, editing: Boolean(document.activeElement?.closest('.ag-cell-inline-editing')) }));
    await grid.locator('.ag-row[row-index="2"] .ag-cell[col-id="resp"]').first().click();
    await page.keyboard.press('F2');
    await expect.poll(focused).toEqual({ inGrid: true, col: 'resp', editing: true });
    await page.keyboard.press('Tab');
    await expect.poll(focused).toEqual({ inGrid: true, col: 'acc', editing: true });
    await page.keyboard.press('Escape');
    await expect.poll(focused).toEqual({ inGrid: true, col: 'acc', editing: false });
    await page.keyboard.press('Tab');
    await expect.poll(focused).toMatchObject({ inGrid: false });

    await page.getByText('Periodiseringsprofiler').click();
    await page.getByRole('button', { name: 'Ny egen profil' }).click();
    await page.getByRole('form', { name: 'Ny profil' }).waitFor();
    await check('budget-rader-ny-profil');
    await page.getByText('Periodiseringsprofiler').click();

    await page.locator('#new-resp').fill('31101');
    await page.locator('#new-acc').fill('4999');
    await page.locator('#new-amount').fill('100');
    await page.getByRole('button', { name: 'Lägg till rad' }).click();
    await page.getByRole('alertdialog').waitFor();
    await check('budget-rader-okand-kod');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Avbryt' }).click();
    expect(app.problems).toEqual([]);
  });

  it('Ramar with a ram being edited', async () => {
    await openDraft();
    await tab('Ramar');
    await app.page.waitForSelector('[data-testid="frames-grid"] .ag-row');
    await check('budget-ramar-arbetsversion');
    await app.page.locator('[data-testid="frames-grid"] .ag-row[row-id="3100"] .ag-cell[col-id="name"]').click();
    await app.page.getByLabel('Ram (kr)').waitFor();
    await check('budget-ramar-redigera');
    expect(app.problems).toEqual([]);
  });

  it('Versioner: the comparison with its drill-down, and the lock form', async () => {
    await openDraft();
    await tab('Versioner');
    const compare = app.page.getByTestId('compare-grid');
    await compare.locator('.ag-row').first().waitFor();
    await compare.locator('.ag-row .ag-cell[col-id="node"]').first().click();
    await app.page.getByTestId('compare-lines-grid').locator('.ag-row').first().waitFor();
    await check('budget-versioner-jamforelse');
    const work = app.page.getByTestId('versions-table').locator('tr[data-version="Arbetsversion"]');
    await work.getByRole('button', { name: 'Lås som beslutad' }).click();
    await work.getByLabel('Beslutsreferens').waitFor();
    await check('budget-versioner-las');
    await work.getByRole('button', { name: 'Avbryt' }).click();
    expect(app.problems).toEqual([]);
  });

  it('Omfördelningar, Personal with a position being edited, VF-lista with its forms, Interna köp', async () => {
    await openDraft();
    await tab('Omfördelningar');
    await app.page.waitForSelector('[data-testid="reallocations"]');
    await check('budget-omfordelningar-arbetsversion');

    await tab('Personal');
    await app.page.waitForSelector('[data-testid="personnel-sectors"] tfoot tr');
    // The draft starts without positions: copy them from the adopted budget, as a controller would.
    if ((await app.page.getByTestId('positions').getByRole('button', { name: /^Ändra / }).count()) === 0) {
      await app.page.getByLabel('Kopiera befattningar från').selectOption({ label: 'Budget 2026' });
      await app.page.getByRole('button', { name: 'Kopiera', exact: true }).click();
    }
    await app.page.getByTestId('positions').getByRole('button', { name: /^Ändra / }).first().click();
    await app.page.getByRole('form', { name: 'Ändra befattning' }).waitFor();
    await check('budget-personal-redigera');

    await tab('VF-lista');
    await app.page.waitForSelector('[data-testid="vf-must-cut"]');
    await app.page.getByRole('form', { name: 'Ny förändring' }).waitFor();
    await check('budget-vf-lista-arbetsversion');
    // A decided change on an enhet, written in the form: its row gets the edit and link buttons.
    const form = app.page.getByRole('form', { name: 'Ny förändring' });
    await form.getByLabel('Beskrivning').fill('Nattbemanning samordnas');
    await form.getByLabel('Belopp (kr, besparing med minus)').fill('-250 000');
    await form.getByLabel('Status').selectOption('decided');
    await form.getByLabel('Ansvar').selectOption('31101');
    await form.getByRole('button', { name: 'Lägg till' }).click();
    await app.page.getByTestId('vf-settled').getByRole('button', { name: 'Ändra Nattbemanning samordnas' }).click();
    await app.page.getByRole('form', { name: 'Ändra förändring' }).waitFor();
    await app.page.getByRole('button', { name: 'Koppla till rad för Nattbemanning samordnas' }).click();
    await app.page.getByRole('form', { name: /^Koppla .* till en budgetrad$/ }).waitFor();
    await check('budget-vf-lista-formular');

    await tab('Interna köp');
    await app.page.waitForSelector('[data-testid="internal-imbalance"]');
    await check('budget-interna-arbetsversion');
    expect(app.problems).toEqual([]);
  });

  it('Import och export: a refused file with its errors, and the preview of a good one', async () => {
    await openDraft();
    await tab('Import och export');
    await app.page.getByRole('button', { name: 'Välj fil …' }).waitFor();
    await check('budget-import-export');
    ctx.dialogs.queue.push(path.join(FIXTURES, 'budget', 'detaljbudget-fel.csv'));
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await expect.poll(() => app.page.getByRole('alert').first().innerText()).toMatch(/detaljbudget-fel\.csv: 7 fel/);
    await check('budget-import-fel');
    ctx.dialogs.queue.push(path.join(FIXTURES, 'budget', 'detaljbudget-arsbelopp.csv'));
    await app.page.getByRole('button', { name: 'Välj fil …' }).click();
    await expect.poll(() => app.page.getByTestId('import-preview').innerText()).toMatch(/blir 4 budgetrader/);
    await check('budget-import-forhandsgranskning');
    await expect.poll(() => main().count()).toBe(1);
    expect(app.problems).toEqual([]);
  });
});
