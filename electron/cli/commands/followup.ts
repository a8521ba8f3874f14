import type { CliCommand } from '../command';

/** The commands of this feature. */
export const followupCommands: readonly CliCommand[] = [];
