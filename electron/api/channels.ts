/**
 * The preload's allow-list and the IPC channel names of the shell. CHANNELS
 * comes from channel-names.ts, written from the feature modules by
 * `npm run channels` (the preload cannot bundle zod, so it never imports the
 * features themselves).
 */
import { CHANNELS } from './channel-names';

export { CHANNELS };
export type ChannelName = (typeof CHANNELS)[number];

export const INVOKE_CHANNEL = 'ramkoll:invoke';
export const PROGRESS_CHANNEL = 'ramkoll:progress';
/** Main → page: menu commands and files opened from outside (AppEvent in features/system.ts). */
export const APP_EVENT_CHANNEL = 'ramkoll:app-event';
/** Preload -> main: grant a token for a file the user dropped on the page (the path comes from webUtils, never from the page). */
export const GRANT_DROPPED_CHANNEL = 'ramkoll:grant-dropped-file';
