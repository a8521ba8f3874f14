import type { Channel } from '../contract/index';
import { coreHandlers } from './core';
import { budgetHandlers } from './budget';
import { planningHandlers } from './planning';
import { ledgerHandlers } from './ledger';
import { followupHandlers } from './followup';
import { reportsHandlers } from './reports';
import { exchangeHandlers } from './exchange';
import { goalsHandlers } from './goals';
import { investmentsHandlers } from './investments';
import { systemHandlers } from './system';
import { planningCalendarHandlers } from './planning-calendar';
import { budgetDocumentHandlers } from './budget-document';
import { chefRoundsHandlers } from './chef-rounds';
import { budgetRoundHandlers } from './budget-round';
import { workbookHandlers } from './workbook';
import { personnelHandlers } from './personnel';
import { textsHandlers } from './texts';
import { internalControlHandlers } from './internal-control';
import { actionPlanHandlers } from './action-plans';
import { templatesHandlers } from './templates';
import { goalRoundHandlers } from './goal-round';
import type { HandlerMap } from './types';

/** The one handler map behind Electron IPC, the CLI and the test bridge. */
export const handlers: HandlerMap<Channel> = {
  ...coreHandlers,
  ...budgetHandlers,
  ...planningHandlers,
  ...ledgerHandlers,
  ...followupHandlers,
  ...reportsHandlers,
  ...exchangeHandlers,
  ...goalsHandlers,
  ...investmentsHandlers,
  ...systemHandlers,
  ...planningCalendarHandlers,
  ...budgetDocumentHandlers,
  ...chefRoundsHandlers,
  ...budgetRoundHandlers,
  ...workbookHandlers,
  ...textsHandlers,
  ...personnelHandlers,
  ...internalControlHandlers,
  ...actionPlanHandlers,
  ...templatesHandlers,
  ...goalRoundHandlers,
};
