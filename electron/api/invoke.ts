import { z } from 'zod';
import { isRamkollError, RamkollError } from '../../db/errors';
import type { HandlerContext } from './context';
import type { ApiErrorShape, Envelope } from './contract/index';
import { contract, type Channel } from './features/index';
import { describeProblem } from '../services/problems';

z.config(z.locales.sv());

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

function describeIssues(error: z.ZodError): RamkollError {
  const details = error.issues.map((i) => ({ column: i.path.join('.') || '(indata)', message: i.message }));
  const first = details[0]!;
  return new RamkollError('INVALID_INPUT', `Ogiltig indata: ${first.column}: ${first.message}`, details);
}

/**
 * Validates the input against the channel's schema and runs its handler.
 * Every front calls this; none of them holds business logic of its own.
 */
export async function invoke(channel: string, input: unknown, ctx: HandlerContext): Promise<unknown> {
  if (!isChannel(channel)) throw new RamkollError('INVALID_INPUT', `Okänd kanal: ${String(channel)}`);
  const parsed = contract[channel].input.safeParse(input ?? {});
  if (!parsed.success) throw describeIssues(parsed.error);
  const handler = contract[channel].handler as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
  // A handler that fails after reporting progress never reports the end of
  // its task; finish it here so the UI's progress bar does not stay up.
  let unfinished: Parameters<HandlerContext['progress']>[0] | null = null;
  const tracked: HandlerContext = Object.create(ctx, {
    progress: {
      value: (update: Parameters<HandlerContext['progress']>[0]) => {
        unfinished = update.total !== null && update.done >= update.total ? null : update;
        ctx.progress(update);
      },
    },
  }) as HandlerContext;
  try {
    return await handler(parsed.data, tracked);
  } catch (e) {
    const open = unfinished as Parameters<HandlerContext['progress']>[0] | null;
    if (open) ctx.progress({ task: open.task, done: open.total ?? 1, total: open.total ?? 1 });
    throw e;
  }
}

/** An error as the renderer sees it; internal errors do not leak stack traces or paths. */
export function toErrorShape(e: unknown): ApiErrorShape {
  if (isRamkollError(e)) return { code: e.code, message: e.message, details: e.details.map((d) => ({ ...d, text: describeProblem(d) })) };
  return { code: 'INTERNAL', message: `Ett internt fel inträffade: ${e instanceof Error ? e.message : String(e)}. Åtgärden avbröts och dess ändringar rullades tillbaka; se loggfilen för detaljer.`, details: [] };
}

/** invoke() with the result or the error wrapped for transport over IPC. */
export async function invokeEnveloped(channel: string, input: unknown, ctx: HandlerContext): Promise<Envelope<unknown>> {
  try {
    return { ok: true, value: await invoke(channel, input, ctx) };
  } catch (e) {
    return { ok: false, error: toErrorShape(e) };
  }
}
