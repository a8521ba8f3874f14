import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { changeInvestmentCommentStatus, investmentRound, saveInvestmentComment } from '../../electron/services/investments/comments';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { addCapitalAccounts, writeIssueCase } from '../support/investments';
import { tempDir } from '../support/tmp';

// Project comments in the occasion's round (issue 17 point 2): required where the project's avvikelse reaches the
// threshold of its ansvar's level; the same statuses as the drift comments; exchanged with the sektorchef's rights.

let dir: string;
let c: TestContext;
let s: TestContext;
let data: SmallData;
let n = 0;
const metaOf = (x: TestContext) => ({ siteId: siteId(x), user: 'test', at: x.now().toISOString() });
const actor = (x: TestContext, role: Actor['role'] = 'controller', scopeCode: string | null = null): Actor => ({ siteId: siteId(x), user: 'test', role, scopeCode, now: x.now() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, got: await receive(to, file) };
}

beforeEach(async () => {
  dir = tempDir('ramkoll-invcom-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  addCapitalAccounts(c.db, siteId(c), c.now().toISOString());
  writeIssueCase(c.db, metaOf(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
});

afterEach(() => {
  for (const x of [c, s]) x?.db.close();
});

const setForecast = (ore: number) => c.db.prepare("UPDATE investment_year SET forecast_ore = ? WHERE year = 2026 AND project_id = (SELECT id FROM investment_project WHERE code = 'P1001')").run(ore);

describe('investment comments in the round', () => {
  it('requires a comment where the project’s avvikelse reaches its level’s threshold', () => {
    // P1001 (unit 91101): budget 2 234 567,89 kr, prognos 2 300 000,00: avvikelse −65 432,11 kr, 2,9 %: under the unit's 250 000 kr / 5 %.
    let r = investmentRound(c.db, actor(c), data.occasionId);
    expect(r.projects.map((p) => [p.code, p.year.deviationOre, p.required])).toEqual([
      ['P1001', -6_543_211, false],
      ['P1002', 0, false],
    ]);
    expect([r.required, r.missing]).toEqual([0, 0]);
    // Prognos 2 600 000 kr: avvikelse −365 432,11 kr, over 250 000 kr.
    setForecast(260_000_000);
    r = investmentRound(c.db, actor(c), data.occasionId);
    expect(r.projects.find((p) => p.code === 'P1001')!.required).toBe(true);
    expect([r.required, r.missing]).toEqual([1, 1]);
    saveInvestmentComment(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', cause: '', action: 'Omprövning' });
    expect(investmentRound(c.db, actor(c), data.occasionId).missing).toBe(1);
    expect(() => changeInvestmentCommentStatus(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', action: 'ready' })).toThrow(/Skriv en orsak/);
    saveInvestmentComment(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', cause: 'Fördyrad markentreprenad', action: 'Omprövning av etapp 2' });
    expect(investmentRound(c.db, actor(c), data.occasionId).missing).toBe(0);
    const ready = changeInvestmentCommentStatus(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', action: 'ready' });
    expect(ready.comment!.status).toBe('ready');
    const approved = changeInvestmentCommentStatus(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', action: 'approve' });
    expect(approved.comment).toMatchObject({ status: 'approved', cause: 'Fördyrad markentreprenad', action: 'Omprövning av etapp 2' });
    expect(() => saveInvestmentComment(c.db, actor(c), { occasionId: data.occasionId, projectCode: 'P1001', cause: 'x', action: 'y' })).toThrow(/är godkänd/);
  });

  it('a sektorchef writes for its sektor’s projects only, and does not approve', () => {
    setForecast(260_000_000);
    const other = actor(c, 'sektorchef', '9200');
    expect(investmentRound(c.db, other, data.occasionId).projects.map((p) => p.code)).toEqual(['P1002']);
    expect(() => saveInvestmentComment(c.db, other, { occasionId: data.occasionId, projectCode: 'P1001', cause: 'x', action: 'y' })).toThrow(/får inte skriva kommentarer för projekt P1001/);
    const own = actor(c, 'sektorchef', '9100');
    saveInvestmentComment(c.db, own, { occasionId: data.occasionId, projectCode: 'P1001', cause: 'Fördyrad', action: 'Omprövning' });
    changeInvestmentCommentStatus(c.db, own, { occasionId: data.occasionId, projectCode: 'P1001', action: 'ready' });
    expect(() => changeInvestmentCommentStatus(c.db, own, { occasionId: data.occasionId, projectCode: 'P1001', action: 'approve' })).toThrow(/Bara controllern godkänner/);
  });

  it('travels: the sektorchef’s comment reaches the controller; a forged approval or a comment outside its scope is refused', async () => {
    setForecast(260_000_000);
    await send(c, s);
    const sa = actor(s, 'sektorchef', '9100');
    saveInvestmentComment(s.db, sa, { occasionId: data.occasionId, projectCode: 'P1001', cause: 'Fördyrad markentreprenad', action: 'Omprövning' });
    changeInvestmentCommentStatus(s.db, sa, { occasionId: data.occasionId, projectCode: 'P1001', action: 'ready' });
    const ok = await send(s, c);
    expect(ok.got.refused).toBe(0);
    const row = c.db.prepare('SELECT id, cause, status FROM investment_comment').get() as { id: string; cause: string; status: string };
    expect(row).toMatchObject({ cause: 'Fördyrad markentreprenad', status: 'ready' });

    const before = c.db.prepare('SELECT * FROM investment_comment ORDER BY id').all();
    const { file } = await send(s, c);
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const p2 = c.db.prepare("SELECT id FROM investment_project WHERE code = 'P1002'").pluck().get() as string;
    const newRow = newId();
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ['investment_comment', row.id, 'status', 'approved', v(1), currentVersion(c.db, 'investment_comment', row.id, 'status'), null],
        ['investment_comment', newRow, 'occasion_id', data.occasionId, v(2), null, null],
        ['investment_comment', newRow, 'project_id', p2, v(2), null, null],
        ['investment_comment', newRow, 'cause', 'Inte min', v(2), null, null],
        ['investment_comment', newRow, 'action', '', v(2), null, null],
        ['investment_comment', newRow, 'status', 'draft', v(2), null, null],
        ['investment_comment', newRow, 'author', 'x', v(2), null, null],
      ],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    const reasons = r.refusedItems.map((x) => [x.field, x.reason]);
    expect(reasons[0]).toEqual(['status', 'en sektorchef får inte sätta status till "approved"']);
    expect(reasons.slice(1).map(([, why]) => why)).toEqual(new Array(6).fill('ansvar 92101 ligger utanför avsändarens område (9100)'));
    expect(c.db.prepare('SELECT * FROM investment_comment ORDER BY id').all()).toEqual(before);
  });
});

describe('the figures an occasion shows', () => {
  const putActual = (period: number, ore: number) =>
    c.db.prepare("INSERT INTO investment_actual (project_code, account_code, period, amount_ore) VALUES ('P1001', '1110', ?, ?)").run(period, ore);
  const p1001 = () => investmentRound(c.db, actor(c), data.occasionId).projects.find((p) => p.code === 'P1001')!;

  it('count outcome up to the occasion’s period only, and stay as they were once the occasion is locked', () => {
    c.db.prepare('DELETE FROM investment_actual').run();
    // Oktober 2026: outcome of September counts, November's does not (it was not there when October was reported).
    putActual(202609, 1_000_000_00);
    putActual(202611, 400_000_00);
    putActual(202512, 50_000_00);
    expect([p1001().year.actualOre, p1001().wholeProject.actualOre]).toEqual([1_000_000_00, 1_050_000_00]);

    lockOccasion(c.db, actor(c), data.occasionId);
    const locked = p1001();
    // After the lock: more outcome for September and a new prognos do not move the reported figures.
    putActual(202610, 7_000_00);
    setForecast(260_000_000);
    expect(p1001()).toEqual(locked);
    expect([locked.year.actualOre, locked.year.forecastOre]).toEqual([1_000_000_00, 230_000_000]);
  });
});

