import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './tmp';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The date CLI runs are pinned to (RAMKOLL_TODAY), the same as the test
 * contexts' now (support/db.ts): the demo, deadlines and anything else that
 * depends on today come out the same whatever day the suite runs.
 */
export const CLI_TODAY = '2026-11-20';

/**
 * Runs the built CLI (dist/node/ramkoll.mjs) as a user would, in its own
 * process, with RAMKOLL_TODAY pinned to CLI_TODAY unless `env` says otherwise
 * (a variable set to undefined is left out).
 */
export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', RAMKOLL_TODAY: CLI_TODAY, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    input: opts.input,
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runCliJson<T>(args: string[]): T {
  const r = runCli([...args, '--json']);
  if (r.code !== 0) throw new Error(`ramkoll ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
