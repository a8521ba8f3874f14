import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import { runCli } from '../support/cli';
import { contentHash, type TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let a: TestContext;
let base: Payload;
let n = 0;

function attachment(name: string, text: string) {
  const data = Buffer.from(text);
  return { name, mime: 'application/pdf', sha256: createHash('sha256').update(data).digest('hex'), data: data.toString('base64') };
}

/** A package from the sektorchef, validly signed, with these attachments. */
function withAttachments(list: ReturnType<typeof attachment>[]): string {
  const file = path.join(dir, `bilagor-${++n}.ramkoll`);
  const payload: Payload = {
    ...base,
    manifest: { ...base.manifest, id: newId(), attachments: list.map((x) => ({ name: x.name, bytes: Buffer.from(x.data, 'base64').length })) },
    attachments: list,
  };
  writePackage(file, payload, signingKey(a.db, siteId(a)));
  return file;
}

beforeEach(async () => {
  dir = tempDir('ramkoll-xattach-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  a = await siteContext(path.join(dir, 'a.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  createSmallForvaltning(c.db, siteId(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(a.db, intro, a.now());
  await receive(c, intro);
  const down = path.join(dir, 'ned.ramkoll');
  exportPackage(c.db, { to: siteId(a), file: down, now: c.now() });
  await receive(a, down);
  const up = path.join(dir, 'upp.ramkoll');
  exportPackage(a.db, { to: siteId(c), file: up, now: a.now() });
  base = readPackage(up).payload;
  c.db.close();
});

afterEach(() => {
  a?.db.close();
});

describe('attachments in a package', () => {
  it('keeps two attachments with the same name apart (as Windows compares names), with a note, instead of failing', () => {
    const file = withAttachments([attachment('rapport.pdf', 'första'), attachment('Rapport.pdf', 'andra'), attachment('rapport.pdf', 'tredje')]);
    const db = path.join(dir, 'c.db');
    const r = runCli(['exchange', 'import', file, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { notes: string[] };
    expect(out.notes).toContain('Paketet har flera bilagor som heter Rapport.pdf; den här sparades som Rapport (2).pdf.');
    expect(out.notes).toContain('Paketet har flera bilagor som heter rapport.pdf; den här sparades som rapport (3).pdf.');
    const read = new BetterSqlite3(db, { readonly: true });
    const saved = read.prepare('SELECT name, data FROM xchg_attachment ORDER BY name').all() as { name: string; data: Buffer }[];
    read.close();
    expect(saved.map((s) => [s.name, s.data.toString()])).toEqual([
      ['Rapport (2).pdf', 'andra'],
      ['rapport (3).pdf', 'tredje'],
      ['rapport.pdf', 'första'],
    ]);
  });

  it.each([
    ['a right-to-left override that shows "rapportexe.pdf"', 'rapport\u202Efdp.exe', /bilagan "rapportfdp\.exe" tas inte emot: namnet innehåller osynliga formateringstecken/],
    ['an isolate and a zero-width joiner', 'rap\u2067port\u200D.pdf', /osynliga formateringstecken/],
    ['a reserved device name', 'CON', /bilagan "CON" tas inte emot: CON är ett namn som Windows reserverar för en enhet/],
    ['a reserved device name with an extension', 'nul.txt', /NUL är ett namn som Windows reserverar/],
    ['COM1 with two extensions', 'Com1.tar.gz', /COM1 är ett namn som Windows reserverar/],
    ['a trailing dot', 'rapport.pdf.', /slutar med punkt eller mellanslag/],
    ['a trailing space', 'rapport.pdf ', /slutar med punkt eller mellanslag/],
  ])('refuses an attachment whose name has %s, naming the problem, and changes nothing', (_what, name, message) => {
    const file = withAttachments([attachment(name, 'innehåll')]);
    const db = path.join(dir, 'c.db');
    const before = contentHash(db);
    const r = runCli(['exchange', 'import', file, '--db', db]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(contentHash(db)).toBe(before);
  });

  it('will not send a file under such a name either', () => {
    const odd = path.join(dir, 'NUL.pdf');
    fs.writeFileSync(odd, '%PDF-1.4');
    const peer = JSON.parse(runCli(['site', '--db', path.join(dir, 'c.db'), '--json']).stdout) as { id: string };
    a.db.close();
    const r = runCli(['exchange', 'export', '--db', path.join(dir, 'a.db'), '--to', peer.id, '--out', path.join(dir, 'ut.ramkoll'), '--attach', odd]);
    expect(r.stderr).toMatch(/Bilagan NUL\.pdf kan inte skickas: NUL är ett namn som Windows reserverar för en enhet\. Byt namn på filen/);
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'ut.ramkoll'))).toBe(false);
  });
});
