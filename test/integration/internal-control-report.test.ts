import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { saveControl } from '../../electron/services/internal-control/plan';
import { saveControlResult } from '../../electron/services/internal-control/results';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import type { TableBlock } from '../../electron/services/reports/document-types';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import { runCli } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { docxContent, flat, hasPdfTools, pdfText, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The internal control plan's results in the delårsrapport's Intern kontroll section: a table of the controls
// followed up at the occasion, before the section's approved text, in the PDF, the Word document and the workbook.

async function setUp(withText: boolean) {
  const dir = tempDir('ramkoll-controlrep-');
  const file = path.join(dir, 'r.db');
  const ctx = await openTestContext(file);
  createSmallForvaltning(ctx.db, ctx.site.id);
  const interim = newId();
  const at = ctx.now().toISOString();
  ctx.db
    .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202608, 'interim', 'Delårsrapport augusti 2026', ?, ?, ?)")
    .run(interim, at, at, ctx.site.id);
  const a: Actor = { siteId: ctx.site.id, user: 'controller', role: 'controller', scopeCode: null, now: ctx.now() };
  const base = { year: 2026, probability: 3, consequence: 3, responsible: 'Sektorchef', occasionKinds: ['interim' as const, 'annual' as const] };
  const attest = saveControl(ctx.db, a, { ...base, code: 'IK1', process: 'Attest av fakturor', risk: 'Felaktig attest', controlStep: 'Stickprov på 20 fakturor', node: '9100' });
  const lon = saveControl(ctx.db, a, { ...base, code: 'IK2', process: 'Löneutbetalningar', risk: 'Lön till avslutad anställd', probability: 2, consequence: 4, controlStep: 'Avstämning mot avslutade anställningar', node: '9200' });
  saveControl(ctx.db, a, { ...base, code: 'IK3', process: 'Representation', risk: 'Otillåten alkohol', controlStep: 'Granska alla representationsfakturor', node: '9000', occasionKinds: ['annual'] });
  const chef: Actor = { ...a, user: 'Karin Lundgren', role: 'sektorchef', scopeCode: '9100' };
  saveControlResult(ctx.db, chef, {
    controlId: attest.id,
    occasionId: interim,
    performed: true,
    deviation: true,
    observations: 'Tre fakturor attesterade av beställaren',
    actions: 'Utbildning i attestreglerna',
    actionOwner: 'Karin Lundgren',
    actionDue: '2026-10-31',
  });
  saveControlResult(ctx.db, a, { controlId: lon.id, occasionId: interim, performed: false, deviation: false, observations: '', actions: 'Kontrollen flyttas till september', actionOwner: 'Lönechef', actionDue: null });
  if (withText) {
    const key = { occasionId: interim, code: '9000', kind: 'internal_control' };
    saveText(ctx.db, a, { ...key, body: 'Nämndens bedömning är att den interna kontrollen är tillräcklig.' });
    changeTextStatus(ctx.db, a, { ...key, action: 'ready' });
    changeTextStatus(ctx.db, a, { ...key, action: 'approve' });
  }
  return { dir, file, ctx };
}

describe('intern kontroll in the reports', () => {
  it('the Intern kontroll section has the occasion’s controls and results as a table before the approved text; a sektor’s report its own', async () => {
    const { ctx } = await setUp(true);
    const doc = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    const section = doc.sections.find((s) => s.id === 'text-internal_control')!;
    expect(section.title).toBe('Intern kontroll');
    expect(section.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'rich']);
    expect(section.blocks[0]).toMatchObject({ text: '1 av 2 kontroller i internkontrollplanen är utförda vid Delårsrapport augusti 2026; 1 med avvikelse.' });
    const table = section.blocks[1] as TableBlock;
    expect(table.rows.map((r) => r.cells.map((c) => (c.kind === 'text' ? c.text : '')))).toEqual([
      ['IK1 Attest av fakturor', '9', 'Stickprov på 20 fakturor', 'Sektorchef (9100 Sektor Ett)', 'Ja', 'Ja', 'Tre fakturor attesterade av beställaren', 'Utbildning i attestreglerna (Karin Lundgren, senast 2026-10-31)'],
      ['IK2 Löneutbetalningar', '8', 'Avstämning mot avslutade anställningar', 'Sektorchef (9200 Sektor Två)', 'Nej', 'Nej', '', 'Kontrollen flyttas till september (Lönechef)'],
    ]);
    const sektor = reportDocument(buildReport(ctx.db, { period: 202608, scope: '9100', now: ctx.now() }));
    const own = sektor.sections.find((s) => s.id === 'text-internal_control')!;
    expect((own.blocks[1] as TableBlock).rows.map((r) => (r.cells[0]!.kind === 'text' ? r.cells[0]!.text : ''))).toEqual(['IK1 Attest av fakturor']);
    ctx.db.close();
  });

  it('without an approved text the section is still there, in the kinds’ order, with the table', async () => {
    const { ctx } = await setUp(false);
    const doc = reportDocument(buildReport(ctx.db, { period: 202608, scope: null, now: ctx.now() }));
    const section = doc.sections.find((s) => s.id === 'text-internal_control')!;
    expect(section.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table']);
    expect(doc.sections.indexOf(section)).toBeLessThan(doc.sections.findIndex((s) => s.title === 'Resultat och prognos'));
    // A monthly occasion has no internal control section.
    const monthly = reportDocument(buildReport(ctx.db, { period: 202610, scope: null, now: ctx.now() }));
    expect(monthly.sections.some((s) => s.id === 'text-internal_control')).toBe(false);
    ctx.db.close();
  });

  it.runIf(hasPdfTools())('PDF, Word and Excel read back hold the controls’ results before the approved text', async () => {
    const { dir, file, ctx } = await setUp(true);
    ctx.db.close();
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--occasion', '202608', '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const inOrder = ['Intern kontroll', 'IK1 Attest av fakturor', 'Tre fakturor attesterade av beställaren', 'Utbildning i attestreglerna', 'IK2 Löneutbetalningar', 'Kontrollen flyttas till september', 'Nämndens bedömning är att den interna kontrollen är tillräcklig.'];
    const check = (text: string) => {
      const at = inOrder.map((t) => text.indexOf(t));
      expect(at.every((i) => i >= 0), `${inOrder.filter((_, k) => at[k]! < 0).join(', ')} saknas`).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      expect(text).not.toContain('IK3 Representation');
    };
    check(flat(pdfText(out('pdf'), false)));
    const docx = docxContent(out('docx'));
    expect(docx.rows).toContainEqual(expect.arrayContaining(['IK1 Attest av fakturor', 'Ja', 'Tre fakturor attesterade av beställaren']));
    // The document's paragraphs in order, the table's cells among them.
    check(docx.paragraphs.join(' '));
    const { sheets } = await xlsxSheets(out('xlsx'));
    const rows = sheets.get('Intern kontroll')!;
    const cellText = (v: unknown): string => (v && typeof v === 'object' && 'richText' in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : typeof v === 'string' ? v : '');
    check(`Intern kontroll ${rows.map((r) => (r ?? []).map(cellText).join(' ')).join(' ')}`);
  }, 120_000);
});
