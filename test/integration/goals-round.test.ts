import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { goalReportSection } from '../../electron/services/goals/report';
import { approveAssessment, assessmentHistory, markReady, returnAssessment, saveAssessment, withdrawReady } from '../../electron/services/goals/round';
import { goalTree } from '../../electron/services/goals/tree';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { actor, countsFromDb, countsShape, deadlinesFromDb, goalId, reopenOccasion, suiteDir } from '../support/goals';

const AUGUST = 202608;
const APRIL = 202604;

function refused(fn: () => unknown, code: string, pattern: RegExp): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RamkollError);
  expect((err as RamkollError).code).toBe(code);
  expect((err as RamkollError).message).toMatch(pattern);
}

describe('the follow-up round of goals', () => {
  let ctx: TestContext;
  let file: string;
  const dir = suiteDir();
  const writer = actor('controller', 'Vera Verksamhetschef');
  const boss = actor('sektorchef', 'Sam Sektorchef', '3100');

  beforeAll(async () => {
    file = path.join(dir, 'round.db');
    ctx = await openTestContext(file, { demo: true });
    // The demo has reported and locked the delårsrapport; the round goes on there once the controller reopens it.
    reopenOccasion(ctx.db, AUGUST);
  });
  afterAll(() => ctx?.db.close());

  it('counts goals per status at each level exactly as the database holds them, at both occasions', () => {
    for (const period of [APRIL, AUGUST]) {
      const fromDb = countsFromDb(ctx.db, period);
      expect(countsShape(goalTree(ctx.db, period).counts)).toEqual(fromDb);
      expect(countsShape(goalReportSection(ctx.db, period).counts)).toEqual(fromDb);
      const totals = goalTree(ctx.db, period).counts.map((c) => [c.level, c.total]);
      const byLevel = Object.fromEntries(Object.entries(fromDb).map(([level, s]) => [level, Object.values(s).reduce((a, b) => a + b, 0)]));
      expect(Object.fromEntries(totals)).toEqual(byLevel);
    }
  });

  it('marks rows past their level’s deadline that are not yet klar', () => {
    // The calendar's deadlines, read from the database: enheter report on aktiviteter, verksamheter on delmål, sektorchefer on nämndmål.
    const d = deadlinesFromDb(ctx.db, AUGUST);
    // Three different days in this order, so a level that took another level's deadline would show.
    expect(d.unit < d.operation && d.operation < d.sector).toBe(true);
    // The day after the verksamheter's deadline: aktiviteter and delmål are late, nämndmål not yet.
    const today = new Date(Date.parse(`${d.operation}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(today < d.sector).toBe(true);
    const tree = goalTree(ctx.db, AUGUST, { today });
    const act = tree.rows.filter((r) => r.level === 'activity');
    expect(act.every((r) => r.deadline === d.unit)).toBe(true);
    const sub = tree.rows.filter((r) => r.level === 'sub');
    expect(sub.every((r) => r.deadline === d.operation)).toBe(true);
    const board = tree.rows.filter((r) => r.level === 'board');
    expect(board.every((r) => r.deadline === d.sector)).toBe(true);
    for (const r of [...act, ...sub]) {
      const done = r.assessment?.roundStatus === 'ready' || r.assessment?.roundStatus === 'approved';
      expect(r.overdue, r.code).toBe(!done);
    }
    expect([...act, ...sub].some((r) => r.overdue)).toBe(true);
    expect(board.every((r) => !r.overdue)).toBe(true);
    // A day past the sektorer's deadline, nämndmål that are not klar are late too.
    const later = goalTree(ctx.db, AUGUST, { today: new Date(Date.parse(`${d.sector}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) });
    for (const r of later.rows.filter((x) => x.level === 'board')) {
      const done = r.assessment?.roundStatus === 'ready' || r.assessment?.roundStatus === 'approved';
      expect(r.overdue, r.code).toBe(!done);
    }
    expect(later.rows.some((r) => r.level === 'board' && r.overdue)).toBe(true);
  });

  it('takes a delmål through utkast → klar → godkänd, with the rules of the round and the counts following', () => {
    const ref = { period: AUGUST, goalId: goalId(ctx.db, 'DM1.2.2') };
    const before = countsFromDb(ctx.db, AUGUST);
    expect(goalTree(ctx.db, AUGUST).rows.find((r) => r.id === ref.goalId)!.assessment).toBeNull();

    refused(() => markReady(ctx.db, writer, ref), 'CONFLICT', /ingen bedömning/);
    const draft = saveAssessment(ctx.db, writer, { ...ref, status: 'partly_met', forecast: null, text: '' });
    expect(draft.round_status).toBe('draft');
    refused(() => markReady(ctx.db, writer, ref), 'INVALID_INPUT', /prognos för helåret saknas, bedömningstexten saknas/);
    refused(() => saveAssessment(ctx.db, writer, { ...ref, status: 'done', forecast: 'met', text: 'x' }), 'INVALID_INPUT', /uppfyllt, delvis uppfyllt, ej uppfyllt, ej påbörjat/);

    saveAssessment(ctx.db, writer, { ...ref, status: 'met', forecast: 'met', text: 'Trygg hemgång fungerar för alla.' });
    const ready = markReady(ctx.db, writer, ref);
    expect(ready.round_status).toBe('ready');
    refused(() => saveAssessment(ctx.db, writer, { ...ref, status: 'met', forecast: 'met', text: 'Ändrad' }), 'CONFLICT', /markerad klar. Ångra klarmarkeringen/);
    expect(withdrawReady(ctx.db, writer, ref).round_status).toBe('draft');
    markReady(ctx.db, writer, ref);

    // Approved at sektor level by the sektor chief of Äldreomsorg (3130 Hälso- och sjukvård is in 3100).
    const approved = approveAssessment(ctx.db, boss, ref);
    expect(approved.round_status).toBe('approved');
    expect(approved.author).toBe('Vera Verksamhetschef');
    refused(() => saveAssessment(ctx.db, writer, { ...ref, status: 'met', forecast: 'met', text: 'Ändrad' }), 'CONFLICT', /godkänd. Bara nivån över/);
    refused(() => approveAssessment(ctx.db, boss, ref), 'CONFLICT', /är godkänd; bara en bedömning som är markerad klar kan godkännas/);

    const after = countsFromDb(ctx.db, AUGUST);
    expect(after.sub!.unassessed ?? 0).toBe((before.sub!.unassessed ?? 0) - 1);
    expect(after.sub!.met).toBe((before.sub!.met ?? 0) + 1);
    expect(countsShape(goalTree(ctx.db, AUGUST).counts)).toEqual(after);
    const row = goalTree(ctx.db, AUGUST).rows.find((r) => r.id === ref.goalId)!;
    expect(row.assessment).toMatchObject({ status: 'met', forecast: 'met', roundStatus: 'approved', text: 'Trygg hemgång fungerar för alla.' });
  });

  it('returns with a note, and keeps a history with author and time of every change', () => {
    const ref = { period: AUGUST, goalId: goalId(ctx.db, 'DM1.2.2') };
    refused(() => returnAssessment(ctx.db, boss, ref, '  '), 'INVALID_INPUT', /Skriv vad som behöver ändras/);
    const returned = returnAssessment(ctx.db, boss, ref, 'Beskriv kostnaden också.');
    expect(returned).toMatchObject({ round_status: 'returned', return_note: 'Beskriv kostnaden också.' });
    refused(() => approveAssessment(ctx.db, boss, ref), 'CONFLICT', /återskickad/);
    const edited = saveAssessment(ctx.db, writer, { ...ref, status: 'met', forecast: 'met', text: 'Trygg hemgång fungerar för alla. Kostnaden ryms i budget.' });
    expect(edited.round_status).toBe('draft');
    expect(edited.return_note).toBe('Beskriv kostnaden också.');
    markReady(ctx.db, writer, ref);
    expect(approveAssessment(ctx.db, boss, ref).return_note).toBeNull();

    const history = assessmentHistory(ctx.db, ref);
    expect(history.map((h) => [h.action, h.roundStatus, h.author])).toEqual([
      ['saved', 'draft', 'Vera Verksamhetschef'],
      ['saved', 'draft', 'Vera Verksamhetschef'],
      ['ready', 'ready', 'Vera Verksamhetschef'],
      ['withdrawn', 'draft', 'Vera Verksamhetschef'],
      ['ready', 'ready', 'Vera Verksamhetschef'],
      ['approved', 'approved', 'Sam Sektorchef'],
      ['returned', 'returned', 'Sam Sektorchef'],
      ['saved', 'draft', 'Vera Verksamhetschef'],
      ['ready', 'ready', 'Vera Verksamhetschef'],
      ['approved', 'approved', 'Sam Sektorchef'],
    ]);
    expect(history[6]!.note).toBe('Beskriv kostnaden också.');
    expect(history[7]!.text).toMatch(/Kostnaden ryms/);
    expect(history.every((h) => h.at === '2026-11-20T10:00:00.000Z' && h.site === 'site-test')).toBe(true);
  });

  it('lets each role do only its part, and a refusal changes nothing', () => {
    const board = { period: AUGUST, goalId: goalId(ctx.db, 'NM1.2') }; // Äldreomsorg's nämndmål, utkast in the demo
    markReady(ctx.db, boss, board);
    const before = contentHash(file);
    const inFs = { period: AUGUST, goalId: goalId(ctx.db, 'DM2.2.1') };
    const council = { period: AUGUST, goalId: goalId(ctx.db, 'IM1') };
    const edit = { status: 'met' as const, forecast: 'met' as const, text: 'x' };
    refused(() => saveAssessment(ctx.db, actor('ekonomi'), { ...board, ...edit }), 'FORBIDDEN', /skrivs av förvaltningen/);
    // The förvaltning's assessment of KF's inriktningsmål is the controller's (goals-round-full.test.ts), not a sektor's.
    refused(() => saveAssessment(ctx.db, boss, { ...council, ...edit }), 'FORBIDDEN', /skrivs och godkänns av controllern/);
    refused(() => saveAssessment(ctx.db, boss, { ...inFs, ...edit }), 'FORBIDDEN', /inom din sektor \(3100\)/);
    // Nämndmål are approved by the förvaltning, not by the sektor.
    refused(() => approveAssessment(ctx.db, boss, board), 'FORBIDDEN', /godkänns av förvaltningen/);
    refused(() => returnAssessment(ctx.db, boss, board, 'Nej'), 'FORBIDDEN', /godkänns av förvaltningen/);
    expect(contentHash(file)).toBe(before);
    expect(approveAssessment(ctx.db, actor('controller'), board).round_status).toBe('approved');
  });

  it('refuses an overwrite of someone else’s newer save, and any change on a locked occasion', () => {
    const ref = { period: AUGUST, goalId: goalId(ctx.db, 'DM3.2.1') }; // utkast in the demo
    const seen = goalTree(ctx.db, AUGUST).rows.find((r) => r.id === ref.goalId)!.assessment!;
    const later = { ...actor('controller', 'Annan'), now: new Date('2026-11-21T09:00:00Z') };
    saveAssessment(ctx.db, later, { ...ref, status: 'partly_met', forecast: 'met', text: 'Nyare text' });
    refused(() => saveAssessment(ctx.db, writer, { ...ref, status: 'met', forecast: 'met', text: 'Min text', baseUpdatedAt: seen.updatedAt }), 'CONFLICT', /ändrats av Annan/);

    // Tertial 1 has been reported: the demo's calendar locked it.
    expect(ctx.db.sqlite.prepare('SELECT locked_at IS NOT NULL AS locked FROM reporting_occasion WHERE period = ?').get(APRIL)).toEqual({ locked: 1 });
    const april = { period: APRIL, goalId: ref.goalId };
    const before = contentHash(file);
    refused(() => saveAssessment(ctx.db, writer, { ...april, status: 'met', forecast: 'met', text: 'x' }), 'CONFLICT', /är låst/);
    refused(() => markReady(ctx.db, writer, april), 'CONFLICT', /är låst/);
    refused(() => approveAssessment(ctx.db, actor('controller'), april), 'CONFLICT', /är låst/);
    refused(() => returnAssessment(ctx.db, actor('controller'), april, 'Gör om.'), 'CONFLICT', /är låst/);
    expect(contentHash(file)).toBe(before);
  });

  it('marks nothing as late on a locked occasion: it has been reported', () => {
    const d = deadlinesFromDb(ctx.db, AUGUST);
    const today = '2026-11-20';
    expect(today > d.sector && today > d.operation && today > d.unit).toBe(true);
    const open = goalTree(ctx.db, AUGUST, { today });
    expect(open.rows.some((r) => r.overdue)).toBe(true);
    // The controller locks the delårsrapport again (Årshjul → Lås).
    lockOccasion(ctx.db, actor('controller', 'test-controller'), open.occasion.id);
    const locked = goalTree(ctx.db, AUGUST, { today });
    expect(locked.occasion.locked).toBe(true);
    const notDone = locked.rows.filter((r) => r.level !== 'council' && r.assessment?.roundStatus !== 'ready' && r.assessment?.roundStatus !== 'approved');
    expect(notDone.length).toBeGreaterThan(0);
    expect(locked.rows.filter((r) => r.overdue).map((r) => r.code)).toEqual([]);
  });
});
