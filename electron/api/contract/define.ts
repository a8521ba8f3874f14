import type { z } from 'zod';
import type { HandlerContext } from '../context';

/** What serves a channel: the input as its schema parsed it (defaults filled in), and the context of the front that called. */
export type ChannelHandler<I extends z.ZodType, O> = (input: z.output<I>, ctx: HandlerContext) => Promise<O>;

/**
 * One IPC/CLI channel, written once in its feature module
 * (electron/api/features/): the zod schema every input is validated with
 * before it reaches a service, what it returns, and the handler that serves
 * it. Outputs are JSON-safe: integer öre, ISO date strings, no Dates, Maps or
 * Buffers.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Long-running work (big imports, reports, merges): run off the main thread and report progress. */
  heavy: boolean;
  // A method, not a property: the joined map checks every channel against ChannelDef with its own input type.
  handler(input: z.output<I>, ctx: HandlerContext): Promise<O>;
}

interface ChannelOptions {
  heavy?: boolean;
}

/**
 * Declares a channel returning O: `channel<O>()(schema, handler)` or
 * `channel<O>()(schema, { heavy: true }, handler)`. The handler's input is
 * typed from the schema, so it is never written again. (Two calls because
 * TypeScript cannot take O from the caller and infer the schema's type in
 * one.)
 */
export function channel<O>() {
  function define<I extends z.ZodType>(input: I, handler: ChannelHandler<I, O>): ChannelDef<I, O>;
  function define<I extends z.ZodType>(input: I, options: ChannelOptions, handler: ChannelHandler<I, O>): ChannelDef<I, O>;
  function define<I extends z.ZodType>(input: I, second: ChannelOptions | ChannelHandler<I, O>, third?: ChannelHandler<I, O>): ChannelDef<I, O> {
    const [options, handler] = typeof second === 'function' ? [{}, second] : [second, third!];
    return { input, heavy: options.heavy ?? false, handler };
  }
  return define;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * Joins the features' channel maps into one, as the fronts see it. A name
 * given by two features is a programming error, refused when the app loads
 * rather than letting the later one win unnoticed.
 */
export function joinFeatures<F extends Record<string, ChannelDef<z.ZodType, unknown>>[]>(...features: F): UnionToIntersection<F[number]> {
  const joined: Record<string, ChannelDef<z.ZodType, unknown>> = {};
  for (const feature of features) {
    for (const [name, def] of Object.entries(feature)) {
      if (Object.prototype.hasOwnProperty.call(joined, name)) throw new Error(`Kanalen ${name} finns i två funktionsmoduler.`);
      joined[name] = def;
    }
  }
  return joined as UnionToIntersection<F[number]>;
}
