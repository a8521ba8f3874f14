/**
 * A sektorchef's validly signed package may do nothing beyond its role,
 * whatever it holds (issue 14, defects 1–6): each test reads a hand-written
 * package in through `ramkoll exchange import`, as a user would, and looks
 * at what changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentVersion, tick } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { isVersion, MAX_CLOCK_SKEW_MS } from '../../electron/services/exchange/hlc';
import { setSite, siteInfo } from '../../electron/services/exchange/identity';
import { inspectPackage } from '../../electron/services/exchange/import';
import { readPackage } from '../../electron/services/exchange/package-file';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import { runCli } from '../support/cli';
import { contentHash, type TestContext } from '../support/db';
import { commentFor, createSmallForvaltning, insertComment, receive, setCommentField, siteContext, siteId, subtree, SMALL_ORG, type SmallData } from '../support/exchange';
import { clockOf, forge, newKey, version } from '../support/hostile';
import { tempDir } from '../support/tmp';

interface World {
  dir: string;
  c: TestContext;
  a: TestContext;
  data: SmallData;
}

const open: TestContext[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.db.close();
});

let n = 0;
const file = (w: World, name: string) => path.join(w.dir, `${name}-${++n}.ramkoll`);

/** A controller with the small förvaltning and sektorchef Ett (9100), each having accepted the other. */
async function world(): Promise<World> {
  const dir = tempDir('ramkoll-xhostile-');
  const c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  const a = await siteContext(path.join(dir, 'a.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  open.push(c, a);
  const data = createSmallForvaltning(c.db, siteId(c));
  const w = { dir, c, a, data };
  const intro = file(w, 'intro');
  exportIntroduction(a.db, intro, a.now());
  await receive(c, intro);
  await send(w, c, a);
  return w;
}

async function send(w: World, from: TestContext, to: TestContext) {
  const f = file(w, 'paket');
  exportPackage(from.db, { to: siteId(to), file: f, now: from.now() });
  return receive(to, f);
}

interface ImportJson {
  applied: number;
  refused: number;
  conflicts: number;
  refusedItems: { table: string; rowId: string; field: string; reason: string }[];
  notes: string[];
}

/** `ramkoll exchange import` as a user runs it; the JSON on success. */
function cliImport(db: TestContext, pkg: string, ...flags: string[]): { code: number; stderr: string; json: ImportJson | null } {
  const r = runCli(['exchange', 'import', pkg, '--db', db.db.file, ...flags, '--json']);
  return { code: r.code, stderr: r.stderr, json: r.code === 0 ? (JSON.parse(r.stdout) as ImportJson) : null };
}

const now = () => Date.now();

describe('1. a resolution settles only a conflict recorded here, with one of its values, and never passes a lock', () => {
  it('refuses changes of a locked occasion’s comment and forecast, with or without a resolves list', async () => {
    const w = await world();
    const { c, a, data } = w;
    const comment = data.commentIds[0]!;
    const forecast = data.forecastIds[0]!;
    setCommentField(c.db, siteId(c), comment, 'status', 'approved');
    const s = siteInfo(c.db);
    lockOccasion(c.db, { siteId: s.id, user: 'controller', role: s.role, scopeCode: s.scopeCode, now: c.now() }, data.occasionId);
    await send(w, c, a);
    const before = { comment: commentFor(c.db, data.occasionId, '91101'), forecast: c.db.prepare('SELECT amount_ore FROM forecast WHERE id = ?').get(forecast) };
    const cur = (t: string, id: string, f: string) => currentVersion(a.db, t, id, f);
    const pkg = forge(a.db, file(w, 'las'), {
      to: siteId(c),
      changes: [
        ['deviation_comment', comment, 'cause', 'Det som rapporterades, omskrivet', version(siteId(a), now(), 1), cur('deviation_comment', comment, 'cause'), []],
        ['deviation_comment', comment, 'status', 'ready', version(siteId(a), now(), 2), cur('deviation_comment', comment, 'status'), [cur('deviation_comment', comment, 'status')!]],
        ['forecast', forecast, 'amount_ore', 1, version(siteId(a), now(), 3), cur('forecast', forecast, 'amount_ore'), []],
      ],
    });
    const r = cliImport(c, pkg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.applied).toBe(0);
    expect(r.json!.refusedItems.map((x) => [x.table, x.field])).toEqual([
      ['forecast', 'amount_ore'],
      ['deviation_comment', 'cause'],
      ['deviation_comment', 'status'],
    ]);
    for (const x of r.json!.refusedItems) expect(x.reason).toMatch(/^Oktober 2026 är låst här sedan \d{4}-\d{2}-\d{2}: det som rapporterades ändras inte/);
    expect(commentFor(c.db, data.occasionId, '91101')).toEqual(before.comment);
    expect(c.db.prepare('SELECT amount_ore FROM forecast WHERE id = ?').get(forecast)).toEqual(before.forecast);
  });

  it('still brings both sites back to what was reported when a late comment and the lock cross', async () => {
    const w = await world();
    const { c, a, data } = w;
    const reported = commentFor(c.db, data.occasionId, '91101')!.cause;
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'cause', 'Sent skriven orsak');
    const s = siteInfo(c.db);
    lockOccasion(c.db, { siteId: s.id, user: 'controller', role: s.role, scopeCode: s.scopeCode, now: c.now() }, data.occasionId);
    // Both send before either has read the other's package.
    const lock = file(w, 'las');
    exportPackage(c.db, { to: siteId(a), file: lock, now: c.now() });
    const late = file(w, 'sent');
    exportPackage(a.db, { to: siteId(c), file: late, now: a.now() });
    // The lock arrives: the sektorchef's change was not part of what was reported, and gives way here.
    const atA = await receive(a, lock);
    expect(atA.refused).toBe(0);
    expect(atA.notes.join(' ')).toMatch(/Oktober 2026 är låst sedan \d{4}-\d{2}-\d{2}\. Ett fält som ändrats här kom fram efter låsningen hos Controller och visar nu det som rapporterades/);
    expect(commentFor(a.db, data.occasionId, '91101')!.cause).toBe(reported);
    // The late change arrives at the controller: refused by the lock.
    const atC = await receive(c, late);
    expect(atC.refusedItems.map((x) => x.field)).toEqual(['cause']);
    // Whatever goes back and forth now, nothing passes the lock, and both show what was reported.
    for (let i = 0; i < 2; i++) {
      expect((await send(w, c, a)).refused).toBe(0);
      expect((await send(w, a, c)).refused).toBe(0);
    }
    for (const x of [a, c]) {
      expect(commentFor(x.db, data.occasionId, '91101')!.cause).toBe(reported);
      expect(x.db.prepare("SELECT count(*) AS n FROM xchg_conflict WHERE status = 'open'").get()).toEqual({ n: 0 });
    }
  });

  it('keeps a conflict open when a “resolution” brings a value that is none of the conflict’s', async () => {
    const w = await world();
    const { c, a, data } = w;
    const comment = data.commentIds[0]!;
    setCommentField(c.db, siteId(c), comment, 'cause', 'Controllerns orsak');
    setCommentField(a.db, siteId(a), comment, 'cause', 'Sektorchefens orsak');
    expect((await send(w, a, c)).conflicts).toBe(1);
    const conflict = c.db.prepare("SELECT candidates FROM xchg_conflict WHERE row_id = ? AND field = 'cause' AND status = 'open'").get(comment) as { candidates: string };
    const versions = (JSON.parse(conflict.candidates) as { version: string }[]).map((x) => x.version);
    const pkg = forge(a.db, file(w, 'tredje'), {
      to: siteId(c),
      changes: [['deviation_comment', comment, 'cause', 'Ett tredje värde', version(siteId(a), now() + 1000, 0), currentVersion(a.db, 'deviation_comment', comment, 'cause'), versions]],
    });
    const r = cliImport(c, pkg);
    expect(r.code, r.stderr).toBe(0);
    // Not settled: the conflict stays open, the controller's value still in it (the sektorchef's own gave way to its newer one).
    const after = c.db.prepare("SELECT status, candidates FROM xchg_conflict WHERE row_id = ? AND field = 'cause'").get(comment) as { status: string; candidates: string };
    expect(after.status).toBe('open');
    expect((JSON.parse(after.candidates) as { value: string }[]).map((x) => x.value).sort()).toEqual(['Controllerns orsak', 'Ett tredje värde']);
    // A resolution with one of the conflict's values, by a site that may write the field, settles it.
    const all = (JSON.parse(after.candidates) as { version: string }[]).map((x) => x.version);
    const settle = forge(a.db, file(w, 'losning'), {
      to: siteId(c),
      changes: [['deviation_comment', comment, 'cause', 'Controllerns orsak', version(siteId(a), now() + 2000, 0), null, all]],
    });
    expect(cliImport(c, settle).code).toBe(0);
    expect(c.db.prepare("SELECT status FROM xchg_conflict WHERE row_id = ? AND field = 'cause'").get(comment)).toEqual({ status: 'resolved' });
    expect(commentFor(c.db, data.occasionId, '91101')!.cause).toBe('Controllerns orsak');
  });
});

describe('2. a clock from the future', () => {
  it('does not move the receiver’s clock with a refused change, and the exchange goes on both ways', async () => {
    const w = await world();
    const { c, a, data } = w;
    const pkg = forge(a.db, file(w, 'framtid'), { to: siteId(c), changes: [['budget_line', data.lineIds[0]!, 'note', 'från framtiden', version(siteId(a), 9_999_999_999_999, 99_999_999), null, null]] });
    const r = cliImport(c, pkg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ applied: 0, refused: 1 });
    expect(clockOf(c.db).ms).toBeLessThanOrEqual(now() + MAX_CLOCK_SKEW_MS);
    // The controller's next package reads in at the sektorchef, and the sektorchef's next one at the controller.
    setCommentField(c.db, siteId(c), data.commentIds[0]!, 'action', 'Ses över');
    const out = file(w, 'ut');
    expect(runCli(['exchange', 'export', '--db', c.db.file, '--to', siteId(a), '--out', out]).code).toBe(0);
    expect(readPackage(out).payload.changes.every((x) => isVersion(x[4]))).toBe(true);
    const there = cliImport(a, out);
    expect(there.code, there.stderr).toBe(0);
    expect(there.json).toMatchObject({ refused: 0 });
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'cause', 'Sektorchefens orsak');
    const back = file(w, 'tillbaka');
    expect(runCli(['exchange', 'export', '--db', a.db.file, '--to', siteId(c), '--out', back]).code).toBe(0);
    const home = cliImport(c, back);
    expect(home.code, home.stderr).toBe(0);
    expect(commentFor(c.db, data.occasionId, '91101')!.cause).toBe('Sektorchefens orsak');
  });

  it('refuses a change it may take from a clock more than a day ahead, with a message, and takes one an hour ahead', async () => {
    const w = await world();
    const { c, a, data } = w;
    const comment = data.commentIds[0]!;
    const base = currentVersion(a.db, 'deviation_comment', comment, 'cause');
    const ahead = forge(a.db, file(w, 'dygn'), { to: siteId(c), changes: [['deviation_comment', comment, 'cause', 'Två dagar fram', version(siteId(a), now() + 2 * 86_400_000), base, null]] });
    const r = cliImport(c, ahead);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.refusedItems).toEqual([
      expect.objectContaining({ field: 'cause', reason: expect.stringMatching(/^ändringen är daterad \d{4}-\d{2}-\d{2} \d{2}:\d{2}, mer än ett dygn efter den här datorns klocka .*Kontrollera datum och tid hos Sektorchef Ett/) }),
    ]);
    expect(clockOf(c.db).ms).toBeLessThan(now() + 60_000);
    const hour = version(siteId(a), now() + 3_600_000, 7);
    const ok = forge(a.db, file(w, 'timme'), { to: siteId(c), changes: [['deviation_comment', comment, 'cause', 'En timme fram', hour, base, null]] });
    expect(cliImport(c, ok).json).toMatchObject({ applied: 1, refused: 0 });
    // Later changes made here come after it.
    setCommentField(c.db, siteId(c), comment, 'cause', 'Controllern skriver efteråt');
    expect(currentVersion(c.db, 'deviation_comment', comment, 'cause')! > hour).toBe(true);
  });

  it('never lets the counter outgrow its width: a full millisecond moves on to the next', async () => {
    const w = await world();
    const ms = now() + 3_600_000;
    w.c.db.prepare('UPDATE xchg_clock SET ms = ?, counter = 99999999 WHERE id = 1').run(ms);
    const next = tick(w.c.db);
    expect(isVersion(next)).toBe(true);
    expect(next > version(siteId(w.c), ms, 99_999_999)).toBe(true);
    expect(clockOf(w.c.db)).toEqual({ ms: ms + 1, counter: 0 });
  });
});

