import type { SYSTEM_CHANNELS } from '../channel-names/system';
import type { HandlerMap } from './types';

export const systemHandlers: HandlerMap<(typeof SYSTEM_CHANNELS)[number]> = {};
