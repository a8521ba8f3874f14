import type { REPORTS_CHANNELS } from '../channel-names/reports';
import type { HandlerMap } from './types';

export const reportsHandlers: HandlerMap<(typeof REPORTS_CHANNELS)[number]> = {};
