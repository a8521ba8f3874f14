/**
 * Issue 17, Done when 2, in Chromium at 1366×768 over the app's handlers: a
 * plan year's ram is set in Ramar, an investment project added under
 * Investeringar, a lönekompensation recorded under Budgetändringar, and the
 * budget document exported from Rapporter as PDF. The PDF's figures, read
 * back with pdftotext, are those `ramkoll investments`, `ramkoll budget
 * frames` and `ramkoll budget export` give for the same database, to the
 * krona as printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetExportResult } from '../../electron/api/features/planning';
import type { FrameBalances } from '../../electron/services/budget/frames';
import type { InvestmentOverview } from '../../electron/services/investments/overview';
import { expectKeyboardOperable, expectNoSeriousA11yViolations } from '../support/a11y';
import { launchApp, type AppSession } from '../support/bridge';
import { call } from '../support/call';
import { runCliJson } from '../support/cli';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { expectedInUnit, hasPdfTools, pdfRowNumbers, pdfText, swedishNumber } from '../support/reports';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const kr = (ore: number | null) => (ore === null ? null : expectedInUnit(ore, 'kr'));
const PLAN_YEAR = DEMO_YEAR + 1;

describe.runIf(hasPdfTools())('the budget document from Rapporter, in Chromium at 1366×768', () => {
  let app: AppSession;
  let ctx: TestContext;
  let draft: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-e2e-budgetdoc-'));
  const db = path.join(dir, 'demo.db');

  beforeAll(async () => {
    ctx = await openTestContext(db, { demo: true });
    const adopted = ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('kind', '=', 'adopted'))!.id;
    // The adopted budget is locked: the autumn's work on the plan years goes on in a working version.
    draft = (await call('budget.versions.create', { year: DEMO_YEAR, name: 'Mål och budget, arbetsversion', kind: 'draft', basedOnId: adopted }, ctx)).id;
    app = await launchApp(ctx, { viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await app?.close();
    ctx?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds a plan year’s ram, adds an investment project and records a lönekompensation, then exports the budget document whose PDF figures equal the CLI’s', async () => {
    const page = app.page;
    expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });

    // 1. The plan year's ram of Äldreomsorg, from the keyboard in Ramar.
    await app.open('budget');
    await page.getByLabel('Budgetversion').selectOption(draft);
    await page.getByRole('tab', { name: 'Ramar', exact: true }).click();
    const cell = (code: string, col: string) => page.locator(`[data-testid="frames-grid"] .ag-row[row-id="${code}"] .ag-cell[col-id="${col}"]`);
    await page.waitForSelector('[data-testid="frames-grid"] .ag-row[row-id="3100"]');
    await cell('3100', 'name').click();
    await page.keyboard.press('Enter');
    const ram = page.getByLabel(`Ram ${PLAN_YEAR} (kr)`);
    await ram.focus();
    await ram.fill('398 765 432');
    await ram.press('Enter');
    await expect
      .poll(() => ctx.db.prepare("SELECT f.plan1_ore AS p FROM frame f JOIN dimension_value v ON v.id = f.responsibility_id WHERE f.version_id = ? AND v.code = '3100'").get(draft))
      .toEqual({ p: 398_765_432_00 });

    // 2. An investment project over two years, activated in the plan year's autumn.
    await page.getByRole('tab', { name: 'Investeringar', exact: true }).click();
    await page.waitForSelector('[data-testid="investments-grid"] .ag-row');
    await page.getByRole('button', { name: 'Nytt investeringsprojekt' }).click();
    const form = page.getByRole('form', { name: 'Nytt investeringsprojekt' });
    await form.getByLabel('Projekt-id').fill('79002');
    await form.getByLabel('Namn').fill('Trygghetsboende Norra Ängen');
    await form.getByLabel('Ansvar').selectOption('3140');
    await form.getByLabel('Start (ÅÅÅÅMM)').fill(`${DEMO_YEAR}06`);
    await form.getByLabel('Planerad aktivering').fill(`${PLAN_YEAR}09`);
    await form.getByLabel('Komponent', { exact: true }).fill('Byggnad');
    await form.getByLabel('Avskrivningstid (år)').fill('33');
    await form.locator('#inv-year-0').fill(String(DEMO_YEAR));
    await form.locator('#inv-budget-0').fill('2 500 000,50');
    await form.getByRole('button', { name: 'Lägg till år' }).click();
    await form.locator('#inv-year-1').fill(String(PLAN_YEAR));
    await form.locator('#inv-budget-1').fill('1 249 999,49');
    await form.getByRole('button', { name: 'Spara projekt' }).click();
    await expect.poll(async () => (await call('investments.get', { year: DEMO_YEAR }, ctx)).projects.find((p) => p.code === '79002')?.wholeProject.budgetOre ?? null).toBe(374_999_999);

    // 3. KF's lönekompensation for the budget year and the plan year.
    await page.getByRole('tab', { name: 'Budgetändringar', exact: true }).click();
    await page.waitForSelector('[data-testid="budget-changes"] tbody tr');
    await page.getByLabel('Slag').selectOption({ label: 'Lönekompensation' });
    await page.getByLabel('Beslut', { exact: true }).fill('KS 2026-10-14 § 120');
    await page.getByLabel('Beslutsdatum').fill(`${DEMO_YEAR}-10-14`);
    await page.getByLabel('Text', { exact: true }).fill('Lönekompensation för undersköterskor');
    await page.getByLabel('Ansvar, rad 1').selectOption('31101');
    await page.getByLabel('Belopp (kr), rad 1').fill('123 456,78');
    await page.getByRole('button', { name: 'Lägg till rad' }).click();
    await page.getByLabel('Ansvar, rad 2').selectOption('31101');
    await page.getByLabel('År, rad 2').selectOption(String(PLAN_YEAR));
    await page.getByLabel('Belopp (kr), rad 2').fill('234 567');
    await page.getByRole('button', { name: 'Spara budgetändringen' }).click();
    await expect.poll(async () => (await call('planning.budgetChanges.list', { year: DEMO_YEAR }, ctx)).changes.some((c) => c.decisionRef === 'KS 2026-10-14 § 120')).toBe(true);

    // 4. Rapporter › Budgetdokument: the working version, previewed, exported as PDF.
    await app.open('rapporter');
    await page.getByTestId('report-kind-budget').check();
    await page.getByTestId('budget-version').selectOption(draft);
    await expect.poll(() => page.locator('.reports-page').innerText(), { timeout: 30_000 }).toContain('79002 Trygghetsboende Norra Ängen');
    expect(norm(await page.locator('.reports-page').innerText())).toContain('Lönekompensation för undersköterskor');
    // Nothing sideways at 1366 px: the page does not scroll horizontally.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
    await app.screenshot('rapporter-budgetdokument-1366');
    await expectNoSeriousA11yViolations(page, 'rapporter-budgetdokument');
    await expectKeyboardOperable(page, 'rapporter-budgetdokument');
    await page.getByTestId('open-budget-export').click();
    const dialog = page.getByRole('dialog', { name: 'Exportera budgetdokumentet' });
    await dialog.waitFor();
    await dialog.getByTestId('budget-format-pdf').check();
    const file = path.join(dir, 'mal-och-budget.pdf');
    ctx.dialogs.queue.push(file);
    await dialog.getByTestId('budget-export-save').click();
    await expect.poll(() => dialog.getByTestId('budget-export-done').innerText(), { timeout: 60_000 }).toMatch(/^mal-och-budget\.pdf är sparad/);
    expect(ctx.dialogs.asked.at(-1)).toEqual({ kind: 'save', title: 'Spara budgetdokumentet som PDF', extensions: ['pdf'] });

    // 5. The PDF read back against the CLI on the same database.
    const inv = runCliJson<InvestmentOverview>(['investments', '--db', db, '--year', String(DEMO_YEAR)]);
    const frames = runCliJson<FrameBalances>(['budget', 'frames', '--db', db, '--version', draft, '--year', String(DEMO_YEAR)]);
    const exported = runCliJson<BudgetExportResult>(['budget', 'export', '--db', db, '--version', draft, '--format', 'xlsx', '--out', path.join(dir, 'export.xlsx')]);
    const text = pdfText(file);

    const project = inv.projects.find((p) => p.code === '79002')!;
    const budget = (y: number) => project.years.find((x) => x.year === y)?.budgetOre ?? 0;
    expect([budget(DEMO_YEAR), budget(PLAN_YEAR)]).toEqual([250_000_050, 124_999_949]);
    expect(pdfRowNumbers(text, '79002', 'Investeringsbudget per projekt')!.slice(-5)).toEqual(
      [budget(DEMO_YEAR), budget(PLAN_YEAR), budget(PLAN_YEAR + 1), project.wholeProject.budgetOre, project.capital.depreciationOre + project.capital.interestOre].map(kr),
    );
    expect(pdfRowNumbers(text, 'Summa', 'Investeringsbudget per projekt')![0]).toBe(kr(inv.total.year.budgetOre));

    const root = frames.nodes[0]!;
    const sector = frames.nodes.find((n) => n.code === '3100')!;
    // The förvaltning's budget is the budget export's total; each ram i kraft the Ramar figure with the budget changes.
    expect(kr(root.budgetedOre)).toBe(kr(exported.totalOre));
    const figures = (n: FrameBalances['nodes'][number]) => [kr(n.frameInForceOre), kr(n.budgetedOre), ...n.planYears.flatMap((y) => [kr(y.frameInForceOre), kr(y.plannedOre)])].filter((v) => v !== null);
    expect(pdfRowNumbers(text, root.code, 'Ram och budget per sektor')).toEqual(figures(root));
    expect(pdfRowNumbers(text, '3100', 'Ram och budget per sektor')).toEqual(figures(sector));
    // The plan year's ram typed in Ramar, with the lönekompensation's plan-year amount on top.
    expect(sector.planYears[0]!.frameInForceOre).toBe(398_765_432_00 + sector.planYears[0]!.changedOre);
    expect(sector.planYears[0]!.changedOre).toBeGreaterThanOrEqual(234_567_00);
    // The decision's row (the demo has a lönekompensation of its own before it): budget year, plan year 1, plan year 2.
    const decision = text.split('\n').find((l) => l.includes('KS 2026-10-14 § 120'))!;
    expect(decision.split(/ {3,}/).map(swedishNumber).filter((v) => v !== null)).toEqual([123_457, 234_567, 0]);
    expect(pdfRowNumbers(text, 'Nettokostnad', 'Förvaltningen per kontogrupp')![0]).toBe(kr(exported.totalOre));
    expect(app.problems).toEqual([]);
  }, 180_000);
});
