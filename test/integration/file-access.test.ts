import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { z } from 'zod';
import { CHANNELS } from '../../electron/api/channels';
import type { HandlerContext } from '../../electron/api/context';
import { fileRefSchema } from '../../electron/api/features/core';
import { contract } from '../../electron/api/features/index';
import { invokeEnveloped } from '../../electron/api/invoke';
import { defaultLayout } from '../../electron/services/budget/export-layout';
import { FileGrants } from '../../electron/shell/file-grants';
import { runCli } from '../support/cli';
import { openHostedTestContext } from '../support/hosted';
import { tempDir } from '../support/tmp';

/**
 * No channel reads or writes a file the user did not choose in a dialog,
 * and no channel tells the page where files are. Every channel of the
 * contract (those added later too) is called as the app calls it, with every
 * string of its input set to the path of an existing file the user never
 * chose (other fields made valid, so that each call gets into its handler):
 * no file-system call may touch that path, every channel that takes a file
 * reference refuses it for want of a grant, no save dialog is pointed at a
 * folder the page chose, and no answer may contain the database's folder.
 */
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  required?: string[];
};

/** A value of the schema's shape with every string replaced by `bait`; `minimal`: only the required fields. */
function baitInput(s: JsonSchema, bait: string, minimal = false): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return baitInput(alt.find((a) => a.type !== 'null') ?? alt[0]!, bait, minimal);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([k]) => !minimal || (s.required ?? []).includes(k))
          .map(([k, v]) => [k, baitInput(v, bait, minimal)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => baitInput(s.items ?? {}, bait, minimal));
    case 'string':
      return bait;
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -Infinity);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Infinity);
      return Math.min(Math.max(2026, lo), hi);
    }
    case 'boolean':
      return false;
    default:
      return bait;
  }
}

/** Values tried, in order, for a field the bait does not fit (an id, a period, a date, a code, a bounded number). */
const STRING_CANDIDATES = ['2026-11-25T07-12-28-789Z-manuell.db', '00000000-0000-4000-8000-000000000000', '202603', '2026-03-31', '2026-03-31T12:00:00.000Z', '3000', '31101', '4010', 'current', 'a', 'budget'];
const NUMBER_CANDIDATES = [2026, 202603, 1, 0, 3, 12, 100];

function getAt(value: unknown, at: PropertyKey[]): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
}
function setAt(value: unknown, at: PropertyKey[], leaf: unknown): void {
  const parent = getAt(value, at.slice(0, -1)) as Record<PropertyKey, unknown>;
  parent[at.at(-1)!] = leaf;
}

/**
 * Makes the bait input valid for the channel where a field cannot hold the
 * bait (an id, a period): every other string keeps the bait, so each channel
 * gets past validation into its handler with the bait in all its free text
 * and file fields. Gives up (and says so) when no candidate fits.
 */
function validInput(schema: z.ZodType, start: unknown): { input: unknown; valid: boolean } {
  const input = structuredClone(start);
  const tried = new Map<string, number>();
  for (let round = 0; round < 200; round++) {
    const r = schema.safeParse(input);
    if (r.success) return { input, valid: true };
    const issue = r.error.issues[0]!;
    const at = issue.path;
    const key = JSON.stringify(at);
    const n = tried.get(key) ?? 0;
    tried.set(key, n + 1);
    const current = getAt(input, at);
    const bounds = [(issue as { minimum?: unknown }).minimum, (issue as { maximum?: unknown }).maximum].filter((b): b is number => typeof b === 'number' && Number.isSafeInteger(b));
    const candidates: unknown[] = typeof current === 'number' ? [...bounds, ...NUMBER_CANDIDATES] : typeof current === 'string' || current === undefined ? STRING_CANDIDATES : [];
    if (at.length === 0 || n >= candidates.length) return { input, valid: false };
    setAt(input, at, candidates[n]);
  }
  return { input, valid: false };
}

/** Where a channel's input carries a file reference (the contract's fileRefSchema), wrapped or not. */
function fileFields(schema: z.ZodType, at = ''): string[] {
  if (schema === fileRefSchema) return [at || '(input)'];
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => fileFields(v, at ? `${at}.${k}` : k));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return fileFields(def.innerType as z.ZodType, at);
    case 'array':
      return fileFields(def.element as z.ZodType, `${at}[]`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => fileFields(o, at));
    case 'pipe':
      return fileFields(def.in as z.ZodType, at);
    default:
      return [];
  }
}

/** Inputs whose rules tie fields together (which the field-by-field search cannot find), written out with the bait in their free text. */
const BY_HAND: Record<string, (bait: string) => unknown> = {
  'planning.exportProfiles.save': (bait) => ({
    name: bait.slice(-100),
    layout: { ...defaultLayout([]), columns: defaultLayout([]).columns.map((c) => ({ ...c, header: bait.slice(-40) })) },
  }),
};

const FS_METHODS = ['openSync', 'readFileSync', 'writeFileSync', 'appendFileSync', 'copyFileSync', 'createReadStream', 'createWriteStream', 'statSync', 'existsSync', 'accessSync', 'renameSync', 'rmSync', 'unlinkSync', 'readdirSync', 'mkdirSync'] as const;
const FS_PROMISES = ['open', 'readFile', 'writeFile', 'copyFile', 'stat', 'access', 'rename', 'rm', 'unlink', 'readdir'] as const;

