/**
 * The chef levels below the controller (issue 18 point 1): enhetschef and
 * verksamhetschef beside sektorchef, set up, exchanged and checked as a
 * sektorchef is, each scoped to a node of its own level; and the
 * controller's setting per round and node whether the level may write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { setSite, siteInfo } from '../../electron/services/exchange/identity';
import { applyForecastMethod, getForecastDetail, setForecast } from '../../electron/services/followup/forecast';
import { assertChefMayWrite, listWriteSettings, setWriteSetting } from '../../electron/services/rounds/write-settings';
import { naturalId, newId } from '../../electron/services/ids';
import { openRamkollDatabase } from '../../electron/services/setup';
import { migrations } from '../../migrations/index';
import { chefRoles } from '../../migrations/0018_chef_roles';
import { runCli, runCliJson } from '../support/cli';
import type { TestContext } from '../support/db';
import { commentFor, createSmallForvaltning, receive, siteContext, siteId, writeComment, type SmallData } from '../support/exchange';
import { forge, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.db.close();
});

interface World {
  dir: string;
  c: TestContext;
  e: TestContext;
  data: SmallData;
}

let n = 0;
const file = (w: World, name: string) => path.join(w.dir, `${name}-${++n}.ramkoll`);

async function send(w: World, from: TestContext, to: TestContext) {
  const f = file(w, 'paket');
  exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
  return { file: f, got: await receive(to, f) };
}

/** A controller with the small förvaltning and the enhetschef of Enhet Ett A (91101), set up from the controller's package. */
async function world(): Promise<World> {
  const dir = tempDir('ramkoll-chefroles-');
  const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  const e = await siteContext(path.join(dir, 'e.db'), 'enhetschef', '91101', 'Enhetschef Ett A');
  open.push(c, e);
  const data = createSmallForvaltning(c.db, siteId(c));
  const w = { dir, c, e, data };
  const intro = file(w, 'intro');
  exportIntroduction(e.db, intro, e.now());
  await receive(c, intro);
  await send(w, c, e);
  return w;
}

const actorOf = (ctx: TestContext) => {
  const s = siteInfo(ctx.db);
  return { siteId: s.id, user: ctx.user, role: s.role, scopeCode: s.scopeCode, now: ctx.now() };
};

