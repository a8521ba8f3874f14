import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { assignmentRound, deleteAssignment, saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../../electron/services/goals/assignments';
import { saveGoal } from '../../electron/services/goals/chain';
import { councilIndicatorRound, saveCouncilIndicatorAssessment, stepCouncilIndicatorAssessment } from '../../electron/services/goals/council';
import { goalDeadlines, setGoalDeadline } from '../../electron/services/goals/deadlines';
import { occasionByPeriod } from '../../electron/services/goals/occasions';
import { goalReportSection } from '../../electron/services/goals/report';
import { approveAssessment, markReady, returnAssessment, saveAssessment } from '../../electron/services/goals/round';
import { findGoal } from '../../electron/services/goals/store';
import { goalTree } from '../../electron/services/goals/tree';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { actor, deadlinesFromDb, goalId, reopenOccasion, suiteDir } from '../support/goals';

const AUGUST = 202608;

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

describe('the goal round in full: deadlines per level, uppdrag, KF’s goals and styrtal, activity plans', () => {
  let ctx: TestContext;
  let file: string;
  const dir = suiteDir();
  const controller = actor('controller', 'Carla Controller');
  const ekonomi = actor('ekonomi', 'Ekonomiavdelningen');
  const chef3100 = actor('sektorchef', 'Sam Sektorchef', '3100');
  const chef3300 = actor('sektorchef', 'Siv Sektorchef', '3300');
  const verksamhetschef = actor('verksamhetschef', 'Vera Verksamhetschef', '3120');

  beforeAll(async () => {
    file = path.join(dir, 'round-full.db');
    ctx = await openTestContext(file, { demo: true });
    reopenOccasion(ctx.db, AUGUST);
  });
  afterAll(() => ctx?.db.close());

  it('has the demo’s two uppdrag followed up at tertial 1 and the delårsrapport, deadlines per level and the aktiviteter’s plans', () => {
    for (const period of [202604, AUGUST]) {
      const round = assignmentRound(ctx.db, period, controller);
      expect(round.assignments.map((a) => [a.code, a.origin, a.owner.code, a.followup?.roundStatus, a.followup?.statusName])).toEqual([
        ['KF-U1', 'council', '3000', 'approved', 'pågår'],
        ['NU1', 'board', '3100', 'approved', 'pågår'],
      ]);
      expect(Object.values(goalDeadlines(ctx.db, occasionByPeriod(ctx.db, period))).every((d) => d.source === 'set')).toBe(true);
    }
    const activities = goalTree(ctx.db, AUGUST).rows.filter((r) => r.level === 'activity');
    expect(activities.length).toBeGreaterThan(5);
    for (const a of activities) {
      expect(a.activity.responsible).not.toBe('');
      expect(a.activity.startOn! < a.activity.endOn!).toBe(true);
      expect(a.activity.costOre! % 1_000_00).toBe(0);
    }
    // The förvaltning's assessment of every KF styrtal is approved at both occasions.
    for (const period of [202604, AUGUST]) expect(councilIndicatorRound(ctx.db, period, controller).indicators.every((i) => i.assessment?.roundStatus === 'approved')).toBe(true);
  });

  it('gives each goal level its own deadline, set by the controller, and marks what is overdue by it', () => {
    const cal = deadlinesFromDb(ctx.db, AUGUST);
    const occasion = occasionByPeriod(ctx.db, AUGUST);
    // Nämndmål due on the aktiviteter's day, aktiviteter a week after the nämndmål: each level its own day.
    setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'board', date: cal.unit.slice(0, 10) });
    const late = new Date(Date.parse(`${cal.sector.slice(0, 10)}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'activity', date: late });
    setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'sub', date: null });
    const d = goalDeadlines(ctx.db, occasion);
    expect(d.board).toMatchObject({ date: cal.unit.slice(0, 10), source: 'set' });
    expect(d.activity).toMatchObject({ date: late, source: 'set' });
    expect(d.sub).toMatchObject({ date: cal.operation.slice(0, 10), source: 'calendar' });

    // The day after the nämndmål's (now early) deadline: nämndmål not yet klar are late, aktiviteter are not.
    const today = new Date(Date.parse(`${cal.unit.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const tree = goalTree(ctx.db, AUGUST, { today });
    const rows = (level: string) => tree.rows.filter((r) => r.level === level);
    expect(rows('board').every((r) => r.deadline === cal.unit.slice(0, 10))).toBe(true);
    expect(rows('activity').every((r) => r.deadline === late && !r.overdue)).toBe(true);
    const openBoards = rows('board').filter((r) => r.assessment?.roundStatus !== 'ready' && r.assessment?.roundStatus !== 'approved');
    expect(openBoards.length).toBeGreaterThan(0);
    expect(openBoards.every((r) => r.overdue)).toBe(true);
    expect(tree.deadlines.board.source).toBe('set');

    const before = contentHash(file);
    refused(() => setGoalDeadline(ctx.db, chef3100, { period: AUGUST, level: 'board', date: late }), 'FORBIDDEN', /sätts av controllern/);
    refused(() => setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'board', date: '2026-08-15' }), 'INVALID_INPUT', /före periodens slut/);
    refused(() => setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'board', date: '2026-09-31' }), 'INVALID_INPUT', /ÅÅÅÅ-MM-DD/);
    expect(contentHash(file)).toBe(before);
  });

  it('keeps KF’s uppdrag Ekonomi’s and the nämnd’s the controller’s, and follows them up in the round', () => {
    const before = contentHash(file);
    const kf = { origin: 'council' as const, code: 'T-KF1', title: 'Utred gemensam bemanningsenhet', description: 'KF:s uppdrag', ownerCode: '3000', decisionRef: 'KF § 14', decidedOn: '2026-02-23', dueOn: '2026-12-31', validFromYear: 2026, validToYear: null };
    refused(() => saveAssignment(ctx.db, controller, kf), 'FORBIDDEN', /kommer från Ekonomi/);
    refused(() => saveAssignment(ctx.db, ekonomi, { ...kf, origin: 'board' }), 'FORBIDDEN', /läggs in av controllern/);
    refused(() => saveAssignment(ctx.db, controller, { ...kf, origin: 'board', dueOn: '2026-13-01' }), 'INVALID_INPUT', /Klart senast/);
    refused(() => saveAssignment(ctx.db, controller, { ...kf, origin: 'board', ownerCode: '9999' }), 'INVALID_INPUT', /finns inte/);
    expect(contentHash(file)).toBe(before);
    const kfId = saveAssignment(ctx.db, ekonomi, kf).id;
    const nId = saveAssignment(ctx.db, controller, { ...kf, origin: 'board', code: 'T-N1', title: 'Minska timanställningarna', ownerCode: '3100', decisionRef: 'SN § 40' }).id;
    refused(() => saveAssignment(ctx.db, controller, { ...kf, origin: 'board', code: 'T-N1' }), 'INVALID_INPUT', /används redan/);

    // The sektor follows up its own uppdrag and hands it in; it cannot approve its own level's, nor touch another sektor's or KF's at the förvaltning.
    const ref = { period: AUGUST, assignmentId: nId };
    saveAssignmentFollowup(ctx.db, chef3100, { ...ref, status: 'in_progress', text: 'Timanställningarna har minskat med 12 procent.' });
    stepAssignmentFollowup(ctx.db, chef3100, { ...ref, action: 'ready' });
    const mid = contentHash(file);
    refused(() => stepAssignmentFollowup(ctx.db, chef3100, { ...ref, action: 'approve' }), 'FORBIDDEN', /nivån över dig/);
    refused(() => saveAssignmentFollowup(ctx.db, chef3300, { ...ref, status: 'done', text: 'x' }), 'FORBIDDEN', /inom din del \(3300\)/);
    refused(() => saveAssignmentFollowup(ctx.db, chef3100, { period: AUGUST, assignmentId: kfId, status: 'done', text: 'x' }), 'FORBIDDEN', /inom din del/);
    refused(() => saveAssignmentFollowup(ctx.db, ekonomi, { ...ref, status: 'done', text: 'x' }), 'FORBIDDEN', /förvaltningen/);
    refused(() => saveAssignmentFollowup(ctx.db, chef3100, { ...ref, status: 'done', text: 'x' }), 'CONFLICT', /markerad klar/);
    refused(() => saveAssignmentFollowup(ctx.db, controller, { ...ref, status: 'bad' as never, text: 'x' }), 'INVALID_INPUT', /status/);
    expect(contentHash(file)).toBe(mid);
    stepAssignmentFollowup(ctx.db, controller, { ...ref, action: 'return', note: 'Ange antalet också.' });
    saveAssignmentFollowup(ctx.db, chef3100, { ...ref, status: 'in_progress', text: 'Timanställningarna har minskat med 12 procent (från 140 till 123).' });
    stepAssignmentFollowup(ctx.db, chef3100, { ...ref, action: 'ready' });
    expect(stepAssignmentFollowup(ctx.db, controller, { ...ref, action: 'approve' })).toMatchObject({ roundStatus: 'approved', returnNote: null, status: 'in_progress' });

    // KF's uppdrag at the förvaltning: the controller writes; it stays klar (not approved) here.
    saveAssignmentFollowup(ctx.db, controller, { period: AUGUST, assignmentId: kfId, status: 'not_started', text: 'Utredningen startar i oktober.' });
    stepAssignmentFollowup(ctx.db, controller, { period: AUGUST, assignmentId: kfId, action: 'ready' });

    const round = assignmentRound(ctx.db, AUGUST, controller);
    const mine = round.assignments.filter((a) => a.code.startsWith('T-'));
    expect(mine.map((a) => [a.code, a.originName, a.followup?.statusName, a.followup?.roundStatus])).toEqual([
      ['T-KF1', 'Kommunfullmäktige', 'ej påbörjat', 'ready'],
      ['T-N1', 'Nämnden', 'pågår', 'approved'],
    ]);
    expect(mine.find((a) => a.code === 'T-KF1')!.may).toEqual({ edit: false, write: true, approve: true });
    // A chef sees the uppdrag of its part only, with what it may do.
    const seen = assignmentRound(ctx.db, AUGUST, chef3100).assignments.filter((a) => a.code.startsWith('T-'));
    expect(seen.map((a) => [a.code, a.may])).toEqual([['T-N1', { edit: false, write: true, approve: false }]]);
    expect(assignmentRound(ctx.db, AUGUST, verksamhetschef).assignments.some((a) => a.code === 'T-N1')).toBe(false);

    // The report's goal part: the uppdrag with status and the approved comment only.
    const report = goalReportSection(ctx.db, AUGUST).round.assignments.filter((a) => a.code.startsWith('T-'));
    expect(report.map((a) => [a.code, a.statusText, a.comment])).toEqual([
      ['T-KF1', 'inte godkänd (klar)', ''],
      ['T-N1', 'pågår', 'Timanställningarna har minskat med 12 procent (från 140 till 123).'],
    ]);

    // A removed uppdrag leaves the round.
    deleteAssignment(ctx.db, ekonomi, kfId);
    expect(assignmentRound(ctx.db, AUGUST, controller).assignments.some((a) => a.code === 'T-KF1')).toBe(false);
  });

  it('lets the controller assess KF’s inriktningsmål and styrtal, and nobody else', () => {
    const im = { period: AUGUST, goalId: goalId(ctx.db, 'IM1') };
    // The demo's förvaltning has assessed and approved KF's goals at the delårsrapport; the controller returns it to write again.
    expect(goalTree(ctx.db, AUGUST).rows.find((r) => r.id === im.goalId)!.assessment).toMatchObject({ roundStatus: 'approved' });
    returnAssessment(ctx.db, controller, im, 'Skriv mer om bidraget.');
    saveAssessment(ctx.db, controller, { ...im, status: 'partly_met', forecast: 'met', text: 'Förvaltningen bidrar genom nämndmålen NM1.1 och NM1.2.' });
    markReady(ctx.db, controller, im);
    expect(approveAssessment(ctx.db, controller, im).round_status).toBe('approved');

    const kfIndicators = councilIndicatorRound(ctx.db, AUGUST, controller).indicators;
    expect(kfIndicators.length).toBeGreaterThan(0);
    const ind = kfIndicators.find((i) => i.goalCode === 'IM1')!;
    const ref = { period: AUGUST, indicatorId: ind.indicatorId };
    const before = contentHash(file);
    refused(() => saveCouncilIndicatorAssessment(ctx.db, chef3100, { ...ref, status: 'met', text: 'x' }), 'FORBIDDEN', /controllern/);
    refused(() => saveCouncilIndicatorAssessment(ctx.db, ekonomi, { ...ref, status: 'met', text: 'x' }), 'FORBIDDEN', /controllern/);
    const boardIndicator = ctx.db.sqlite.prepare("SELECT i.id FROM indicator i JOIN goal g ON g.id = i.goal_id WHERE g.level = 'board' AND i.deleted_at IS NULL LIMIT 1").get() as { id: string };
    refused(() => saveCouncilIndicatorAssessment(ctx.db, controller, { period: AUGUST, indicatorId: boardIndicator.id, status: 'met', text: 'x' }), 'CONFLICT', /inte är ett av kommunfullmäktiges/);
    refused(() => stepCouncilIndicatorAssessment(ctx.db, controller, { ...ref, action: 'ready' }), 'CONFLICT', /är godkänd; bara/);
    refused(() => stepCouncilIndicatorAssessment(ctx.db, controller, { ...ref, action: 'return', note: ' ' }), 'INVALID_INPUT', /Skriv vad som behöver ändras/);
    expect(contentHash(file)).toBe(before);
    expect(ind.assessment).toMatchObject({ roundStatus: 'approved' });
    stepCouncilIndicatorAssessment(ctx.db, controller, { ...ref, action: 'return', note: 'Kommentera trenden.' });
    saveCouncilIndicatorAssessment(ctx.db, controller, { ...ref, status: 'partly_met', text: 'Brukarbedömningen stiger men når inte målvärdet i år.' });
    stepCouncilIndicatorAssessment(ctx.db, controller, { ...ref, action: 'ready' });
    stepCouncilIndicatorAssessment(ctx.db, controller, { ...ref, action: 'approve' });
    const after = councilIndicatorRound(ctx.db, AUGUST, controller).indicators.find((i) => i.indicatorId === ind.indicatorId)!;
    expect(after.assessment).toMatchObject({ statusName: 'delvis uppfyllt', roundStatus: 'approved' });

    const council = goalReportSection(ctx.db, AUGUST).round.council.find((c) => c.code === 'IM1')!;
    expect(council).toMatchObject({ statusText: 'delvis uppfyllt', forecastText: 'uppfyllt', comment: 'Förvaltningen bidrar genom nämndmålen NM1.1 och NM1.2.', approved: true });
    expect(council.indicators.find((i) => i.name === ind.name)).toEqual({ name: ind.name, statusText: 'delvis uppfyllt', comment: 'Brukarbedömningen stiger men når inte målvärdet i år.', approved: true });
  });

  it('keeps an aktivitet’s responsible, start, end and cost, and refuses them elsewhere or out of order', () => {
    const g = findGoal(ctx.db, goalId(ctx.db, 'A1.1.1.3'))!;
    const base = { id: g.id, level: g.level, parentId: g.parent_id, code: g.code, title: g.title, description: g.description, ownerCode: g.owner_code, validFromYear: g.valid_from_year, validToYear: g.valid_to_year };
    saveGoal(ctx.db, controller, { ...base, activity: { responsible: 'Kim Enhetschef', startOn: '2026-03-01', endOn: '2026-11-30', costOre: 185_000_00 } });
    const row = goalTree(ctx.db, AUGUST).rows.find((r) => r.id === g.id)!;
    expect(row.activity).toEqual({ responsible: 'Kim Enhetschef', startOn: '2026-03-01', endOn: '2026-11-30', costOre: 185_000_00 });
    // A change without the plan keeps it.
    saveGoal(ctx.db, controller, { ...base, title: 'Digital tillsyn nattetid' });
    expect(findGoal(ctx.db, g.id)).toMatchObject({ title: 'Digital tillsyn nattetid', responsible: 'Kim Enhetschef', cost_ore: 185_000_00 });

    const before = contentHash(file);
    refused(() => saveGoal(ctx.db, controller, { ...base, activity: { responsible: 'Kim', startOn: '2026-11-30', endOn: '2026-03-01', costOre: 1 } }), 'INVALID_INPUT', /slutet ligger före starten/);
    refused(() => saveGoal(ctx.db, controller, { ...base, activity: { responsible: 'Kim', startOn: '2031-01-01', endOn: null, costOre: null } }), 'INVALID_INPUT', /utanför aktivitetens år/);
    refused(() => saveGoal(ctx.db, controller, { ...base, activity: { responsible: 'Kim', startOn: null, endOn: null, costOre: -5 } }), 'INVALID_INPUT', /Kostnad/);
    const b = findGoal(ctx.db, goalId(ctx.db, 'NM1.1'))!;
    refused(
      () => saveGoal(ctx.db, controller, { id: b.id, level: b.level, parentId: b.parent_id, code: b.code, title: b.title, description: b.description, ownerCode: b.owner_code, validFromYear: b.valid_from_year, validToYear: b.valid_to_year, activity: { responsible: 'Kim', startOn: null, endOn: null, costOre: null } }),
      'INVALID_INPUT',
      /bara för aktiviteter/,
    );
    expect(contentHash(file)).toBe(before);

    const report = goalReportSection(ctx.db, AUGUST).round.activities.find((a) => a.code === 'A1.1.1.3')!;
    expect(report).toMatchObject({ responsible: 'Kim Enhetschef', startOn: '2026-03-01', endOn: '2026-11-30', costOre: 185_000_00, parentCode: 'DM1.1.1' });
  });

  it('refuses every change of the uppdrag and KF’s styrtal on a locked occasion', () => {
    const n = assignmentRound(ctx.db, AUGUST, controller).assignments.find((a) => a.code === 'T-N1')!;
    const ind = councilIndicatorRound(ctx.db, AUGUST, controller).indicators[0]!;
    lockOccasion(ctx.db, controller, occasionByPeriod(ctx.db, AUGUST).id);
    const before = contentHash(file);
    refused(() => stepAssignmentFollowup(ctx.db, controller, { period: AUGUST, assignmentId: n.id, action: 'return', note: 'Nej' }), 'CONFLICT', /är låst/);
    refused(() => saveCouncilIndicatorAssessment(ctx.db, controller, { period: AUGUST, indicatorId: ind.indicatorId, status: 'met', text: 'x' }), 'CONFLICT', /är låst/);
    refused(() => setGoalDeadline(ctx.db, controller, { period: AUGUST, level: 'board', date: null }), 'CONFLICT', /är låst/);
    expect(contentHash(file)).toBe(before);
    // Nothing is overdue once reported.
    expect(assignmentRound(ctx.db, AUGUST, controller, { today: '2027-01-01' }).assignments.some((a) => a.overdue)).toBe(false);
  });
});
