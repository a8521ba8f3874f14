import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/api/channels';
import { z } from 'zod';
import { channel, joinFeatures } from '../../electron/api/contract/define';
import { contract, features, handlers } from '../../electron/api/features/index';
import { CHANNEL_NAMES_FILE, renderChannelNames } from '../../scripts/channel-names';
import { invokeEnveloped } from '../../electron/api/invoke';
import { openTestContext, type TestContext } from '../support/db';
import { FIXTURES, tempDir } from '../support/tmp';

describe('API contract and handler map', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await openTestContext(path.join(tempDir(), 'api.db'), { demo: true });
  });

  it('has a schema and a handler for exactly the allow-listed channels', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('has the allow-list file npm run channels writes from the feature modules', () => {
    // A channel added, renamed or removed in a feature module without `npm run channels` fails here.
    expect(fs.readFileSync(CHANNEL_NAMES_FILE, 'utf8')).toBe(renderChannelNames(features));
  });

  it('refuses a channel name that two feature modules give', () => {
    const a = { 'x.get': channel<number>()(z.strictObject({}), async () => 1) };
    const b = { 'x.get': channel<number>()(z.strictObject({}), async () => 2) };
    expect(() => joinFeatures(a, b)).toThrow(/x\.get/);
    expect(Object.keys(joinFeatures(a, { 'y.get': b['x.get'] }))).toEqual(['x.get', 'y.get']);
  });

  it('validates every input before a handler sees it', async () => {
    const unknownField = await invokeEnveloped('overview.get', { year: 2026, drop: 'tables' }, ctx);
    expect(unknownField).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badYear = await invokeEnveloped('summary.get', { year: '2026' }, ctx);
    expect(badYear).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!badYear.ok) expect(badYear.error.message).toMatch(/^Ogiltig indata: year/);
    const badKind = await invokeEnveloped('masterdata.import', { kind: 'budget', file: 'x' }, ctx);
    expect(badKind.ok).toBe(false);
    expect(await invokeEnveloped('no.such.channel', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('returns JSON-safe values: what goes in comes out the same through JSON', async () => {
    for (const channel of ['app.info', 'overview.get', 'summary.get'] as const) {
      const r = await invokeEnveloped(channel, {}, ctx);
      expect(r.ok, channel).toBe(true);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });

  it('says when the database is the demo förvaltning, and as of which date (the marker Översikt shows)', async () => {
    expect(await invokeEnveloped('app.info', {}, ctx)).toMatchObject({ ok: true, value: { demo: { asOf: '2026-11-20' } } });
    const empty = await openTestContext(path.join(tempDir(), 'tom.db'));
    expect(await invokeEnveloped('app.info', {}, empty)).toMatchObject({ ok: true, value: { demo: null } });
    empty.db.close();
  });

  it('gives the page today from the context’s clock, never the machine’s', async () => {
    expect(await invokeEnveloped('system.today', {}, ctx)).toEqual({ ok: true, value: { today: '2026-11-20', now: '2026-11-20T10:00:00.000Z' } });
    // Late evening in UTC is already the next day in Sweden.
    const late = { ...ctx, now: () => new Date('2026-12-31T23:30:00Z') };
    expect(await invokeEnveloped('system.today', {}, late)).toMatchObject({ ok: true, value: { today: '2027-01-01' } });
  });

  it('does not expose the database path to the page', async () => {
    const r = await invokeEnveloped('app.info', {}, ctx);
    expect(JSON.stringify(r)).not.toContain(path.dirname(ctx.db.file));
  });

  it('answers file dialogs through the front, and null when the user cancels', async () => {
    const dialogs = ctx.dialogs;
    dialogs.queue.push('/tmp/utfall-oktober.csv');
    const chosen = await invokeEnveloped('files.open', { title: 'Välj fil', filters: [{ name: 'CSV', extensions: ['csv'] }] }, ctx);
    expect(chosen).toEqual({ ok: true, value: { ref: '/tmp/utfall-oktober.csv', name: 'utfall-oktober.csv' } });
    expect(await invokeEnveloped('files.save', { title: 'Spara', defaultName: 'a.xlsx', filters: [] }, ctx)).toEqual({ ok: true, value: null });
    expect(await invokeEnveloped('files.open', { title: 'x', filters: [{ name: 'bad', extensions: ['../x'] }] }, ctx)).toMatchObject({ ok: false });
  });

  it('spells out located problems for the UI', async () => {
    const r = await invokeEnveloped('masterdata.import', { kind: 'accounts', file: path.join(FIXTURES, 'masterdata', 'konto-fel.csv') }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details[0]).toMatchObject({ line: 2, column: 'Konto (A)', text: 'rad 2, kolumn Konto (A): kontot ska vara 4 eller 5 siffror (Kommun-Bas)' });
  });

  it('ends the progress of a task whose handler fails, so no progress bar stays up', async () => {
    const events: { task: string; done: number; total: number | null }[] = [];
    const r = await invokeEnveloped('masterdata.import', { kind: 'accounts', file: path.join(FIXTURES, 'masterdata', 'konto-fel.csv') }, { ...ctx, progress: (e) => events.push(e) });
    expect(r.ok).toBe(false);
    // The handler reported the start of its task (an unknown total) before it failed.
    expect(events[0]).toMatchObject({ task: 'Läser grunddata', total: null });
    const last = events.at(-1)!;
    expect(last.task).toBe('Läser grunddata');
    expect(last.total !== null && last.done >= last.total).toBe(true);
  });
});
