import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RamkollError } from '../../db/errors';
import { currentVersion } from '../../electron/services/exchange/capture';
import { listConflicts, resolveConflict } from '../../electron/services/exchange/conflicts';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage, inspectPackage } from '../../electron/services/exchange/import';
import { DEFAULT_LIMITS, readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { naturalId, newId } from '../../electron/services/ids';
import { contentHash, type TestContext } from '../support/db';
import { commentFor, createSmallForvaltning, insertComment, setCommentField, siteContext, siteId, type SmallData, receive } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let a: TestContext;
let b: TestContext;
let data: SmallData;
let n = 0;

async function send(from: TestContext, to: TestContext, opts: { importIt?: boolean } = {}) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  const sent = exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  const got = opts.importIt === false ? null : await receive(to, file);
  return { file, sent, got };
}

async function introduce(from: TestContext, to: TestContext) {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

async function failure(p: Promise<unknown>): Promise<RamkollError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RamkollError);
  return e as RamkollError;
}

beforeEach(async () => {
  dir = tempDir('ramkoll-xsafe-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  a = await siteContext(path.join(dir, 'a.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  b = await siteContext(path.join(dir, 'b.db'), 'sektorchef', '9200', 'Sektorchef Två');
  data = createSmallForvaltning(c.db, siteId(c));
  await introduce(a, c);
  await introduce(b, c);
});

afterEach(() => {
  for (const x of [c, a, b]) x?.db.close();
});

describe('packages that must not be read in', () => {
  it('refuses a package with one byte changed, anywhere, and changes nothing', async () => {
    const { file } = await send(c, a, { importIt: false });
    const bytes = fs.readFileSync(file);
    const headerEnd = bytes.indexOf('\n\n');
    const positions = [20, bytes.indexOf('key: ') + 10, bytes.indexOf('signature: ') + 15, headerEnd + 10, Math.floor((headerEnd + bytes.length) / 2), bytes.length - 1];
    const before = contentHash(a.db.file);
    for (const pos of positions) {
      const bad = Buffer.from(bytes);
      bad[pos] = bad[pos]! ^ 0x01;
      const f = path.join(dir, `tampered-${pos}.ramkoll`);
      fs.writeFileSync(f, bad);
      const e = await failure(importPackage(a.db, { file: f, now: a.now() }));
      expect(e.message, `byte ${pos}`).toMatch(/tampered-\d+\.ramkoll: .*(signaturen stämmer inte|har ändrats|trasig|inget Ramkoll-paket)/);
      expect(contentHash(a.db.file)).toBe(before);
    }
  });

  it('refuses a truncated package and says it is cut short', async () => {
    const { file } = await send(c, a, { importIt: false });
    const bytes = fs.readFileSync(file);
    const before = contentHash(a.db.file);
    for (const keep of [Math.floor(bytes.length * 0.6), 100]) {
      const f = path.join(dir, `kort-${keep}.ramkoll`);
      fs.writeFileSync(f, bytes.subarray(0, keep));
      const e = await failure(importPackage(a.db, { file: f, now: a.now() }));
      expect(e.message).toMatch(/avkortat/);
    }
    expect(contentHash(a.db.file)).toBe(before);
  });

  it('refuses a package addressed to another installation', async () => {
    const { file } = await send(c, b, { importIt: false });
    const before = contentHash(a.db.file);
    const e = await failure(importPackage(a.db, { file, now: a.now() }));
    expect(e.message).toMatch(new RegExp(`adresserat till ${siteId(b)}, inte till den här installationen \\(Sektorchef Ett, ${siteId(a)}\\)\\. Inget har lästs in`));
    expect(contentHash(a.db.file)).toBe(before);
  });

  it('refuses a package without a recipient unless it only presents its sender', async () => {
    const { file } = await send(c, a, { importIt: false });
    const p = readPackage(file).payload;
    const anyone = path.join(dir, 'till-vem-som-helst.ramkoll');
    writePackage(anyone, { ...p, manifest: { ...p.manifest, id: newId(), recipient: null } }, signingKey(c.db, siteId(c)));
    const before = contentHash(a.db.file);
    const e = await failure(importPackage(a.db, { file: anyone, now: a.now() }));
    expect(e.message).toMatch(/har ingen mottagare men innehåller ändringar/);
    expect(contentHash(a.db.file)).toBe(before);
  });

  it('reads a replayed package as already read: nothing changes, not even the history', async () => {
    const { file, got } = await send(c, a);
    expect(got!.applied).toBeGreaterThan(0);
    const before = contentHash(a.db.file);
    const again = await importPackage(a.db, { file, now: a.now() });
    expect(again).toMatchObject({ alreadyImported: true, applied: 0, conflicts: 0, refused: 0 });
    expect(again.notes[0]).toMatch(/redan in.*inget har ändrats/);
    expect(contentHash(a.db.file)).toBe(before);
  });

  it('refuses a package signed with another key than the one first seen for that site, unless the key is trusted', async () => {
    await send(c, a);
    // A package that claims to come from sektorchef Ett, signed with a key of its own.
    const { file: real } = await send(a, c, { importIt: false });
    const payload = readPackage(real).payload;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const forged: Payload = { ...payload, manifest: { ...payload.manifest, id: newId(), sender: { ...payload.manifest.sender, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') } } };
    const file = path.join(dir, 'annan-nyckel.ramkoll');
    writePackage(file, forged, privateKey);
    const before = contentHash(c.db.file);
    const e = await failure(importPackage(c.db, { file, now: c.now() }));
    expect(e.message).toMatch(/signerat med en annan nyckel \(fingeravtryck [0-9A-F ]+\) än den som Sektorchef Ett har använt tidigare/);
    expect(inspectPackage(c.db, file)).toMatchObject({ senderStatus: 'key-changed' });
    expect(contentHash(c.db.file)).toBe(before);
    const trusted = await importPackage(c.db, { file, accept: ['key'], now: c.now() });
    expect(trusted.notes.join(' ')).toMatch(/nya nyckeln/);
    // From now on the real key is the unknown one.
    await failure(importPackage(c.db, { file: real, now: c.now() }));
  });

  it('refuses a newer package format, naming the Ramkoll version it needs', async () => {
    const f = path.join(dir, 'nytt.ramkoll');
    fs.writeFileSync(f, 'RAMKOLL-PAKET\nformat: 7\nrequires: 9.2.0\nnågot: nytt\n\n');
    const e = await failure(importPackage(a.db, { file: f, now: a.now() }));
    expect(e.message).toMatch(/format 7.*kräver Ramkoll 9\.2\.0 eller senare: uppdatera Ramkoll/);
    const notPkg = path.join(dir, 'inte.ramkoll');
    fs.writeFileSync(notPkg, 'Konto;Belopp\n4010;12\n');
    expect((await failure(importPackage(a.db, { file: notPkg, now: a.now() }))).message).toMatch(/inget Ramkoll-paket/);
  });

  it('keeps to its size limits and refuses keys that could pollute prototypes', async () => {
    const { file } = await send(c, a, { importIt: false });
    const size = fs.statSync(file).size;
    expect(() => readPackage(file, { ...DEFAULT_LIMITS, maxFileBytes: size - 1 })).toThrow(/största tillåtna/);
    expect(() => readPackage(file, { ...DEFAULT_LIMITS, maxPayloadBytes: 1000 })).toThrow(/större än 0 MB uppackat/);
    expect(() => readPackage(file, { ...DEFAULT_LIMITS, maxChanges: 3 })).toThrow(/följer inte paketformat 1: changes/);
    // A correctly signed package whose content has a __proto__ key (JSON.parse makes it an own property, so it is written out).
    const p = readPackage(file).payload;
    const evil = path.join(dir, 'proto.ramkoll');
    const json = JSON.stringify({ ...p, manifest: { ...p.manifest, id: newId() } }).replace('{"manifest":', '{"__proto__":{"polluted":true},"manifest":');
    writePackage(evil, JSON.parse(json) as Payload, signingKey(c.db, siteId(c)));
    expect(fs.readFileSync(evil).length).toBeGreaterThan(100);
    expect(() => readPackage(evil)).toThrow(/otillåtna nycklar/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('role and scope', () => {
  it('refuses changes outside the sender’s role or scope, reports each, and applies the rest', async () => {
    const sectorComment = insertComment(c.db, siteId(c), data.occasionId, '9100', 'sektorns orsak', 'ready');
    await send(c, a);
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'cause', 'Fler brukare än planerat');
    const { file } = await send(a, c, { importIt: false });
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(a)}`;
    const otherSector = commentFor(c.db, data.occasionId, '92101')!.id;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ...real.changes,
        ['budget_line', data.lineIds[0]!, 'note', 'sektorchefen ändrar budgeten', v(1), null, null],
        ['deviation_comment', otherSector, 'cause', 'en annan sektors kommentar', v(2), null, null],
        // A sektorchef approves what lies below its own node, not the sektor's own comment (the förvaltning does).
        ['deviation_comment', sectorComment, 'status', 'approved', v(3), null, null],
        ['deviation_comment', data.commentIds[1]!, 'status', 'approved', v(4), currentVersion(a.db, 'deviation_comment', data.commentIds[1]!, 'status'), null],
      ],
    };
    const f = path.join(dir, 'for-mycket.ramkoll');
    writePackage(f, forged, signingKey(a.db, siteId(a)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(2);
    expect(r.refused).toBe(3);
    expect(r.refusedItems.map((x) => [x.table, x.field, x.reason])).toEqual([
      ['budget_line', 'note', 'en sektorchef får inte ändra budgetrader'],
      ['deviation_comment', 'cause', 'ansvar 92101 ligger utanför avsändarens område (9100)'],
      ['deviation_comment', 'status', 'en sektorchef får inte sätta status till "approved"'],
    ]);
    expect(commentFor(c.db, data.occasionId, '91101')!.cause).toBe('Fler brukare än planerat');
    expect(commentFor(c.db, data.occasionId, '92101')!.cause).toBe('orsak 92101');
    expect(commentFor(c.db, data.occasionId, '9100')!.status).toBe('ready');
    expect(commentFor(c.db, data.occasionId, '91102')!.status).toBe('approved');
    expect((c.db.prepare('SELECT note FROM budget_line WHERE id = ?').get(data.lineIds[0]) as { note: string | null }).note).toBeNull();
  });

  it('does not send a sektorchef what lies outside its sektor, nor send back what it may not change', async () => {
    const { file } = await send(c, a);
    const ids = new Set(readPackage(file).payload.changes.filter((x) => x[0] === 'deviation_comment').map((x) => x[1]));
    expect([...ids].sort()).toEqual([commentFor(c.db, data.occasionId, '91101')!.id, commentFor(c.db, data.occasionId, '91102')!.id].sort());
    // The sektorchef edits a budget line locally (its UI should not let it): the edit stays here and is not sent.
    a.db.prepare('UPDATE budget_line SET note = ? WHERE id = ?').run('lokal ändring', data.lineIds[0]);
    setCommentField(a.db, siteId(a), data.commentIds[0]!, 'action', 'Ses över');
    const back = await send(a, c);
    expect(back.sent.contents.map((x) => x.table)).toEqual(['deviation_comment']);
    expect(back.got!.refused).toBe(0);
    // The controller's next change of that line overrides the sektorchef's local edit there.
    c.db.prepare('UPDATE budget_line SET note = ? WHERE id = ?').run('controllerns anteckning', data.lineIds[0]);
    const r = await send(c, a);
    expect(r.got!.conflicts).toBe(0);
    expect((a.db.prepare('SELECT note FROM budget_line WHERE id = ?').get(data.lineIds[0]) as { note: string }).note).toBe('controllerns anteckning');
  });
});

describe('concurrent edits', () => {
  it('keeps both values as a conflict on both sides, shows the newer, and a choice travels and closes it on the other side', async () => {
    await send(c, a);
    const id = data.commentIds[0]!;
    setCommentField(c.db, siteId(c), id, 'cause', 'Controllerns orsak');
    await new Promise((r) => setTimeout(r, 5));
    setCommentField(a.db, siteId(a), id, 'cause', 'Sektorchefens orsak');
    const toA = await send(c, a);
    const toC = await send(a, c);
    expect(toA.got!.conflicts).toBe(1);
    expect(toC.got!.conflicts).toBe(1);
    for (const x of [a, c]) {
      const list = listConflicts(x.db);
      expect(list).toHaveLength(1);
      expect(list[0]!).toMatchObject({ table: 'deviation_comment', field: 'cause', fieldLabel: 'orsak', status: 'open' });
      expect(list[0]!.rowLabel).toMatch(/^Kommentar 91101 Enhet Ett A, Oktober 2026$/);
      expect(list[0]!.candidates.map((k) => [k.display, k.site.name, k.shown])).toEqual([
        ['Sektorchefens orsak', 'Sektorchef Ett', true],
        ['Controllerns orsak', 'Controller', false],
      ]);
      expect(commentFor(x.db, data.occasionId, '91101')!.cause).toBe('Sektorchefens orsak');
    }
    // The controller chooses its own, older value.
    const conflict = listConflicts(c.db)[0]!;
    const resolved = resolveConflict(c.db, conflict.id, conflict.candidates[1]!.version, c.now(), 'test');
    expect(resolved.status).toBe('resolved');
    expect(commentFor(c.db, data.occasionId, '91101')!.cause).toBe('Controllerns orsak');
    const r = await send(c, a);
    expect(r.got!.conflicts).toBe(0);
    expect(listConflicts(a.db)).toEqual([]);
    expect(commentFor(a.db, data.occasionId, '91101')!.cause).toBe('Controllerns orsak');
    expect(listConflicts(a.db, 'all')[0]!.status).toBe('resolved');
  });

  it('makes one row of a comment created on both sides for the same unit and occasion', async () => {
    const occ = newId();
    c.db
      .prepare("INSERT INTO reporting_occasion (id, year, period, kind, name, created_at, updated_at, updated_by_site) VALUES (?, 2026, 202611, 'monthly', 'November', 'x', 'x', ?)")
      .run(occ, siteId(c));
    await send(c, a);
    const fromC = insertComment(c.db, siteId(c), occ, '91102', 'Controllern skrev', 'draft');
    const fromA = insertComment(a.db, siteId(a), occ, '91102', 'Sektorchefen skrev', 'ready');
    const toC = await send(a, c);
    const toA = await send(c, a);
    expect(toC.got!.notes.join(' ')).toMatch(/skapats både här och hos/);
    const canonical = fromC < fromA ? fromC : fromA;
    for (const x of [a, c]) {
      const rows = x.db.prepare('SELECT id, cause, status FROM deviation_comment WHERE occasion_id = ? AND responsibility_id = ?').all(occ, naturalId('ansvar', '91102')) as { id: string; cause: string; status: string }[];
      expect(rows.map((r) => r.id)).toEqual([canonical]);
    }
    expect(commentFor(a.db, occ, '91102')).toEqual(commentFor(c.db, occ, '91102'));
    expect(toA.got!.conflicts + toC.got!.conflicts).toBeGreaterThanOrEqual(2);
    expect(listConflicts(c.db).map((k) => k.field).sort()).toEqual(['cause', 'status']);
  });
});
