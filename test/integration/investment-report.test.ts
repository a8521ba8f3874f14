import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvestmentOverview, ProjectOverview } from '../../electron/api/features/investments';
import type { Actor } from '../../electron/services/followup/model';
import { changeInvestmentCommentStatus, saveInvestmentComment } from '../../electron/services/investments/comments';
import { newId } from '../../electron/services/ids';
import { runCli, runCliJson } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { docxContent, docxRowNumbers, expectedInUnit, flat, hasPdfTools, pdfRowNumbers, pdfText, xlsxRowNumbers, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The Investeringsredovisning of the delårsrapport: its figures read back from the PDF (and the xlsx and docx) equal
// `ramkoll investments --json` after an import of outcome with project codes, and the approved comment is shown.

const CSV = ['Konto;Ansvar;Projekt;Period;Belopp', '5010;91101;;202603;1000,00', '1110;91101;P1001;202603;1250000,00', '1230;92101;P1002;202604;312345,67', '5010;91101;;202604;1000,00'].join('\r\n');

describe.runIf(hasPdfTools())('Investeringsredovisning in the delårsrapport', () => {
  it('shows per project and category the figures of `ramkoll investments --json`, and the approved comment', async () => {
    const dir = tempDir('ramkoll-invrep-');
    const file = path.join(dir, 'r.db');
    const ctx = await openTestContext(file);
    const data = createSmallForvaltning(ctx.db, ctx.site.id);
    addCapitalAccounts(ctx.db, ctx.site.id, ctx.now().toISOString());
    writeIssueCase(ctx.db, { siteId: ctx.site.id, user: 'test', at: ctx.now().toISOString() });
    // P1001's prognos over the threshold, so that its comment is required.
    ctx.db.prepare("UPDATE investment_year SET forecast_ore = 260000000 WHERE year = 2026 AND project_id = (SELECT id FROM investment_project WHERE code = 'P1001')").run();
    const interim = newId();
    const at = ctx.now().toISOString();
    ctx.db
      .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)")
      .run(interim, at, at, ctx.site.id);
    const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
    saveInvestmentComment(ctx.db, controller, { occasionId: interim, projectCode: 'P1001', cause: 'Fördyrad markentreprenad', action: 'Etapp 2 omprövas i nämnden' });
    changeInvestmentCommentStatus(ctx.db, controller, { occasionId: interim, projectCode: 'P1001', action: 'ready' });
    changeInvestmentCommentStatus(ctx.db, controller, { occasionId: interim, projectCode: 'P1001', action: 'approve' });
    void data;
    ctx.db.close();
    const csv = path.join(dir, 'utfall.csv');
    fs.writeFileSync(csv, CSV);
    expect(runCli(['import', csv, '--db', file, '--confirm']).code).toBe(0);

    const o = runCliJson<InvestmentOverview>(['investments', '--db', file, '--year', '2026']);
    const a = o.projects.find((p) => p.code === 'P1001')!;
    const b = o.projects.find((p) => p.code === 'P1002')!;
    // The outcome comes from the import.
    expect([a.year.actualOre, b.year.actualOre]).toEqual([125_000_000, 31_234_567]);

    const tkr = (ore: number) => expectedInUnit(ore, 'tkr');
    const row = (f: ProjectOverview['year']) => [tkr(f.budgetOre), tkr(f.actualOre), tkr(f.forecastOre), tkr(f.deviationOre)];
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      expect(runCli(['report', '--db', file, '--occasion', '202608', '--format', f, '--out', out(f), '--unit', 'tkr', '--sign', 'costs-positive']).code).toBe(0);
    }
    const text = pdfText(out('pdf'));
    const year = text.indexOf('Investeringar år 2026');
    const whole = text.indexOf('Investeringar hela projektet');
    expect(year).toBeGreaterThan(0);
    expect(pdfRowNumbers(text, 'P1001 Nytt gruppboende Solgården', 'Investeringar år 2026')).toEqual(row(a.year));
    expect(pdfRowNumbers(text, 'P1002 Ombyggnad kök Enhet Två', 'Investeringar år 2026')).toEqual(row(b.year));
    expect(pdfRowNumbers(text, 'P1001 Nytt gruppboende Solgården', 'Investeringar hela projektet')).toEqual(row(a.wholeProject));
    expect(pdfRowNumbers(text, 'Summa ny- och utbyggnad', 'Investeringar år 2026')).toEqual(row(a.year));
    expect(pdfRowNumbers(text, 'Summa investeringar', 'Investeringar år 2026')).toEqual(row(o.total.year));
    expect(pdfRowNumbers(text, 'Summa investeringar', 'Investeringar hela projektet')).toEqual(row(o.total.wholeProject));
    expect(whole).toBeGreaterThan(year);
    const running = flat(pdfText(out('pdf'), false));
    expect(running).toContain('Investeringsredovisning');
    expect(running).toContain('Fördyrad markentreprenad');
    expect(running).toContain('Etapp 2 omprövas i nämnden');

    const { sheets } = await xlsxSheets(out('xlsx'));
    const sheet = sheets.get('Investeringar')!;
    expect(xlsxRowNumbers(sheet, 'P1001 Nytt gruppboende Solgården')).toEqual(row(a.year));
    const docx = docxContent(out('docx'));
    expect(docxRowNumbers(docx.rows, 'P1002 Ombyggnad kök Enhet Två')).toEqual(row(b.year));
    expect(docx.paragraphs.join(' ')).toContain('Fördyrad markentreprenad');
  }, 120_000);
});
