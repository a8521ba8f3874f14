import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import { saveInvestmentFrame } from '../../electron/services/investments/projects';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let s: TestContext;
let e: TestContext;
let n = 0;
const metaOf = (x: TestContext) => ({ siteId: siteId(x), user: 'test', at: x.now().toISOString() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  const sent = exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, sent, got: await receive(to, file) };
}

async function introduce(from: TestContext, to: TestContext) {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

const investmentRows = (x: TestContext) =>
  ['investment_setting', 'investment_frame', 'investment_project', 'investment_year'].map((t) => x.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all());

beforeEach(async () => {
  dir = tempDir('ramkoll-invx-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  e = await siteContext(path.join(dir, 'e.db'), 'ekonomi', null, 'Ekonomi');
  createSmallForvaltning(c.db, siteId(c));
  addCapitalAccounts(c.db, siteId(c), c.now().toISOString());
  writeIssueCase(c.db, metaOf(c));
  saveInvestmentFrame(c.db, { responsibilityCode: '9100', year: 2026, amountOre: 300_000_000 }, metaOf(c));
  await introduce(s, c);
  await introduce(e, c);
});

afterEach(() => {
  for (const x of [c, s, e]) x?.db.close();
});

describe('investments in packages', () => {
  it('Ekonomi sends the internränta and the nämnd’s investment ram; the controller sends projects, budget, prognos and comments', async () => {
    await send(c, e);
    expect(e.db.prepare('SELECT code FROM investment_project WHERE deleted_at IS NULL ORDER BY code').pluck().all()).toEqual(['P1001', 'P1002']);
    expect(e.db.prepare('SELECT comment FROM investment_year WHERE forecast_ore = 230000000').pluck().get()).toBe('Fördyrad markentreprenad');
    e.db.prepare("UPDATE investment_setting SET rate_bp = 225, rate_source = 'SKR 2026', updated_at = ?, updated_by_site = ? WHERE year = 2026").run(e.now().toISOString(), siteId(e));
    saveInvestmentFrame(e.db, { responsibilityCode: '9000', year: 2026, amountOre: 900_000_000 }, metaOf(e));
    const r = await send(e, c);
    expect(r.got.refused).toBe(0);
    expect(c.db.prepare('SELECT rate_bp FROM investment_setting WHERE year = 2026').pluck().get()).toBe(225);
    expect(c.db.prepare("SELECT amount_ore FROM investment_frame f JOIN dimension_value d ON d.id = f.responsibility_id WHERE d.code = '9000'").pluck().get()).toBe(900_000_000);
  });

  it('gives a sektorchef its sektor’s projects; it may send their prognos and comment but not their budget, the internränta or an investment ram', async () => {
    await send(c, s);
    expect(s.db.prepare('SELECT code FROM investment_project').pluck().all()).toEqual(['P1001']);
    const yearId = s.db.prepare('SELECT id FROM investment_year WHERE year = 2026').pluck().get() as string;
    // The legitimate part: a prognos and a comment of its own project.
    s.db.prepare("UPDATE investment_year SET forecast_ore = 235000000, comment = 'Ny bedömning', updated_at = ?, updated_by_site = ? WHERE id = ?").run(s.now().toISOString(), siteId(s), yearId);
    const ok = await send(s, c);
    expect(ok.got.refused).toBe(0);
    expect(c.db.prepare('SELECT forecast_ore, comment FROM investment_year WHERE id = ?').get(yearId)).toEqual({ forecast_ore: 235_000_000, comment: 'Ny bedömning' });

    // A hostile package: only what a sektorchef may not write.
    const before = investmentRows(c);
    const { file } = await send(s, c);
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const settingId = c.db.prepare('SELECT id FROM investment_setting WHERE year = 2026').pluck().get() as string;
    const frameId = c.db.prepare('SELECT id FROM investment_frame').pluck().get() as string;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ['investment_setting', settingId, 'rate_bp', 0, v(1), currentVersion(c.db, 'investment_setting', settingId, 'rate_bp'), null],
        ['investment_frame', frameId, 'amount_ore', 999_900_000, v(2), currentVersion(c.db, 'investment_frame', frameId, 'amount_ore'), null],
        ['investment_year', yearId, 'budget_ore', 1, v(3), currentVersion(c.db, 'investment_year', yearId, 'budget_ore'), null],
      ],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => [x.table, x.field, x.reason])).toEqual([
      ['investment_setting', 'rate_bp', 'en sektorchef får inte ändra inställningar för investeringsbudgeten'],
      ['investment_year', 'budget_ore', 'en sektorchef får inte ändra budget i investeringsprojekts år'],
      ['investment_frame', 'amount_ore', 'en sektorchef får inte ändra investeringsramar'],
    ]);
    expect(investmentRows(c)).toEqual(before);
  });

  it('refuses an investment ram from Ekonomi below the nämnd (Ekonomi does not send it; a forged package is refused)', async () => {
    await send(c, e);
    const frameId = c.db.prepare('SELECT id FROM investment_frame').pluck().get() as string;
    e.db.prepare('UPDATE investment_frame SET amount_ore = 1, updated_at = ?, updated_by_site = ? WHERE id = ?').run(e.now().toISOString(), siteId(e), frameId);
    const before = investmentRows(c);
    const { file, sent } = await send(e, c);
    expect(sent.contents.map((x) => x.table)).not.toContain('investment_frame');
    const real = readPackage(file).payload;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [['investment_frame', frameId, 'amount_ore', 1, `${String(Date.now() + 1000).padStart(13, '0')}-00000001-${siteId(e)}`, currentVersion(c.db, 'investment_frame', frameId, 'amount_ore'), null]],
    };
    const f = path.join(dir, 'hostile-e.ramkoll');
    writePackage(f, forged, signingKey(e.db, siteId(e)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.refusedItems.map((x) => [x.table, x.reason])).toEqual([['investment_frame', 'Ekonomi får inte ändra investeringsramar för ansvar 9100 (bara på nivån förvaltning)']]);
    expect(investmentRows(c)).toEqual(before);
  });
});