describe('file access from the page', () => {
  let spies: MockInstance[] = [];
  afterEach(() => {
    spies.forEach((s) => s.mockRestore());
    spies = [];
  });

  function watchFileSystem(): () => string[] {
    spies = [
      ...FS_METHODS.map((m) => vi.spyOn(fs, m as never)),
      ...FS_PROMISES.map((m) => vi.spyOn(fs.promises, m as never)),
    ] as MockInstance[];
    return () => spies.flatMap((s) => s.mock.calls.flat().filter((a): a is string => typeof a === 'string'));
  }

  it('no channel touches a path the user did not choose, and none answers with a full path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
    // An existing, readable file in another folder: a handler that used a path from its input would read it.
    const baitDir = tempDir('ramkoll-bait-');
    const bait = path.join(baitDir, 'organisation.csv');
    fs.writeFileSync(bait, 'Ansvar;Namn;Överordnad\n9999;Lockbete;\n');
    const test = await openHostedTestContext(file);
    // As in the app: files only through grants from dialogs (none given here), dialogs cancelled.
    const ctx: HandlerContext = {
      ...test,
      get db() {
        return test.db;
      },
      get site() {
        return test.site;
      },
      files: new FileGrants(),
      dialogs: {
        open: async (o) => (dialogs.push(o), null),
        save: async (o) => (dialogs.push(o), null),
      },
    };
    // What the dialogs were asked to show: a page must not steer them to a folder of its choosing either.
    const dialogs: unknown[] = [];

    const touched = watchFileSystem();
    const reached: Record<string, string> = {};
    const invalid: string[] = [];
    const takesFiles = CHANNELS.filter((c) => fileFields(contract[c].input).length > 0);
    // Each channel with every field filled; a channel that takes files also with only its required fields
    // (an optional profile or sheet name that does not exist stops it before it looks at the file).
    const calls = CHANNELS.flatMap((channel) => [
      { channel, minimal: false },
      ...(takesFiles.includes(channel) ? [{ channel, minimal: true }] : []),
    ]);
    for (const { channel, minimal } of calls) {
      const schema = z.toJSONSchema(contract[channel].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const start = BY_HAND[channel]?.(bait) ?? baitInput(schema, bait, minimal);
      const { input, valid } = validInput(contract[channel].input, start);
      if (!valid) invalid.push(channel);
      const envelope = await invokeEnveloped(channel, input, ctx);
      const code = envelope.ok ? 'ok' : envelope.error.code;
      // A file channel counts as refused for want of a grant if either call was.
      if (!(minimal && reached[channel] === 'FORBIDDEN')) reached[channel] = code;
      const hits = touched().filter((p) => p.includes(baitDir));
      expect(hits, `${channel} with ${JSON.stringify(input)} touched the file system at the bait path`).toEqual([]);
      const answer = JSON.stringify(envelope);
      expect(answer.includes(dir), `${channel} answered with the database's folder: ${answer.slice(0, 300)}`).toBe(false);
      if (!envelope.ok) expect(envelope.error.code, `${channel}: ${envelope.error.message}`).not.toBe('INTERNAL');
    }
    console.log(`file access: ${CHANNELS.length} channels, ${takesFiles.length} take files (${takesFiles.join(', ')}); answers: ${JSON.stringify(reached)}`);
    // Every channel got past validation into its handler (the bait in all its free text and file fields).
    expect(invalid, 'channels no valid bait input was found for').toEqual([]);
    // Every channel that takes files (those added by later features too) was refused for want of a grant.
    expect(takesFiles).toEqual(expect.arrayContaining(['masterdata.import', 'ledger.import', 'planning.import.budget', 'followup.deviations.export', 'exchange.import', 'goals.import']));
    for (const channel of takesFiles) expect(reached[channel], `${channel} given a path nobody chose`).toBe('FORBIDDEN');
    // A save dialog proposes a file name, never a folder (titles and filter names are only text).
    const proposed = dialogs.map((d) => (d as { defaultName?: string }).defaultName).filter((n) => n !== undefined);
    expect(proposed.length).toBeGreaterThan(0);
    for (const name of proposed) expect(name, 'the name a save dialog proposes').toMatch(/^[^\\/:]+$/);
    test.db.close();
  });

  it('a file chosen in a dialog is read through its token, and the token does not open any other file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.db');
    expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
    const chosen = path.join(dir, 'kontoplan.csv');
    fs.writeFileSync(chosen, 'Konto;Namn\n4010;Livsmedel\n');
    const grants = new FileGrants();
    const test = await openHostedTestContext(file);
    const ctx: HandlerContext = { ...test, db: test.db, site: test.site, files: grants, dialogs: { open: async () => ({ ref: grants.grant(chosen, 'read'), name: 'kontoplan.csv' }), save: async () => null } };
    const picked = await invokeEnveloped('files.open', { title: 'Välj kontoplan', filters: [] }, ctx);
    expect(picked).toMatchObject({ ok: true, value: { name: 'kontoplan.csv', ref: expect.stringMatching(/^fil:[0-9a-f-]{36}$/) } });
    const ref = (picked as { value: { ref: string } }).value.ref;
    expect(ref).not.toContain(dir);
    const read = watchFileSystem();
    const r = await invokeEnveloped('masterdata.import', { kind: 'accounts', file: ref, dryRun: true }, ctx);
    expect(r).toMatchObject({ ok: true, value: { rows: 1 } });
    expect(read()).toContain(chosen);
    // A read grant does not allow writing, and a made-up token opens nothing.
    expect(() => grants.writable(ref)).toThrow(/inte valts i en fildialog/);
    expect(() => grants.readable('fil:00000000-0000-0000-0000-000000000000')).toThrow(/inte valts i en fildialog/);
    expect(() => grants.readable(chosen)).toThrow(/inte valts i en fildialog/);
    test.db.close();
  });
});
