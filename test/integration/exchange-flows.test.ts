import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { migrations } from '../../migrations/index';
import { invoke } from '../../electron/api/invoke';
import { EXCHANGED_TABLES, LOCAL_TABLES } from '../../electron/services/exchange/registry';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { importPackage } from '../../electron/services/exchange/import';
import { signingKey } from '../../electron/services/exchange/identity';
import { readPackage, writePackage, type Payload, type WireChange } from '../../electron/services/exchange/package-file';
import { naturalId, newId } from '../../electron/services/ids';
import { SCHEMA_COLUMNS } from '../../db/schema';
import { openTestContext, type TestContext } from '../support/db';
import { commentFor, createSmallForvaltning, setCommentField, siteContext, siteId, SMALL_ORG, receive } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

async function site(dir: string, name: string, role: 'controller' | 'sektorchef' | 'ekonomi', scope: string | null) {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}

async function introduce(dir: string, from: TestContext, to: TestContext) {
  const file = path.join(dir, `intro-${newId()}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

describe('the registry of exchanged tables', () => {
  it('names every column of each exchanged table, except the bookkeeping columns', () => {
    const bookkeeping = new Set(['created_at', 'updated_at', 'updated_by_site']);
    for (const t of EXCHANGED_TABLES) {
      const columns = Object.keys(SCHEMA_COLUMNS[t.table as keyof typeof SCHEMA_COLUMNS]).filter((c) => c !== t.key && !bookkeeping.has(c));
      const covered = t.fields.flatMap((f) => f.columns);
      expect(covered.sort(), t.table).toEqual(columns.sort());
      for (const f of t.fields) if (f.ref) expect(EXCHANGED_TABLES.findIndex((x) => x.table === f.ref), `${t.table}.${f.name}`).toBeLessThanOrEqual(EXCHANGED_TABLES.indexOf(t));
    }
  });
});

describe('every table of the schema', () => {
  it('either travels (an entry in the registry) or is listed as local with a reason', () => {
    const exchanged = EXCHANGED_TABLES.map((t) => t.table);
    const local = Object.keys(LOCAL_TABLES);
    expect(exchanged.filter((t) => local.includes(t))).toEqual([]);
    expect([...exchanged, ...local].sort()).toEqual(Object.keys(SCHEMA_COLUMNS).sort());
    // Tables with the synced columns are edited and exchanged: any kept local must say why.
    for (const t of local) expect(LOCAL_TABLES[t]!.length, t).toBeGreaterThan(10);
  });
});

describe('Ekonomi and the förvaltning', () => {
  it('Ekonomi sends budgetförutsättningar; the controller sends Ekonomi approved comments, forecasts and the report file', async () => {
    const dir = tempDir('ramkoll-xflow-');
    const ekonomi = await site(dir, 'Ekonomi', 'ekonomi', null);
    const controller = await site(dir, 'Controller', 'controller', null);
    await introduce(dir, controller, ekonomi);
    await introduce(dir, ekonomi, controller);

    // Ekonomi: the organisation and kontoplan, the nämnd's ram, the calendar, PO-pålägg and the kommun's name.
    const data = createSmallForvaltning(ekonomi.db, siteId(ekonomi));
    const e = ekonomi.db;
    e.prepare('INSERT INTO frame (id, version_id, responsibility_id, amount_ore, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      newId(),
      data.versionId,
      naturalId('ansvar', '9000'),
      55_000_000_00,
      'x',
      'x',
      siteId(ekonomi),
    );
    e.prepare("INSERT INTO payroll_overhead_rate (id, year, category, name, rate_bp, created_at, updated_at, updated_by_site) VALUES (?, 2026, 'tillsvidare', 'Tillsvidareanställda', 4015, 'x', 'x', ?)").run(
      newId(),
      siteId(ekonomi),
    );
    e.prepare("UPDATE setting SET value = '\"Exempelby kommun\"' WHERE key = 'kommun.name'").run();
    const pre = path.join(dir, 'forutsattningar.ramkoll');
    const sent = exportPackage(e, { to: siteId(controller), file: pre, now: ekonomi.now() });
    expect(sent.kind).toBe('prerequisites');
    // Ekonomi sends what it may set, not the förvaltning's budget lines, comments or outcome it happens to hold.
    expect(sent.contents.map((c) => c.table).sort()).toEqual(['account', 'budget_version', 'dimension_value', 'frame', 'payroll_overhead_rate', 'reporting_occasion', 'setting']);
    expect(sent.outcomeRows).toBe(0);
    const got = await importPackage(controller.db, { file: pre, now: controller.now() });
    expect(got).toMatchObject({ refused: 0, conflicts: 0 });
    const c = controller.db;
    expect((c.prepare("SELECT value FROM setting WHERE key = 'kommun.name'").get() as { value: string }).value).toBe('"Exempelby kommun"');
    expect(c.prepare('SELECT count(*) AS n FROM dimension_value').get()).toEqual({ n: SMALL_ORG.length });
    expect((c.prepare('SELECT amount_ore FROM frame').get() as { amount_ore: number }).amount_ore).toBe(55_000_000_00);
    expect((c.prepare('SELECT rate_bp FROM payroll_overhead_rate').get() as { rate_bp: number }).rate_bp).toBe(4015);

    // A sektor's ram is the controller's to set: from Ekonomi it is refused (a package Ekonomi's own export would not make).
    const real = readPackage(pre).payload;
    const frameAmount = real.changes.find((x) => x[0] === 'frame' && x[2] === 'amount_ore')!;
    const frameRow = frameAmount[1];
    const v = `${String(Date.now() + 5000).padStart(13, '0')}-00000001-${siteId(ekonomi)}`;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ['frame', newId(), 'version_id', data.versionId, v, null, null],
        ['frame', frameRow, 'amount_ore', 56_000_000_00, v, frameAmount[4], null],
      ],
    };
    const sectorFrame = forged.changes[0]![1];
    forged.changes.unshift(
      ...(['responsibility_id', 'amount_ore', 'note', 'deleted_at'] as const).map(
        (f): WireChange => ['frame', sectorFrame, f, f === 'responsibility_id' ? naturalId('ansvar', '9100') : f === 'amount_ore' ? 30_000_000_00 : null, v, null, null],
      ),
    );
    const forgedFile = path.join(dir, 'sektorram.ramkoll');
    writePackage(forgedFile, forged, signingKey(e, siteId(ekonomi)));
    const r = await importPackage(controller.db, { file: forgedFile, now: controller.now() });
    expect(r.applied).toBe(1);
    expect(new Set(r.refusedItems.map((x) => x.reason))).toEqual(new Set(['Ekonomi får inte ändra ramar för ansvar 9100 (bara på nivån förvaltning)']));
    expect((c.prepare('SELECT amount_ore FROM frame').all() as { amount_ore: number }[]).map((x) => x.amount_ore)).toEqual([56_000_000_00]);

    // The controller's work: comments (one approved) and forecasts for the occasion.
    const budgetRows = c.prepare('SELECT count(*) AS n FROM budget_line').get() as { n: number };
    expect(budgetRows.n).toBe(0);
    const approved = newId();
    const draft = newId();
    const ins = c.prepare(
      "INSERT INTO deviation_comment (id, occasion_id, responsibility_id, cause, action, status, author, created_at, updated_at, updated_by_site) VALUES (?, ?, ?, ?, '', ?, 'controller', 'x', 'x', ?)",
    );
    ins.run(approved, data.occasionId, naturalId('ansvar', '9100'), 'Sektor Ett går med underskott', 'approved', siteId(controller));
    ins.run(draft, data.occasionId, naturalId('ansvar', '9200'), 'Ännu ett utkast', 'draft', siteId(controller));
    const report = path.join(dir, 'rapport-oktober.pdf');
    fs.writeFileSync(report, '%PDF-1.4 rapport');
    const out = path.join(dir, 'till-ekonomi.ramkoll');
    const toEkonomi = await invoke('exchange.export', { to: siteId(ekonomi), file: out, occasionId: data.occasionId, attachment: report }, controller);
    expect(toEkonomi).toMatchObject({ kind: 'administration', attachments: ['rapport-oktober.pdf'] });
    const m = readPackage(out).payload;
    expect(m.manifest.occasion).toMatchObject({ id: data.occasionId, name: 'Oktober 2026' });
    const comments = new Set(m.changes.filter((x) => x[0] === 'deviation_comment').map((x) => x[1]));
    expect([...comments]).toEqual([approved]);
    const back = await importPackage(ekonomi.db, { file: out, now: ekonomi.now() });
    expect(back.refused).toBe(0);
    expect(commentFor(e, data.occasionId, '9100')).toMatchObject({ id: approved, status: 'approved' });
    expect(commentFor(e, data.occasionId, '9200')).toBeUndefined();
    const history = (await invoke('exchange.history', {}, ekonomi)) as { attachments: string[]; kind: string; direction: string }[];
    expect(history[0]).toMatchObject({ kind: 'administration', direction: 'received', attachments: ['rapport-oktober.pdf'] });
    const saved = path.join(dir, 'sparad.pdf');
    await invoke('exchange.attachment.save', { packageId: m.manifest.id, name: 'rapport-oktober.pdf', file: saved }, ekonomi);
    expect(fs.readFileSync(saved, 'utf8')).toBe('%PDF-1.4 rapport');

    // Returned to draft at the förvaltning: Ekonomi, which holds the comment, hears of it.
    setCommentField(c, siteId(controller), approved, 'status', 'returned');
    const again = path.join(dir, 'igen.ramkoll');
    exportPackage(c, { to: siteId(ekonomi), file: again, now: controller.now() });
    await importPackage(e, { file: again, now: ekonomi.now() });
    expect(commentFor(e, data.occasionId, '9100')!.status).toBe('returned');
  });
});

describe('the watched folder', () => {
  it('offers the packages addressed to this installation, and reads one in by its id', async () => {
    const dir = tempDir('ramkoll-xfolder-');
    const folder = path.join(dir, 'delad');
    fs.mkdirSync(folder);
    const controller = await site(dir, 'Controller', 'controller', null);
    const a = await site(dir, 'Ett', 'sektorchef', '9100');
    const b = await site(dir, 'Två', 'sektorchef', '9200');
    createSmallForvaltning(controller.db, siteId(controller));
    await introduce(dir, a, controller);
    await introduce(dir, b, controller);
    const none = (await invoke('exchange.folder.get', {}, a)) as { folderName: string | null };
    expect(none.folderName).toBeNull();
    await invoke('exchange.folder.set', { file: path.join(folder, 'valfritt-namn') }, a);
    exportPackage(controller.db, { to: siteId(a), file: path.join(folder, 'till-ett.ramkoll'), now: controller.now() });
    exportPackage(controller.db, { to: siteId(b), file: path.join(folder, 'till-tva.ramkoll'), now: controller.now() });
    fs.writeFileSync(path.join(folder, 'trasig.ramkoll'), 'inte ett paket');
    fs.writeFileSync(path.join(folder, 'anteckning.txt'), 'hej');
    const state = (await invoke('exchange.folder.get', {}, a)) as { folderName: string; exists: boolean; packages: { packageId: string; fileName: string; imported: boolean; from: { name: string | null } }[] };
    expect(state).toMatchObject({ folderName: 'delad', exists: true });
    expect(state.packages.map((p) => [p.fileName, p.imported, p.from.name])).toEqual([['till-ett.ramkoll', false, null]]);
    // The controller is new to the sektorchef: its first package is shown, and read in only once the sender is accepted.
    const packageId = state.packages[0]!.packageId;
    const seen = (await invoke('exchange.folder.inspect', { packageId }, a)) as { decisions: { kind: string; message: string }[] };
    expect(seen.decisions.map((d) => d.kind)).toEqual(['sender']);
    expect(seen.decisions[0]!.message).toMatch(/^Controller är ny här och presenterar sig som controller för hela organisationen, med nyckelns fingeravtryck [0-9A-F ]{39}\./);
    await expect(invoke('exchange.folder.import', { packageId }, a)).rejects.toThrow(/Controller är ny här.*Inget har lästs in\.$/);
    expect((await invoke('exchange.folder.get', {}, a)) as { packages: { imported: boolean }[] }).toMatchObject({ packages: [{ imported: false }] });
    const r = (await invoke('exchange.folder.import', { packageId, accept: ['sender'] }, a)) as { applied: number; refused: number };
    expect(r.applied).toBeGreaterThan(0);
    expect(r.refused).toBe(0);
    const after = (await invoke('exchange.folder.get', {}, a)) as { packages: { imported: boolean; from: { name: string | null } }[] };
    expect(after.packages).toMatchObject([{ imported: true, from: { name: 'Controller' } }]);
    expect(JSON.stringify(after)).not.toContain(dir);
  });
});

describe('a database from before the exchange', () => {
  it('gives the rows it already holds versions when upgraded, so the first package carries them', async () => {
    const dir = tempDir('ramkoll-xupgrade-');
    const file = path.join(dir, 'gammal.db');
    const old = await openDatabase(file, { create: true, migrations: migrations.slice(0, 1) });
    old.sqlite.exec(`
      INSERT INTO site VALUES ('gammal-site', 'Gammal', 'controller', NULL, NULL, 1, 'x', 'x');
      INSERT INTO fiscal_year VALUES (2026, 'open', 'x');
      INSERT INTO budget_version VALUES ('v1', 2026, 'Budget 2026', 'adopted', NULL, NULL, NULL, 'x', 'x', 'gammal-site', NULL);
      INSERT INTO dimension VALUES ('${naturalId('dimension', 'ansvar')}', 'ansvar', 'Ansvar', 'responsibility', 1, 0, 'x', 'x', 'gammal-site', NULL);
      INSERT INTO dimension_value (id, dimension_id, code, name, parent_id, level, created_at, updated_at, updated_by_site) VALUES ('${naturalId('ansvar', '9100')}', '${naturalId('dimension', 'ansvar')}', '9100', 'Sektor Ett', NULL, 'sector', 'x', 'x', 'gammal-site');
      INSERT INTO coding (account_code, responsibility_code) VALUES ('4010', '9100');
      INSERT INTO budget_line (id, version_id, coding_id, year_ore, m01_ore, created_at, updated_at, updated_by_site) VALUES ('l1', 'v1', 1, 1200, 1200, 'x', 'x', 'gammal-site');`);
    old.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();

    const ctx = await openTestContext(file);
    open.push(ctx);
    const logged = ctx.db.prepare("SELECT field FROM xchg_change WHERE tbl = 'budget_line' AND row_id = 'l1' ORDER BY field").all() as { field: string }[];
    expect(logged.map((l) => l.field)).toEqual(['amounts', 'coding', 'deleted_at', 'manual', 'note', 'profile_id', 'version_id']);
    // Built-in rows that every installation creates alike are not changes of their own.
    expect(ctx.db.prepare("SELECT count(*) AS n FROM xchg_change WHERE tbl = 'dimension' OR tbl = 'periodisation_profile'").get()).toEqual({ n: 0 });
    const chief = await site(dir, 'Ett', 'sektorchef', '9100');
    await introduce(dir, chief, ctx);
    const pkg = path.join(dir, 'forsta.ramkoll');
    const sent = exportPackage(ctx.db, { to: siteId(chief), file: pkg, now: ctx.now() });
    expect(sent.contents.find((c) => c.table === 'budget_line')).toMatchObject({ rows: 1, fields: 7 });
    await receive(chief, pkg);
    expect(chief.db.prepare('SELECT id, year_ore, m01_ore FROM budget_line').all()).toEqual([{ id: 'l1', year_ore: 1200, m01_ore: 1200 }]);
  });
});
