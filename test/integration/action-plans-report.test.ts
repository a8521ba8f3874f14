import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeActionPlanStatus, saveActionFollowup, saveActionItem } from '../../electron/services/action-plans/write';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import type { TableBlock } from '../../electron/services/reports/document-types';
import { runCli } from '../support/cli';
import { openTestContext } from '../support/db';
import { createSmallForvaltning } from '../support/exchange';
import { docxContent, flat, hasPdfTools, pdfText, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The report's Åtgärdsplaner section: the occasion's approved plans (not the unapproved ones) and the follow-up of
// the earlier occasion's åtgärder, in the document, the PDF, the Word document and the workbook.

async function setUp() {
  const dir = tempDir('ramkoll-actionsrep-');
  const file = path.join(dir, 'r.db');
  const ctx = await openTestContext(file);
  const data = createSmallForvaltning(ctx.db, ctx.site.id);
  ctx.db.prepare("UPDATE forecast SET amount_ore = 5_000_000_00 WHERE responsibility_id IN (SELECT id FROM dimension_value WHERE code IN ('91101', '92101'))").run();
  const nov = newId();
  const at = ctx.now().toISOString();
  ctx.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202611, 'monthly', 'November 2026', ?, ?, ?)").run(nov, at, at, ctx.site.id);
  const a: Actor = { siteId: ctx.site.id, user: 'controller', role: 'controller', scopeCode: null, now: ctx.now() };
  const base = { occasionId: data.occasionId, dueDate: '2026-12-31', effect: '', status: 'planned' as const };
  const p = saveActionItem(ctx.db, a, { ...base, code: '91101', what: 'Färre timanställda i hemtjänsten', owner: 'Enhetschef Anna', effect: '400 000' });
  saveActionItem(ctx.db, a, { ...base, code: '91101', what: 'Ny schemaläggning', owner: 'Verksamhetschef Bo', status: 'in_progress' });
  changeActionPlanStatus(ctx.db, a, { occasionId: data.occasionId, code: '91101', action: 'ready' });
  changeActionPlanStatus(ctx.db, a, { occasionId: data.occasionId, code: '91101', action: 'approve' });
  // Not approved: stays out of the report.
  saveActionItem(ctx.db, a, { ...base, code: '92101', what: 'Utkast som inte godkänts', owner: 'Enhetschef Cecilia' });
  saveActionFollowup(ctx.db, a, { occasionId: nov, itemId: p.plan!.items[0]!.id, status: 'done', comment: 'Timanställningarna avslutade i oktober.' });
  return { dir, file, ctx };
}

const cells = (t: TableBlock) => t.rows.map((r) => r.cells.map((c) => c.text));

describe('åtgärdsplaner in the reports', () => {
  it('lists the approved plans at their occasion and their follow-up at the next', async () => {
    const { ctx } = await setUp();
    const oct = reportDocument(buildReport(ctx.db, { period: 202610, scope: null, now: ctx.now() }));
    const section = oct.sections.find((s) => s.id === 'atgardsplaner')!;
    expect(section.title).toBe('Åtgärdsplaner vid stora avvikelser');
    expect(oct.sections.indexOf(section)).toBe(oct.sections.findIndex((s) => s.id === 'atgarder') + 1);
    expect(cells(section.blocks[1] as TableBlock)).toEqual([
      ['91101 Enhet Ett A', 'Färre timanställda i hemtjänsten', 'Enhetschef Anna', '2026-12-31', '400\u00a0000', 'planerad'],
      ['91101 Enhet Ett A', 'Ny schemaläggning', 'Verksamhetschef Bo', '2026-12-31', '', 'pågår'],
    ]);
    expect(JSON.stringify(oct)).not.toContain('Utkast som inte godkänts');

    const nov = reportDocument(buildReport(ctx.db, { period: 202611, scope: null, now: ctx.now() }));
    const follow = nov.sections.find((s) => s.id === 'atgardsplaner')!;
    expect(follow.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'heading', 'table']);
    expect(cells(follow.blocks[3] as TableBlock)).toEqual([
      ['91101 Enhet Ett A', 'Färre timanställda i hemtjänsten', 'Oktober 2026', 'Enhetschef Anna, 2026-12-31', 'planerad', 'genomförd', 'Timanställningarna avslutade i oktober.'],
      ['91101 Enhet Ett A', 'Ny schemaläggning', 'Oktober 2026', 'Verksamhetschef Bo, 2026-12-31', 'pågår', 'Ej uppföljd', ''],
    ]);
    // Sektor Två's report has no approved plan and nothing to follow up: no section.
    expect(reportDocument(buildReport(ctx.db, { period: 202611, scope: '9200', now: ctx.now() })).sections.some((s) => s.id === 'atgardsplaner')).toBe(false);
    ctx.db.close();
  });

  it.runIf(hasPdfTools())('PDF, Word and Excel read back hold the plans and the follow-up', async () => {
    const { dir, file, ctx } = await setUp();
    ctx.db.close();
    const out = (f: string) => path.join(dir, `nov.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--occasion', '202611', '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const inOrder = ['Åtgärdsplaner vid stora avvikelser', 'Uppföljning av tidigare åtgärdsplaner', 'Färre timanställda i hemtjänsten', 'Timanställningarna avslutade i oktober.', 'Ny schemaläggning'];
    const check = (text: string) => {
      const at = inOrder.map((t) => text.indexOf(t));
      expect(at.every((i) => i >= 0), `${inOrder.filter((_, k) => at[k]! < 0).join(', ')} saknas`).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      expect(text).not.toContain('Utkast som inte godkänts');
    };
    check(flat(pdfText(out('pdf'), false)));
    check(docxContent(out('docx')).paragraphs.join(' '));
    const { sheets } = await xlsxSheets(out('xlsx'));
    const rows = sheets.get('Åtgärdsplaner')!;
    const cellText = (v: unknown): string => (v && typeof v === 'object' && 'richText' in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : typeof v === 'string' ? v : '');
    check(`Åtgärdsplaner vid stora avvikelser ${rows.map((r) => (r ?? []).map(cellText).join(' ')).join(' ')}`);
  }, 120_000);
});