describe('3. a new key and a new role are two decisions', () => {
  it('does not let a trusted new key bring a new role; only both, accepted by a controller, do', async () => {
    const w = await world();
    const { c, a, data } = w;
    const key = newKey();
    const pkg = forge(a.db, file(w, 'ny-roll'), {
      to: siteId(c),
      key,
      sender: { role: 'controller', scope: null },
      changes: [['budget_line', data.lineIds[0]!, 'note', 'nu styr sektorchefen budgeten', version(siteId(a), now()), null, null]],
    });
    const before = contentHash(c.db.file);
    const onlyKey = cliImport(c, pkg, '--trust-new-key');
    expect(onlyKey.code).toBe(1);
    expect(onlyKey.stderr).toMatch(/Sektorchef Ett kommer som controller för hela organisationen, men här är Sektorchef Ett känd som sektorchef för 9100\..*Inget har lästs in\.$/m);
    expect(contentHash(c.db.file)).toBe(before);
    const onlyRole = cliImport(c, pkg, '--accept-role');
    expect(onlyRole.code).toBe(1);
    expect(onlyRole.stderr).toMatch(/signerat med en annan nyckel/);
    expect(contentHash(c.db.file)).toBe(before);
    const shown = runCli(['exchange', 'inspect', pkg, '--db', c.db.file]).stdout;
    expect(shown).toMatch(/annan nyckel.*\n {4}Godta med --trust-new-key på ramkoll exchange import\.\n.*känd som sektorchef för 9100.*\n {4}Godta med --accept-role på ramkoll exchange import\.\n/);
    const both = cliImport(c, pkg, '--trust-new-key', '--accept-role');
    expect(both.code, both.stderr).toBe(0);
    expect(both.json!.notes.join(' ')).toMatch(/Sektorchef Ett är från och med nu controller för hela organisationen \(var sektorchef för 9100\)/);
    expect(c.db.prepare('SELECT role, scope_code FROM site WHERE id = ?').get(siteId(a))).toEqual({ role: 'controller', scope_code: null });
  });

  it('lets neither a sektorchef nor Ekonomi grant a role change that is not theirs to grant', async () => {
    const w = await world();
    const { c, a } = w;
    // The controller's package to the sektorchef says it is now Ekonomi.
    const pkg = forge(c.db, file(w, 'ekonomi'), { to: siteId(a), sender: { role: 'ekonomi' }, changes: [] });
    const inspection = inspectPackage(a.db, pkg);
    expect(inspection.decisions).toEqual([expect.objectContaining({ kind: 'role', refusal: expect.stringMatching(/^Bara en controller kan godta/) })]);
    const before = contentHash(a.db.file);
    const r = cliImport(a, pkg, '--accept-role');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Bara en controller kan godta att en avsändare får en ny roll eller ett nytt område/);
    expect(contentHash(a.db.file)).toBe(before);
    expect(runCli(['exchange', 'inspect', pkg, '--db', a.db.file]).stdout).toMatch(/\n {4}Kan inte godtas här: Bara en controller/);
    // Nor by adding the controller again by hand with another role.
    const byHand = runCli(['site', 'add', '--db', a.db.file, '--id', siteId(c), '--name', 'Controller', '--role', 'ekonomi']);
    expect(byHand.code).toBe(1);
    expect(byHand.stderr).toMatch(/^ramkoll: Controller är känd här som controller\. Bara en controller kan godta/);
    expect(contentHash(a.db.file)).toBe(before);
    // Ekonomi decides a controller's scope, not that it becomes a sektorchef.
    const e = await siteContext(path.join(w.dir, 'e.db'), 'ekonomi', null, 'Ekonomi');
    open.push(e);
    const intro = file(w, 'intro-c');
    exportIntroduction(c.db, intro, c.now());
    await receive(e, intro);
    const scope = inspectPackage(e.db, forge(c.db, file(w, 'omrade'), { to: siteId(e), sender: { scope: '9000' }, changes: [] }));
    expect(scope.decisions).toEqual([expect.objectContaining({ kind: 'role', refusal: null })]);
    const demoted = inspectPackage(e.db, forge(c.db, file(w, 'sektorchef'), { to: siteId(e), sender: { role: 'sektorchef', scope: '9100' }, changes: [] }));
    expect(demoted.decisions).toEqual([expect.objectContaining({ kind: 'role', refusal: expect.stringMatching(/^Ekonomi kan bara godta ett nytt område för en controller/) })]);
  });
});