describe('migration 18', () => {
  it('keeps the installation and its peers and lets a site be enhetschef or verksamhetschef', async () => {
    const dir = tempDir('ramkoll-m18-');
    const f = path.join(dir, 'gammal.db');
    try {
      const old = await openRamkollDatabase(f, { create: true, migrations: migrations.slice(0, migrations.indexOf(chefRoles)) });
      const at = new Date().toISOString();
      old.db.prepare("INSERT INTO site (id, name, role, scope_code, public_key, is_local, created_at, updated_at) VALUES ('peer-1', 'Sektorchef', 'sektorchef', '3100', NULL, 0, ?, ?)").run(at, at);
      old.db.prepare("INSERT INTO xchg_peer (site_id, first_seen_at) VALUES ('peer-1', ?)").run(at);
      expect(() => old.db.prepare("UPDATE site SET role = 'enhetschef' WHERE id = 'peer-1'").run()).toThrow(/CHECK/);
      const before = old.db.prepare('SELECT id, name, role, scope_code, is_local, created_at FROM site ORDER BY id').all();
      old.db.close();

      const migrated = await openRamkollDatabase(f);
      const db = migrated.db;
      expect(db.prepare('SELECT id, name, role, scope_code, is_local, created_at FROM site ORDER BY id').all()).toEqual(before);
      expect(db.prepare("SELECT site_id FROM xchg_peer WHERE site_id = 'peer-1'").pluck().get()).toBe('peer-1');
      db.prepare("UPDATE site SET role = 'enhetschef', scope_code = '31101' WHERE id = 'peer-1'").run();
      db.prepare("UPDATE site SET role = 'verksamhetschef' WHERE id = 'peer-1'").run();
      expect(() => db.prepare("UPDATE site SET role = 'chef' WHERE id = 'peer-1'").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO xchg_peer (site_id, first_seen_at) VALUES ('ingen', 'x')").run()).toThrow(/FOREIGN KEY/);
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('setting up a chef of each level', () => {
  it('scopes an enhetschef to an enhet and a verksamhetschef to a verksamhet, and says so when the node is of another level', async () => {
    const dir = tempDir('ramkoll-chefsetup-');
    const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
    open.push(c);
    createSmallForvaltning(c.db, siteId(c));
    expect(setSite(c.db, { role: 'enhetschef', scope: '91101' }, c.now())).toMatchObject({ role: 'enhetschef', scopeCode: '91101' });
    expect(setSite(c.db, { role: 'verksamhetschef', scope: '9110' }, c.now())).toMatchObject({ role: 'verksamhetschef', scopeCode: '9110' });
    expect(() => setSite(c.db, { role: 'enhetschef', scope: '9100' }, c.now())).toThrow(/En enhetschef har en enhet som område, men ansvar 9100 är en sektor/);
    expect(() => setSite(c.db, { role: 'verksamhetschef', scope: null }, c.now())).toThrow(/verksamhetschef och behöver ett område: ange verksamhetens ansvarskod/);
    expect(siteInfo(c.db)).toMatchObject({ role: 'verksamhetschef', scopeCode: '9110' });
    // The same through `ramkoll site set`.
    c.db.close();
    open.splice(open.indexOf(c), 1);
    expect(runCliJson<{ role: string; scope: string }>(['site', 'set', '--db', path.join(dir, 'c.db'), '--role', 'enhetschef', '--scope', '92102'])).toMatchObject({ role: 'enhetschef', scope: '92102' });
    const wrong = runCli(['site', 'set', '--db', path.join(dir, 'c.db'), '--role', 'enhetschef', '--scope', '9200']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/En enhetschef har en enhet som område, men ansvar 9200 är en sektor/);
  });
});

describe('an enhetschef’s installation', () => {
  it('gets only its enhet’s part from the controller, writes its deviation comment and sends it back as a sektorchef does', async () => {
    const w = await world();
    const { c, e, data } = w;
    // Only the enhet's comment and forecasts reached it.
    expect(e.db.prepare('SELECT DISTINCT v.code FROM deviation_comment d JOIN dimension_value v ON v.id = d.responsibility_id').pluck().all()).toEqual(['91101']);
    expect(e.db.prepare('SELECT DISTINCT v.code FROM forecast f JOIN dimension_value v ON v.id = f.responsibility_id').pluck().all()).toEqual(['91101']);
    expect(writeComment(e, data.occasionId, '91101', { cause: 'Fler brukare än planerat', action: 'Schemat ses över' }, true)).toBe(true);
    expect(() => writeComment(e, data.occasionId, '91102', { cause: 'Grannens' })).toThrow(/91102/);
    const back = await send(w, e, c);
    expect(back.got.refused).toBe(0);
    expect(commentFor(c.db, data.occasionId, '91101')).toMatchObject({ cause: 'Fler brukare än planerat', action: 'Schemat ses över', status: 'ready' });
  });

  it('refuses a forged package writing another enhet’s comment or an approved status, and changes nothing', async () => {
    const w = await world();
    const { c, e, data } = w;
    const before = c.db.prepare('SELECT * FROM deviation_comment ORDER BY id').all();
    const own = commentFor(e.db, data.occasionId, '91101')!.id;
    const other = commentFor(c.db, data.occasionId, '91102')!.id;
    const t = Date.now() + 1000;
    const pkg = forge(e.db, file(w, 'forfalskat'), {
      to: siteId(c),
      changes: [
        ['deviation_comment', other, 'cause', 'Grannenhetens kommentar', version(siteId(e), t, 1), null, null],
        ['deviation_comment', own, 'status', 'approved', version(siteId(e), t, 2), currentVersion(e.db, 'deviation_comment', own, 'status'), null],
      ],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => [x.table, x.field, x.reason])).toEqual([
      ['deviation_comment', 'cause', 'ansvar 91102 ligger utanför avsändarens område (91101)'],
      ['deviation_comment', 'status', 'en enhetschef får inte sätta status till "approved"'],
    ]);
    expect(c.db.prepare('SELECT * FROM deviation_comment ORDER BY id').all()).toEqual(before);
  });
});

describe('the controller’s write setting per round and node', () => {
  it('closes the prognos of a verksamhet and its enheter for the chefs, in the handlers and in the exchange, but never for the controller', async () => {
    const w = await world();
    const { c, e, data } = w;
    const round = { kind: 'prognos' as const, ref: data.occasionId };
    const grid = setWriteSetting(c.db, actorOf(c), { ...round, code: '9110', what: 'prognos', allowed: false });
    const row = (code: string) => grid.nodes.find((x) => x.code === code)!;
    expect(row('9110')).toMatchObject({ set: { prognos: false }, closed: { prognos: true } });
    expect(row('91101')).toMatchObject({ set: { prognos: null }, closed: { prognos: true } });
    expect(row('9210')).toMatchObject({ closed: { prognos: false } });
    // A chef may not change it.
    expect(() => setWriteSetting(e.db, actorOf(e), { ...round, code: '91101', what: 'prognos', allowed: true })).toThrow(/Bara controllerns installation/);
    // The controller still writes.
    setForecast(c.db, actorOf(c), { occasionId: data.occasionId, code: '91101', group: 'personnel', amountOre: 1_190_000_00 });
    await send(w, c, e);
    expect(listWriteSettings(e.db, round).nodes.find((x) => x.code === '91101')!.closed.prognos).toBe(true);
    expect(() => setForecast(e.db, actorOf(e), { occasionId: data.occasionId, code: '91101', group: 'personnel', amountOre: 1_000_00 })).toThrow(/Controllern har stängt prognos för ansvar 91101/);
    // A verksamhetschef's method over its enheter stops at the closed one, before anything is written.
    const v = await siteContext(path.join(w.dir, 'v.db'), 'verksamhetschef', '9110', 'Verksamhetschef Ett');
    open.push(v);
    // Its database as the controller's package would leave it, the setting written as the controller does.
    const vOcc = createSmallForvaltning(v.db, siteId(v)).occasionId;
    setWriteSetting(v.db, { ...actorOf(v), role: 'controller', scopeCode: null }, { kind: 'prognos', ref: vOcc, code: '91102', what: 'prognos', allowed: false });
    const forecastsBefore = v.db.prepare('SELECT * FROM forecast ORDER BY id').all();
    expect(() => applyForecastMethod(v.db, actorOf(v), { occasionId: vOcc, code: '9110', method: 'linear', target: 'units' })).toThrow(/Controllern har stängt prognos för ansvar 91102/);
    expect(v.db.prepare('SELECT * FROM forecast ORDER BY id').all()).toEqual(forecastsBefore);
    // The prognos panel shows it read-only, saying why.
    expect(getForecastDetail(e.db, actorOf(e), data.occasionId, '91101').readOnlyReason).toMatch(/^Controllern har stängt prognos för ansvar 91101/);

    // A package that writes the prognos anyway is refused where the controller closed it.
    const forecast = c.db.prepare('SELECT id, amount_ore FROM forecast WHERE occasion_id = ? AND responsibility_id = ? AND account_group = ?').get(data.occasionId, naturalId('ansvar', '91101'), 'personnel') as { id: string; amount_ore: number };
    const pkg = forge(e.db, file(w, 'stangt'), {
      to: siteId(c),
      changes: [['forecast', forecast.id, 'amount_ore', 1, version(siteId(e), Date.now() + 1000, 1), currentVersion(e.db, 'forecast', forecast.id, 'amount_ore'), null]],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => [x.table, x.field])).toEqual([['forecast', 'amount_ore']]);
    expect(c.db.prepare('SELECT amount_ore FROM forecast WHERE id = ?').pluck().get(forecast.id)).toBe(forecast.amount_ore);

    // Opened again: the enhetschef writes its prognos and it arrives.
    setWriteSetting(c.db, actorOf(c), { ...round, code: '9110', what: 'prognos', allowed: null });
    await send(w, c, e);
    setForecast(e.db, actorOf(e), { occasionId: data.occasionId, code: '91101', group: 'personnel', amountOre: 1_170_000_00 });
    expect((await send(w, e, c)).got.refused).toBe(0);
    expect(c.db.prepare('SELECT amount_ore FROM forecast WHERE id = ?').pluck().get(forecast.id)).toBe(1_170_000_00);
  });

  it('refuses a setting from a chef’s package', async () => {
    const w = await world();
    const { c, e, data } = w;
    const id = newId();
    const t = Date.now() + 1000;
    const pkg = forge(e.db, file(w, 'installning'), {
      to: siteId(c),
      changes: [
        ['round_write_setting', id, 'round_kind', 'prognos', version(siteId(e), t, 1), null, null],
        ['round_write_setting', id, 'round_ref', data.occasionId, version(siteId(e), t, 2), null, null],
        ['round_write_setting', id, 'responsibility_id', naturalId('ansvar', '91101'), version(siteId(e), t, 3), null, null],
        ['round_write_setting', id, 'what', 'prognos', version(siteId(e), t, 4), null, null],
        ['round_write_setting', id, 'allowed', 1, version(siteId(e), t, 5), null, null],
      ],
    });
    const r = await receive(c, pkg);
    expect(r.applied).toBe(0);
    expect(new Set(r.refusedItems.map((x) => x.reason))).toEqual(new Set(['en enhetschef får inte ändra skrivinställningar för omgångar']));
    expect(c.db.prepare('SELECT count(*) FROM round_write_setting').pluck().get()).toBe(0);
  });

  it('gives the budget round’s handlers one check: rights table, scope and the controller’s setting', async () => {
    const w = await world();
    const { c, e, data } = w;
    const round = { kind: 'budget' as const, ref: data.versionId };
    assertChefMayWrite(e.db, actorOf(e), 'budget', '91101', round);
    expect(() => assertChefMayWrite(e.db, actorOf(e), 'vf', '91102', round)).toThrow(/får inte skriva VF-förslag för ansvar 91102/);
    setWriteSetting(c.db, actorOf(c), { ...round, code: '91101', what: 'budget', allowed: false });
    expect(() => setWriteSetting(c.db, actorOf(c), { ...round, code: '91101', what: 'prognos', allowed: false })).toThrow(/En budgetomgång har ingen inställning för prognos/);
    await send(w, c, e);
    expect(() => assertChefMayWrite(e.db, actorOf(e), 'budget', '91101', round)).toThrow(/Controllern har stängt budgetrader för ansvar 91101/);
    // VF proposals stay open, and the controller is never closed out.
    assertChefMayWrite(e.db, actorOf(e), 'vf', '91101', round);
    assertChefMayWrite(c.db, actorOf(c), 'budget', '91101', round);
  });
});
