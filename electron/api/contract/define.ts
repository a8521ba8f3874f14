import type { z } from 'zod';

/**
 * One IPC/CLI channel: the zod schema every input is validated with before it
 * reaches a service, and (as a type only) what it returns. Outputs are
 * JSON-safe: integer öre, ISO date strings, no Dates, Maps or Buffers.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Long-running work (big imports, reports, merges): run off the main thread and report progress. */
  heavy: boolean;
  /** Phantom: the output type. Never set at runtime. */
  readonly __output?: O;
}

export function channel<O>() {
  return <I extends z.ZodType>(input: I, opts: { heavy?: boolean } = {}): ChannelDef<I, O> => ({ input, heavy: opts.heavy ?? false });
}
