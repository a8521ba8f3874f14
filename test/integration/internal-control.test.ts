/**
 * Intern kontroll (issue 19 point 4): the controller's plan, the results
 * written by the level each control is assigned to, both travelling in
 * packages, and a forged package from a sektorchef (the plan changed,
 * another sektor's result written) refused without a change.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { listControls } from '../../electron/services/internal-control/listing';
import { controlPlan, deleteControl, saveControl, type ControlInput } from '../../electron/services/internal-control/plan';
import { saveControlResult, type ControlResultInput } from '../../electron/services/internal-control/results';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let s: TestContext;
let data: SmallData;
let tertial: string;
let n = 0;

const actor = (x: TestContext, user = 'test'): Actor => ({ siteId: siteId(x), user, role: x.site.role, scopeCode: x.site.scopeCode, now: x.now() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, got: await receive(to, file) };
}

const ATTEST: ControlInput = {
  year: 2026,
  code: 'IK1',
  process: 'Attest av leverantörsfakturor',
  risk: 'Fakturor attesteras av någon utan delegation eller av den som beställt.',
  probability: 2,
  consequence: 3,
  controlStep: 'Stickprov på 20 fakturor per tertial mot attestförteckningen.',
  node: '9100',
  responsible: 'Sektorchef Ett',
  occasionKinds: ['tertial', 'annual'],
};
const INKOP: ControlInput = { ...ATTEST, code: 'IK2', process: 'Inköp enligt LOU', risk: 'Direktupphandling över gränsen.', probability: 3, consequence: 4, controlStep: 'Granska köp över 100 000 kr.', node: '9200', responsible: 'Sektorchef Två' };

const result = (controlId: string, over: Partial<ControlResultInput> = {}): ControlResultInput => ({
  controlId,
  occasionId: tertial,
  performed: true,
  deviation: true,
  observations: '3 av 20 fakturor attesterade av beställaren.',
  actions: 'Påminnelse om attestreglerna på APT.',
  actionOwner: 'Sektorchef Ett',
  actionDue: '2026-06-30',
  ...over,
});

const resultRows = (x: TestContext) => x.db.prepare('SELECT * FROM internal_control_result ORDER BY id').all();

beforeEach(async () => {
  dir = tempDir('ramkoll-control-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  tertial = newId();
  const at = c.now().toISOString();
  c.db.prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202604, 'tertial', 'Tertial 1 2026', ?, ?, ?)").run(tertial, at, at, siteId(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
});

afterEach(() => {
  for (const x of [c, s]) x?.db.close();
});

describe('the internal control plan', () => {
  it('is written by the controller with a risk value, and the results by the level each control is assigned to', () => {
    const attest = saveControl(c.db, actor(c), ATTEST);
    expect(attest).toMatchObject({ code: 'IK1', riskValue: 6, node: { code: '9100' }, occasionKinds: ['tertial', 'annual'] });
    const inkop = saveControl(c.db, actor(c), INKOP);
    expect(inkop.riskValue).toBe(12);
    const sektor: Actor = { ...actor(c, 'chef'), role: 'sektorchef', scopeCode: '9100' };
    expect(() => saveControl(c.db, sektor, { ...ATTEST, probability: 1 })).toThrow(/Bara controllerns installation får skriva internkontrollplanen/);
    expect(() => saveControl(c.db, actor(c), { ...ATTEST, probability: 5 })).toThrow(/Sannolikhet ska vara 1, 2, 3 eller 4/);
    expect(() => saveControl(c.db, actor(c), { ...ATTEST, occasionKinds: [] })).toThrow(/minst ett tillfälle/);

    expect(saveControlResult(c.db, sektor, result(attest.id))).toMatchObject({ performed: true, deviation: true, author: 'chef', actionDue: '2026-06-30' });
    expect(() => saveControlResult(c.db, sektor, result(inkop.id))).toThrow(/får inte skriva kommentarer för ansvar 9200/);
    expect(() => saveControlResult(c.db, sektor, result(attest.id, { occasionId: data.occasionId }))).toThrow(/följs upp vid tertial, årsbokslut 2026, inte vid Oktober 2026/);
    expect(() => saveControlResult(c.db, sektor, result(attest.id, { actionDue: '2026-02-30' }))).toThrow(/ÅÅÅÅ-MM-DD/);
    expect(() => saveControlResult(c.db, sektor, result(attest.id, { observations: '' }))).toThrow(/Beskriv avvikelsen/);

    // A chef sees its own part's controls only; the controller the whole plan.
    expect(controlPlan(c.db, sektor, 2026).controls.map((x) => x.code)).toEqual(['IK1']);
    expect(controlPlan(c.db, actor(c), 2026).controls.map((x) => x.code)).toEqual(['IK1', 'IK2']);
    expect(() => deleteControl(c.db, actor(c), 2026, 'IK1')).toThrow(/har resultat/);

    const listed = listControls(c.db, actor(c), 2026, 202604);
    expect(listed.occasion).toEqual({ period: 202604, name: 'Tertial 1 2026' });
    expect(listed.controls[0]).toMatchObject({ code: 'IK1', riskValue: 6, when: ['tertial', 'årsbokslut'], results: [{ period: 202604, performed: true, deviation: true, observations: '3 av 20 fakturor attesterade av beställaren.' }] });
    expect(() => listControls(c.db, actor(c), 2026, 202610)).toThrow(/inget tertial, delår eller årsbokslut för 202610/);
  });

  it('takes no result in a locked occasion', () => {
    const attest = saveControl(c.db, actor(c), ATTEST);
    lockOccasion(c.db, actor(c), tertial);
    expect(() => saveControlResult(c.db, actor(c), result(attest.id))).toThrow(/är låst/);
    expect(resultRows(c)).toEqual([]);
  });
});

describe('intern kontroll in packages', () => {
  it('sends the plan to the sektorchef (its own controls), and its result back to the controller', async () => {
    const attest = saveControl(c.db, actor(c), ATTEST);
    saveControl(c.db, actor(c), INKOP);
    expect((await send(c, s)).got.refused).toBe(0);
    expect(s.db.prepare('SELECT code FROM internal_control').pluck().all()).toEqual(['IK1']);
    saveControlResult(s.db, actor(s, 'chef'), result(attest.id));
    const up = await send(s, c);
    expect(up.got.refused).toBe(0);
    expect(controlPlan(c.db, actor(c), 2026).controls[0]!.results[tertial]).toMatchObject({ performed: true, deviation: true, author: 'chef', actions: 'Påminnelse om attestreglerna på APT.' });
  });

  it('refuses a forged package from a sektorchef: the plan changed, a control added, another sektor’s result; nothing changes', async () => {
    const attest = saveControl(c.db, actor(c), ATTEST);
    const inkop = saveControl(c.db, actor(c), INKOP);
    await send(c, s);
    saveControlResult(s.db, actor(s), result(attest.id));
    const { file } = await send(s, c);
    const beforePlan = c.db.prepare('SELECT * FROM internal_control ORDER BY id').all();
    const beforeResults = resultRows(c);
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const fresh = newId();
    const other = newId();
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        // Its own control's risk lowered: the plan is the controller's.
        ['internal_control', attest.id, 'probability', 1, v(1), currentVersion(c.db, 'internal_control', attest.id, 'probability'), null],
        // A control of its own added to the plan.
        ['internal_control', fresh, 'year', 2026, v(2), null, null],
        ['internal_control', fresh, 'code', 'IK9', v(3), null, null],
        ['internal_control', fresh, 'process', 'Påhittad', v(4), null, null],
        ['internal_control', fresh, 'risk', 'Ingen', v(5), null, null],
        ['internal_control', fresh, 'probability', 1, v(6), null, null],
        ['internal_control', fresh, 'consequence', 1, v(7), null, null],
        ['internal_control', fresh, 'control_step', 'Ingen', v(8), null, null],
        ['internal_control', fresh, 'responsibility_id', c.db.prepare("SELECT responsibility_id FROM internal_control WHERE code = 'IK1'").pluck().get() as string, v(9), null, null],
        ['internal_control', fresh, 'responsible', 'Chef', v(10), null, null],
        ['internal_control', fresh, 'occasion_kinds', 'tertial', v(11), null, null],
        ['internal_control', fresh, 'sort_order', 99, v(12), null, null],
        // Sektor Två's control reported as done without deviation.
        ['internal_control_result', other, 'control_id', inkop.id, v(13), null, null],
        ['internal_control_result', other, 'occasion_id', tertial, v(14), null, null],
        ['internal_control_result', other, 'performed', 1, v(15), null, null],
        ['internal_control_result', other, 'deviation', 0, v(16), null, null],
        ['internal_control_result', other, 'observations', 'Allt i ordning', v(17), null, null],
        ['internal_control_result', other, 'actions', '', v(18), null, null],
        ['internal_control_result', other, 'action_owner', '', v(19), null, null],
        ['internal_control_result', other, 'author', 'chef', v(20), null, null],
      ],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    expect(r.refusedItems.some((x) => x.table === 'internal_control' && x.field === 'probability')).toBe(true);
    expect(r.refusedItems.some((x) => x.table === 'internal_control' && x.field === 'code')).toBe(true);
    expect(r.refusedItems.filter((x) => x.table === 'internal_control_result').map((x) => x.reason).join(' ')).toMatch(/9200/);
    expect(c.db.prepare('SELECT * FROM internal_control ORDER BY id').all()).toEqual(beforePlan);
    expect(resultRows(c)).toEqual(beforeResults);
  });
});
