import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signingKey } from '../../electron/services/exchange/identity';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, openTestContext } from '../support/db';
import { createSmallForvaltning, setCommentField } from '../support/exchange';
import { tempDir } from '../support/tmp';

interface ImportJson {
  applied: number;
  skipped: number;
  conflicts: number;
  refused: number;
  refusedItems: { table: string; rowId: string; field: string; reason: string }[];
}

describe('ramkoll site and ramkoll exchange', () => {
  it('shows and sets the identity, with clear messages for what is wrong', () => {
    const db = path.join(tempDir('ramkoll-xcli-'), 'a.db');
    expect(runCli(['init', '--db', db]).code).toBe(0);
    const site = runCliJson<Record<string, unknown>>(['site', '--db', db]);
    expect(Object.keys(site).sort()).toEqual(['fingerprint', 'id', 'name', 'publicKey', 'role', 'scope', 'scopeName']);
    expect(site).toMatchObject({ role: 'controller', scope: null });
    const text = runCli(['site', '--db', db]).stdout;
    expect(text).toContain(`nyckel      ${String(site.fingerprint)}`);

    const noScope = runCli(['site', 'set', '--db', db, '--role', 'sektorchef']);
    expect(noScope.code).toBe(1);
    expect(noScope.stderr).toMatch(/^ramkoll: Den här installationen är sektorchef och behöver ett område: ange sektorns ansvarskod \(till exempel --scope 3100\)\.\n$/);
    const badRole = runCli(['site', 'set', '--db', db, '--role', 'chef']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role ska vara controller, sektorchef, verksamhetschef, enhetschef eller ekonomi/);
    expect(runCli(['site', 'set', '--db', db]).code).toBe(2);
    const set = runCliJson<{ role: string; scope: string; name: string; fingerprint: string }>(['site', 'set', '--db', db, '--role', 'sektorchef', '--scope', '3100', '--name', 'Sektor ÄO']);
    expect(set).toMatchObject({ role: 'sektorchef', scope: '3100', name: 'Sektor ÄO', fingerprint: site.fingerprint });
    expect(runCliJson(['site', '--db', db])).toMatchObject({ role: 'sektorchef', scope: '3100' });
    for (const cmd of [['site'], ['site', 'set'], ['exchange', 'export'], ['exchange', 'import'], ['exchange', 'conflicts']]) {
      const help = runCli([...cmd, '--help']);
      expect(help.code, cmd.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/^Användning: ramkoll /);
    }
  });

  it('prints counts and refused items, lists and resolves conflicts, and refuses a damaged package with exit code 1', async () => {
    const dir = tempDir('ramkoll-xcli-');
    const c = path.join(dir, 'c.db');
    const a = path.join(dir, 'a.db');
    expect(runCli(['init', '--db', a]).code).toBe(0);
    const aSite = runCliJson<{ id: string }>(['site', 'set', '--db', a, '--role', 'sektorchef', '--scope', '9100', '--name', 'Sektor Ett']);
    const ctx = await openTestContext(c);
    const data = createSmallForvaltning(ctx.db, ctx.site.id);
    ctx.db.close();
    runCliJson(['exchange', 'introduce', '--db', a, '--out', path.join(dir, 'intro-a.ramkoll')]);
    runCliJson(['exchange', 'import', path.join(dir, 'intro-a.ramkoll'), '--db', c, '--accept-sender']);
    const cSite = runCliJson<{ id: string }>(['site', '--db', c]);
    const first = path.join(dir, 'forsta.ramkoll');
    runCliJson(['exchange', 'export', '--db', c, '--to', aSite.id, '--out', first]);
    expect(runCliJson<ImportJson>(['exchange', 'import', first, '--db', a, '--accept-sender'])).toMatchObject({ refused: 0, conflicts: 0, refusedItems: [] });

    // Both change the same comment's cause.
    for (const [db, site, text] of [
      [c, cSite.id, 'Controllerns text'],
      [a, aSite.id, 'Sektorns text'],
    ] as const) {
      const x = await openTestContext(db);
      setCommentField(x.db, site, data.commentIds[0]!, 'cause', text);
      x.db.close();
    }
    const up = path.join(dir, 'upp.ramkoll');
    runCliJson(['exchange', 'export', '--db', a, '--to', cSite.id, '--out', up]);
    // A sektorchef package that also tries to change the budget.
    const x = await openTestContext(a);
    const real = readPackage(up).payload;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [...real.changes, ['budget_line', data.lineIds[0]!, 'note', 'inte tillåtet', `${Date.now() + 1000}-00000009-${aSite.id}`, null, null]],
    };
    const bad = path.join(dir, 'for-mycket.ramkoll');
    writePackage(bad, forged, signingKey(x.db, aSite.id));
    x.db.close();
    const got = runCliJson<ImportJson>(['exchange', 'import', bad, '--db', c]);
    expect(got).toMatchObject({ applied: 0, conflicts: 1, refused: 1 });
    expect(got.refusedItems).toEqual([{ table: 'budget_line', label: 'budgetrad', rowId: data.lineIds[0], field: 'note', reason: 'en sektorchef får inte ändra budgetrader' }]);
    expect(runCli(['exchange', 'import', bad, '--db', c]).stdout).toMatch(/redan inläst|lästes redan in/);

    const conflicts = runCliJson<{ id: string; field: string; candidates: { version: string; display: string; shown: boolean; site: { name: string } }[] }[]>(['exchange', 'conflicts', '--db', c]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.field).toBe('cause');
    expect(conflicts[0]!.candidates.map((k) => k.display).sort()).toEqual(['Controllerns text', 'Sektorns text']);
    const keep = conflicts[0]!.candidates.find((k) => k.display === 'Controllerns text')!;
    const resolved = runCliJson<{ status: string }>(['exchange', 'resolve', '--db', c, '--id', conflicts[0]!.id, '--version', keep.version]);
    expect(resolved.status).toBe('resolved');
    expect(runCliJson<unknown[]>(['exchange', 'conflicts', '--db', c])).toEqual([]);
    expect(runCliJson<unknown[]>(['exchange', 'conflicts', '--db', c, '--all'])).toHaveLength(1);
    const history = runCliJson<{ direction: string; kind: string }[]>(['exchange', 'history', '--db', c]);
    expect(history.map((h) => `${h.direction} ${h.kind}`)).toEqual(['received return', 'sent sector', 'received intro']);

    // One byte changed: exit 1, one line on stderr, {"error"} with --json, and the database as it was.
    const bytes = fs.readFileSync(first);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    const tampered = path.join(dir, 'andrad.ramkoll');
    fs.writeFileSync(tampered, bytes);
    const before = contentHash(a);
    const r = runCli(['exchange', 'import', tampered, '--db', a]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: andrad\.ramkoll: signaturen stämmer inte: [^\n]+\n$/);
    const j = runCli(['exchange', 'import', tampered, '--db', a, '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ error: { code: 'BAD_FILE' } });
    expect(contentHash(a)).toBe(before);
    const unknown = runCli(['exchange', 'export', '--db', a, '--to', 'ingen-sadan-site', '--out', path.join(dir, 'x.ramkoll')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Mottagaren ingen-sadan-site är okänd här/);
  });

  it('says where a package could not be saved (no such folder, a folder in its place), and records no package as sent', () => {
    const dir = tempDir('ramkoll-xcli-');
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    for (const db of [a, b]) expect(runCli(['init', '--db', db]).code).toBe(0);
    const intro = path.join(dir, 'b.ramkoll');
    expect(runCli(['exchange', 'introduce', '--db', b, '--out', intro]).code).toBe(0);
    expect(runCli(['exchange', 'import', intro, '--db', a, '--accept-sender']).code).toBe(0);
    const to = runCliJson<{ id: string }>(['site', '--db', b]).id;
    const before = contentHash(a);
    const folder = path.join(dir, 'paket.ramkoll');
    fs.mkdirSync(folder);
    for (const out of [path.join(dir, 'finns-inte', 'p.ramkoll'), folder]) {
      const r = runCli(['exchange', 'export', '--db', a, '--to', to, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^ramkoll: ${path.basename(out).replace('.', '\\.')} kunde inte sparas \\(E[A-Z]+\\): välj en annan mapp`, 'm'));
      expect(contentHash(a)).toBe(before);
    }
    // Nothing half written is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    expect(runCliJson<unknown[]>(['exchange', 'history', '--db', a, '--json']).filter((p) => (p as { direction: string }).direction === 'sent')).toEqual([]);
  });

  it('watches the folder named with --set, and refuses one that does not exist', () => {
    const dir = tempDir('ramkoll-xcli-');
    const db = path.join(dir, 'a.db');
    expect(runCli(['init', '--db', db]).code).toBe(0);
    const folder = path.join(dir, 'utbyte');
    fs.mkdirSync(folder);
    expect(runCliJson(['exchange', 'folder', '--db', db, '--set', folder, '--json'])).toMatchObject({ folderName: 'utbyte', exists: true });
    const before = contentHash(db);
    const r = runCli(['exchange', 'folder', '--db', db, '--set', path.join(dir, 'saknas'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ramkoll: Mappen .*saknas finns inte\. Välj en befintlig mapp\.$/m);
    expect(contentHash(db)).toBe(before);
    expect(runCliJson(['exchange', 'folder', '--db', db, '--json'])).toMatchObject({ folderName: 'utbyte' });
  });

  it('says that a folder given as the package is a folder, and changes nothing', () => {
    const dir = tempDir('ramkoll-xcli-');
    const db = path.join(dir, 'a.db');
    expect(runCli(['init', '--db', db]).code).toBe(0);
    const folder = path.join(dir, 'paket.ramkoll');
    fs.mkdirSync(folder);
    const before = contentHash(db);
    for (const cmd of ['import', 'inspect']) {
      const r = runCli(['exchange', cmd, folder, '--db', db]);
      expect(r.code, cmd).toBe(1);
      expect(r.stderr).toMatch(/^ramkoll: paket\.ramkoll är en mapp, inget paket\. Välj en \.ramkoll-fil som någon har skickat\.$/m);
    }
    expect(contentHash(db)).toBe(before);
  });
});
