import type { CliCommand } from '../command';
import { initCommand } from './init';
import { masterdataCommand } from './masterdata';
import { summaryCommand } from './summary';

/** Every command of the CLI; each feature adds its own module here. */
export const COMMANDS: readonly CliCommand[] = [initCommand, summaryCommand, masterdataCommand];
