import { sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { readPackage, writePackage, type Payload, type WireChange } from '../../electron/services/exchange/package-file';
import { EXCHANGED_TABLES } from '../../electron/services/exchange/registry';
import { newId } from '../../electron/services/ids';
import { TEXT_LIMITS } from '../../electron/services/text-limits';
import { invoke } from '../../electron/api/invoke';
import { runCli } from '../support/cli';
import { contentHash, openTestContext, type TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let a: TestContext;
let data: SmallData;
let base: Payload;

const dbBytes = (file: string) => [file, `${file}-wal`].reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
const version = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(a)}`;

/** Words in an order no compressor predicts, so a text is as long packed as a real one. */
function prose(length: number, seed: number): string {
  const words = ['brukare', 'timmar', 'vikarier', 'sjukfrånvaro', 'hemtjänst', 'placeringar', 'budget', 'helår', 'prognos', 'avvikelse', 'insatser', 'kostnad'];
  let x = seed;
  let s = '';
  while (s.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += `${words[x % words.length]} `;
  }
  return s.slice(0, length);
}

/**
 * Writes a package as writePackage does, but streams the JSON through gzip
 * piece by piece: the payload of the attack is 390 MB inflated.
 */
async function writeStreamedPackage(file: string, payload: Payload, bigChanges: () => Iterable<WireChange>): Promise<void> {
  const gzip = zlib.createGzip({ level: 6 });
  const out: Buffer[] = [];
  gzip.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const json = JSON.stringify(payload);
  const at = json.indexOf('"changes":[') + '"changes":['.length;
  gzip.write(json.slice(0, at));
  let first = true;
  for (const change of bigChanges()) {
    if (!gzip.write((first ? '' : ',') + JSON.stringify(change))) await new Promise((r) => gzip.once('drain', r));
    first = false;
  }
  gzip.end(json.slice(at));
  await done;
  const body = Buffer.concat(out);
  const m = payload.manifest;
  const head = ['RAMKOLL-PAKET', 'format: 1', 'requires: 0.1.0', `package: ${m.id}`, `from: ${m.sender.id}`, `to: ${m.recipient ?? '-'}`, `created: ${m.created}`, `key: ${m.sender.publicKey}`, `length: ${body.length}`].join('\n') + '\n';
  const signature = sign(null, Buffer.concat([Buffer.from(head), body]), signingKey(a.db, siteId(a))).toString('base64');
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`${head}signature: ${signature}\n\n`), body]));
}

beforeEach(async () => {
  dir = tempDir('ramkoll-xlimits-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  a = await siteContext(path.join(dir, 'a.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(a.db, intro, a.now());
  await receive(c, intro);
  const down = path.join(dir, 'ned.ramkoll');
  exportPackage(c.db, { to: siteId(a), file: down, now: c.now() });
  await receive(a, down);
  const up = path.join(dir, 'upp.ramkoll');
  exportPackage(a.db, { to: siteId(c), file: up, now: a.now() });
  base = { ...readPackage(up).payload, changes: [] };
  base.manifest = { ...base.manifest, id: newId() };
  c.db.close();
});

afterEach(() => {
  a?.db.close();
});

describe('text limits against storage amplification', () => {
  it('every text field that travels has a length limit', () => {
    for (const t of EXCHANGED_TABLES) for (const f of t.fields) if (f.type === 'text' || f.type === 'text?') expect(f.max, `${t.table}.${f.name}`).toBeGreaterThan(0);
  });

  it('refuses the 0.77 MB package of 3,900 texts of 100 kB whole: the database does not grow by hundreds of MB', async () => {
    const file = path.join(dir, 'forstoring.ramkoll');
    const comments = data.commentIds.slice(0, 2);
    await writeStreamedPackage(file, base, function* () {
      for (let i = 0; i < 3900; i++) {
        // The same words over and over: 100 kB that gzip packs to almost nothing.
        yield ['deviation_comment', comments[i % 2]!, i % 4 < 2 ? 'cause' : 'action', `Orsak ${i}: ${'fler brukare än planerat '.repeat(4200)}`.slice(0, 100_000), version(i + 1), null, null];
      }
    });
    expect(fs.statSync(file).size).toBeLessThan(1.5 * 1024 * 1024);
    const db = path.join(dir, 'c.db');
    const before = contentHash(db);
    const bytes = dbBytes(db);
    const r = runCli(['exchange', 'import', file, '--db', db, '--json']);
    expect(r.stderr).toMatch(/forstoring\.ramkoll: paketets innehåll packas upp till mer än 100 gånger sin storlek/);
    expect(r.code).toBe(1);
    expect(contentHash(db)).toBe(before);
    expect(dbBytes(db) - bytes).toBeLessThan(1024 * 1024);
  }, 180_000);

  it('refuses each change whose text is over its field’s limit, with the reason, and applies the rest', () => {
    const file = path.join(dir, 'langa.ramkoll');
    const [c0, c1] = data.commentIds as [string, string];
    const tooLong = prose(TEXT_LIMITS.comment + 1, 1);
    const justRight = prose(TEXT_LIMITS.comment, 2);
    writePackage(
      file,
      {
        ...base,
        changes: [
          ['deviation_comment', c0, 'cause', tooLong, version(1), null, null],
          ['deviation_comment', c1, 'action', justRight, version(2), currentVersion(a.db, 'deviation_comment', c1, 'action'), null],
          ['deviation_comment', c1, 'cause', prose(100_000, 3), version(3), null, null],
        ],
      },
      signingKey(a.db, siteId(a)),
    );
    const db = path.join(dir, 'c.db');
    const r = runCli(['exchange', 'import', file, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { applied: number; refused: number; refusedItems: { table: string; rowId: string; field: string; reason: string }[] };
    expect(out.applied).toBe(1);
    expect(out.refused).toBe(2);
    expect(out.refusedItems).toEqual([
      { table: 'deviation_comment', label: 'avvikelsekommentar', rowId: c0, field: 'cause', reason: `orsak: texten är ${TEXT_LIMITS.comment + 1} tecken; högst ${TEXT_LIMITS.comment} tas emot` },
      { table: 'deviation_comment', label: 'avvikelsekommentar', rowId: c1, field: 'cause', reason: `orsak: texten är 100000 tecken; högst ${TEXT_LIMITS.comment} tas emot` },
    ]);
    // The text within its limit is in; the long ones are not.
    const read = new BetterSqlite3(db, { readonly: true });
    const row = (id: string) => read.prepare('SELECT cause, action FROM deviation_comment WHERE id = ?').get(id) as { cause: string; action: string };
    expect(row(c1)).toEqual({ cause: 'orsak 91102', action: justRight });
    expect(row(c0).cause).toBe('orsak 91101');
    read.close();
  });
});

describe('text limits on the other fronts', () => {
  it('the API refuses texts over their limits before any service sees them', async () => {
    const ctx = await openTestContext(path.join(dir, 'api.db'));
    try {
      const refusal = (channel: string, input: unknown) =>
        invoke(channel as 'goals.goal.save', input as never, { ...ctx, site: { ...ctx.site, role: 'ekonomi' } }).then(
          () => null,
          (e: unknown) => e as { code: string; message: string },
        );
      const goal = { level: 'council', parentId: null, code: 'IM1', title: 'Mål', ownerCode: '3000', validFromYear: 2026, validToYear: null };
      const long = await refusal('goals.goal.save', { ...goal, description: prose(TEXT_LIMITS.text + 1, 4) });
      expect(long).toMatchObject({ code: 'INVALID_INPUT' });
      expect(long!.message).toMatch(/description/);
      const title = await refusal('goals.goal.save', { ...goal, title: prose(TEXT_LIMITS.title + 1, 5) });
      expect(title).toMatchObject({ code: 'INVALID_INPUT' });
      expect(title!.message).toMatch(/title/);
    } finally {
      ctx.db.close();
    }
  });

  it('ramkoll masterdata refuses a name of more than a few hundred characters, naming row and column', () => {
    const db = path.join(dir, 'c.db');
    const before = contentHash(db);
    const file = path.join(dir, 'organisation.csv');
    fs.writeFileSync(file, `Ansvar;Namn;Överordnad;Nivå\n9000;Testförvaltningen;;förvaltning\n9300;${prose(TEXT_LIMITS.name + 1, 6)};9000;sektor\n`);
    const r = runCli(['masterdata', file, '--db', db, '--kind', 'organisation']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`organisation\\.csv.*rad 3.*namnet på ansvar 9300 är ${TEXT_LIMITS.name + 1} tecken; högst ${TEXT_LIMITS.name}`));
    expect(contentHash(db)).toBe(before);
  });
});
