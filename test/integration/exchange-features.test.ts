/**
 * The exchange with the features merged beside it: the goal chain and its
 * round, locked reporting occasions and their snapshots, thresholds and the
 * planning and ledger tables that are budgetförutsättningar, and rows two
 * sites create under different ids (natural-key twins).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { importPackage, type ImportResult } from '../../electron/services/exchange/import';
import { signingKey, siteInfo } from '../../electron/services/exchange/identity';
import { readPackage, writePackage } from '../../electron/services/exchange/package-file';
import { defaultDeadlines, occasionForPeriod } from '../../electron/services/followup/calendar';
import { figureTree } from '../../electron/services/followup/figures';
import type { Actor as FollowUpActor } from '../../electron/services/followup/model';
import { lockOccasion, unlockOccasion } from '../../electron/services/followup/snapshot';
import { saveGoal, saveIndicator, setIndicatorValue } from '../../electron/services/goals/chain';
import type { Actor as GoalActor } from '../../electron/services/goals/access';
import { approveAssessment, markReady, saveAssessment } from '../../electron/services/goals/round';
import { naturalId, newId } from '../../electron/services/ids';
import { saveProfile } from '../../electron/services/ledger/profiles-store';
import { defaultLayout, saveExportProfile } from '../../electron/services/budget/export-layout';
import { setInternalAccounts } from '../../electron/services/budget/internal';
import { savePersonnelSettings } from '../../electron/services/budget/personnel';
import { runCli } from '../support/cli';
import { DEMO_YEAR, openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, siteContext, siteId, writeComment, receive } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

let n = 0;
async function send(dir: string, from: TestContext, to: TestContext): Promise<ImportResult> {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return receive(to, file);
}

async function introduce(dir: string, from: TestContext, to: TestContext): Promise<void> {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

async function demoController(dir: string): Promise<TestContext> {
  const file = path.join(dir, 'controller.db');
  expect(runCli(['init', '--db', file, '--demo', '--year', String(DEMO_YEAR)]).code).toBe(0);
  const ctx = await openTestContext(file);
  open.push(ctx);
  return ctx;
}

async function emptySite(dir: string, name: string, role: 'sektorchef' | 'ekonomi' | 'controller', scope: string | null): Promise<TestContext> {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}

function goalActor(ctx: TestContext): GoalActor {
  const s = siteInfo(ctx.db);
  return { role: s.role, scopeCode: s.scopeCode, siteId: s.id, user: `${s.name} (test)`, now: ctx.now() };
}

function followUpActor(ctx: TestContext): FollowUpActor {
  const s = siteInfo(ctx.db);
  return { siteId: s.id, user: `${s.name} (test)`, role: s.role, scopeCode: s.scopeCode, now: ctx.now() };
}

type Row = Record<string, unknown>;
const all = (ctx: TestContext, sql: string, ...params: unknown[]) => ctx.db.prepare(sql).all(...params) as Row[];
const one = (ctx: TestContext, sql: string, ...params: unknown[]) => ctx.db.prepare(sql).get(...params) as Row | undefined;

/** Ansvar codes in the subtree of `scope`, from the database's own parent links (not through Ramkoll's services). */
function subtreeOf(ctx: TestContext, scope: string): Set<string> {
  return new Set(
    (
      all(
        ctx,
        `WITH RECURSIVE s(id, code) AS (SELECT id, code FROM dimension_value WHERE code = ? AND dimension_id = ?
           UNION ALL SELECT v.id, v.code FROM dimension_value v JOIN s ON v.parent_id = s.id)
         SELECT code FROM s`,
        scope,
        naturalId('dimension', 'ansvar'),
      ) as { code: string }[]
    ).map((r) => r.code),
  );
}

const AUGUST = DEMO_YEAR * 100 + 8;
const OCTOBER = DEMO_YEAR * 100 + 10;

