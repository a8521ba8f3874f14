import type { Channel, Output, ParsedInput } from '../contract/index';
import type { HandlerContext } from '../context';

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<Output<C>>;

export type HandlerMap<C extends Channel> = { [K in C]: Handler<K> };
