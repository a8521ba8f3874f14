import type { CliCommand } from '../command';
import { initCommand } from './init';
import { masterdataCommand } from './masterdata';
import { summaryCommand } from './summary';
import { budgetCommands } from './budget';
import { planningCommands } from './planning';
import { budgetChangeCommands } from './budget-changes';
import { ledgerCommands } from './ledger';
import { followupCommands } from './followup';
import { reportsCommands } from './reports';
import { exchangeCommands } from './exchange';
import { goalsCommands } from './goals';
import { investmentsCommands } from './investments';
import { systemCommands } from './system';
import { calendarCommands } from './calendar';
import { roundCommands } from './round';
import { workbookCommands } from './workbook';
import { personnelCommands } from './personnel';
import { textsCommands } from './texts';
import { templateCommands } from './template';
import { controlCommands } from './control';
import { actionCommands } from './actions';
import { uppdragCommands } from './uppdrag';

/** Every command of the CLI; each feature adds its own module here. */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  summaryCommand,
  masterdataCommand,
  ...budgetCommands,
  ...planningCommands,
  ...budgetChangeCommands,
  ...ledgerCommands,
  ...followupCommands,
  ...reportsCommands,
  ...exchangeCommands,
  ...goalsCommands,
  ...investmentsCommands,
  ...systemCommands,
  ...calendarCommands,
  ...roundCommands,
  ...workbookCommands,
  ...textsCommands,
  ...templateCommands,
  ...personnelCommands,
  ...controlCommands,
  ...actionCommands,
  ...uppdragCommands,
];