describe('the goal chain and its round', () => {
  it('Ekonomi sends the inriktningsmål, the controller passes them on, and a sektorchef sends back its assessments and styrtal values', async () => {
    const dir = tempDir('ramkoll-xgoals-');
    const controller = await emptySite(dir, 'Controller', 'controller', null);
    const ekonomi = await emptySite(dir, 'Ekonomi', 'ekonomi', null);
    const chief = await emptySite(dir, 'Sektorchef Ett', 'sektorchef', '9100');
    for (const [a, b] of [
      [ekonomi, controller],
      [controller, ekonomi],
      [chief, controller],
    ] as const)
      await introduce(dir, a, b);
    const data = createSmallForvaltning(controller.db, siteId(controller));
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);

    // Ekonomi: an inriktningsmål with a Kolada styrtal and its latest value.
    const goal = (ctx: TestContext, level: 'council' | 'board' | 'sub' | 'activity', code: string, owner: string, parent: string | null) =>
      saveGoal(ctx.db, goalActor(ctx), { level, parentId: parent, code, title: `Mål ${code}`, description: '', ownerCode: owner, validFromYear: 2026, validToYear: null }).id;
    const indicator = (ctx: TestContext, goalOf: string, key: string, source: 'kolada' | 'own') =>
      saveIndicator(ctx.db, goalActor(ctx), { goalId: goalOf, name: `Styrtal ${key}`, unit: '%', direction: 'higher', source, seriesKey: key, sourceNote: '', startValue: null, startYear: null, targetValue: '90', targetYear: 2027 });
    const im1 = goal(ekonomi, 'council', 'IM1', '9000', null);
    indicator(ekonomi, im1, 'N00945', 'kolada');
    setIndicatorValue(ekonomi.db, goalActor(ekonomi), { seriesKey: 'N00945', date: '2025-12-31', value: '81,5' });
    expect(await send(dir, ekonomi, controller)).toMatchObject({ refused: 0, conflicts: 0 });
    expect(one(controller, 'SELECT level, code FROM goal WHERE id = ?', im1)).toEqual({ level: 'council', code: 'IM1' });

    // The förvaltning breaks it down; the round goes on at October.
    const nm1 = goal(controller, 'board', 'NM1', '9000', im1);
    const nm2 = goal(controller, 'board', 'NM2', '9100', im1);
    const dm1 = goal(controller, 'sub', 'DM1', '9110', nm2);
    const dm2 = goal(controller, 'sub', 'DM2', '9210', nm1);
    const a1 = goal(controller, 'activity', 'A1', '91101', dm1);
    const a2 = goal(controller, 'activity', 'A2', '91102', dm1);
    indicator(controller, dm1, 'EGEN-1', 'own');
    const assess = (ctx: TestContext, goalOf: string, text: string) =>
      saveAssessment(ctx.db, goalActor(ctx), { period: OCTOBER, goalId: goalOf, status: 'partly_met', forecast: 'met', text });
    const ref = (goalOf: string) => ({ period: OCTOBER, goalId: goalOf });
    for (const g of [nm1, nm2, dm2]) {
      assess(controller, g, `Bedömning ${g}`);
      markReady(controller.db, goalActor(controller), ref(g));
    }
    approveAssessment(controller.db, goalActor(controller), ref(nm1));
    saveAssessment(controller.db, goalActor(controller), { ...ref(a2), status: 'in_progress', forecast: 'done', text: 'Pågår enligt plan.' });
    markReady(controller.db, goalActor(controller), ref(a2));

    // To Ekonomi: the chain (to read the assessments by) and only the approved assessments.
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);
    const goalsOf = (ctx: TestContext) => all(ctx, 'SELECT id, level, parent_id, code, title, owner_id FROM goal ORDER BY id');
    expect(goalsOf(ekonomi)).toEqual(goalsOf(controller));
    expect(all(ekonomi, 'SELECT goal_id, round_status FROM goal_assessment')).toEqual([{ goal_id: nm1, round_status: 'approved' }]);
    expect(all(ekonomi, 'SELECT id FROM goal_assessment_event')).toEqual([]);

    // Ekonomi changes its inriktningsmål; a nämndmål it changes behind the app's back does not travel.
    saveGoal(ekonomi.db, goalActor(ekonomi), { id: im1, level: 'council', parentId: null, code: 'IM1', title: 'Trygg och jämlik vård', description: '', ownerCode: '9000', validFromYear: 2026, validToYear: null });
    ekonomi.db.prepare("UPDATE goal SET title = 'Ekonomis egen rubrik' WHERE id = ?").run(nm1);
    expect(await send(dir, ekonomi, controller)).toMatchObject({ refused: 0, conflicts: 0 });
    expect(one(controller, 'SELECT title FROM goal WHERE id = ?', im1)).toEqual({ title: 'Trygg och jämlik vård' });
    expect(one(controller, 'SELECT title FROM goal WHERE id = ?', nm1)).toEqual({ title: 'Mål NM1' });

    // To the sektorchef: the whole chain with Ekonomi's goal and values passed on, and the assessments of its sektor.
    expect((await send(dir, controller, chief)).refused).toBe(0);
    expect(goalsOf(chief)).toEqual(goalsOf(controller));
    expect(all(chief, 'SELECT series_key, value FROM indicator_value')).toEqual([{ series_key: 'N00945', value: '81.5' }]);
    expect(all(chief, 'SELECT goal_id FROM goal_assessment ORDER BY goal_id')).toEqual([nm2, a2].sort().map((goal_id) => ({ goal_id })));

    // The sektorchef assesses A1 and marks it klar, approves A2, and records a value of its own styrtal.
    saveAssessment(chief.db, goalActor(chief), { ...ref(a1), status: 'in_progress', forecast: 'done', text: 'Införs i november.' });
    markReady(chief.db, goalActor(chief), ref(a1));
    approveAssessment(chief.db, goalActor(chief), ref(a2));
    expect(setIndicatorValue(chief.db, goalActor(chief), { seriesKey: 'EGEN-1', date: '2026-10-31', value: '91,5' })).toBe('created');
    // Behind the app's back: approving its nämndmål (the förvaltning approves those) and changing the inriktningsmål.
    chief.db.prepare("UPDATE goal_assessment SET round_status = 'approved' WHERE goal_id = ?").run(nm2);
    chief.db.prepare("UPDATE goal SET title = 'Sektorns rubrik' WHERE id = ?").run(im1);

    const back = await send(dir, chief, controller);
    expect(back).toMatchObject({ refused: 0, conflicts: 0 });
    const assessment = (ctx: TestContext, goalOf: string) => one(ctx, 'SELECT round_status, status, forecast, text FROM goal_assessment WHERE goal_id = ? AND occasion_id = ?', goalOf, data.occasionId);
    expect(assessment(controller, a1)).toEqual({ round_status: 'ready', status: 'in_progress', forecast: 'done', text: 'Införs i november.' });
    expect(assessment(controller, a2)!.round_status).toBe('approved');
    expect(assessment(controller, nm2)!.round_status).toBe('ready');
    expect(one(controller, 'SELECT title FROM goal WHERE id = ?', im1)).toEqual({ title: 'Trygg och jämlik vård' });
    expect(one(controller, "SELECT value FROM indicator_value WHERE series_key = 'EGEN-1'")).toEqual({ value: '91.5' });
    // The history of the round travelled with it.
    const events = (ctx: TestContext) => all(ctx, 'SELECT e.id, e.action, e.author FROM goal_assessment_event e JOIN goal_assessment a ON a.id = e.assessment_id WHERE a.goal_id IN (?, ?) ORDER BY e.id', a1, a2);
    expect(events(controller)).toEqual(events(chief));
    expect(events(controller).map((e) => e.action).sort()).toEqual(['approved', 'ready', 'ready', 'saved', 'saved']);

    // A forged package that approves the nämndmål is refused and reported.
    const forged = path.join(dir, 'forged.ramkoll');
    const real = readPackage(path.join(dir, `p${n}.ramkoll`)).payload;
    const v = `${String(Date.now() + 5000).padStart(13, '0')}-00000001-${siteId(chief)}`;
    const nm2Assessment = String(one(chief, 'SELECT id FROM goal_assessment WHERE goal_id = ?', nm2)!.id);
    writePackage(
      forged,
      { ...real, manifest: { ...real.manifest, id: newId() }, changes: [['goal_assessment', nm2Assessment, 'round_status', 'approved', v, null, null]] },
      signingKey(chief.db, siteId(chief)),
    );
    const r = await importPackage(controller.db, { file: forged, now: controller.now() });
    expect(r.refusedItems.map((x) => [x.table, x.field, x.reason])).toEqual([['goal_assessment', 'round_status', 'en sektorchef får inte sätta status till "approved"']]);
    expect(assessment(controller, nm2)!.round_status).toBe('ready');
  }, 60_000);

  it('refuses the goals below an inriktningsmål the receiver lacks, and reads in the rest', async () => {
    const dir = tempDir('ramkoll-xgoals-missing-');
    const controller = await demoController(dir);
    const ekonomi = await emptySite(dir, 'Ekonomi', 'ekonomi', null);
    await introduce(dir, ekonomi, controller);
    // The demo's inriktningsmål were made on the controller's own installation: Ekonomi cannot take them from it.
    const r = await send(dir, controller, ekonomi);
    expect(r.refused).toBeGreaterThan(0);
    expect(r.refusedItems.some((x) => x.table === 'goal' && /överordnat mål hänvisar till en mål \(.*\) som saknas här/.test(x.reason))).toBe(true);
    expect(all(ekonomi, 'PRAGMA foreign_key_check')).toEqual([]);
    expect((one(ekonomi, 'SELECT count(*) AS n FROM goal') as { n: number }).n).toBe(0);
    expect((one(ekonomi, 'SELECT count(*) AS n FROM budget_line') as { n: number }).n).toBe((one(controller, 'SELECT count(*) AS n FROM budget_line') as { n: number }).n);
  }, 60_000);
});

