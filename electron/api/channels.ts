/**
 * Names of every channel, without their schemas, for the preload's allow-list
 * (the preload must stay tiny and cannot bundle zod). The contract checks at
 * compile time that it has exactly these channels.
 */
export const CHANNELS = ['files.open', 'files.save', 'app.info', 'overview.get', 'summary.get', 'masterdata.import', 'demo.generate'] as const;

export type ChannelName = (typeof CHANNELS)[number];

export const INVOKE_CHANNEL = 'ramkoll:invoke';
export const PROGRESS_CHANNEL = 'ramkoll:progress';
