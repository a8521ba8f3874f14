import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { z } from 'zod';
import { CHANNELS } from '../../electron/api/channels';
import type { HandlerContext } from '../../electron/api/context';
import { contract } from '../../electron/api/contract/index';
import { invokeEnveloped } from '../../electron/api/invoke';
import { FileGrants } from '../../electron/shell/file-grants';
import { runCli } from '../support/cli';
import { openHostedTestContext } from '../support/hosted';
import { tempDir } from '../support/tmp';

/**
 * No channel reads or writes a file the user did not choose in a dialog,
 * and no channel tells the page where files are. Every channel of the
 * contract (those added later too) is called as the app calls it, with every
 * string of its input set to the path of an existing file the user never
 * chose: no file-system call may touch that path, and no answer may contain
 * the database's folder.
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
};

/** A value of the schema's shape with every string replaced by `bait`. */
function baitInput(s: JsonSchema, bait: string): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return baitInput(alt.find((a) => a.type !== 'null') ?? alt[0]!, bait);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, baitInput(v, bait)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => baitInput(s.items ?? {}, bait));
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
      dialogs: { open: async () => null, save: async () => null },
    };

    const touched = watchFileSystem();
    const reached: Record<string, string> = {};
    for (const channel of CHANNELS) {
      const schema = z.toJSONSchema(contract[channel].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const input = baitInput(schema, bait);
      const envelope = await invokeEnveloped(channel, input, ctx);
      reached[channel] = envelope.ok ? 'ok' : envelope.error.code;
      const hits = touched().filter((p) => p.includes(baitDir));
      expect(hits, `${channel} with ${JSON.stringify(input)} touched the file system at the bait path`).toEqual([]);
      const answer = JSON.stringify(envelope);
      expect(answer.includes(dir), `${channel} answered with the database's folder: ${answer.slice(0, 300)}`).toBe(false);
      if (!envelope.ok) expect(envelope.error.code, `${channel}: ${envelope.error.message}`).not.toBe('INTERNAL');
    }
    // The channels that take files got past validation and were refused for want of a grant.
    expect(reached['masterdata.import']).toBe('FORBIDDEN');
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