describe('locked reporting occasions', () => {
  it('refuses comments for an occasion locked here, takes a received lock’s snapshot, and drops it when the lock is lifted', async () => {
    const dir = tempDir('ramkoll-xlock-');
    const controller = await demoController(dir);
    const chief = await emptySite(dir, 'Sektorchef äldreomsorg', 'sektorchef', '3100');
    await introduce(dir, chief, controller);
    await send(dir, controller, chief);
    const october = occasionForPeriod(controller.db, OCTOBER)!;
    const sector = subtreeOf(controller, '3100');

    // A node in the sektor whose comment is an utkast or sent back in the demo's open round.
    const unit = String(
      one(
        controller,
        "SELECT v.code FROM deviation_comment d JOIN dimension_value v ON v.id = d.responsibility_id WHERE d.occasion_id = ? AND d.status IN ('draft', 'returned') AND v.code LIKE '31%' ORDER BY v.code",
        october.id,
      )!.code,
    );
    // The sektorchef writes while the controller locks October: the comment arrives too late and is refused.
    expect(writeComment(chief, october.id, unit, { cause: 'Sent skriven orsak', action: 'Åtgärd' }, true)).toBe(true);
    lockOccasion(controller.db, followUpActor(controller), october.id);
    const late = await send(dir, chief, controller);
    expect(late.applied).toBe(0);
    expect(late.refused).toBeGreaterThan(0);
    expect(new Set(late.refusedItems.map((x) => x.table))).toEqual(new Set(['deviation_comment']));
    expect(late.refusedItems[0]!.reason).toMatch(/^Månadsrapport oktober med prognos är låst här sedan \d{4}-\d{2}-\d{2}: det som rapporterades ändras inte/);
    expect(one(controller, 'SELECT cause FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?', october.id, naturalId('ansvar', unit))?.cause).not.toBe('Sent skriven orsak');

    // The lock reaches the sektorchef: the same snapshot as the controller's, for the sektor's part, and a note about its late comment.
    const lock = await send(dir, controller, chief);
    expect(lock.refused).toBe(0);
    expect(lock.notes.join(' ')).toMatch(/Månadsrapport oktober med prognos är låst sedan \d{4}-\d{2}-\d{2}\. \d+ fält som ändrats här kom fram efter låsningen hos /);
    // The sektorchef's late comment gives way to what was reported: both sites hold the same again.
    const sectorComment = (ctx: TestContext) => one(ctx, 'SELECT id, cause, action, status FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?', october.id, naturalId('ansvar', unit));
    expect(sectorComment(controller)!.cause).not.toBe('Sent skriven orsak');
    expect(sectorComment(chief)).toEqual(sectorComment(controller));
    const figures = (ctx: TestContext) =>
      (all(ctx, 'SELECT responsibility_code AS code, account_code, budget_acc_ore, actual_acc_ore, budget_months, actual_months FROM occasion_snapshot_figure WHERE occasion_id = ? ORDER BY 1, 2', october.id) as { code: string }[]).filter((r) =>
        sector.has(r.code),
      );
    expect(figures(chief).length).toBeGreaterThan(100);
    expect(figures(chief)).toEqual(figures(controller));
    expect(one(chief, 'SELECT taken_at FROM occasion_snapshot WHERE occasion_id = ?', october.id)).toEqual(one(controller, 'SELECT taken_at FROM occasion_snapshot WHERE occasion_id = ?', october.id));
    // The sektorchef's grid now reads the locked occasion from its snapshot.
    expect(figureTree(chief.db, { period: OCTOBER }).byKey.get('n:3100')!.figures.actualAcc).toBe(figureTree(controller.db, { period: OCTOBER }).byKey.get('n:3100')!.figures.actualAcc);

    // The controller opens October again and writes; both arrive, and the snapshot goes.
    unlockOccasion(controller.db, followUpActor(controller), october.id);
    expect(writeComment(controller, october.id, '3110', { cause: 'Controllern kompletterar' })).toBe(true);
    const reopened = await send(dir, controller, chief);
    expect(reopened.refused).toBe(0);
    expect(one(chief, 'SELECT count(*) AS n FROM occasion_snapshot WHERE occasion_id = ?', october.id)).toEqual({ n: 0 });
    expect(one(chief, 'SELECT cause FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?', october.id, naturalId('ansvar', '3110'))).toEqual({ cause: 'Controllern kompletterar' });

    // A last change and the lock in one package: the change is part of what was reported.
    expect(writeComment(controller, october.id, '3110', { cause: 'Slutlig orsak' }, true)).toBe(true);
    lockOccasion(controller.db, followUpActor(controller), october.id);
    const final = await send(dir, controller, chief);
    expect(final.refused).toBe(0);
    expect(one(chief, 'SELECT cause, status FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?', october.id, naturalId('ansvar', '3110'))).toEqual({ cause: 'Slutlig orsak', status: 'ready' });
    expect(figures(chief)).toEqual(figures(controller));
  }, 60_000);
});

