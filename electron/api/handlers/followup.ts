import type { FOLLOWUP_CHANNELS } from '../channel-names/followup';
import type { HandlerMap } from './types';

export const followupHandlers: HandlerMap<(typeof FOLLOWUP_CHANNELS)[number]> = {};