describe('4. what a sender has said never widens what it is sent', () => {
  it('does not send rows outside the sektor that refused changes named', async () => {
    const w = await world();
    const { c, a, data } = w;
    const others = [
      insertComment(c.db, siteId(c), data.occasionId, '9200', 'sektor Två', 'approved'),
      insertComment(c.db, siteId(c), data.occasionId, '9000', 'förvaltningen', 'ready'),
      commentFor(c.db, data.occasionId, '92101')!.id,
      ...(c.db.prepare("SELECT f.id FROM forecast f JOIN dimension_value v ON v.id = f.responsibility_id WHERE v.code LIKE '92%'").pluck().all() as string[]),
    ];
    const pkg = forge(a.db, file(w, 'nyfiken'), {
      to: siteId(c),
      changes: others.map((id, i) => [i < 3 ? 'deviation_comment' : 'forecast', id, i < 3 ? 'cause' : 'note', 'vill se', version(siteId(a), now(), i), null, null]),
    });
    const r = cliImport(c, pkg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.refused).toBe(others.length);
    expect(c.db.prepare("SELECT count(*) AS n FROM xchg_peer_row WHERE site_id = ? AND row_id IN (SELECT value FROM json_each(?))").get(siteId(a), JSON.stringify(others))).toEqual({ n: 0 });
    setCommentField(c.db, siteId(c), others[0]!, 'action', 'ändrat efteråt');
    setCommentField(c.db, siteId(c), data.commentIds[0]!, 'action', 'ändrat efteråt');
    const out = file(w, 'nasta');
    expect(runCli(['exchange', 'export', '--db', c.db.file, '--to', siteId(a), '--out', out, '--full']).code).toBe(0);
    const sent = readPackage(out).payload.changes;
    expect(sent.filter((x) => others.includes(x[1]))).toEqual([]);
    const sector = subtree(SMALL_ORG, '9100');
    for (const x of sent.filter((y) => y[0] === 'deviation_comment' || y[0] === 'forecast')) {
      const unit = c.db.prepare(`SELECT v.code FROM ${x[0]} r JOIN dimension_value v ON v.id = r.responsibility_id WHERE r.id = ?`).pluck().get(x[1]) as string;
      expect(sector.has(unit), `${x[0]} ${unit}`).toBe(true);
    }
  });

  it('sends Ekonomi no comment that is not approved, whatever Ekonomi has named', async () => {
    const w = await world();
    const { c, data } = w;
    const e = await siteContext(path.join(w.dir, 'e.db'), 'ekonomi', null, 'Ekonomi');
    open.push(e);
    for (const [from, to] of [
      [e, c],
      [c, e],
    ] as const) {
      const intro = file(w, 'intro');
      exportIntroduction(from.db, intro, from.now());
      await receive(to, intro);
    }
    const draft = data.commentIds[2]!;
    const pkg = forge(e.db, file(w, 'ekonomi'), { to: siteId(c), changes: [['deviation_comment', draft, 'cause', 'x', version(siteId(e), now()), null, null]] });
    expect(cliImport(c, pkg).json).toMatchObject({ refused: 1 });
    const out = file(w, 'till-ekonomi');
    exportPackage(c.db, { to: siteId(e), file: out, now: c.now() });
    expect(readPackage(out).payload.changes.filter((x) => x[0] === 'deviation_comment')).toEqual([]);
    // A comment Ekonomi got approved and that is sent back: Ekonomi hears that it is no longer approved, not what is
    // written in it afterwards.
    const comment = data.commentIds[0]!;
    setCommentField(c.db, siteId(c), comment, 'status', 'approved');
    expect((await send(w, c, e)).refused).toBe(0);
    setCommentField(c.db, siteId(c), comment, 'status', 'returned');
    setCommentField(c.db, siteId(c), comment, 'cause', 'Utkast efter återsändningen');
    const back = file(w, 'atersand');
    exportPackage(c.db, { to: siteId(e), file: back, now: c.now() });
    const told = readPackage(back).payload.changes.filter((x) => x[0] === 'deviation_comment');
    expect(new Set(told.map((x) => `${x[1]} ${x[2]}`))).toEqual(new Set([`${comment} status`]));
    expect(told.at(-1)![3]).toBe('returned');
    await receive(e, back);
    expect(commentFor(e.db, data.occasionId, '91101')).toMatchObject({ status: 'returned', cause: 'orsak 91101' });
    setCommentField(c.db, siteId(c), comment, 'cause', 'Ännu ett utkast');
    const later = file(w, 'senare');
    exportPackage(c.db, { to: siteId(e), file: later, now: c.now() });
    expect(readPackage(later).payload.changes.filter((x) => x[0] === 'deviation_comment')).toEqual([]);
  });
});

