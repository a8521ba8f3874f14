import type { PLANNING_CHANNELS } from '../channel-names/planning';
import type { HandlerMap } from './types';

export const planningHandlers: HandlerMap<(typeof PLANNING_CHANNELS)[number]> = {};
