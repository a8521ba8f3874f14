import type { Envelope } from '../electron/api/contract/index';

/**
 * Calls made by the window's first script (boot.ts) before the app's code has
 * arrived, so that the main process answers them while the page's 1.2 MB of
 * JavaScript is still loading and compiling, instead of after it. The first
 * `call` with the same channel and input takes the answer (once); what no one
 * takes is forgotten soon after, so that a later call never gets an old answer.
 * Without dependencies: boot.ts stays small.
 */
const early = new Map<string, Promise<Envelope<unknown>>>();

/** How long an early answer waits to be taken: the page's first asks come well within it, even on a busy machine. */
const KEEP_MS = 20_000;

/** Channel and input as one text; the input's keys sorted, so that the order they were written in does not matter. */
function keyOf(channel: string, input: unknown): string {
  const sorted = input !== null && typeof input === 'object' ? Object.fromEntries(Object.entries(input).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : input;
  return `${channel} ${JSON.stringify(sorted)}`;
}

/** Starts the call now; its answer is kept for the first `takeEarly` of the same channel and input. */
export function askEarly(channel: string, input: unknown): Promise<Envelope<unknown>> {
  const key = keyOf(channel, input);
  const p = window.ramkoll.invoke(channel, input);
  early.set(key, p);
  window.setTimeout(() => {
    if (early.get(key) === p) early.delete(key);
  }, KEEP_MS);
  return p;
}

/** The early call's answer for this channel and input, once; undefined when there is none. */
export function takeEarly(channel: string, input: unknown): Promise<Envelope<unknown>> | undefined {
  if (early.size === 0) return undefined;
  const key = keyOf(channel, input);
  const p = early.get(key);
  if (p) early.delete(key);
  return p;
}
