/**
 * The prognos round per occasion (issue 18 point 2, its prognos half): an
 * enhetschef hands in its prognos, the verksamhetschef above approves or
 * returns it, the controller approves the top; a chef's prognos counts in
 * the förvaltning's prognos once approved, the controller's at once; forged
 * statuses are refused.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { siteInfo } from '../../electron/services/exchange/identity';
import { setForecast } from '../../electron/services/followup/forecast';
import { naturalId, newId } from '../../electron/services/ids';
import { actOnForecast, forecastRound } from '../../electron/services/rounds/forecast-round';
import { setWriteSetting } from '../../electron/services/rounds/write-settings';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { runCli, runCliJson } from '../support/cli';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.db.close();
});

interface World {
  dir: string;
  c: TestContext;
  v: TestContext;
  e: TestContext;
  data: SmallData;
}

let n = 0;
const file = (w: World, name: string) => path.join(w.dir, `${name}-${++n}.ramkoll`);

async function send(w: World, from: TestContext, to: TestContext) {
  const f = file(w, 'paket');
  exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
  return receive(to, f);
}

const actor = (ctx: TestContext) => {
  const s = siteInfo(ctx.db);
  return { siteId: s.id, user: s.name, role: s.role, scopeCode: s.scopeCode, now: ctx.now() };
};

/** The controller, the verksamhetschef of Verksamhet Ett (9110) and the enhetschef of Enhet Ett A (91101), each set up from the controller's package. */
async function world(): Promise<World> {
  const dir = tempDir('ramkoll-prognosround-');
  const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  const v = await siteContext(path.join(dir, 'v.db'), 'verksamhetschef', '9110', 'Verksamhetschef Ett');
  const e = await siteContext(path.join(dir, 'e.db'), 'enhetschef', '91101', 'Enhetschef Ett A');
  open.push(c, v, e);
  const data = createSmallForvaltning(c.db, siteId(c));
  const w = { dir, c, v, e, data };
  for (const chef of [v, e]) {
    const intro = file(w, 'intro');
    exportIntroduction(chef.db, intro, chef.now());
    await receive(c, intro);
    await send(w, c, chef);
  }
  return w;
}

const node = (ctx: TestContext, occasionId: string, code: string) => forecastRound(ctx.db, actor(ctx), occasionId).nodes.find((x) => x.code === code)!;

