/**
 * Text sections per occasion (issue 19 point 1): the round's rules and
 * rights as for the deviation comments, the text model's errors, and the
 * sections travelling in packages with the comments' rights.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../../electron/api/invoke';
import { currentVersion } from '../../electron/services/exchange/capture';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { signingKey } from '../../electron/services/exchange/identity';
import { importPackage } from '../../electron/services/exchange/import';
import { readPackage, writePackage, type Payload } from '../../electron/services/exchange/package-file';
import { lockOccasion } from '../../electron/services/followup/snapshot';
import type { Actor } from '../../electron/services/followup/model';
import { naturalId, newId } from '../../electron/services/ids';
import { saveTextKind, textKindId } from '../../electron/services/texts/kinds';
import { changeTextStatus, getTextDetail, saveText, textRound } from '../../electron/services/texts/sections';
import { contentHash, type TestContext } from '../support/db';
import { createSmallForvaltning, receive, siteContext, siteId, type SmallData } from '../support/exchange';
import { tempDir } from '../support/tmp';

let dir: string;
let c: TestContext;
let s: TestContext;
let data: SmallData;
let n = 0;

const actor = (x: TestContext, user = 'test'): Actor => ({ siteId: siteId(x), user, role: x.site.role, scopeCode: x.site.scopeCode, now: x.now() });

async function send(from: TestContext, to: TestContext) {
  const file = path.join(dir, `p${++n}.ramkoll`);
  const sent = exportPackage(from.db, { to: siteId(to), file, now: from.now() });
  return { file, sent, got: await receive(to, file) };
}

const rows = (x: TestContext) => x.db.prepare('SELECT id, kind_id, responsibility_id, body, status, return_note, author FROM text_section ORDER BY id').all();

beforeEach(async () => {
  dir = tempDir('ramkoll-texts-');
  c = await siteContext(path.join(dir, 'c.db'), 'controller', null, 'Controller');
  s = await siteContext(path.join(dir, 's.db'), 'sektorchef', '9100', 'Sektorchef Ett');
  data = createSmallForvaltning(c.db, siteId(c));
  const intro = path.join(dir, 'intro.ramkoll');
  exportIntroduction(s.db, intro, s.now());
  await receive(c, intro);
});

afterEach(() => {
  for (const x of [c, s]) x?.db.close();
});

const EVENTS = 'Under perioden öppnade **Solgårdens** äldreboende.\n\n- 40 nya platser\n- 32 årsarbetare rekryterade';

describe('the round of a text section', () => {
  it('goes utkast → klar → godkänd, and återskickad with a note back to klar, each step by the level it belongs to', () => {
    const base = { occasionId: data.occasionId, code: '9100', kind: 'events' };
    const sektor = { ...actor(c), role: 'sektorchef' as const, scopeCode: '9100', user: 'chef' };
    const saved = saveText(c.db, sektor, { ...base, body: EVENTS });
    expect(saved).toMatchObject({ status: 'draft', author: 'chef', kindName: 'Väsentliga händelser', name: 'Sektor Ett', body: EVENTS });
    expect(changeTextStatus(c.db, sektor, { ...base, action: 'ready' }).status).toBe('ready');
    // The sektorchef does not approve its own sektor's text; the förvaltning does.
    expect(() => changeTextStatus(c.db, sektor, { ...base, action: 'approve' })).toThrow(/får inte godkänna eller återskicka texten för ansvar 9100; det gör nivån ovanför/);
    expect(() => changeTextStatus(c.db, actor(c), { ...base, action: 'return' })).toThrow(/Skriv vad som behöver kompletteras/);
    expect(changeTextStatus(c.db, actor(c), { ...base, action: 'return', note: 'Lägg till kostnaden' })).toMatchObject({ status: 'returned', returnNote: 'Lägg till kostnaden' });
    // Changing a returned text keeps it returned until it is marked klar again.
    expect(saveText(c.db, sektor, { ...base, body: `${EVENTS}\n\nKostnaden blev 4,1 mnkr.` }).status).toBe('returned');
    expect(changeTextStatus(c.db, sektor, { ...base, action: 'ready' })).toMatchObject({ status: 'ready', returnNote: null });
    expect(changeTextStatus(c.db, actor(c), { ...base, action: 'approve' }).status).toBe('approved');
    expect(() => saveText(c.db, sektor, { ...base, body: 'ändrad' })).toThrow(/är godkänd\. Nivån ovanför kan återskicka/);
    const detail = getTextDetail(c.db, actor(c), data.occasionId, '9100', 'events');
    expect(detail.history.filter((h) => h.field === 'status').map((h) => h.newValue)).toEqual(['draft', 'ready', 'returned', 'ready', 'approved']);
  });

  it('keeps a sektorchef to its own part and shows the förvaltning the sektorer’s texts to draw on', () => {
    const sektor = { ...actor(c), role: 'sektorchef' as const, scopeCode: '9100' };
    expect(() => saveText(c.db, sektor, { occasionId: data.occasionId, code: '9200', kind: 'events', body: 'x' })).toThrow(/får inte skriva texter för ansvar 9200/);
    expect(() => saveText(c.db, sektor, { occasionId: data.occasionId, code: '9000', kind: 'events', body: 'x' })).toThrow(/får inte skriva texter för ansvar 9000/);
    saveText(c.db, sektor, { occasionId: data.occasionId, code: '9100', kind: 'events', body: 'Sektor Etts händelser' });
    saveText(c.db, actor(c), { occasionId: data.occasionId, code: '9200', kind: 'events', body: 'Sektor Tvås händelser' });
    saveText(c.db, actor(c), { occasionId: data.occasionId, code: '9200', kind: 'future', body: 'Annat avsnitt' });
    const top = getTextDetail(c.db, actor(c), data.occasionId, '9000', 'events');
    expect(top.section).toBeNull();
    expect(top.below.map((b) => [b.code, b.body, b.depth])).toEqual([
      ['9100', 'Sektor Etts händelser', 1],
      ['9200', 'Sektor Tvås händelser', 1],
    ]);
    expect(top.canWrite && top.canApprove).toBe(true);
    const chefRound = textRound(c.db, sektor, data.occasionId);
    expect(chefRound.nodes.map((x) => x.code)).toEqual(['9100']);
    expect(chefRound.sections.map((x) => x.code)).toEqual(['9100']);
    const round = textRound(c.db, actor(c), data.occasionId);
    expect(round.nodes.map((x) => x.code)).toEqual(['9000', '9100', '9200']);
    // A verksamhet's text, once written, gives its node a column too.
    saveText(c.db, sektor, { occasionId: data.occasionId, code: '9110', kind: 'events', body: 'Verksamhet Etts händelser' });
    expect(textRound(c.db, actor(c), data.occasionId).nodes.map((x) => x.code)).toEqual(['9000', '9100', '9110', '9200']);
    expect(textRound(c.db, sektor, data.occasionId).nodes.map((x) => [x.code, x.canWrite, x.canApprove])).toEqual([
      ['9100', true, false],
      ['9110', true, true],
    ]);
    expect(round.kinds.map((k) => k.name)).toEqual(['Sammanfattning', 'Väsentliga händelser', 'Framtid och utmaningar', 'Personal', 'Intern kontroll']);
    expect(round.sections.map((x) => `${x.kind}:${x.code}`)).toEqual(['events:9100', 'events:9200', 'future:9200']);
  });

  it('refuses a text the model cannot read, naming the line, and leaves the database unchanged', async () => {
    const before = contentHash(c.db.file);
    const bad = 'Första stycket.\n\n| Mått | Värde |\n|---|---|\n| Sjukfrånvaro |';
    await expect(invoke('texts.save', { occasionId: data.occasionId, code: '9000', kind: 'summary', body: bad }, c)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^Sammanfattning för Testförvaltningen: rad 5: raden har 1 celler men tabellens rubrikrad \(rad 3\) har 2\. Texten har inte sparats\./),
      details: [expect.objectContaining({ line: 5 })],
    });
    await expect(invoke('texts.save', { occasionId: data.occasionId, code: '9000', kind: 'summary', body: 'x'.repeat(10_001) }, c)).rejects.toMatchObject({ message: /10001 tecken; högst 10000/ });
    await expect(invoke('texts.save', { occasionId: data.occasionId, code: '9000', kind: 'okänt', body: 'x' }, c)).rejects.toMatchObject({ code: 'NOT_FOUND', message: /inget textavsnitt "okänt"/ });
    expect(contentHash(c.db.file)).toBe(before);
  });

  it('saving the same text again changes nothing (the editor’s autosave), and a locked occasion takes no text', () => {
    const base = { occasionId: data.occasionId, code: '9000', kind: 'summary' };
    const first = saveText(c.db, actor(c), { ...base, body: 'Sammanfattat.' });
    changeTextStatus(c.db, actor(c), { ...base, action: 'ready' });
    const again = saveText(c.db, { ...actor(c), now: new Date(c.now().getTime() + 60_000) }, { ...base, body: 'Sammanfattat.\n' });
    expect(again).toMatchObject({ status: 'ready', updatedAt: first.updatedAt });
    lockOccasion(c.db, actor(c), data.occasionId);
    expect(() => saveText(c.db, actor(c), { ...base, body: 'Sent' })).toThrow(/är låst/);
    expect(getTextDetail(c.db, actor(c), data.occasionId, '9000', 'summary').canWrite).toBe(false);
  });

  it('a kommun adds a section of its own; it comes in order after the built-in ones', () => {
    expect(saveTextKind(c.db, actor(c), { code: 'miljo', name: 'Miljö och klimat', guidance: 'Vad har förvaltningen gjort för miljön?' })).toMatchObject({ sortOrder: 60 });
    expect(textRound(c.db, actor(c), data.occasionId).kinds.map((k) => k.code)).toEqual(['summary', 'events', 'future', 'personnel', 'internal_control', 'miljo']);
    expect(() => saveTextKind(c.db, { ...actor(c), role: 'sektorchef' }, { code: 'x', name: 'X', guidance: '' })).toThrow(/Bara controllern och Ekonomi/);
    expect(() => saveTextKind(c.db, actor(c), { code: 'Miljö!', name: 'X', guidance: '' })).toThrow(/små bokstäver/);
  });
});

describe('text sections in packages', () => {
  it('a sektorchef’s text travels to the controller, who approves it; the approval travels back', async () => {
    await send(c, s);
    expect(s.db.prepare('SELECT count(*) FROM text_section_kind').pluck().get()).toBe(5);
    const base = { occasionId: data.occasionId, code: '9100', kind: 'events' };
    saveText(s.db, actor(s, 'chef'), { ...base, body: EVENTS });
    changeTextStatus(s.db, actor(s, 'chef'), { ...base, action: 'ready' });
    const up = await send(s, c);
    expect(up.got.refused).toBe(0);
    expect(getTextDetail(c.db, actor(c), data.occasionId, '9100', 'events').section).toMatchObject({ body: EVENTS, status: 'ready', author: 'chef' });
    changeTextStatus(c.db, actor(c), { ...base, action: 'approve' });
    const down = await send(c, s);
    expect(down.got.refused).toBe(0);
    expect(getTextDetail(s.db, actor(s), data.occasionId, '9100', 'events').section!.status).toBe('approved');
  });

  it('a new section the controller adds reaches the sektorchef, and texts of other sektorer do not', async () => {
    saveTextKind(c.db, actor(c), { code: 'miljo', name: 'Miljö', guidance: '' });
    saveText(c.db, actor(c), { occasionId: data.occasionId, code: '9200', kind: 'events', body: 'Sektor Två' });
    saveText(c.db, actor(c), { occasionId: data.occasionId, code: '9100', kind: 'miljo', body: 'Sektor Ett, miljö' });
    await send(c, s);
    expect(s.db.prepare('SELECT name FROM text_section_kind WHERE code = ?').pluck().get('miljo')).toBe('Miljö');
    expect(s.db.prepare('SELECT body FROM text_section').pluck().all()).toEqual(['Sektor Ett, miljö']);
  });

  it('refuses a forged package from a sektorchef: another sektor’s text changed or created, its own text approved, a new section; nothing changes', async () => {
    saveText(c.db, actor(c), { occasionId: data.occasionId, code: '9200', kind: 'events', body: 'Sektor Två skriver' });
    await send(c, s);
    const base = { occasionId: data.occasionId, code: '9100', kind: 'events' };
    saveText(s.db, actor(s), { ...base, body: 'Eget utkast' });
    const { file } = await send(s, c);
    const own = c.db.prepare('SELECT id FROM text_section WHERE responsibility_id = ?').pluck().get(naturalId('ansvar', '9100')) as string;
    const other = c.db.prepare('SELECT id FROM text_section WHERE responsibility_id = ?').pluck().get(naturalId('ansvar', '9200')) as string;
    const beforeRows = rows(c);
    const beforeKinds = c.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all();
    const real = readPackage(file).payload;
    const v = (k: number) => `${String(Date.now() + 1000).padStart(13, '0')}-${String(k).padStart(8, '0')}-${siteId(s)}`;
    const fresh = newId();
    const created = newId();
    const forged: Payload = {
      ...real,
      manifest: { ...real.manifest, id: newId() },
      changes: [
        ['text_section', other, 'body', 'Kapad text', v(1), currentVersion(c.db, 'text_section', other, 'body'), null],
        ['text_section', own, 'status', 'approved', v(2), currentVersion(c.db, 'text_section', own, 'status'), null],
        ['text_section_kind', fresh, 'code', 'kapat', v(3), null, null],
        ['text_section_kind', fresh, 'name', 'Kapat avsnitt', v(4), null, null],
        ['text_section_kind', fresh, 'sort_order', 5, v(5), null, null],
        // A new text of the other sektor, in another kind.
        ['text_section', created, 'occasion_id', data.occasionId, v(6), null, null],
        ['text_section', created, 'responsibility_id', naturalId('ansvar', '9200'), v(7), null, null],
        ['text_section', created, 'kind_id', textKindId('future'), v(8), null, null],
        ['text_section', created, 'body', 'Påhittad framtid', v(9), null, null],
        ['text_section', created, 'status', 'draft', v(10), null, null],
        ['text_section', created, 'author', 'chef', v(11), null, null],
      ],
    };
    const f = path.join(dir, 'hostile.ramkoll');
    writePackage(f, forged, signingKey(s.db, siteId(s)));
    const r = await importPackage(c.db, { file: f, now: c.now() });
    expect(r.applied).toBe(0);
    expect(r.refusedItems.map((x) => [x.table, x.field])).toEqual(
      expect.arrayContaining([
        ['text_section', 'body'],
        ['text_section', 'status'],
      ]),
    );
    expect(r.refusedItems.some((x) => x.table === 'text_section_kind')).toBe(true);
    expect(r.refusedItems.filter((x) => x.table === 'text_section').map((x) => x.reason).join(' ')).toMatch(/9200/);
    expect(c.db.prepare('SELECT count(*) FROM text_section WHERE id = ?').pluck().get(created)).toBe(0);
    expect(rows(c)).toEqual(beforeRows);
    expect(c.db.prepare('SELECT * FROM text_section_kind ORDER BY id').all()).toEqual(beforeKinds);
    expect(textKindId('events')).toBe(c.db.prepare("SELECT id FROM text_section_kind WHERE code = 'events'").pluck().get());
  });
});
