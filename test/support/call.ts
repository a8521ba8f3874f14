import type { HandlerContext } from '../../electron/api/context';
import type { Channel, Input, Output } from '../../electron/api/contract/index';
import { invoke } from '../../electron/api/invoke';

/** invoke() with the channel's input and output types, as the renderer's call() has them. */
export function call<C extends Channel>(channel: C, input: Input<C>, ctx: HandlerContext): Promise<Output<C>> {
  return invoke(channel, input, ctx) as Promise<Output<C>>;
}
