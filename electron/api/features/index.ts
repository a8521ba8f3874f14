import { joinFeatures, type ChannelDef } from '../contract/define';
import type { HandlerContext } from '../context';
import { actionPlansChannels } from './action-plans';
import { budgetChannels } from './budget';
import { budgetDocumentChannels } from './budget-document';
import { budgetRoundChannels } from './budget-round';
import { chefRoundsChannels } from './chef-rounds';
import { coreChannels } from './core';
import { exchangeChannels } from './exchange';
import { followupChannels } from './followup';
import { goalRoundChannels } from './goal-round';
import { goalsChannels } from './goals';
import { internalControlChannels } from './internal-control';
import { investmentsChannels } from './investments';
import { ledgerChannels } from './ledger';
import { personnelChannels } from './personnel';
import { planningChannels } from './planning';
import { planningCalendarChannels } from './planning-calendar';
import { reportsChannels } from './reports';
import { systemChannels } from './system';
import { templatesChannels } from './templates';
import { textsChannels } from './texts';
import { workbookChannels } from './workbook';

/**
 * Every feature's channels, by feature. A feature module declares each of its
 * channels once (name, input schema, output type, handler, heavy); everything
 * else is derived from here: the joined map below, the contract's types
 * (contract/index.ts) and the preload's allow-list (channel-names.ts,
 * written by `npm run channels`).
 */
export const features = {
  core: coreChannels,
  budget: budgetChannels,
  planning: planningChannels,
  ledger: ledgerChannels,
  followup: followupChannels,
  reports: reportsChannels,
  exchange: exchangeChannels,
  goals: goalsChannels,
  investments: investmentsChannels,
  system: systemChannels,
  planningCalendar: planningCalendarChannels,
  budgetDocument: budgetDocumentChannels,
  chefRounds: chefRoundsChannels,
  budgetRound: budgetRoundChannels,
  workbook: workbookChannels,
  texts: textsChannels,
  personnel: personnelChannels,
  internalControl: internalControlChannels,
  actionPlans: actionPlansChannels,
  templates: templatesChannels,
  goalRound: goalRoundChannels,
};

/** The one map behind Electron IPC, the CLI and the test bridge: per channel its schema, heavy flag and handler. */
export const contract = joinFeatures(...Object.values(features));

type Contract = typeof contract;
export type Channel = keyof Contract;

/** The handlers alone, by channel (the map's handler of each channel). */
export const handlers = Object.fromEntries(Object.entries(contract).map(([name, def]: [string, ChannelDef]) => [name, def.handler])) as {
  [C in Channel]: (input: Parameters<Contract[C]['handler']>[0], ctx: HandlerContext) => ReturnType<Contract[C]['handler']>;
};
