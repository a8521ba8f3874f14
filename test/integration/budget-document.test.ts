/**
 * Issue 17, point 4: the budget document ("Mål och budget") of a plan year
 * built from a starting point, with a ram, a decided VF measure and a
 * lönekompensation. Its figures are the ones the services (and the CLI) give,
 * rounded once from the öre, in the preview, the PDF, the Excel and the Word
 * file alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetExportResult } from '../../electron/api/features/planning';
import type { FrameBalances } from '../../electron/services/budget/frames';
import type { InvestmentOverview } from '../../electron/services/investments/overview';
import type { ReportDocument, TableBlock } from '../../electron/api/features/reports';
import { call } from '../support/call';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { suiteDir } from '../support/goals';
import { docxContent, docxRowNumbers, expectedInUnit, hasPdfTools, pdfRowNumbers, pdfText, xlsxRowNumbers, xlsxSheets } from '../support/reports';

const YEAR = DEMO_YEAR + 1;
const dir = suiteDir('ramkoll-budget-document-');
const file = path.join(dir, 'demo.db');
let ctx: TestContext;
let versionId: string;

beforeAll(async () => {
  ctx = await openTestContext(file, { demo: true });
  // Next year's budget from this year's, as the autumn's work starts.
  versionId = (await call('planning.start.create', { source: 'budget', sourceYear: DEMO_YEAR, targetYear: YEAR, salaryIncreaseBp: 310, priceIndexBp: 200 }, ctx)).versionId;
  await call('planning.frames.set', { versionId, responsibilityCode: '3100', amountOre: 401_234_567_89, planOre: [412_000_000_49, 423_000_000_50] }, ctx);
  await call('planning.changes.save', { versionId, description: 'Färre korttidsplatser', amountOre: -250_000_49, planOre: [-400_000_00, -400_000_00], status: 'decided', responsibilityCode: '3100' }, ctx);
  await call(
    'planning.budgetChanges.save',
    { year: YEAR, kind: 'pay', decisionRef: `KF ${YEAR}-05-19 § 40`, decidedOn: `${YEAR}-05-19`, text: 'Lönekompensation efter löneöversynen', amounts: [{ code: '31101', amountOre: 345_678_90 }, { code: '31101', year: YEAR + 1, amountOre: 500_000_00 }] },
    ctx,
  );
}, 120_000);
afterAll(() => ctx?.db.close());

const tableOf = (doc: ReportDocument, caption: string): TableBlock => {
  const t = doc.sections.flatMap((s) => s.blocks).find((b): b is TableBlock => b.kind === 'table' && b.caption.startsWith(caption));
  if (!t) throw new Error(`no table "${caption}"`);
  return t;
};
const rowValues = (t: TableBlock, first: string) => {
  const r = t.rows.find((x) => x.cells[0]?.kind === 'text' && x.cells[0].text === first);
  if (!r) throw new Error(`no row "${first}" in "${t.caption}"`);
  return r.cells.filter((c) => c.kind === 'amount').map((c) => (c.kind === 'amount' ? c.value : null));
};
const kr = (ore: number | null) => (ore === null ? null : expectedInUnit(ore, 'kr'));

describe('the budget document model', () => {
  it('shows the ramar, the budget and the plan years per sektor as Ramar and the flerårsplan give them', async () => {
    const doc = await call('reports.budget.preview', { year: YEAR }, ctx);
    expect(doc.title).toBe(`Mål och budget ${YEAR}`);
    const fb = await call('planning.frames.get', { versionId }, ctx);
    const t = tableOf(doc, 'Ram och budget per sektor');
    const shown = fb.nodes.filter((n) => n.depth <= 1);
    expect(t.rows).toHaveLength(shown.length);
    for (const n of shown) {
      expect(rowValues(t, `${n.code} ${n.name}`)).toEqual([kr(n.frameInForceOre), kr(n.budgetedOre), ...n.planYears.flatMap((y) => [kr(y.frameInForceOre), kr(y.plannedOre)])]);
    }
    const sector = fb.nodes.find((n) => n.code === '3100')!;
    // The ram set above, with the lönekompensation of its unit 31101 on top in both years.
    expect(sector.frameInForceOre).toBe(401_234_567_89 + 345_678_90);
    expect(rowValues(t, '3100 Äldreomsorg').slice(0, 3)).toEqual([401_580_247, kr(sector.budgetedOre), 412_500_000]);
    const plan = await call('planning.multiyear.get', { versionId }, ctx);
    const groups = tableOf(doc, 'Förvaltningen per kontogrupp');
    expect(rowValues(groups, 'Nettokostnad')).toEqual(plan.nodes[0]!.yearsOre.map(kr));
  });

  it('lists the changes against last year: per sektor, the decided VF measures and the budget changes with their decisions', async () => {
    const doc = await call('reports.budget.preview', { year: YEAR }, ctx);
    const last = await call('planning.frames.get', { versionId: ctx.db.first(ctx.db.q.selectFrom('budget_version').select('id').where('year', '=', DEMO_YEAR).where('kind', '=', 'adopted'))!.id }, ctx);
    const now = await call('planning.frames.get', { versionId }, ctx);
    // The budget year's löneökning, prisindex and volym as last year's flerårsplan assumed them.
    const lastPlan = await call('planning.multiyear.get', { versionId: last.versionId }, ctx);
    const assumed = lastPlan.assumptions.find((x) => x.year === YEAR)!;
    expect(assumed.salaryBp).not.toBe(0);
    const pct = (bp: number) => `${(bp / 100).toFixed(2).replace('.', ',')}\u00a0%`;
    expect(doc.sections.find((x) => x.id === 'forandringar')!.blocks).toContainEqual({
      kind: 'labelled',
      label: `Antaganden för ${YEAR} i föregående års flerårsplan`,
      text: `löneökning ${pct(assumed.salaryBp)}, prisindex ${pct(assumed.priceBp)}, volym ${pct(assumed.volumeBp)}`,
    });
    const t = tableOf(doc, 'Budget per sektor mot föregående år');
    for (const n of now.nodes.filter((x) => x.depth <= 1)) {
      const before = last.nodes.find((x) => x.code === n.code)!.budgetedOre;
      expect(rowValues(t, `${n.code} ${n.name}`)).toEqual([kr(before), kr(n.budgetedOre), kr(n.budgetedOre - before)]);
    }
    const vf = tableOf(doc, 'Beslutade verksamhetsförändringar');
    const decided = (await call('planning.changes.get', { versionId }, ctx)).settled.filter((c) => c.status === 'decided');
    expect(decided.length).toBeGreaterThan(0);
    const measure = vf.rows.find((r) => r.cells[1]?.kind === 'text' && r.cells[1].text === 'Färre korttidsplatser')!;
    expect(measure.cells.filter((c) => c.kind === 'amount').map((c) => (c.kind === 'amount' ? c.value : null))).toEqual([-250_000, -400_000, -400_000]);
    expect(rowValues(vf, 'Summa')).toEqual([kr(decided.reduce((s, c) => s + c.amountOre, 0)), ...[0, 1].map((k) => kr(decided.reduce((s, c) => s + c.planOre[k]!, 0)))]);
    const changes = tableOf(doc, 'Budgetändringar');
    const row = changes.rows.find((r) => r.cells[0]?.kind === 'text' && r.cells[0].text === 'Lönekompensation')!;
    expect(row.cells.map((c) => (c.kind === 'text' ? c.text : c.value))).toEqual(['Lönekompensation', `KF ${YEAR}-05-19 § 40, ${YEAR}-05-19`, 'Lönekompensation efter löneöversynen', 345_679, 500_000, 0]);
  });

  it('has the investment budget per project as `investments.get` gives it, personnel per sektor and the year’s nämndmål', async () => {
    const doc = await call('reports.budget.preview', { year: YEAR }, ctx);
    const inv = await call('investments.get', { year: YEAR }, ctx);
    const t = tableOf(doc, 'Investeringsbudget per projekt');
    expect(t.rows).toHaveLength(inv.projects.length + 1);
    const budget = (p: (typeof inv.projects)[number], y: number) => p.years.find((x) => x.year === y)?.budgetOre ?? 0;
    for (const p of inv.projects) {
      expect(rowValues(t, `${p.code} ${p.name}`)).toEqual([kr(budget(p, YEAR)), kr(budget(p, YEAR + 1)), kr(budget(p, YEAR + 2)), kr(p.wholeProject.budgetOre), kr(p.capital.depreciationOre + p.capital.interestOre)]);
    }
    expect(rowValues(t, 'Summa')[0]).toBe(kr(inv.total.year.budgetOre));
    expect(rowValues(t, 'Summa')[4]).toBe(kr(inv.total.depreciationOre + inv.total.interestOre));

    const personnel = await call('planning.personnel.get', { versionId }, ctx);
    const pt = tableOf(doc, 'Årsarbetare och personalkostnad per sektor');
    expect(personnel.total.positions).toBeGreaterThan(0);
    expect(rowValues(pt, 'Totalt')).toEqual([personnel.total.positions, personnel.total.fte, kr(personnel.total.salaryOre), kr(personnel.total.poOre), kr(personnel.total.totalOre)]);

    const goals = doc.sections.find((s) => s.id === 'mal')!;
    const boardGoals = ctx.db
      .prepare("SELECT code FROM goal WHERE level = 'board' AND deleted_at IS NULL AND valid_from_year <= ? AND (valid_to_year IS NULL OR valid_to_year >= ?)")
      .all(YEAR, YEAR) as { code: string }[];
    expect(boardGoals.length).toBeGreaterThan(0);
    const headings = goals.blocks.filter((b) => b.kind === 'heading' && b.text.startsWith('Nämndmål')).map((b) => (b.kind === 'heading' ? b.text : ''));
    expect(headings.map((h) => h.split(' ')[1]).sort()).toEqual(boardGoals.map((g) => g.code).sort());
  });

  it('rounds once from the öre in tkr, and follows the sign presentation asked for', async () => {
    const fb = await call('planning.frames.get', { versionId }, ctx);
    const root = fb.nodes[0]!;
    const tkr = await call('reports.budget.preview', { year: YEAR, unit: 'tkr' }, ctx);
    expect(rowValues(tableOf(tkr, 'Ram och budget per sektor'), `${root.code} ${root.name}`)[1]).toBe(expectedInUnit(root.budgetedOre, 'tkr'));
    const negative = await call('reports.budget.preview', { year: YEAR, sign: 'costs-negative' }, ctx);
    expect(rowValues(tableOf(negative, 'Ram och budget per sektor'), `${root.code} ${root.name}`)[1]).toBe(-kr(root.budgetedOre)!);
    // Investments are what they cost, whatever sign the drift is shown with.
    const inv = await call('investments.get', { year: YEAR }, ctx);
    expect(rowValues(tableOf(negative, 'Investeringsbudget per projekt'), 'Summa')[0]).toBe(kr(inv.total.year.budgetOre));
  });

  it('refuses a year without a budget with a message that says what to do', async () => {
    await expect(call('reports.budget.preview', { year: YEAR + 5 }, ctx)).rejects.toThrow(/Det finns ingen budgetversion för 2032/);
  });
});

describe('ramkoll report --budget', () => {
  const out = (name: string) => path.join(dir, name);
  let frames: FrameBalances;
  let inv: InvestmentOverview;
  let exported: BudgetExportResult;
  beforeAll(() => {
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--budget', String(YEAR), '--format', f, '--out', out(`budget.${f}`)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Mål och budget ${YEAR} – `));
    }
    frames = runCliJson<FrameBalances>(['budget', 'frames', '--db', file, '--year', String(YEAR)]);
    inv = runCliJson<InvestmentOverview>(['investments', '--db', file, '--year', String(YEAR)]);
    exported = runCliJson<BudgetExportResult>(['budget', 'export', '--db', file, '--version', 'current', '--year', String(YEAR), '--format', 'xlsx', '--out', out('export.xlsx')]);
  }, 180_000);

  // A year without a ram prints "–", no number.
  const rootFigures = (root: FrameBalances['nodes'][number], e: BudgetExportResult) =>
    [kr(root.frameInForceOre), kr(e.totalOre), ...root.planYears.flatMap((y) => [kr(y.frameInForceOre), kr(y.plannedOre)])].filter((v) => v !== null);
  const budget = (p: InvestmentOverview['projects'][number], y: number) => p.years.find((x) => x.year === y)?.budgetOre ?? 0;
  const projectRow = (p: InvestmentOverview['projects'][number]) => [budget(p, YEAR), budget(p, YEAR + 1), budget(p, YEAR + 2), p.wholeProject.budgetOre, p.capital.depreciationOre + p.capital.interestOre].map(kr);

  it.runIf(hasPdfTools())('prints in the PDF the figures of `ramkoll investments`, `budget frames` and `budget export`, to the krona', () => {
    const text = pdfText(out('budget.pdf'));
    const root = frames.nodes[0]!;
    expect(exported.versionId).toBe(versionId);
    const rootRow = pdfRowNumbers(text, root.code, 'Ram och budget per sektor')!;
    expect(rootRow).toEqual(rootFigures(root, exported));
    expect(kr(root.budgetedOre)).toBe(kr(exported.totalOre));
    for (const p of inv.projects) expect(pdfRowNumbers(text, p.code, 'Investeringsbudget per projekt')!.slice(-5), p.code).toEqual(projectRow(p));
    const sum = pdfRowNumbers(text, 'Summa', 'Investeringsbudget per projekt (kr)')!;
    expect(sum[0]).toBe(kr(inv.total.year.budgetOre));
    expect(pdfRowNumbers(text, 'Lönekompensation')).toEqual([345_679, 500_000, 0]);
  });

  it('writes the same figures to Excel and Word', async () => {
    const { sheets } = await xlsxSheets(out('budget.xlsx'));
    expect([...sheets.keys()]).toEqual(expect.arrayContaining(['Ramar och flerårsplan', 'Förändringar', 'Investeringsbudget', 'Personal', 'Interna köp', 'Nämndmål']));
    const root = frames.nodes[0]!;
    expect(xlsxRowNumbers(sheets.get('Ramar och flerårsplan')!, `${root.code} ${root.name}`)).toEqual(rootFigures(root, exported));
    const docx = docxContent(out('budget.docx'));
    expect(docxRowNumbers(docx.rows, `${root.code} ${root.name}`)).toEqual(rootFigures(root, exported));
    for (const p of inv.projects) {
      expect(xlsxRowNumbers(sheets.get('Investeringsbudget')!, `${p.code} ${p.name}`)).toEqual(projectRow(p));
      // Word's cells are all text: the ansvar and the activation read as numbers too, before the five amounts.
      expect(docxRowNumbers(docx.rows, `${p.code} ${p.name}`)!.slice(-5)).toEqual(projectRow(p));
    }
  });

  it('says what is wrong with the flags, and a failed write leaves no file and the database unchanged', () => {
    const bad = [
      [['--budget', '27'], /--budget ska vara ett år ÅÅÅÅ/],
      [['--budget', String(YEAR), '--occasion', '202608'], /--budget och --occasion går inte tillsammans/],
      [['--budget', String(YEAR), '--unit', 'ore'], /--unit ska vara kr, tkr eller mnkr/],
      [['--budget', String(YEAR), '--scope', '3100'], /--scope går inte med --budget/],
    ] as const;
    for (const [args, message] of bad) {
      const r = runCli(['report', '--db', file, ...args, '--format', 'pdf', '--out', out('x.pdf')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const hash = contentHash(file);
    const r = runCli(['report', '--db', file, '--budget', String(YEAR), '--format', 'xlsx', '--out', path.join(dir, 'saknas', 'b.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b\.xlsx kunde inte sparas/);
    expect(fs.existsSync(path.join(dir, 'saknas'))).toBe(false);
    expect(contentHash(file)).toBe(hash);
    const help = runCli(['report', '--help']);
    expect(help.stdout).toContain('--budget ÅÅÅÅ');
  });
});
