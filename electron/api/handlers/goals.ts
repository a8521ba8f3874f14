import type { GOALS_CHANNELS } from '../channel-names/goals';
import type { HandlerMap } from './types';

export const goalsHandlers: HandlerMap<(typeof GOALS_CHANNELS)[number]> = {};
