/**
 * The planning calendar (issue 17, point 5): the budget process's steps in
 * the årshjul with their default dates, who acts, done and late against the
 * one clock; only Ekonomi and the controller write them, on their own
 * installation and through the exchange.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import type { ImportResult } from '../../electron/services/exchange/import';
import { newId } from '../../electron/services/ids';
import { defaultSteps, listPlanningSteps, savePlanningStep } from '../../electron/services/planning-calendar/steps';
import { call } from '../support/call';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { receive, siteContext, siteId } from '../support/exchange';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

async function fresh(name: string): Promise<TestContext> {
  const ctx = await openTestContext(path.join(tempDir('ramkoll-plancal-'), `${name}.db`));
  open.push(ctx);
  return ctx;
}

/** The same context on another day: the one clock moved, nothing else. */
const on = (ctx: TestContext, date: string): TestContext => ({ ...ctx, now: () => new Date(`${date}T10:00:00Z`) });

describe('the budget process’s default steps', () => {
  it('fall in the year before the budget year, on working days, with who acts', () => {
    expect(defaultSteps(2027)).toEqual([
      { kind: 'directive', dueOn: '2026-03-16', actor: 'economy' }, // 15 March 2026 is a Sunday
      { kind: 'frames', dueOn: '2026-06-15', actor: 'council' },
      { kind: 'distribution', dueOn: '2026-09-15', actor: 'controller' },
      { kind: 'detail_budget', dueOn: '2026-10-15', actor: 'unit' },
      { kind: 'board_decision', dueOn: '2026-11-25', actor: 'board' },
      { kind: 'registration', dueOn: '2026-12-10', actor: 'controller' },
    ]);
    // 2025: 15 March a Saturday, 15 June a Sunday.
    expect(defaultSteps(2026).map((s) => s.dueOn)).toEqual(['2025-03-17', '2025-06-16', '2025-09-15', '2025-10-15', '2025-11-25', '2025-12-10']);
  });

  it('are created on request, once; a removed one comes back; late is measured against today', async () => {
    const ctx = await fresh('c'); // today 2026-11-20
    expect((await call('planningSteps.list', { year: 2027 }, ctx)).steps).toEqual([]);
    expect(await call('planningSteps.createDefault', { year: 2027 }, ctx)).toEqual({ added: 6 });
    expect(await call('planningSteps.createDefault', { year: 2027 }, ctx)).toEqual({ added: 0 });
    const list = await call('planningSteps.list', {}, ctx); // the active year + 1
    expect(list.year).toBe(2027);
    expect(list.today).toBe('2026-11-20');
    expect(list.missingStandard).toEqual([]);
    expect(list.steps.map((s) => [s.name, s.actorName, s.dueOn, s.late, s.daysLate])).toEqual([
      ['Budgetdirektiv', 'Ekonomi', '2026-03-16', true, 249],
      ['Ramar från KF', 'KF/KS', '2026-06-15', true, 158],
      ['Fördelning till sektorerna', 'Controller', '2026-09-15', true, 66],
      ['Detaljbudget från enheterna', 'Enhet', '2026-10-15', true, 36],
      ['Nämndbeslut', 'Nämnd', '2026-11-25', false, 0],
      ['Registrering i ekonomisystemet', 'Controller', '2026-12-10', false, 0],
    ]);
    expect(list.steps.map((s) => s.daysLeft)).toEqual([null, null, null, null, 5, 20]);
    // On another day the same steps are late or not by that day.
    const early = await call('planningSteps.list', { year: 2027 }, on(ctx, '2026-06-15'));
    expect(early.steps.filter((s) => s.late).map((s) => s.kind)).toEqual(['directive']);
    const late = await call('planningSteps.list', { year: 2027 }, on(ctx, '2026-12-11'));
    expect(late.steps.filter((s) => s.late).map((s) => s.kind)).toEqual(['directive', 'frames', 'distribution', 'detail_budget', 'board_decision', 'registration']);

    const directive = list.steps[0]!;
    await call('planningSteps.setDone', { id: directive.id, done: true }, ctx);
    let now = await call('planningSteps.list', { year: 2027 }, ctx);
    expect(now.steps[0]).toMatchObject({ doneOn: '2026-11-20', late: false, daysLate: 0 });
    await call('planningSteps.setDone', { id: directive.id, done: true, doneOn: '2026-03-10' }, ctx);
    expect((await call('planningSteps.list', { year: 2027 }, ctx)).steps[0]!.doneOn).toBe('2026-03-10');
    await call('planningSteps.setDone', { id: directive.id, done: false }, ctx);
    now = await call('planningSteps.list', { year: 2027 }, ctx);
    expect(now.steps[0]).toMatchObject({ doneOn: null, late: true });

    // Removed, undone, removed again and brought back by the default set with its default date.
    const frames = list.steps[1]!;
    await call('planningSteps.delete', { id: frames.id }, ctx);
    expect((await call('planningSteps.list', { year: 2027 }, ctx)).missingStandard).toEqual(['frames']);
    await call('planningSteps.restore', { id: frames.id }, ctx);
    expect((await call('planningSteps.list', { year: 2027 }, ctx)).steps).toHaveLength(6);
    await call('planningSteps.save', { id: frames.id, year: 2027, kind: 'frames', dueOn: '2026-06-22', actor: 'council' }, ctx);
    await call('planningSteps.delete', { id: frames.id }, ctx);
    expect(await call('planningSteps.createDefault', { year: 2027 }, ctx)).toEqual({ added: 1 });
    expect((await call('planningSteps.list', { year: 2027 }, ctx)).steps.find((s) => s.kind === 'frames')).toMatchObject({ id: frames.id, dueOn: '2026-06-15' });
  });

  it('takes steps of the controller’s own, edits them, and refuses bad input without writing', async () => {
    const ctx = await fresh('own');
    const { id } = await call('planningSteps.save', { year: 2027, kind: 'other', title: 'Dialog med sektorcheferna', dueOn: '2026-08-25', actor: 'controller', note: 'Ta med VF-förslag.' }, ctx);
    let step = (await call('planningSteps.list', { year: 2027 }, ctx)).steps[0]!;
    expect(step).toMatchObject({ id, kind: 'other', name: 'Dialog med sektorcheferna', note: 'Ta med VF-förslag.', actorName: 'Controller', late: true, daysLate: 87 });
    await call('planningSteps.save', { id, year: 2027, kind: 'other', title: 'Dialog med sektorcheferna', dueOn: '2026-12-01', actor: 'sector', note: '' }, ctx);
    step = (await call('planningSteps.list', { year: 2027 }, ctx)).steps[0]!;
    expect(step).toMatchObject({ dueOn: '2026-12-01', actor: 'sector', actorName: 'Sektor', note: null, late: false });

    const before = contentHash(ctx.db.file);
    await expect(call('planningSteps.save', { year: 2027, kind: 'other', dueOn: '2026-08-25', actor: 'controller' }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /Rubrik: Ge steget en rubrik/ });
    await expect(call('planningSteps.save', { year: 2027, kind: 'frames', dueOn: '2026-02-30', actor: 'council' }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /Klart senast: Ange datum/ });
    await expect(call('planningSteps.save', { year: 2027, kind: 'frames', dueOn: '2029-06-15', actor: 'council' }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /mellan 2025 och 2027/ });
    await expect(call('planningSteps.save', { year: 2027, kind: 'frames', dueOn: '2026-06-15', actor: 'kommunen' as 'council' }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('planningSteps.setDone', { id: newId(), done: true }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(contentHash(ctx.db.file)).toBe(before);
  });

  it('shows on Översikt what is late in any budget year, latest first, and what comes within 30 days', async () => {
    const ctx = await fresh('due');
    await call('planningSteps.createDefault', { year: 2027 }, ctx);
    const { id } = await call('planningSteps.save', { year: 2026, kind: 'registration', dueOn: '2025-12-10', actor: 'controller' }, ctx);
    const steps = (await call('planningSteps.list', { year: 2027 }, ctx)).steps;
    await call('planningSteps.setDone', { id: steps[0]!.id, done: true, doneOn: '2026-03-16' }, ctx);
    const due = await call('planningSteps.due', {}, ctx);
    expect(due.today).toBe('2026-11-20');
    expect(due.late.map((s) => [s.year, s.kind])).toEqual([
      [2027, 'detail_budget'],
      [2027, 'distribution'],
      [2027, 'frames'],
      [2026, 'registration'],
    ]);
    expect(due.late.at(-1)!.id).toBe(id);
    expect(due.coming.map((s) => s.kind)).toEqual(['board_decision', 'registration']);
    // By the clock, not the machine: in January the registration is late too, and nothing is coming.
    const jan = await call('planningSteps.due', {}, on(ctx, '2027-01-04'));
    expect(jan.late.map((s) => s.kind)).toEqual(['registration', 'board_decision', 'detail_budget', 'distribution', 'frames', 'registration']);
    expect(jan.coming).toEqual([]);
  });

  it('the årshjul of a year lists the occasions and the steps due in it, with what is late', async () => {
    const ctx = await fresh('year');
    await call('followup.calendar.createDefault', { year: 2026 }, ctx);
    await call('planningSteps.createDefault', { year: 2027 }, ctx);
    await call('planningSteps.createDefault', { year: 2026 }, ctx); // due in 2025: not in the 2026 årshjul
    const y = await call('calendar.year', { year: 2026 }, ctx);
    expect(y.today).toBe('2026-11-20');
    expect(y.occasions.map((o) => o.period)).toEqual([202602, 202603, 202604, 202605, 202606, 202608, 202609, 202610, 202612]);
    expect(y.occasions.every((o) => !o.late)).toBe(true); // no outcome, no comment round
    expect(y.occasions.find((o) => o.period === 202610)!.passed).toEqual({ unit: true, operation: false, sector: false, administration: false }); // enhet by 15 November, verksamhet by the 25th
    expect(y.steps.map((s) => [s.year, s.kind, s.late])).toEqual([
      [2027, 'directive', true],
      [2027, 'frames', true],
      [2027, 'distribution', true],
      [2027, 'detail_budget', true],
      [2027, 'board_decision', false],
      [2027, 'registration', false],
    ]);
    expect(y.lateCount).toBe(4);
  });
});

describe('planning steps and the sektorchef', () => {
  it('refuses a sektorchef’s installation to change them', async () => {
    const dir = tempDir('ramkoll-plancal-chief-');
    const chief = await siteContext(path.join(dir, 'chief.db'), 'sektorchef', '9100', 'Sektorchef');
    open.push(chief);
    const before = contentHash(chief.db.file);
    await expect(call('planningSteps.createDefault', { year: 2027 }, chief)).rejects.toMatchObject({ code: 'FORBIDDEN', message: /En sektorchef kan inte ändra budgetprocessens steg/ });
    await expect(call('planningSteps.save', { year: 2027, kind: 'frames', dueOn: '2026-06-15', actor: 'council' }, chief)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(contentHash(chief.db.file)).toBe(before);
  });
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

async function site(dir: string, name: string, role: 'sektorchef' | 'ekonomi' | 'controller', scope: string | null): Promise<TestContext> {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}

const steps = (ctx: TestContext) => listPlanningSteps(ctx.db, 2027, '2026-11-20').steps;

describe('planning steps in the exchange', () => {
  it('go from Ekonomi to the controller, who marks one done and passes them to the sektorchef', async () => {
    const dir = tempDir('ramkoll-xplan-');
    const ekonomi = await site(dir, 'Ekonomi', 'ekonomi', null);
    const controller = await site(dir, 'Controller', 'controller', null);
    const chief = await site(dir, 'Sektorchef', 'sektorchef', '9100');
    for (const [a, b] of [
      [ekonomi, controller],
      [controller, ekonomi],
      [controller, chief],
      [chief, controller],
    ] as const)
      await introduce(dir, a, b);

    expect(await call('planningSteps.createDefault', { year: 2027 }, ekonomi)).toEqual({ added: 6 });
    const own = await call('planningSteps.save', { year: 2027, kind: 'other', title: 'Budgetberedning i KS', dueOn: '2026-05-20', actor: 'council', note: 'Nämndernas presidier deltar.' }, ekonomi);
    const sent = steps(ekonomi);
    expect(sent).toHaveLength(7);
    const r = await send(dir, ekonomi, controller);
    expect(r).toMatchObject({ refused: 0, conflicts: 0 });
    expect(steps(controller)).toEqual(sent);

    // The controller's own default set is the same rows (name-based ids), so it adds nothing.
    expect(await call('planningSteps.createDefault', { year: 2027 }, controller)).toEqual({ added: 0 });
    await call('planningSteps.setDone', { id: sent.find((s) => s.kind === 'directive')!.id, done: true, doneOn: '2026-03-16' }, controller);
    expect((await send(dir, controller, ekonomi)).refused).toBe(0);
    expect(steps(ekonomi).find((s) => s.kind === 'directive')!.doneOn).toBe('2026-03-16');

    expect((await send(dir, controller, chief)).refused).toBe(0);
    expect(steps(chief)).toEqual(steps(controller));
    expect(steps(chief).find((s) => s.id === own.id)!.note).toBe('Nämndernas presidier deltar.');
  }, 60_000);

  it('a sektorchef’s package that writes a step is refused and leaves the controller’s database as it was', async () => {
    const dir = tempDir('ramkoll-xplan-chief-');
    const controller = await site(dir, 'Controller', 'controller', null);
    const chief = await site(dir, 'Sektorchef', 'sektorchef', '9100');
    await introduce(dir, controller, chief);
    await introduce(dir, chief, controller);
    await call('planningSteps.createDefault', { year: 2027 }, controller);
    expect((await send(dir, controller, chief)).refused).toBe(0);
    const existing = steps(chief).find((s) => s.kind === 'detail_budget')!;
    // The app refuses it on the sektorchef's own installation; a misused peer writes the package by hand:
    // a new step, and its own detaljbudget step marked done and moved.
    expect(() => savePlanningStep(chief.db, { year: 2027, kind: 'frames', dueOn: '2026-06-15', actor: 'council' }, { siteId: siteId(chief), at: chief.now().toISOString() }, 'sektorchef')).toThrow(
      /En sektorchef kan inte ändra/,
    );
    const me = siteId(chief);
    const step = newId();
    const ms = chief.now().getTime();
    const fields: [string, string, string, string | number | null][] = [
      ['planning_step', step, 'year', 2027],
      ['planning_step', step, 'kind', 'other'],
      ['planning_step', step, 'title', 'Sektorns egen deadline'],
      ['planning_step', step, 'due_on', '2026-12-24'],
      ['planning_step', step, 'actor', 'sector'],
      ['planning_step', step, 'note', null],
      ['planning_step', step, 'done_on', null],
      ['planning_step', step, 'deleted_at', null],
      ['planning_step', existing.id, 'done_on', '2026-10-01'],
      ['planning_step', existing.id, 'due_on', '2027-01-31'],
    ];
    const pkg = forge(chief.db, path.join(dir, 'forged.ramkoll'), {
      to: siteId(controller),
      changes: fields.map(([t, id, f, v], i) => [t, id, f, v, version(me, ms, i), null, null]),
    });
    const before = steps(controller);
    const rowsBefore = controller.db.prepare('SELECT * FROM planning_step ORDER BY id').all();
    const r = await receive(controller, pkg);
    expect(r.applied).toBe(0);
    expect(r.refused).toBeGreaterThan(0);
    expect(new Set(r.refusedItems.map((x) => x.table))).toEqual(new Set(['planning_step']));
    expect(steps(controller)).toEqual(before);
    expect(controller.db.prepare('SELECT * FROM planning_step ORDER BY id').all()).toEqual(rowsBefore);
  }, 60_000);
});
