import type { EXCHANGE_CHANNELS } from '../channel-names/exchange';
import type { HandlerMap } from './types';

export const exchangeHandlers: HandlerMap<(typeof EXCHANGE_CHANNELS)[number]> = {};
