import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../../electron/services/goals/assignments';
import { buildReport } from '../../electron/services/reports/build';
import { reportDocument } from '../../electron/services/reports/document';
import type { Block, TableBlock } from '../../electron/services/reports/document-types';
import { runCli } from '../support/cli';
import { openTestContext } from '../support/db';
import { actor, reopenOccasion } from '../support/goals';
import { docxContent, flat, hasPdfTools, pdfText, xlsxSheets } from '../support/reports';
import { tempDir } from '../support/tmp';

// The goal round's rest in the delårsrapport's "Mål- och resultatuppföljning": the förvaltning's assessment of
// KF's inriktningsmål and styrtal, the aktiviteter with their plans, and the uppdrag with status and the approved
// comment only; in the document model and in the PDF, Word document and workbook read back.

const AUGUST = 202608;
const UNAPPROVED = 'Utkastet om parkeringen ska inte synas i rapporten.';

async function setUp() {
  const dir = tempDir('ramkoll-goalroundrep-');
  const file = path.join(dir, 'demo.db');
  const ctx = await openTestContext(file, { demo: true });
  reopenOccasion(ctx.db, AUGUST);
  const controller = actor('controller', 'Helena Ström');
  const u = saveAssignment(ctx.db, controller, { origin: 'board', code: 'NU3', title: 'Se över parkeringen vid särskilda boenden', description: '', ownerCode: '3200', decisionRef: 'SN § 90', decidedOn: null, dueOn: null, validFromYear: 2026, validToYear: null });
  saveAssignmentFollowup(ctx.db, controller, { period: AUGUST, assignmentId: u.id, status: 'in_progress', text: UNAPPROVED });
  stepAssignmentFollowup(ctx.db, controller, { period: AUGUST, assignmentId: u.id, action: 'ready' });
  const approved = ctx.db.sqlite
    .prepare("SELECT a.code, f.text FROM assignment_followup f JOIN assignment a ON a.id = f.assignment_id JOIN reporting_occasion o ON o.id = f.occasion_id WHERE o.period = ? AND f.round_status = 'approved' ORDER BY a.code")
    .all(AUGUST) as { code: string; text: string }[];
  return { dir, file, ctx, approved };
}

const texts = (b: Block): string[] => (b.kind === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text ?? '')) : 'text' in b ? [b.text] : b.kind === 'facts' ? b.items.map((i) => `${i.label}: ${i.value}`) : []);

describe('the goal round’s rest in the reports', () => {
  it('the goal section has KF’s goals as the förvaltning assessed them, the aktiviteter’s plans and the uppdrag (approved comments only); a sektor’s report its own', async () => {
    const { ctx, approved } = await setUp();
    expect(approved.map((a) => a.code)).toEqual(['KF-U1', 'NU1']);
    const doc = reportDocument(buildReport(ctx.db, { period: AUGUST, scope: null, now: ctx.now() }));
    const goals = doc.sections.find((s) => s.id === 'mal')!;
    const headings = goals.blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
    expect(headings).toEqual(expect.arrayContaining(['Förvaltningens bedömning av kommunfullmäktiges inriktningsmål', 'Aktiviteter', 'Uppdrag']));
    const uppdrag = goals.blocks.find((b) => b.kind === 'table' && b.caption.startsWith('Särskilda uppdrag')) as TableBlock;
    const rows = uppdrag.rows.map((r) => r.cells.map((c) => c.text ?? ''));
    expect(rows.map((r) => r[0]!.split(' ')[0])).toEqual(['KF-U1', 'NU1', 'NU3']);
    for (const a of approved) expect(rows.find((r) => r[0]!.startsWith(a.code))![4]).toBe(a.text);
    expect(rows.find((r) => r[0]!.startsWith('NU3'))!.slice(3)).toEqual(['inte godkänd (klar)', '–']);
    expect(goals.blocks.flatMap(texts).join(' ')).not.toContain(UNAPPROVED);
    const activities = goals.blocks.find((b) => b.kind === 'table' && b.caption.startsWith('Aktiviteter med')) as TableBlock;
    const plan = ctx.db.sqlite.prepare("SELECT responsible, start_on, end_on, cost_ore FROM goal WHERE code = 'A1.1.1.3'").get() as { responsible: string; start_on: string; end_on: string; cost_ore: number };
    const a113 = activities.rows.find((r) => (r.cells[0]!.text ?? '').startsWith('A1.1.1.3'))!.cells;
    expect([a113[1]!.text, a113[2]!.text, a113[3]!.text]).toEqual([plan.responsible, plan.start_on, plan.end_on]);
    expect(a113[4]).toMatchObject({ kind: 'amount', value: plan.cost_ore / 100 });

    // Sektor 3100's report: its own uppdrag and aktiviteter, no KF assessment (the förvaltning's as a whole).
    const sektor = reportDocument(buildReport(ctx.db, { period: AUGUST, scope: '3100', now: ctx.now() })).sections.find((s) => s.id === 'mal')!;
    const own = sektor.blocks.find((b) => b.kind === 'table' && b.caption.startsWith('Särskilda uppdrag')) as TableBlock;
    expect(own.rows.map((r) => (r.cells[0]!.text ?? '').split(' ')[0])).toEqual(['NU1']);
    expect(sektor.blocks.some((b) => b.kind === 'heading' && b.text.startsWith('Förvaltningens bedömning'))).toBe(false);
    ctx.db.close();
  }, 120_000);

  it.runIf(hasPdfTools())('PDF, Word and Excel read back hold the approved uppdrag comments and not the unapproved one', async () => {
    const { dir, file, ctx, approved } = await setUp();
    ctx.db.close();
    const out = (f: string) => path.join(dir, `delar.${f}`);
    for (const f of ['pdf', 'xlsx', 'docx']) {
      const r = runCli(['report', '--db', file, '--occasion', String(AUGUST), '--format', f, '--out', out(f)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const check = (text: string) => {
      for (const a of approved) expect(flat(text)).toContain(flat(a.text));
      expect(flat(text)).toContain('Uppdrag');
      expect(flat(text)).not.toContain(flat(UNAPPROVED));
    };
    check(flat(pdfText(out('pdf'), false)));
    check(docxContent(out('docx')).paragraphs.join(' '));
    const { sheets } = await xlsxSheets(out('xlsx'));
    const cellText = (v: unknown): string => (v && typeof v === 'object' && 'richText' in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : typeof v === 'string' ? v : '');
    check((sheets.get('Mål') ?? []).map((r) => (r ?? []).map(cellText).join(' ')).join(' '));
  }, 240_000);
});
