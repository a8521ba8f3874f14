/**
 * Names of every channel, without their schemas, for the preload's allow-list
 * (the preload must stay tiny and cannot bundle zod). Each feature keeps its
 * names in channel-names/; the contract checks at compile time that it has
 * exactly these channels.
 */
import { CORE_CHANNELS } from './channel-names/core';
import { BUDGET_CHANNELS } from './channel-names/budget';
import { PLANNING_CHANNELS } from './channel-names/planning';
import { LEDGER_CHANNELS } from './channel-names/ledger';
import { FOLLOWUP_CHANNELS } from './channel-names/followup';
import { REPORTS_CHANNELS } from './channel-names/reports';
import { EXCHANGE_CHANNELS } from './channel-names/exchange';
import { GOALS_CHANNELS } from './channel-names/goals';
import { INVESTMENTS_CHANNELS } from './channel-names/investments';
import { SYSTEM_CHANNELS } from './channel-names/system';
import { PLANNING_CALENDAR_CHANNELS } from './channel-names/planning-calendar';
import { BUDGET_DOCUMENT_CHANNELS } from './channel-names/budget-document';
import { CHEF_ROUNDS_CHANNELS } from './channel-names/chef-rounds';
import { BUDGET_ROUND_CHANNELS } from './channel-names/budget-round';
import { WORKBOOK_CHANNELS } from './channel-names/workbook';
import { PERSONNEL_CHANNELS } from './channel-names/personnel';
import { TEXTS_CHANNELS } from './channel-names/texts';
import { INTERNAL_CONTROL_CHANNELS } from './channel-names/internal-control';
import { ACTION_PLAN_CHANNELS } from './channel-names/action-plans';
import { TEMPLATES_CHANNELS } from './channel-names/templates';
import { GOAL_ROUND_CHANNELS } from './channel-names/goal-round';

export const CHANNELS = [
  ...CORE_CHANNELS,
  ...BUDGET_CHANNELS,
  ...PLANNING_CHANNELS,
  ...LEDGER_CHANNELS,
  ...FOLLOWUP_CHANNELS,
  ...REPORTS_CHANNELS,
  ...EXCHANGE_CHANNELS,
  ...GOALS_CHANNELS,
  ...INVESTMENTS_CHANNELS,
  ...SYSTEM_CHANNELS,
  ...PLANNING_CALENDAR_CHANNELS,
  ...BUDGET_DOCUMENT_CHANNELS,
  ...CHEF_ROUNDS_CHANNELS,
  ...BUDGET_ROUND_CHANNELS,
  ...WORKBOOK_CHANNELS,
  ...TEXTS_CHANNELS,
  ...PERSONNEL_CHANNELS,
  ...INTERNAL_CONTROL_CHANNELS,
  ...ACTION_PLAN_CHANNELS,
  ...TEMPLATES_CHANNELS,
  ...GOAL_ROUND_CHANNELS,
] as const;

export type ChannelName = (typeof CHANNELS)[number];

export const INVOKE_CHANNEL = 'ramkoll:invoke';
export const PROGRESS_CHANNEL = 'ramkoll:progress';
/** Main → page: menu commands and files opened from outside (AppEvent in contract/system.ts). */
export const APP_EVENT_CHANNEL = 'ramkoll:app-event';
/** Preload -> main: grant a token for a file the user dropped on the page (the path comes from webUtils, never from the page). */
export const GRANT_DROPPED_CHANNEL = 'ramkoll:grant-dropped-file';