describe('the prognos round of an occasion', () => {
  it('goes from the enhetschef to the verksamhetschef and back, with the history, and counts only the approved prognos', async () => {
    const w = await world();
    const { c, v, e, data } = w;
    const occ = data.occasionId;
    // The controller's own prognos counts at once.
    const before91101 = node(c, occ, '91101').countedOre;
    expect(node(c, occ, '91101')).toMatchObject({ status: 'draft', counted: 'prognos', approvedOre: null, prognosOre: before91101 });

    // The enhetschef gives its prognos and hands it in; it may not approve its own.
    setForecast(e.db, actor(e), { occasionId: occ, code: '91101', group: 'personnel', amountOre: 1_250_000_00 });
    expect(node(e, occ, '91101')).toMatchObject({ canSubmit: true, canApprove: false });
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' });
    expect(() => actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'approve' })).toThrow(/det gör nivån ovanför/);
    expect((await send(w, e, c)).refused).toBe(0);
    // Handed in is not approved: the förvaltning still counts the controller's earlier prognos for the enhet.
    expect(node(c, occ, '91101')).toMatchObject({ status: 'submitted', counted: 'earlier', countedOre: before91101 });
    const working = node(c, occ, '91101').prognosOre!;

    // The verksamhetschef returns it with a note, the enhetschef hands in again, the verksamhetschef approves.
    await send(w, c, v);
    expect(node(v, occ, '91101')).toMatchObject({ status: 'submitted', canApprove: true });
    expect(() => actOnForecast(v.db, actor(v), { occasionId: occ, code: '91101', action: 'return', note: '  ' })).toThrow(/Skriv vad som ska rättas/);
    actOnForecast(v.db, actor(v), { occasionId: occ, code: '91101', action: 'return', note: 'Personalkostnaden saknar vikarierna.' });
    expect(() => actOnForecast(v.db, actor(v), { occasionId: occ, code: '9110', action: 'approve' })).toThrow(/det gör nivån ovanför/);
    expect((await send(w, v, c)).refused).toBe(0);
    await send(w, c, e);
    expect(node(e, occ, '91101')).toMatchObject({ status: 'returned', returnNote: 'Personalkostnaden saknar vikarierna.' });
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' });
    await send(w, e, c);
    await send(w, c, v);
    actOnForecast(v.db, actor(v), { occasionId: occ, code: '91101', action: 'approve' });
    expect((await send(w, v, c)).refused).toBe(0);

    const approved = node(c, occ, '91101');
    expect(approved).toMatchObject({ status: 'approved', counted: 'prognos', approvedOre: working, countedOre: working, changedSinceApproval: false });
    expect(approved.history.map((h) => [h.status, h.by, h.note])).toEqual([
      ['submitted', 'Enhetschef Ett A', null],
      ['returned', 'Verksamhetschef Ett', 'Personalkostnaden saknar vikarierna.'],
      ['submitted', 'Enhetschef Ett A', null],
      ['approved', 'Verksamhetschef Ett', null],
    ]);
    expect(approved.history.every((h) => /^\d{4}-\d{2}-\d{2}T/.test(h.at))).toBe(true);
    // The verksamhet has no prognos of its own: it counts as the sum of its enheter, the approved one with its prognos.
    const v9110 = node(c, occ, '9110');
    expect(v9110.counted).toBe('prognos');
    expect(v9110.countedOre).toBe(working + node(c, occ, '91102').countedOre);

    // The enhetschef's change after the approval does not count until it is approved again.
    await send(w, c, e);
    setForecast(e.db, actor(e), { occasionId: occ, code: '91101', group: 'personnel', amountOre: 2_000_000_00 });
    await send(w, e, c);
    expect(node(c, occ, '91101')).toMatchObject({ counted: 'approved', countedOre: working, changedSinceApproval: true });
    // The controller's own change counts at once.
    setForecast(c.db, actor(c), { occasionId: occ, code: '91101', group: 'personnel', amountOre: 2_100_000_00 });
    expect(node(c, occ, '91101')).toMatchObject({ counted: 'prognos', countedOre: node(c, occ, '91101').prognosOre, changedSinceApproval: true });

    // The controller approves what is left at the top, handed in or not.
    actOnForecast(c.db, actor(c), { occasionId: occ, code: '9100', action: 'approve' });
    const round = forecastRound(c.db, actor(c), occ);
    const top = round.nodes.find((x) => x.code === '9000')!;
    expect(top.counted).toBe('prognos');
    expect(round.countedTotalOre).toBe(top.countedOre);
    expect(round.countedTotalOre).toBe(node(c, occ, '9100').countedOre + node(c, occ, '9200').countedOre);
  });

  it('refuses a forged package in which the enhetschef approves its own prognos, and changes nothing', async () => {
    const w = await world();
    const { c, e, data } = w;
    const occ = data.occasionId;
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' });
    await send(w, e, c);
    const statusId = c.db.prepare('SELECT id FROM forecast_round WHERE responsibility_id = ?').pluck().get(naturalId('ansvar', '91101')) as string;
    const before = {
      round: c.db.prepare('SELECT * FROM forecast_round ORDER BY id').all(),
      events: c.db.prepare('SELECT * FROM forecast_round_event ORDER BY id').all(),
    };
    const event = newId();
    const t = Date.now() + 1000;
    const me = siteId(e);
    const pkg = forge(e.db, file(w, 'forfalskat'), {
      to: siteId(c),
      changes: [
        ['forecast_round', statusId, 'status', 'approved', version(me, t, 1), currentVersion(e.db, 'forecast_round', statusId, 'status'), null],
        ['forecast_round_event', event, 'occasion_id', occ, version(me, t, 2), null, null],
        ['forecast_round_event', event, 'responsibility_id', naturalId('ansvar', '91101'), version(me, t, 3), null, null],
        ['forecast_round_event', event, 'status', 'approved', version(me, t, 4), null, null],
        ['forecast_round_event', event, 'amounts_json', '{"personnel":1}', version(me, t, 5), null, null],
        ['forecast_round_event', event, 'by_name', 'Verksamhetschef Ett', version(me, t, 6), null, null],
        ['forecast_round_event', event, 'at', new Date(t).toISOString(), version(me, t, 7), null, null],
      ],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => x.reason)).toContain('en enhetschef får inte sätta status till "approved"');
    expect(c.db.prepare('SELECT * FROM forecast_round ORDER BY id').all()).toEqual(before.round);
    expect(c.db.prepare('SELECT * FROM forecast_round_event ORDER BY id').all()).toEqual(before.events);
    expect(node(c, occ, '91101')).toMatchObject({ status: 'submitted', counted: 'prognos' });
  });

  it('refuses a handing-in where the controller has closed the prognos, in the handler and in a package', async () => {
    const w = await world();
    const { c, e, data } = w;
    const occ = data.occasionId;
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' });
    actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'reopen' });
    await send(w, e, c);
    setWriteSetting(c.db, actor(c), { kind: 'prognos', ref: occ, code: '9100', what: 'prognos', allowed: false });
    await send(w, c, e);
    expect(node(e, occ, '91101')).toMatchObject({ status: 'draft', canSubmit: false });
    expect(() => actOnForecast(e.db, actor(e), { occasionId: occ, code: '91101', action: 'submit' })).toThrow(/Controllern har stängt prognos för ansvar 91101/);
    const statusId = c.db.prepare('SELECT id FROM forecast_round WHERE responsibility_id = ?').pluck().get(naturalId('ansvar', '91101')) as string;
    const pkg = forge(e.db, file(w, 'stangd'), {
      to: siteId(c),
      changes: [['forecast_round', statusId, 'status', 'submitted', version(siteId(e), Date.now() + 1000, 1), currentVersion(e.db, 'forecast_round', statusId, 'status'), null]],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => [x.table, x.field])).toEqual([['forecast_round', 'status']]);
    expect(node(c, occ, '91101').status).toBe('draft');
  });

  it('refuses a forged status for another enhet', async () => {
    const w = await world();
    const { c, e, data } = w;
    const id = newId();
    const t = Date.now() + 1000;
    const me = siteId(e);
    const pkg = forge(e.db, file(w, 'granne'), {
      to: siteId(c),
      changes: [
        ['forecast_round', id, 'occasion_id', data.occasionId, version(me, t, 1), null, null],
        ['forecast_round', id, 'responsibility_id', naturalId('ansvar', '91102'), version(me, t, 2), null, null],
        ['forecast_round', id, 'status', 'submitted', version(me, t, 3), null, null],
      ],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(r.refusedItems.length).toBeGreaterThan(0);
    expect(c.db.prepare('SELECT count(*) FROM forecast_round').pluck().get()).toBe(0);
  });

  it('is shown by `ramkoll round --kind prognos`, as JSON and as text', async () => {
    const dir = tempDir('ramkoll-prognosround-cli-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    const data = createSmallForvaltning(c.db, siteId(c));
    actOnForecast(c.db, actor(c), { occasionId: data.occasionId, code: '9100', action: 'approve' });
    actOnForecast(c.db, actor(c), { occasionId: data.occasionId, code: '92101', action: 'approve' });
    actOnForecast(c.db, actor(c), { occasionId: data.occasionId, code: '92101', action: 'return', note: 'Saknar vikarier' });
    c.db.close();
    const period = String(data.year * 100 + 10);
    type Json = { occasionName: string; countedTotalOre: number; nodes: { code: string; status: string; counted: string; history: { status: string; by: string }[] }[] };
    const json = runCliJson<Json>(['round', '--db', c.db.file, '--kind', 'prognos', '--occasion', period, '--json']);
    expect(json.occasionName).toBe(`Oktober ${data.year}`);
    expect(json.nodes.find((x) => x.code === '9100')).toMatchObject({ status: 'approved', counted: 'prognos', history: [{ status: 'approved', by: 'Controller' }] });
    const text = runCli(['round', '--db', c.db.file, '--kind', 'prognos', '--occasion', period]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/9100 Sektor Ett\s+godkänd/);
    expect(text.stdout).toMatch(/återskickad: Saknar vikarier/);
    expect(runCli(['round', '--db', c.db.file, '--kind', 'prognos', '--occasion', '202613']).stderr).toMatch(/--occasion ska vara tillfällets period/);
  });
});
