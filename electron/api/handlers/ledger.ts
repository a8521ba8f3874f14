import type { LEDGER_CHANNELS } from '../channel-names/ledger';
import type { HandlerMap } from './types';

export const ledgerHandlers: HandlerMap<(typeof LEDGER_CHANNELS)[number]> = {};
