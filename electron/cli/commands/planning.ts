import type { CliCommand } from '../command';

/** The commands of this feature. */
export const planningCommands: readonly CliCommand[] = [];