describe('5. the audit trail names the package’s verified sender', () => {
  it('records the sektorchef, not the site its version names', async () => {
    const w = await world();
    const { c, a, data } = w;
    const comment = data.commentIds[0]!;
    const pkg = forge(a.db, file(w, 'forfalskad'), {
      to: siteId(c),
      changes: [['deviation_comment', comment, 'cause', 'Skrivet av sektorchefen', version(siteId(c), now(), 5), currentVersion(a.db, 'deviation_comment', comment, 'cause'), null]],
    });
    expect(cliImport(c, pkg).json).toMatchObject({ applied: 1, refused: 0 });
    const log = c.db.prepare("SELECT site_id, author, new_value FROM change_log WHERE table_name = 'deviation_comment' AND row_id = ? AND field = 'cause'").all(comment);
    expect(log).toEqual([{ site_id: siteId(a), author: 'Sektorchef Ett', new_value: 'Skrivet av sektorchefen' }]);
  });
});

describe('6. first contact', () => {
  it('shows but does not read in a package from a site not accepted here, until the user accepts it', async () => {
    const w = await world();
    const { c, data } = w;
    const x = await siteContext(path.join(w.dir, 'x.db'), 'controller', null, 'Någon controller');
    open.push(x);
    const pkg = forge(x.db, file(w, 'okand'), {
      to: siteId(c),
      changes: [
        ['budget_line', data.lineIds[0]!, 'note', 'skrivet av en okänd', version(siteId(x), now()), currentVersion(c.db, 'budget_line', data.lineIds[0]!, 'note'), null],
        ['setting', 'kommun.name', 'value', JSON.stringify('Falska kommunen'), version(siteId(x), now(), 1), currentVersion(c.db, 'setting', 'kommun.name', 'value'), null],
      ],
    });
    const before = contentHash(c.db.file);
    const r = cliImport(c, pkg);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^ramkoll: Någon controller är ny här och presenterar sig som controller för hela organisationen, med nyckelns fingeravtryck ${siteInfo(x.db).fingerprint}\\. .*Inget har lästs in\\.$`, 'm'),
    );
    expect(contentHash(c.db.file)).toBe(before);
    const shown = JSON.parse(runCli(['exchange', 'inspect', pkg, '--db', c.db.file, '--json']).stdout) as { senderStatus: string; decisions: { kind: string; refusal: string | null }[] };
    expect(shown).toMatchObject({ senderStatus: 'new', decisions: [{ kind: 'sender', refusal: null }] });
    // A presentation alone does not make it known either.
    const intro = file(w, 'intro-x');
    exportIntroduction(x.db, intro, x.now());
    expect(cliImport(c, intro).code).toBe(1);
    expect(contentHash(c.db.file)).toBe(before);
    const accepted = cliImport(c, pkg, '--accept-sender');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.json!.notes[0]).toMatch(/^Någon controller är godkänd som avsändare här \(controller för hela organisationen, nyckelns fingeravtryck/);
    expect(accepted.json!.applied).toBe(2);
  });

  it('shows a rename and takes it only when accepted', async () => {
    const w = await world();
    const { c, a, data } = w;
    setSite(a.db, { name: 'Ekonomi, Exempelby kommun' }, a.now());
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'cause', 'En vanlig ändring');
    const pkg = file(w, 'nytt-namn');
    exportPackage(a.db, { to: siteId(c), file: pkg, now: a.now() });
    const before = contentHash(c.db.file);
    const r = cliImport(c, pkg);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Sektorchef Ett kallar sig nu "Ekonomi, Exempelby kommun"\..*Inget har lästs in\.$/m);
    expect(contentHash(c.db.file)).toBe(before);
    expect(runCli(['exchange', 'inspect', pkg, '--db', c.db.file]).stdout).toMatch(/kallar sig nu "Ekonomi, Exempelby kommun".*\n {4}Godta med --accept-name/);
    const ok = cliImport(c, pkg, '--accept-name');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json!.notes).toContain('Sektorchef Ett heter från och med nu "Ekonomi, Exempelby kommun".');
    expect(c.db.prepare('SELECT name, role, scope_code FROM site WHERE id = ?').get(siteId(a))).toEqual({ name: 'Ekonomi, Exempelby kommun', role: 'sektorchef', scope_code: '9100' });
    expect(fs.existsSync(pkg)).toBe(true);
  });
});
