import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'node', 'ramkoll.mjs');

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Time of `fn` in ms: the median of `times` runs after one warm-up. */
export async function timeIt(fn: () => unknown, times = 5): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  return median(runs);
}

// Printed by the child at exit: its own peak resident memory and processor time (user + system, µs). Only by the
// main thread: a worker thread inherits the hook, and its exit (earlier) would report the process's figures so far.
const PEAK_HOOK = `data:text/javascript,import{isMainThread}from'node:worker_threads';if(isMainThread)process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nRAMKOLL_MAXRSS_KB='+u.maxRSS+','+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

export interface ProcessRun {
  ms: number;
  peakMB: number;
  /** Processor time of the process (user + system), which a busy machine disturbs far less than the wall time. */
  cpuMs: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command of the CLI in its own process: wall time and peak memory. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PEAK_HOOK, CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const m = /RAMKOLL_MAXRSS_KB=(\d+),(\d+)/.exec(r.stderr);
  return {
    ms,
    peakMB: m ? Number(m[1]) / 1024 : NaN,
    cpuMs: m ? Number(m[2]) / 1000 : NaN,
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr.replace(/\nRAMKOLL_MAXRSS_KB=\d+,\d+\n/, ''),
  };
}

/** Runs any program: wall time only. */
export function runProgram(cmd: string, args: string[], input?: string): { ms: number; code: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  return { ms: performance.now() - t, code: r.status ?? -1, stderr: r.stderr };
}
