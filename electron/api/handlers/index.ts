import type { Channel } from '../contract/index';
import { coreHandlers } from './core';
import type { HandlerMap } from './types';

/** The one handler map behind Electron IPC, the CLI and the test bridge. */
export const handlers: HandlerMap<Channel> = {
  ...coreHandlers,
};
