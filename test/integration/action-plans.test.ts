/**
 * Åtgärdsplaner (issue 19 point 5): a large deviation (unfavourable, over the
 * level's comment threshold) needs a plan; the owning level writes its
 * åtgärder and the level above approves; at the next occasions the open
 * åtgärder come back for follow-up until genomförd or ej genomförd. Plans
 * travel in packages, and a forged package from a sektorchef is refused.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionRound } from '../../electron/services/action-plans/round';
import { changeActionPlanStatus, deleteActionItem, saveActionFollowup, saveActionItem, type ActionItemInput } from '../../electron/services/action-plans/write';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let s: TestContext;
let data: SmallData;
let nov: string;
let dec: string;
let n = 0;

const actor = (x: TestContext, user = 'test'): Actor => ({ siteId: siteId(x), user, role: x.site.role, scopeCode: x.site.scopeCode, now: x.now() });
const sektor = (): Actor => ({ ...actor(c, 'chef'), role: 'sektorchef', scopeCode: '9100' });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, got: await receive(to, file) };
}

const item = (over: Partial<ActionItemInput> = {}): ActionItemInput => ({
  occasionId: data.occasionId,
  code: '91101',
  what: 'Minska timanställningar under hösten',
  owner: 'Enhetschef Anna',
  dueDate: '2026-12-31',
  effect: '400 000',
  status: 'planned',
  ...over,
});

function occasion(x: TestContext, period: number, name: string): string {
  const id = newId();
  const at = x.now().toISOString();
  x.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, ?, 'monthly', ?, ?, ?, ?)").run(id, period, name, at, at, siteId(x));
  return id;
}

const node = (x: TestContext, who: Actor, occasionId: string, code: string) => actionRound(x.db, who, occasionId).nodes.find((m) => m.code === code);

beforeEach(async () => {
  dir = tempDir('ramkoll-actions-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  // Enhet Ett A forecasts its personnel far over budget (1,2 mnkr): a large, unfavourable deviation.
  c.db.prepare("UPDATE forecast SET amount_ore = 5_000_000_00 WHERE responsibility_id = (SELECT id FROM dimension_value WHERE code = '91101')").run();
  nov = occasion(c, 202611, 'November 2026');
  dec = occasion(c, 202612, 'December 2026');
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
});

afterEach(() => {
  for (const x of [c, s]) x?.db.close();
});

describe('large deviations and their åtgärdsplaner', () => {
  it('marks an unfavourable deviation over the threshold as needing a plan, not a favourable one', () => {
    const round = actionRound(c.db, actor(c), data.occasionId);
    const a = round.nodes.find((m) => m.code === '91101')!;
    expect(a).toMatchObject({ large: true, plan: null, planMissing: true, canWrite: true });
    expect(a.deviationForecast).toBeLessThan(0);
    // Enhet Två A is well under budget (favourable): no plan needed, not listed.
    expect(round.nodes.map((m) => m.code)).not.toContain('92101');
    expect(round.nodes.map((m) => m.code)).toEqual(['9000', '9100', '9110', '91101']);
    // A chef sees its own part only.
    expect(actionRound(c.db, { ...sektor(), scopeCode: '9200' }, data.occasionId).nodes).toEqual([]);
  });

  it('is written by the owning level, marked klar, approved by the level above; approved plans are changed only after a return', () => {
    expect(() => saveActionItem(c.db, sektor(), item({ code: '92101' }))).toThrow(/får inte/);
    expect(() => saveActionItem(c.db, sektor(), item({ what: ' ' }))).toThrow(/Åtgärd: beskriv åtgärden/);
    expect(() => saveActionItem(c.db, sektor(), item({ dueDate: '2026-02-30' }))).toThrow(/ÅÅÅÅ-MM-DD/);
    expect(() => saveActionItem(c.db, sektor(), item({ effect: 'mycket' }))).toThrow(/Förväntad effekt/);
    expect(() => changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '91101', action: 'ready' })).toThrow(/ingen åtgärdsplan ännu/);

    const first = saveActionItem(c.db, sektor(), item());
    expect(first.plan).toMatchObject({ status: 'draft', author: 'chef', items: [{ what: 'Minska timanställningar under hösten', owner: 'Enhetschef Anna', dueDate: '2026-12-31', effectOre: 400_000_00, status: 'planned' }] });
    expect(first.planMissing).toBe(false);
    const second = saveActionItem(c.db, sektor(), item({ what: 'Ses över schemaläggningen', owner: 'Verksamhetschef Bo', dueDate: '2026-11-30', effect: '', status: 'in_progress' }));
    expect(second.plan!.items.map((i) => i.what)).toEqual(['Minska timanställningar under hösten', 'Ses över schemaläggningen']);
    const removed = deleteActionItem(c.db, sektor(), { occasionId: data.occasionId, code: '91101', id: second.plan!.items[1]!.id });
    expect(removed.plan!.items).toHaveLength(1);

    expect(changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '91101', action: 'ready' }).plan!.status).toBe('ready');
    // A change of a klar plan takes it back to utkast.
    expect(saveActionItem(c.db, sektor(), item({ id: first.plan!.items[0]!.id, owner: 'Enhetschef Anna Berg' })).plan!.status).toBe('draft');
    changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '91101', action: 'ready' });
    // The sektorchef approves what lies below its own node, not its own sektor's plan.
    expect(changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '91101', action: 'approve' }).plan!.status).toBe('approved');
    saveActionItem(c.db, sektor(), item({ code: '9100', what: 'Sektorns vikariepool' }));
    changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '9100', action: 'ready' });
    expect(() => changeActionPlanStatus(c.db, sektor(), { occasionId: data.occasionId, code: '9100', action: 'approve' })).toThrow(/nivån ovanför/);
    expect(() => saveActionItem(c.db, sektor(), item({ what: 'Ändrad i efterhand' }))).toThrow(/är godkänd/);
    expect(() => changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '91101', action: 'return', note: '' })).toThrow(/Skriv vad som behöver kompletteras/);
    expect(changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '91101', action: 'return', note: 'Ange effekten per månad.' }).plan).toMatchObject({ status: 'returned', returnNote: 'Ange effekten per månad.' });
    expect(saveActionItem(c.db, sektor(), item({ what: 'Ny åtgärd efter återskick' })).plan!.status).toBe('returned');
  });

  it('brings open åtgärder back at the next occasions until genomförd or ej genomförd, with the earlier statuses', () => {
    const a = saveActionItem(c.db, actor(c), item()).plan!.items[0]!;
    const b = saveActionItem(c.db, actor(c), item({ what: 'Avveckla en hyrd lokal', dueDate: '2026-11-30' })).plan!.items[1]!;
    changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '91101', action: 'ready' });
    changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '91101', action: 'approve' });
    // Not followed up at its own occasion.
    expect(() => saveActionFollowup(c.db, actor(c), { occasionId: data.occasionId, itemId: a.id, status: 'done', comment: '' })).toThrow(/följs inte upp vid Oktober 2026/);

    const atNov = node(c, actor(c), nov, '91101')!;
    expect(atNov.earlier.map((e) => [e.what, e.currentStatus, e.followup])).toEqual([
      ['Minska timanställningar under hösten', 'planned', null],
      ['Avveckla en hyrd lokal', 'planned', null],
    ]);
    expect(atNov.earlier[0]!.plan).toMatchObject({ occasionName: 'Oktober 2026', period: 202610, status: 'approved' });
    expect(() => saveActionFollowup(c.db, sektor(), { occasionId: nov, itemId: b.id, status: 'not_done', comment: '' })).toThrow(/varför åtgärden inte genomfördes/);
    saveActionFollowup(c.db, sektor(), { occasionId: nov, itemId: a.id, status: 'in_progress', comment: 'Halva effekten nådd.' });
    const closed = saveActionFollowup(c.db, sektor(), { occasionId: nov, itemId: b.id, status: 'done', comment: 'Lokalen lämnad 1 november.' });
    expect(closed.earlier.find((e) => e.id === b.id)).toMatchObject({ currentStatus: 'done', followup: { status: 'done', comment: 'Lokalen lämnad 1 november.', author: 'chef' } });

    const atDec = node(c, actor(c), dec, '91101')!;
    expect(atDec.earlier.map((e) => e.id)).toEqual([a.id]);
    expect(atDec.earlier[0]!.history).toMatchObject([{ occasionName: 'November 2026', status: 'in_progress', comment: 'Halva effekten nådd.' }]);
    expect(atDec.earlier[0]!.currentStatus).toBe('in_progress');
    expect(() => saveActionFollowup(c.db, actor(c), { occasionId: dec, itemId: b.id, status: 'in_progress', comment: '' })).toThrow(/redan avslutad/);
    // The deviation is still large, but October's approved plan is in force (an åtgärd open): no new plan is asked for.
    expect([atNov.large, atNov.planMissing, atDec.large, atDec.planMissing]).toEqual([true, false, true, false]);
    // Once the last åtgärd is closed, a large deviation without a plan of its own is Åtgärdsplan saknas again.
    saveActionFollowup(c.db, actor(c), { occasionId: dec, itemId: a.id, status: 'not_done', comment: 'Timanställningarna behövdes under hösten.' });
    expect(node(c, actor(c), dec, '91101')).toMatchObject({ large: true, planMissing: true });

    lockOccasion(c.db, actor(c), dec);
    expect(() => saveActionFollowup(c.db, actor(c), { occasionId: dec, itemId: a.id, status: 'done', comment: '' })).toThrow(/är låst/);
    expect(c.db.prepare('SELECT count(*) FROM action_followup').pluck().get()).toBe(3);
  });
});

describe('åtgärdsplaner in packages', () => {
  it('travel to the sektorchef for its own part and back to the controller with its plan and follow-up', async () => {
    await send(c, s);
    const chef = actor(s, 'chef');
    expect(node(s, chef, data.occasionId, '91101')).toMatchObject({ large: true, planMissing: true, canWrite: true });
    saveActionItem(s.db, chef, item());
    changeActionPlanStatus(s.db, chef, { occasionId: data.occasionId, code: '91101', action: 'ready' });
    expect((await send(s, c)).got.refused).toBe(0);
    expect(node(c, actor(c), data.occasionId, '91101')!.plan).toMatchObject({ status: 'ready', author: 'chef', items: [{ owner: 'Enhetschef Anna', effectOre: 400_000_00 }] });
  });

  it('refuses a forged package from a sektorchef: its own plan sent back, an åtgärd on another sektor, an approved plan changed; nothing changes', async () => {
    saveActionItem(c.db, actor(c), item({ code: '92101', what: 'Sektor Tvås åtgärd' }));
    const own = saveActionItem(c.db, actor(c), item({ code: '9100', what: 'Sektorns vikariepool' }));
    changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '9100', action: 'ready' });
    changeActionPlanStatus(c.db, actor(c), { occasionId: data.occasionId, code: '9100', action: 'approve' });
    saveActionItem(c.db, actor(c), item());
    await send(c, s);
    const { file } = await send(s, c);
    const tables = ['action_plan', 'action_plan_item', 'action_followup'];
    const before = tables.map((t) => c.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all());
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const otherPlan = c.db.prepare("SELECT p.id FROM action_plan p JOIN dimension_value d ON d.id = p.responsibility_id WHERE d.code = '92101'").pluck().get() as string;
    const fresh = newId();
    const ownItem = own.plan!.items[0]!.id;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        // Its own sektor's plan sent back and approved by itself: the level above approves it.
        ['action_plan', own.plan!.id, 'status', 'returned', v(1), currentVersion(c.db, 'action_plan', own.plan!.id, 'status'), null],
        // An åtgärd added to Sektor Två's plan.
        ['action_plan_item', fresh, 'plan_id', otherPlan, v(3), null, null],
        ['action_plan_item', fresh, 'what', 'Påhittad', v(4), null, null],
        ['action_plan_item', fresh, 'owner', 'Chef', v(5), null, null],
        ['action_plan_item', fresh, 'due_date', '2026-12-01', v(6), null, null],
        ['action_plan_item', fresh, 'effect_ore', null, v(7), null, null],
        ['action_plan_item', fresh, 'status', 'planned', v(8), null, null],
        ['action_plan_item', fresh, 'sort_order', 9, v(9), null, null],
        // Its own approved sektor plan's åtgärd changed.
        ['action_plan_item', ownItem, 'status', 'done', v(10), currentVersion(c.db, 'action_plan_item', ownItem, 'status'), null],
      ],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    const refused = r.refusedItems.map((x) => `${x.table}.${x.field}: ${x.reason}`).join('\n');
    expect(r.applied).toBe(0);
    expect(refused).toMatch(/action_plan_item\.plan_id: .*9200|action_plan_item\.plan_id: .*92101/);
    expect(r.refusedItems.some((x) => x.table === 'action_plan_item' && x.field === 'status')).toBe(true);
    expect(r.refusedItems.some((x) => x.table === 'action_plan' && x.field === 'status')).toBe(true);
    expect(tables.map((t) => c.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all())).toEqual(before);
  });
});
