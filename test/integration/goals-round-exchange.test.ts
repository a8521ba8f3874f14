/**
 * The goal round's rest in packages (issue 19 point 5): the controller's
 * deadlines per goal level and the nämnd's uppdrag reach the sektorchef, its
 * follow-up comes back, and a forged package from the sektorchef (an uppdrag
 * of its own, its own node's follow-up approved, another sektor's follow-up,
 * a deadline moved, KF's styrtal assessed) is refused without a change.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import type { Actor } from '../../electron/services/goals/access';
import { assignmentRound, saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../../electron/services/goals/assignments';
import { saveGoal, saveIndicator } from '../../electron/services/goals/chain';
import { goalDeadlines, setGoalDeadline } from '../../electron/services/goals/deadlines';
import { occasionByPeriod } from '../../electron/services/goals/occasions';
import { newId } from '../../electron/services/ids';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let s: TestContext;
let n = 0;
const APRIL = 202604;

const actor = (x: TestContext, user = 'test', role?: Actor['role']): Actor => ({ siteId: siteId(x), user, role: role ?? x.site.role, scopeCode: role ? null : x.site.scopeCode, now: x.now() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, got: await receive(to, file) };
}

const UPPDRAG = { origin: 'board' as const, code: 'NU1', title: 'Minska timanställningarna', description: '', decisionRef: 'SN § 40', decidedOn: '2026-03-18', dueOn: '2026-12-31', validFromYear: 2026, validToYear: null };

beforeEach(async () => {
  dir = tempDir('ramkoll-goalround-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  createSmallForvaltning(c.db, siteId(c));
  const at = c.now().toISOString();
  c.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, ?, 'tertial', 'Tertial 1 2026', ?, ?, ?)").run(newId(), APRIL, at, at, siteId(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
});

afterEach(() => {
  for (const x of [c, s]) x?.db.close();
});

describe('the goal round in packages', () => {
  it('sends the deadlines and the sektor’s uppdrag to the sektorchef and its follow-up back', async () => {
    setGoalDeadline(c.db, actor(c), { period: APRIL, level: 'board', date: '2026-05-12' });
    const mine = saveAssignment(c.db, actor(c), { ...UPPDRAG, ownerCode: '9100' });
    saveAssignment(c.db, actor(c), { ...UPPDRAG, code: 'NU2', title: 'Sektor Tvås uppdrag', ownerCode: '9200' });
    expect((await send(c, s)).got.refused).toBe(0);
    expect(goalDeadlines(s.db, occasionByPeriod(s.db, APRIL)).board).toMatchObject({ date: '2026-05-12', source: 'set' });
    // The sektorchef's round holds its own sektor's uppdrag.
    expect(assignmentRound(s.db, APRIL, actor(s)).assignments.map((a) => a.code)).toEqual(['NU1']);

    saveAssignmentFollowup(s.db, actor(s, 'Sektorchef Ett'), { period: APRIL, assignmentId: mine.id, status: 'in_progress', text: 'Minskat med tolv procent.' });
    stepAssignmentFollowup(s.db, actor(s, 'Sektorchef Ett'), { period: APRIL, assignmentId: mine.id, action: 'ready' });
    expect((await send(s, c)).got.refused).toBe(0);
    const back = assignmentRound(c.db, APRIL, actor(c)).assignments.find((a) => a.code === 'NU1')!;
    expect(back.followup).toMatchObject({ status: 'in_progress', roundStatus: 'ready', author: 'Sektorchef Ett', text: 'Minskat med tolv procent.' });
    expect(stepAssignmentFollowup(c.db, actor(c), { period: APRIL, assignmentId: mine.id, action: 'approve' }).roundStatus).toBe('approved');
    expect((await send(c, s)).got.refused).toBe(0);
    expect(assignmentRound(s.db, APRIL, actor(s)).assignments[0]!.followup!.roundStatus).toBe('approved');
  });

  it('refuses a forged package from a sektorchef writing beyond its role; nothing changes', async () => {
    const mine = saveAssignment(c.db, actor(c), { ...UPPDRAG, ownerCode: '9100' });
    const theirs = saveAssignment(c.db, actor(c), { ...UPPDRAG, code: 'NU2', title: 'Sektor Tvås uppdrag', ownerCode: '9200' });
    setGoalDeadline(c.db, actor(c), { period: APRIL, level: 'board', date: '2026-05-12' });
    // KF's goal with a styrtal, from Ekonomi.
    const ekonomi = actor(c, 'Ekonomi', 'ekonomi');
    const im = saveGoal(c.db, ekonomi, { level: 'council', parentId: null, code: 'IM1', title: 'Trygg kommun', description: '', ownerCode: '9000', validFromYear: 2026, validToYear: null });
    const ind = saveIndicator(c.db, ekonomi, { goalId: im.id, name: 'Trygghet', unit: '%', direction: 'higher', source: 'own', seriesKey: 'TRYGG', sourceNote: '', startValue: null, startYear: null, targetValue: '80', targetYear: 2027 });
    await send(c, s);
    saveAssignmentFollowup(s.db, actor(s), { period: APRIL, assignmentId: mine.id, status: 'in_progress', text: 'Pågår.' });
    const { file } = await send(s, c);
    // The import records the package and its refusals; the goal round's rows are what must not change.
    const rows = () => ['assignment', 'assignment_followup', 'goal_deadline', 'indicator_assessment'].map((t) => c.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all());
    const before = rows();
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const occasionId = occasionByPeriod(c.db, APRIL).id;
    const followupId = c.db.prepare('SELECT id FROM assignment_followup WHERE assignment_id = ?').pluck().get(mine.id) as string;
    const deadlineId = c.db.prepare("SELECT id FROM goal_deadline WHERE level = 'board'").pluck().get() as string;
    const fresh = newId();
    const other = newId();
    const kf = newId();
    const round = (table: string, id: string, subject: [string, string], k: number) => [
      [table, id, 'occasion_id', occasionId, v(k), null, null],
      [table, id, subject[0], subject[1], v(k + 1), null, null],
      [table, id, 'status', table === 'indicator_assessment' ? 'met' : 'done', v(k + 2), null, null],
      [table, id, 'text', 'Klart.', v(k + 3), null, null],
      [table, id, 'round_status', 'approved', v(k + 4), null, null],
      [table, id, 'author', 'chef', v(k + 5), null, null],
    ];
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        // Its own node's follow-up approved by itself: the level above approves.
        ['assignment_followup', followupId, 'round_status', 'approved', v(1), currentVersion(c.db, 'assignment_followup', followupId, 'round_status'), null],
        // An uppdrag of its own: the nämnd's are the controller's.
        ['assignment', fresh, 'origin', 'board', v(2), null, null],
        ['assignment', fresh, 'code', 'NU9', v(3), null, null],
        ['assignment', fresh, 'title', 'Påhittat', v(4), null, null],
        ['assignment', fresh, 'description', '', v(5), null, null],
        ['assignment', fresh, 'owner_id', c.db.prepare("SELECT id FROM dimension_value WHERE code = '9100'").pluck().get() as string, v(6), null, null],
        ['assignment', fresh, 'decision_ref', '', v(7), null, null],
        ['assignment', fresh, 'valid_from_year', 2026, v(8), null, null],
        ['assignment', fresh, 'sort_order', 0, v(9), null, null],
        // The board deadline moved.
        ['goal_deadline', deadlineId, 'due_on', '2026-12-30', v(10), currentVersion(c.db, 'goal_deadline', deadlineId, 'due_on'), null],
        // Sektor Två's uppdrag followed up and approved.
        ...round('assignment_followup', other, ['assignment_id', theirs.id], 20),
        // KF's styrtal assessed: the controller's.
        ...round('indicator_assessment', kf, ['indicator_id', ind.id], 30),
      ] as Payload['changes'],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    const refusedTables = new Set(r.refusedItems.map((x) => x.table));
    for (const t of ['assignment', 'assignment_followup', 'goal_deadline', 'indicator_assessment']) expect(refusedTables.has(t)).toBe(true);
    expect(r.refusedItems.filter((x) => x.table === 'assignment_followup').map((x) => x.reason).join(' ')).toMatch(/9200/);
    expect(rows()).toEqual(before);
  });
});
