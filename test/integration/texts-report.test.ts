import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { reportDocument } from '../../electron/services/reports/document';
import { reportHtml } from '../../electron/services/reports/html';
import { textReportParts } from '../../electron/services/reports/document-texts';
import { naturalId } from '../../electron/services/ids';
import { RESPONSIBILITY } from '../../electron/services/dimensions';
import { buildReport } from '../../electron/services/reports/build';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import { runCli } from '../support/cli';
import { openTestContext } from '../support/db';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { createSmallForvaltning as smallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { docxContent, flat, hasPdfTools, pdfText, unzip, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The approved text sections in the delårsrapport's neutral document, so that the PDF, the Word document and the
// workbook show the same blocks; a text still in the round is left out of all three.

const SUMMARY = [
  'Nämnden redovisar ett **överskott på 2,1 mnkr** efter augusti.',
  '',
  '- Hemtjänstens timmar ökade med 6 procent',
  '- Solgårdens nya boende öppnade i maj',
  '',
  '| Mått | 2025 | 2026 |',
  '|---|---|---|',
  '| Årsarbetare | 512 | 530 |',
].join('\n');

async function setUp() {
  const dir = tempDir('ramkoll-textrep-');
  const file = path.join(dir, 'r.db');
  const ctx = await openTestContext(file);
  smallForvaltning(ctx.db, ctx.site.id);
  const interim = newId();
  const at = ctx.now().toISOString();
  ctx.db
    .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)")
    .run(interim, at, at, ctx.site.id);
  const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
  const approved = (code: string, kind: string, body: string) => {
    saveText(ctx.db, controller, { occasionId: interim, code, kind, body });
    changeTextStatus(ctx.db, controller, { occasionId: interim, code, kind, action: 'ready' });
    changeTextStatus(ctx.db, controller, { occasionId: interim, code, kind, action: 'approve' });
  };
  approved('9000', 'summary', SUMMARY);
  approved('9100', 'events', 'Sektor Ett tog över **skolskjutsarna** från regionen.');
  approved('9000', 'events', 'Förvaltningen flyttade till nya lokaler i mars. <script>alert(1)</script>\n\n=HYPERLINK("x")');
  // Still in the round: never in a report.
  saveText(ctx.db, controller, { occasionId: interim, code: '9200', kind: 'events', body: 'Utkastet om Sektor Två som ingen godkänt' });
  changeTextStatus(ctx.db, controller, { occasionId: interim, code: '9200', kind: 'events', action: 'ready' });
  saveText(ctx.db, controller, { occasionId: interim, code: '9000', kind: 'future', body: 'Framtidstexten är ett utkast' });
  return { dir, file, ctx, interim };
}

describe('text sections in the reports', () => {
  it('the document has the approved texts in the kinds’ order, the förvaltning’s own before its sektorer’s, and nothing unapproved', async () => {
    const { ctx } = await setUp();
    const doc = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    expect(doc.sections.slice(0, 3).map((s) => s.title)).toEqual(['Sammanfattning', 'Väsentliga händelser', 'Resultat och prognos']);
    const [summary, events] = doc.sections;
    expect(summary!.blocks).toEqual([
      { kind: 'rich', runs: [{ text: 'Nämnden redovisar ett ', bold: false }, { text: 'överskott på 2,1 mnkr', bold: true }, { text: ' efter augusti.', bold: false }] },
      { kind: 'bullets', items: [[{ text: 'Hemtjänstens timmar ökade med 6 procent', bold: false }], [{ text: 'Solgårdens nya boende öppnade i maj', bold: false }]] },
      expect.objectContaining({ kind: 'table', columns: [expect.objectContaining({ title: 'Mått' }), expect.objectContaining({ title: '2025' }), expect.objectContaining({ title: '2026' })], rows: [{ cells: [{ kind: 'text', text: 'Årsarbetare' }, { kind: 'text', text: '512' }, { kind: 'text', text: '530' }] }] }),
    ]);
    expect(events!.blocks.map((b) => (b.kind === 'heading' ? `h:${b.text}` : b.kind))).toEqual(['rich', 'rich', 'h:9100 Sektor Ett', 'rich']);
    const html = reportHtml(doc);
    expect(html).toContain('<b>överskott på 2,1 mnkr</b>');
    expect(html).toContain('<ul class="bullets"><li>Hemtjänstens timmar');
    expect(html).not.toContain('Utkastet om Sektor Två');
    // Written text is text: escaped in the HTML, never markup.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('Framtidstexten');
    // A sektor's report has the sektor's own text, without a heading of its name.
    const sektor = reportDocument(buildReport(ctx.db, { period: 202608, scope: '9100', now: ctx.now() }));
    expect(sektor.sections.filter((s) => s.id.startsWith('text-')).map((s) => [s.title, s.blocks.map((b) => b.kind)])).toEqual([['Väsentliga händelser', ['rich']]]);
    ctx.db.close();
  });

  it('with two förvaltningar in one database (Ekonomi’s), each förvaltning’s text is under its name', async () => {
    const { ctx, interim } = await setUp();
    const at = ctx.now().toISOString();
    ctx.db
      .prepare("INSERT INTO dimension_value (id, dimension_id, code, name, parent_id, level, sort_order, active, created_at, updated_at, updated_by_site) VALUES (?, ?, '8000', 'Barn- och utbildningsförvaltningen', NULL, 'administration', 0, 1, ?, ?, ?)")
      .run(naturalId('ansvar', '8000'), naturalId('dimension', RESPONSIBILITY), at, at, ctx.site.id);
    const controller: Actor = { siteId: ctx.site.id, user: 'test', role: 'controller', scopeCode: null, now: ctx.now() };
    saveText(ctx.db, controller, { occasionId: interim, code: '8000', kind: 'summary', body: 'Skolorna' });
    changeTextStatus(ctx.db, controller, { occasionId: interim, code: '8000', kind: 'summary', action: 'ready' });
    changeTextStatus(ctx.db, controller, { occasionId: interim, code: '8000', kind: 'summary', action: 'approve' });
    const summary = textReportParts(ctx.db, interim, null).find((p) => p.kind === 'summary')!;
    expect(summary.entries.map((e) => [e.code, e.own])).toEqual(
      expect.arrayContaining([
        ['8000', false],
        ['9000', false],
      ]),
    );
    ctx.db.close();
  });

  it.runIf(hasPdfTools())('PDF, Word and Excel read back hold the approved texts in order and not the unapproved ones', async () => {
    const { dir, file, ctx } = await setUp();
    ctx.db.close();
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--occasion', '202608', '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const approvedInOrder = ['överskott på 2,1 mnkr', 'Hemtjänstens timmar ökade med 6 procent', 'Årsarbetare', 'Förvaltningen flyttade till nya lokaler i mars.', '9100 Sektor Ett', 'skolskjutsarna'];
    const unapproved = ['Utkastet om Sektor Två', 'Framtidstexten'];
    const inOrder = (text: string) => {
      const at = approvedInOrder.map((t) => text.indexOf(t));
      expect(at.every((i) => i >= 0), `${approvedInOrder.filter((_, k) => at[k]! < 0).join(', ')} saknas`).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      for (const u of unapproved) expect(text).not.toContain(u);
    };

    const pdf = flat(pdfText(out('pdf'), false));
    inOrder(pdf);
    expect(pdf.indexOf('Sammanfattning')).toBeLessThan(pdf.indexOf('Resultat och prognos'));

    const docx = docxContent(out('docx'));
    inOrder(docx.paragraphs.join(' ') + ' ' + docx.rows.map((r) => r.join(' ')).join(' '));
    // Bold stays bold and bullets are Word's own list paragraphs.
    const boldRun = [...docx.xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g)].map((m) => m[0]).find((r) => r.includes('>överskott på 2,1 mnkr</w:t>'));
    expect(boldRun).toMatch(/<w:b\/>/);
    expect((docx.xml.match(/<w:numPr>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(docx.rows).toContainEqual(['Årsarbetare', '512', '530']);

    const { sheets } = await xlsxSheets(out('xlsx'));
    const names = [...sheets.keys()];
    expect(names.indexOf('Sammanfattning')).toBeGreaterThan(-1);
    expect(names.indexOf('Sammanfattning')).toBeLessThan(names.indexOf('Väsentliga händelser'));
    expect(names.indexOf('Väsentliga händelser')).toBeLessThan(names.indexOf('Resultat och prognos'));
    expect(names).not.toContain('Framtid och utmaningar');
    const cellText = (v: unknown): string => (v && typeof v === 'object' && 'richText' in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : typeof v === 'string' ? v : '');
    const workbookText = [...sheets.entries()].map(([, rows]) => rows.map((r) => (r ?? []).map(cellText).join(' ')).join(' ')).join(' ');
    inOrder(workbookText);
    const summaryRows = sheets.get('Sammanfattning')!;
    const bold = summaryRows.flat().find((v) => v && typeof v === 'object' && 'richText' in v) as { richText: { text: string; font?: { bold?: boolean } }[] };
    expect(bold.richText.find((r) => r.text === 'överskott på 2,1 mnkr')!.font?.bold).toBe(true);
    // The workbook's text cells are plain text: nothing a spreadsheet would run.
    const sheetXml = [...unzip(out('xlsx')).entries()].filter(([k]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).map(([, v]) => v.toString('utf8'));
    expect(sheetXml.length).toBeGreaterThan(2);
    for (const x of sheetXml) expect(x).not.toMatch(/<f>/);
    expect(workbookText).toContain('=HYPERLINK("x")');
  }, 120_000);

  it.runIf(hasPdfTools())('a sektorchef writes in its own installation, the package brings it, the controller approves, and the delårsrapport prints it', async () => {
    const dir = tempDir('ramkoll-textflow-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    const s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
    smallForvaltning(c.db, siteId(c));
    const interim = newId();
    const at = c.now().toISOString();
    c.db
      .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)")
      .run(interim, at, at, siteId(c));
    let n = 0;
    const send = async (from: typeof c, to: typeof c) => {
      const f = path.join(dir, `p${++n}.ramkoll`);
      exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
      return receive(to, f);
    };
    const intro = path.join(dir, 'intro.ramkoll');
    exportIntroduction(s.db, intro, s.now());
    await receive(c, intro);
    await send(c, s);
    const chef: Actor = { siteId: siteId(s), user: 'Karin Lundgren', role: 'sektorchef', scopeCode: '9100', now: s.now() };
    const key = { occasionId: interim, code: '9100', kind: 'events' };
    saveText(s.db, chef, { ...key, body: 'Sektor Ett öppnade **Solgårdens** nya avdelning i juni.' });
    changeTextStatus(s.db, chef, { ...key, action: 'ready' });
    saveText(s.db, chef, { ...key, kind: 'future', body: 'Sektorns framtidstext är inte klar' });
    expect((await send(s, c)).refused).toBe(0);
    const controller: Actor = { siteId: siteId(c), user: 'Maria Sandberg', role: 'controller', scopeCode: null, now: c.now() };
    changeTextStatus(c.db, controller, { ...key, action: 'approve' });
    c.db.close();
    s.db.close();
    const out = path.join(dir, 'delar.pdf');
    const r = runCli(['report', '--db', path.join(dir, 'c.db'), '--occasion', '202608', '--format', 'pdf', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = flat(pdfText(out, false));
    expect(pdf).toContain('Sektor Ett öppnade Solgårdens nya avdelning i juni.');
    expect(pdf).not.toContain('Sektorns framtidstext');
  }, 120_000);
});
