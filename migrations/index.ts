import type { Migration } from './types';
import { initial } from './0001_initial';
import { goals } from './0002_goals';
import { planning } from './0003_planning';
import { ledger } from './0004_ledger';
import { followup } from './0005_followup';
import { exchange } from './0006_exchange';
import { followupPerf } from './0007_followup_perf';
import { budgetInForce } from './0008_budget_in_force';
import { frameAck } from './0009_frame_ack';
import { rateSources } from './0010_rate_sources';
import { budgetChanges } from './0011_budget_changes';
import { budgetBulk } from './0012_budget_bulk';
import { multiyear } from './0013_multiyear';
import { investments } from './0014_investments';
import { planningCalendar } from './0015_planning_calendar';
import { ledgerBatchNo } from './0016_ledger_batch_no';
import { investmentFollowup } from './0017_investment_followup';
import { chefRoles } from './0018_chef_roles';
import { budgetRound } from './0019_budget_round';
import { textSections } from './0020_text_sections';
import { personnel } from './0021_personnel';
import { internalControl } from './0022_internal_control';
import { actionPlans } from './0023_action_plans';
import { koladaComparison } from './0024_kolada_comparison';
import { reportTemplate } from './0025_report_template';
import { goalRound } from './0026_goal_round';

/**
 * The schema history, in order. Imported statically (no directory scan) so
 * that it survives bundling and asar packaging. Never edit a migration that
 * has shipped: add a new one.
 */
export const migrations: readonly Migration[] = [initial, goals, planning, ledger, followup, exchange, followupPerf, budgetInForce, frameAck, rateSources, budgetChanges, budgetBulk, multiyear, investments, planningCalendar, ledgerBatchNo, investmentFollowup, chefRoles, budgetRound, textSections, personnel, internalControl, actionPlans, koladaComparison, reportTemplate, goalRound];

export type { Migration } from './types';
