/**
 * The kommun's report template (issue 19 point 2): only Ekonomi writes it,
 * zod-checked with located errors; a förvaltning that has received it can
 * change none of it (sections, unit, logo) by its handlers or by a package;
 * the controller relays it to its chefs; forged packages are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import type { Actor } from '../../electron/services/followup/model';
import { newId } from '../../electron/services/ids';
import { buildReport } from '../../electron/services/reports/build';
import { combineReports } from '../../electron/services/reports/combine';
import { reportDocument } from '../../electron/services/reports/document';
import { kommuntotalModel } from '../../electron/services/reports/kommuntotal';
import { getReportSettings, saveReportSettings } from '../../electron/services/reports/settings';
import { getTemplate, saveTemplate, TEMPLATE_ID, type TemplateInput } from '../../electron/services/templates/template';
import { saveTextKind, textKindId, textKinds } from '../../electron/services/texts/kinds';
import { changeTextStatus, saveText } from '../../electron/services/texts/sections';
import type { TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let e: TestContext;
let c: TestContext;
let s: TestContext;
let data: SmallData;
let n = 0;

const actor = (x: TestContext): Actor => ({ siteId: siteId(x), user: 'test', role: x.site.role, scopeCode: x.site.scopeCode, now: x.now() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, got: await receive(to, file) };
}

async function introduce(a: TestContext, b: TestContext) {
  const file = path.join(dir, `intro${++n}.ramkoll`);
  exportIntroduction(a.db, file, a.now());
  await receive(b, file);
}

const TEMPLATE: TemplateInput = {
  sections: [
    { code: 'resultat', heading: 'Ekonomiskt utfall', guidance: '' },
    { code: 'miljo', heading: 'Miljö och klimat', guidance: 'Vad har nämnden gjort för klimatet?' },
    { code: 'summary', heading: 'Sammanfattning', guidance: 'Det viktigaste i korthet.' },
    { code: 'events', heading: 'Väsentliga händelser', guidance: '' },
    { code: 'verksamhet', heading: 'Ekonomi per {nivå}', guidance: '' },
    { code: 'analys', heading: 'Analys', guidance: '' },
  ],
  unit: 'mnkr',
  logo: null,
  cover: { titles: { monthly_forecast: 'Månadsuppföljning' }, text: 'Kommunens mall.' },
};

beforeEach(async () => {
  dir = tempDir('ramkoll-tmpl-');
  e = await siteContext(path.join(dir, 'e.db'), 'ekonomi', null, 'Ekonomi');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  await introduce(s, c);
  await introduce(c, e);
  await introduce(e, c);
});

afterEach(() => {
  for (const x of [e, c, s]) x?.db.close();
});

describe('the template at Ekonomi', () => {
  it('is Ekonomi’s alone, checked with the place of each error, and its text sections become the kinds in its order', async () => {
    expect(() => saveTemplate(c.db, actor(c), TEMPLATE)).toThrow(/Bara Ekonomi/);
    const bad = { ...TEMPLATE, sections: [TEMPLATE.sections[0], { code: 'Miljö!', heading: '' }, TEMPLATE.sections[0]], unit: 'kr' };
    const err = (() => {
      try {
        saveTemplate(e.db, actor(e), bad);
      } catch (x) {
        return x as { message: string; details: { column: string }[] };
      }
      throw new Error('saved');
    })();
    expect(err.details.map((d) => d.column)).toEqual(expect.arrayContaining(['sections[2].code', 'sections[2].heading', 'sections[3].code', 'unit']));
    expect(getTemplate(e.db)).toBeNull();
    const t = saveTemplate(e.db, actor(e), TEMPLATE);
    expect(t).toMatchObject({ version: 1, origin: 'own', unit: 'mnkr' });
    expect(textKinds(e.db).map((k) => [k.code, k.name, k.sortOrder])).toEqual([
      ['miljo', 'Miljö och klimat', 10],
      ['summary', 'Sammanfattning', 20],
      ['events', 'Väsentliga händelser', 30],
    ]);
    expect(saveTemplate(e.db, actor(e), TEMPLATE).version).toBe(2);
    // The kinds are the template's now: not changed beside it, not even by Ekonomi.
    expect(() => saveTextKind(e.db, actor(e), { code: 'x', name: 'X', guidance: '' })).toThrow(/Rapporter › Rapportmall/);
    // Through the handler map: the same checks, a logo file read as for the report settings.
    await expect(invoke('template.save', { template: { ...TEMPLATE, unit: 'kr' } }, c)).rejects.toThrow(/Bara Ekonomi/);
  });
});

describe('the template in a förvaltning', () => {
  it('arrives from Ekonomi, decides unit, sections, headings and cover, and the controller can change none of it', async () => {
    saveTemplate(e.db, actor(e), TEMPLATE);
    const got = (await send(e, c)).got;
    expect(got.refused).toBe(0);
    expect(getTemplate(c.db)).toMatchObject({ version: 1, origin: 'received', unit: 'mnkr' });
    expect(textKinds(c.db).map((k) => k.name)).toEqual(['Miljö och klimat', 'Sammanfattning', 'Väsentliga händelser']);
    expect(getReportSettings(c.db)).toMatchObject({ unit: 'mnkr', templateVersion: 1 });
    expect(() => saveTextKind(c.db, actor(c), { code: 'egen', name: 'Eget', guidance: '' })).toThrow(/rapportmallen från Ekonomi/);
    expect(() => saveReportSettings(c.db, { unit: 'tkr' })).toThrow(/rapportmallen från Ekonomi/);
    expect(() => saveReportSettings(c.db, { logo: null })).toThrow(/rapportmallen från Ekonomi/);
    expect(saveReportSettings(c.db, { sign: 'costs-negative' })).toMatchObject({ sign: 'costs-negative', unit: 'mnkr' });

    const a = actor(c);
    saveText(c.db, a, { occasionId: data.occasionId, code: '9000', kind: 'miljo', body: 'Fossilfria bilar.' });
    changeTextStatus(c.db, a, { occasionId: data.occasionId, code: '9000', kind: 'miljo', action: 'ready' });
    changeTextStatus(c.db, a, { occasionId: data.occasionId, code: '9000', kind: 'miljo', action: 'approve' });
    const doc = reportDocument(buildReport(c.db, { period: 202610, scope: null, now: c.now() }));
    expect(doc.sections.slice(0, 4).map((x) => x.title)).toEqual(['Ekonomiskt utfall', 'Miljö och klimat', 'Ekonomi per sektor', 'Analys']);
    // Sections the template does not name come after its own, in the report's order.
    expect(doc.sections.slice(4).map((x) => x.id)).toEqual(['atgarder', 'prognossakerhet']);
    expect(doc.title).toBe('Månadsuppföljning januari–oktober 2026');
    expect(doc.front).toEqual(expect.arrayContaining([{ label: 'Om rapporten', value: 'Kommunens mall.' }, { label: 'Rapportmall', value: expect.stringMatching(/^version 1 från Ekonomi/) }]));
    expect(doc.unitNote).toMatch(/^Belopp i mnkr/);
  });

  it('reaches the sektorchef through the controller, and a chef or controller cannot change it by a package', async () => {
    saveTemplate(e.db, actor(e), TEMPLATE);
    await send(e, c);
    const down = await send(c, s);
    expect(down.got.refusedItems).toEqual([]);
    expect(getTemplate(s.db)).toMatchObject({ version: 1, origin: 'received' });
    expect(textKinds(s.db).map((k) => [k.code, k.guidance])).toContainEqual(['miljo', 'Vad har nämnden gjort för klimatet?']);

    // A chef's forged package to the controller: the template's headings and a kind of its own.
    const { file } = await send(s, c);
    const real = readPackage(file).payload;
    const v = (k: number, site: string) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${site}`;
    const fresh = newId();
    const before = c.db.prepare('SELECT * FROM report_template').all();
    const beforeKinds = c.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all();
    const forged = (payload: Payload, site: string, db = c.db): Payload => ({
      ...payload,
      manifest: { ...payload.manifest, id: newId() },
      changes: [
        ['report_template', TEMPLATE_ID, 'sections_json', JSON.stringify([{ code: 'resultat', heading: 'Kapat', guidance: '' }]), v(1, site), currentVersion(db, 'report_template', TEMPLATE_ID, 'sections_json'), null],
        ['report_template', TEMPLATE_ID, 'unit', 'tkr', v(2, site), currentVersion(db, 'report_template', TEMPLATE_ID, 'unit'), null],
        ['text_section_kind', textKindId('miljo'), 'name', 'Kapad rubrik', v(3, site), currentVersion(db, 'text_section_kind', textKindId('miljo'), 'name'), null],
        ['text_section_kind', fresh, 'code', 'egen', v(4, site), null, null],
        ['text_section_kind', fresh, 'name', 'Eget avsnitt', v(5, site), null, null],
        ['text_section_kind', fresh, 'sort_order', 5, v(6, site), null, null],
      ],
    });
    const chefFile = path.join(dir, 'chef-hostile.ramkoll');
    writePackage(chefFile, forged(real, siteId(s)), signingKey(s.db, siteId(s)));
    const r1 = await importPackage(c.db, { file: chefFile, now: c.now() });
    expect(r1.applied).toBe(0);
    expect(new Set(r1.refusedItems.map((x) => x.table))).toEqual(new Set(['report_template', 'text_section_kind']));
    expect(c.db.prepare('SELECT * FROM report_template').all()).toEqual(before);
    expect(c.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all()).toEqual(beforeKinds);

    // The controller's forged package to Ekonomi: the same changes, refused there.
    const up = await send(c, e);
    const eBefore = e.db.prepare('SELECT * FROM report_template').all();
    const eKinds = e.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all();
    const ctrlFile = path.join(dir, 'controller-hostile.ramkoll');
    writePackage(ctrlFile, forged(readPackage(up.file).payload, siteId(c), e.db), signingKey(c.db, siteId(c)));
    const r2 = await importPackage(e.db, { file: ctrlFile, now: e.now() });
    expect(r2.applied).toBe(0);
    expect(new Set(r2.refusedItems.map((x) => x.table))).toEqual(new Set(['report_template', 'text_section_kind']));
    expect(e.db.prepare('SELECT * FROM report_template').all()).toEqual(eBefore);
    expect(e.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all()).toEqual(eKinds);
  });

  it('refuses an Ekonomi package that writes a förvaltning’s text besides the template', async () => {
    saveTemplate(e.db, actor(e), TEMPLATE);
    const { file } = await send(e, c);
    const a = actor(c);
    saveText(c.db, a, { occasionId: data.occasionId, code: '9000', kind: 'summary', body: 'Förvaltningens egen text.' });
    const textId = c.db.prepare('SELECT id FROM text_section').pluck().get() as string;
    const before = c.db.prepare('SELECT * FROM text_section').all();
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(e)}`;
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ['text_section', textId, 'body', 'Ekonomi skriver om texten', v(1), currentVersion(c.db, 'text_section', textId, 'body'), null],
        ['text_section', textId, 'status', 'approved', v(2), currentVersion(c.db, 'text_section', textId, 'status'), null],
      ],
    };
    const f = path.join(dir, 'ekonomi-hostile.ramkoll');
    writePackage(f, forged, signingKey(e.db, siteId(e)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => x.table)).toEqual(['text_section', 'text_section']);
    expect(c.db.prepare('SELECT * FROM text_section').all()).toEqual(before);
  });
});

describe('the kommuntotal’s template', () => {
  it('follows the newest version and names the förvaltning with an older one', async () => {
    saveTemplate(e.db, actor(e), TEMPLATE);
    await send(e, c);
    const old = buildReport(c.db, { period: 202610, scope: null, now: c.now() });
    saveTemplate(e.db, actor(e), { ...TEMPLATE, sections: [...TEMPLATE.sections].reverse() });
    await send(e, c);
    const newer = buildReport(c.db, { period: 202610, scope: null, now: c.now() });
    const other = { ...old, front: { ...old.front, administration: 'Omsorgsförvaltningen' } };
    const doc = reportDocument(combineReports([newer, other], c.now()));
    expect(doc.sections.map((x) => x.title).slice(0, 3)).toEqual(['Analys', 'Ekonomi per förvaltning', 'Ekonomiskt utfall']);
    expect(doc.front.find((x) => x.label === 'Rapportmall')?.value).toMatch(/version 2 från Ekonomi.*Omsorgsförvaltningen \(version 1\)/);
  });

  it('from the databases: a förvaltning without a template is named, and the kommuntotal has the template’s unit', async () => {
    saveTemplate(e.db, actor(e), TEMPLATE);
    await send(e, c);
    c.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').run();
    const other = path.join(dir, 'omsorg.db');
    fs.copyFileSync(path.join(dir, 'c.db'), other);
    const o = new BetterSqlite3(other);
    o.exec(`DELETE FROM report_template; UPDATE setting SET value = '"Omsorgsförvaltningen"' WHERE key = 'administration.name'`);
    o.close();
    // The first förvaltning has no template (its own unit, tkr); the kommuntotal follows the other's, in mnkr.
    const doc = reportDocument(await kommuntotalModel([other, path.join(dir, 'c.db')], { period: 202610, now: c.now() }));
    expect(doc.unitNote).toMatch(/^Belopp i mnkr/);
    expect(doc.sections[0]!.title).toBe('Ekonomiskt utfall');
    expect(doc.front.find((x) => x.label === 'Rapportmall')?.value).toMatch(/Omsorgsförvaltningen \(ingen mall\)/);
  });
});
