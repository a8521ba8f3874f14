import type { CliCommand } from '../command';

/** The commands of this feature. */
export const exchangeCommands: readonly CliCommand[] = [];