describe('budgetförutsättningar from Ekonomi', () => {
  it('hands out thresholds, personnel settings, internal accounts and the ekonomisystem’s profiles; the sektorchef gets what it needs', async () => {
    const dir = tempDir('ramkoll-xprereq-');
    const ekonomi = await emptySite(dir, 'Ekonomi', 'ekonomi', null);
    const controller = await emptySite(dir, 'Controller', 'controller', null);
    const chief = await emptySite(dir, 'Sektorchef Ett', 'sektorchef', '9100');
    await introduce(dir, controller, ekonomi);
    await introduce(dir, ekonomi, controller);
    await introduce(dir, chief, controller);
    createSmallForvaltning(ekonomi.db, siteId(ekonomi));
    const meta = { siteId: siteId(ekonomi), user: 'ekonomi', at: ekonomi.now().toISOString() };
    // Thresholds: the follow-up's page is the controller's; Ekonomi's rows are written as its service would.
    ekonomi.db
      .prepare('INSERT INTO deviation_threshold (id, level, amount_ore, percent_bp, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(naturalId('deviation_threshold', 'unit'), 'unit', 10_000_000, 300, meta.at, meta.at, meta.siteId);
    savePersonnelSettings(ekonomi.db, { year: 2026, salaryAccountCode: '5010', poAccountCode: '5010', incomeBaseAmountOre: 8_060_000_00 }, meta);
    setInternalAccounts(ekonomi.db, ['4010'], meta);
    saveProfile(ekonomi.db, { version: 1, name: 'Kommunens huvudbok', system: 'Raindance', description: '', format: 'csv', encoding: 'auto', delimiter: ';', sheet: null } as never, meta.siteId, ekonomi.now());
    saveExportProfile(ekonomi.db, 'Kommunens budgetimport', defaultLayout([]), meta);

    const got = await send(dir, ekonomi, controller);
    expect(got.refused).toBe(0);
    const tables = ['deviation_threshold', 'personnel_setting', 'internal_account', 'ledger_profile', 'export_profile'];
    // Every column but the receiver's own times (they follow the change's version).
    const rows = (ctx: TestContext, t: string) => all(ctx, `SELECT * FROM ${t} ORDER BY id`).map((r) => ({ ...r, created_at: null, updated_at: null }));
    for (const t of tables) {
      expect(rows(ekonomi, t), t).toHaveLength(1);
      expect(rows(controller, t), t).toEqual(rows(ekonomi, t));
    }

    const toChief = await send(dir, controller, chief);
    expect(toChief.refused).toBe(0);
    const count = (ctx: TestContext, t: string) => (one(ctx, `SELECT count(*) AS n FROM ${t}`) as { n: number }).n;
    expect([count(chief, 'deviation_threshold'), count(chief, 'internal_account'), count(chief, 'personnel_setting')]).toEqual([1, 1, 1]);
    expect([count(chief, 'ledger_profile'), count(chief, 'export_profile')]).toEqual([0, 0]);

    // A sektorchef does not set thresholds, and a profile that Ramkoll cannot read is refused with what is wrong.
    chief.db.prepare("UPDATE deviation_threshold SET amount_ore = 1 WHERE level = 'unit'").run();
    const up = await send(dir, chief, controller);
    expect(up.refused).toBe(0);
    expect(one(controller, "SELECT amount_ore FROM deviation_threshold WHERE level = 'unit'")).toEqual({ amount_ore: 10_000_000 });
    const real = readPackage(path.join(dir, `p${n}.ramkoll`)).payload;
    const bad = path.join(dir, 'bad-profile.ramkoll');
    const v = `${String(Date.now() + 5000).padStart(13, '0')}-00000001-${siteId(ekonomi)}`;
    const id = String(one(ekonomi, 'SELECT id FROM ledger_profile')!.id);
    writePackage(
      bad,
      {
        ...real,
        manifest: { ...real.manifest, id: newId(), sender: { id: siteId(ekonomi), name: 'Ekonomi', role: 'ekonomi', scope: null, publicKey: siteInfo(ekonomi.db).publicKey }, recipient: siteId(controller), received: [] },
        changes: [['ledger_profile', id, 'definition', JSON.stringify({ name: 'x', delimiter: '#' }), v, null, null]],
      },
      signingKey(ekonomi.db, siteId(ekonomi)),
    );
    const r = await importPackage(controller.db, { file: bad, now: controller.now() });
    expect(r.refusedItems).toHaveLength(1);
    expect(r.refusedItems[0]!.reason).toMatch(/^profil: är inte giltig: delimiter:/);
  }, 60_000);
});

describe('rows two sites create under different ids', () => {
  it('makes one goal assessment of two for the same goal and occasion, with the history of both', async () => {
    const dir = tempDir('ramkoll-xtwin-');
    const controller = await demoController(dir);
    const chief = await emptySite(dir, 'Sektorchef äldreomsorg', 'sektorchef', '3100');
    await introduce(dir, chief, controller);
    unlockOccasion(controller.db, followUpActor(controller), occasionForPeriod(controller.db, AUGUST)!.id);
    await send(dir, controller, chief);
    // A goal without an assessment at August, assessed on both sides under different ids (as an installation without name-based ids would).
    const august = occasionForPeriod(controller.db, AUGUST)!.id;
    const goal = String(
      one(
        controller,
        "SELECT g.id FROM goal g JOIN dimension_value o ON o.id = g.owner_id WHERE g.level = 'activity' AND o.code LIKE '31%' AND NOT EXISTS (SELECT 1 FROM goal_assessment a WHERE a.goal_id = g.id AND a.occasion_id = ?) ORDER BY g.code",
        august,
      )!.id,
    );
    const insert = (ctx: TestContext, id: string, text: string) => {
      const at = ctx.now().toISOString();
      ctx.db
        .prepare("INSERT INTO goal_assessment (id, occasion_id, goal_id, status, forecast, text, round_status, author, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, 'in_progress', 'done', ?, 'draft', 'test', ?, ?, ?)")
        .run(id, august, goal, text, at, at, siteId(ctx));
      ctx.db
        .prepare("INSERT INTO goal_assessment_event (id, assessment_id, action, round_status, status, forecast, text, author, created_at, updated_at, updated_by_site) VALUES (?, ?, 'saved', 'draft', 'in_progress', 'done', ?, 'test', ?, ?, ?)")
        .run(newId(), id, text, at, at, siteId(ctx));
    };
    const small = '00000000-0000-4000-8000-000000000001';
    insert(controller, newId(), 'Controllerns bedömning');
    insert(chief, small, 'Sektorchefens bedömning');
    const up = await send(dir, chief, controller);
    expect(up.notes.join(' ')).toMatch(/skapats både här och hos/);
    const down = await send(dir, controller, chief);
    expect(up.refused + down.refused).toBe(0);
    for (const ctx of [controller, chief]) {
      expect(all(ctx, 'SELECT id FROM goal_assessment WHERE goal_id = ? AND occasion_id = ?', goal, august)).toEqual([{ id: small }]);
      expect(all(ctx, 'SELECT text FROM goal_assessment_event WHERE assessment_id = ? ORDER BY text', small)).toEqual([{ text: 'Controllerns bedömning' }, { text: 'Sektorchefens bedömning' }]);
    }
    expect(one(controller, 'SELECT text FROM goal_assessment WHERE id = ?', small)).toEqual(one(chief, 'SELECT text FROM goal_assessment WHERE id = ?', small));
    expect(up.conflicts + down.conflicts).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('gives a locked occasion the id of Ekonomi’s for the same period, and its snapshot follows', async () => {
    const dir = tempDir('ramkoll-xtwin-occ-');
    const ekonomi = await emptySite(dir, 'Ekonomi', 'ekonomi', null);
    const controller = await emptySite(dir, 'Controller', 'controller', null);
    await introduce(dir, controller, ekonomi);
    await introduce(dir, ekonomi, controller);
    // Ekonomi's calendar has October; the controller made its own (the small förvaltning's) and locked it: a snapshot.
    const theirs = '00000000-0000-4000-8000-0000000000aa';
    const at = ekonomi.now().toISOString();
    ekonomi.db.prepare("INSERT INTO fiscal_year (year, status, created_at) VALUES (2026, 'open', ?) ON CONFLICT DO NOTHING").run(at);
    ekonomi.db
      .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, deadline_unit, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202610, 'monthly_forecast', 'Oktober (Ekonomi)', ?, ?, ?, ?)")
      .run(theirs, defaultDeadlines(202610).unit, at, at, siteId(ekonomi));
    await new Promise((r) => setTimeout(r, 5));
    createSmallForvaltning(controller.db, siteId(controller));
    const mine = occasionForPeriod(controller.db, 202610)!;
    expect(mine.id > theirs).toBe(true);
    lockOccasion(controller.db, followUpActor(controller), mine.id);
    const snapshot = (ctx: TestContext, id: string) => all(ctx, 'SELECT responsibility_code, account_code, actual_acc_ore FROM occasion_snapshot_figure WHERE occasion_id = ? ORDER BY 1, 2', id);
    const before = snapshot(controller, mine.id);
    expect(before.length).toBeGreaterThan(5);

    const atEkonomi = await send(dir, controller, ekonomi);
    expect(atEkonomi.refused).toBe(0);
    const got = await send(dir, ekonomi, controller);
    expect(got.notes.join(' ')).toMatch(/skapats både här och hos/);
    expect(got.refused).toBe(0);
    for (const ctx of [controller, ekonomi]) expect(all(ctx, 'SELECT id FROM reporting_occasion WHERE period = 202610')).toEqual([{ id: theirs }]);
    expect(snapshot(controller, theirs)).toEqual(before);
    expect(snapshot(ekonomi, theirs)).toEqual(before);
    expect(all(controller, 'PRAGMA foreign_key_check')).toEqual([]);
    expect(one(controller, 'SELECT locked_at FROM reporting_occasion WHERE id = ?', theirs)!.locked_at).toBe(mine.lockedAt ?? one(controller, 'SELECT locked_at FROM reporting_occasion WHERE id = ?', theirs)!.locked_at);
    expect(one(controller, 'SELECT locked_at FROM reporting_occasion WHERE id = ?', theirs)!.locked_at).not.toBeNull();
    // The comments and forecasts of the occasion follow it too.
    expect((one(controller, 'SELECT count(*) AS n FROM deviation_comment WHERE occasion_id = ?', theirs) as { n: number }).n).toBe(3);
    expect((one(controller, 'SELECT count(*) AS n FROM forecast WHERE occasion_id = ?', theirs) as { n: number }).n).toBe(4);
  }, 60_000);
});
