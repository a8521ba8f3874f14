/**
 * Kysely table types. They mirror migrations/ exactly; a test compares the two
 * (test/integration/schema.test.ts) so that they cannot drift apart.
 */

import type { RoleName } from '../shared/roles';

export type Role = RoleName;
export type OrgLevel = 'administration' | 'sector' | 'operation' | 'unit';
export type DimensionKind = 'responsibility' | 'activity_code' | 'activity' | 'project' | 'counterparty' | 'other';
export type AccountGroup = 'revenue' | 'personnel' | 'other_cost' | 'capital_cost' | 'financial';
export type OccasionKind = 'monthly' | 'monthly_forecast' | 'tertial' | 'interim' | 'annual';
export type ProfileKind = 'even' | 'calendar_days' | 'working_days' | 'personnel' | 'last_year' | 'custom';
export type BudgetVersionKind = 'adopted' | 'revision' | 'draft';
export type CommentStatus = 'draft' | 'ready' | 'approved' | 'returned';
export type GoalLevel = 'council' | 'board' | 'sub' | 'activity';
export type GoalStatus = 'met' | 'partly_met' | 'not_met' | 'not_started' | 'done' | 'in_progress';
export type IndicatorDirection = 'higher' | 'lower';
export type IndicatorSource = 'kolada' | 'own';
export type AssessmentAction = 'saved' | 'ready' | 'withdrawn' | 'approved' | 'returned';
export type ForecastMethod = 'actual_plus_remaining' | 'linear' | 'last_year' | 'manual';

/** Columns of every row that is edited by people and exchanged between sites. */
/** The twelve month amounts of a row (budget lines, kept sums, proposed lines), in öre. */
export interface MonthOreColumns {
  m01_ore: number;
  m02_ore: number;
  m03_ore: number;
  m04_ore: number;
  m05_ore: number;
  m06_ore: number;
  m07_ore: number;
  m08_ore: number;
  m09_ore: number;
  m10_ore: number;
  m11_ore: number;
  m12_ore: number;
}

export interface SyncedColumns {
  created_at: string;
  updated_at: string;
  updated_by_site: string;
  deleted_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface SiteTable {
  id: string;
  name: string;
  role: Role;
  scope_code: string | null;
  public_key: string | null;
  is_local: number;
  created_at: string;
  updated_at: string;
}

export interface DimensionTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  kind: DimensionKind;
  sie_dimension: number | null;
  sort_order: number;
}

export interface DimensionValueTable extends SyncedColumns {
  id: string;
  dimension_id: string;
  code: string;
  name: string;
  parent_id: string | null;
  level: OrgLevel | null;
  sort_order: number;
  active: number;
}

export interface AccountTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  account_group: AccountGroup;
  active: number;
}

export interface FiscalYearTable {
  year: number;
  status: 'open' | 'closed';
  created_at: string;
}

export interface PeriodTable {
  period: number;
  year: number;
  month: number;
  closed_at: string | null;
}

export interface ReportingOccasionTable extends SyncedColumns {
  id: string;
  year: number;
  period: number;
  kind: OccasionKind;
  name: string;
  deadline_unit: string | null;
  deadline_operation: string | null;
  deadline_sector: string | null;
  deadline_administration: string | null;
  locked_at: string | null;
}

/** The standard steps of the budget process (migration 0015), or 'other' with a title. */
export type PlanningStepKind = 'directive' | 'frames' | 'distribution' | 'detail_budget' | 'board_decision' | 'registration' | 'other';
/** Who acts on a planning step: Ekonomi, KF/KS, the controller, a sektor, verksamhet or enhet, the nämnd. */
export type PlanningActor = 'economy' | 'council' | 'controller' | 'sector' | 'operation' | 'unit' | 'board';

/** A step of the budget process in the årshjul (migration 0015); year: the budget year it plans. */
export interface PlanningStepTable extends SyncedColumns {
  id: string;
  year: number;
  kind: PlanningStepKind;
  title: string | null;
  due_on: string;
  actor: PlanningActor;
  note: string | null;
  done_on: string | null;
}

export interface PeriodisationProfileTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  kind: ProfileKind;
  weights: string | null;
}

export interface BudgetVersionTable extends SyncedColumns {
  id: string;
  year: number;
  name: string;
  kind: BudgetVersionKind;
  based_on_id: string | null;
  decision_ref: string | null;
  locked_at: string | null;
  /** yyyy-mm-dd: the day the version was decided (a revision is in force from it); null while not decided. */
  decided_on: string | null;
  /** JSON: who locked the version over its ram, when, and which nodes by how much (services/budget/frame-ack.ts); null when within. */
  over_frame_ack: string | null;
}

export interface FrameTable extends SyncedColumns {
  id: string;
  version_id: string;
  responsibility_id: string;
  /** The budget year's ram. */
  amount_ore: number;
  note: string | null;
  /** The ram of plan year 1 and 2 (the budget year + 1, + 2); null without one (migration 13). */
  plan1_ore: number | null;
  plan2_ore: number | null;
}

export interface CodingTable {
  id: number;
  account_code: string;
  responsibility_code: string;
  dims: string;
}

export interface BudgetLineTable extends SyncedColumns, MonthOreColumns {
  id: string;
  version_id: string;
  coding_id: number;
  profile_id: string | null;
  year_ore: number;
  manual: number;
  note: string | null;
}

export interface ReallocationTable extends SyncedColumns {
  id: string;
  year: number;
  decision_ref: string;
  decided_on: string;
  from_responsibility_id: string;
  to_responsibility_id: string;
  account_code: string | null;
  amount_ore: number;
  note: string | null;
}

/** A KF/KS decision that changes the ram during the year (migration 0011); kind: tilläggsanslag, lönekompensation, kapitalkostnadskompensation, annat. */
export interface BudgetChangeTable extends SyncedColumns {
  id: string;
  year: number;
  kind: BudgetChangeKind;
  decision_ref: string;
  decided_on: string;
  text: string;
  account_code: string | null;
}

export type BudgetChangeKind = 'supplementary' | 'pay' | 'capital' | 'other';

/** A budget change's amount for one ansvar node and year (the budget year or a plan year), öre: + more budget, − less. */
export interface BudgetChangeAmountTable extends SyncedColumns {
  id: string;
  change_id: string;
  responsibility_id: string;
  year: number;
  amount_ore: number;
}

export interface PayrollOverheadRateTable extends SyncedColumns {
  id: string;
  year: number;
  category: string;
  name: string;
  rate_bp: number;
  /** Whose rate and for which year it was published, e.g. "SKR 2023"; '' when not given. */
  source: string;
}

export interface PersonnelPositionTable extends SyncedColumns {
  id: string;
  version_id: string;
  responsibility_id: string;
  title: string;
  person_name: string | null;
  employment_bp: number;
  monthly_salary_ore: number;
  raise_bp: number;
  raise_from_month: number;
  vacancy_months: string;
  po_category: string;
  salary_account_code: string;
  po_account_code: string;
}

export interface OperationalChangeTable extends SyncedColumns {
  id: string;
  version_id: string;
  responsibility_id: string | null;
  description: string;
  amount_ore: number;
  priority: number;
  status: 'proposed' | 'decided' | 'rejected';
  budget_line_id: string | null;
  /** The measure's effect in plan year 1 and 2 (amount_ore is the budget year's; migration 13). */
  plan1_ore: number;
  plan2_ore: number;
}

/** Per version and plan year: what draws the plan year from the year before (migration 13, budget/plan-years.ts). */
export interface PlanAssumptionTable extends SyncedColumns {
  id: string;
  version_id: string;
  /** 1 or 2: the budget year + 1 or + 2. */
  plan_year: number;
  salary_bp: number;
  price_bp: number;
  volume_bp: number;
}

export interface ImportBatchTable {
  id: string;
  kind: 'actual' | 'budget' | 'masterdata';
  file_name: string;
  file_sha256: string;
  profile_name: string | null;
  imported_by: string;
  imported_at: string;
  row_count: number;
  total_ore: number;
  periods: string;
  scope_responsibility_code: string | null;
  status: 'active' | 'undone';
  undone_at: string | null;
  summary: string;
  /** A local number for the batch, given by a trigger on insert (migration 16): actual_balance refers to it. */
  no: number | null;
}

export interface ActualBalanceTable {
  coding_id: number;
  period: number;
  amount_ore: number;
  /** import_batch.no of the batch the balance came from (migration 16). */
  batch_no: number;
}

/** Outcome per year, ansvar and account group (migration 0007; kept by triggers on actual_balance and account). */
export interface ActualGroupSumTable extends MonthOreColumns {
  year: number;
  responsibility_code: string;
  account_group: string;
  balances: number;
}

/** One row: whether the outcome triggers step aside for a bulk writer (migration 0007). */
export interface FsumControlTable {
  id: number;
  actual_deferred: number;
  /** 1 while a bulk writer of budget lines keeps budget_group_sum itself (migration 12). */
  budget_deferred: number;
}

/** Budget per version, ansvar and account group (migration 0007; kept by triggers on budget_line and account). */
export interface BudgetGroupSumTable extends MonthOreColumns {
  version_id: string;
  responsibility_code: string;
  account_group: string;
  lines: number;
}

export interface ActualBalanceReplacedTable {
  batch_id: string;
  coding_id: number;
  period: number;
  amount_ore: number;
  previous_batch_id: string;
}

export interface ActualTransactionTable {
  id: number;
  batch_id: string;
  coding_id: number;
  period: number;
  booked_on: string | null;
  amount_ore: number;
  voucher: string | null;
  text: string | null;
  counterparty_name: string | null;
}

export interface LedgerProfileTable extends SyncedColumns {
  id: string;
  name: string;
  system: string;
  definition: string;
}

export interface ForecastTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  account_group: AccountGroup;
  amount_ore: number;
  method: ForecastMethod;
  note: string | null;
}

export interface DeviationCommentTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  cause: string;
  action: string;
  action_effect_ore: number | null;
  status: CommentStatus;
  return_note: string | null;
  author: string;
}

export interface ChangeLogTable {
  seq: number;
  at: string;
  site_id: string;
  author: string;
  table_name: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface GoalTable extends SyncedColumns {
  id: string;
  level: GoalLevel;
  parent_id: string | null;
  code: string;
  title: string;
  description: string;
  owner_id: string;
  valid_from_year: number;
  valid_to_year: number | null;
  sort_order: number;
  /** An activity's plan (migration 0026): who is responsible, start and end (ISO dates), cost in öre. */
  responsible: string;
  start_on: string | null;
  end_on: string | null;
  cost_ore: number | null;
}

export interface IndicatorTable extends SyncedColumns {
  id: string;
  goal_id: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  source: IndicatorSource;
  series_key: string;
  source_note: string;
  start_value: string | null;
  start_year: number | null;
  target_value: string;
  target_year: number;
  sort_order: number;
}

export interface IndicatorValueTable extends SyncedColumns {
  id: string;
  series_key: string;
  measured_on: string;
  value: string;
  note: string;
}

/** A Kolada value of another kommun, the region, riket or a kommungrupp, or the kommun's own by kön (migration 0024). Local. */
export interface IndicatorComparisonValueTable {
  series_key: string;
  municipality_code: string;
  municipality_name: string;
  kind: 'kommun' | 'region' | 'riket' | 'grupp';
  year: number;
  gender: 'T' | 'K' | 'M';
  value: string;
  imported_at: string;
}

export interface GoalAssessmentTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  goal_id: string;
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
  round_status: CommentStatus;
  return_note: string | null;
  author: string;
}

export interface GoalAssessmentEventTable extends SyncedColumns {
  id: string;
  assessment_id: string;
  action: AssessmentAction;
  round_status: CommentStatus;
  status: GoalStatus | null;
  forecast: GoalStatus | null;
  text: string;
  note: string | null;
  author: string;
}

/** A round's status per node (issue 18): utkast, inlämnad, godkänd, återskickad. */
export type RoundStatus = 'draft' | 'submitted' | 'approved' | 'returned';

/** A chef's budget proposal for its node in a working version (migration 19, budget-round/). */
export interface BudgetRoundTable extends SyncedColumns {
  id: string;
  version_id: string;
  responsibility_id: string;
  status: RoundStatus;
  return_note: string | null;
  author: string;
}

/** A proposed budget line of a round: a kodsträng with its year and months; 'approved' once copied into the version. */
export interface BudgetRoundLineTable extends SyncedColumns, MonthOreColumns {
  id: string;
  round_id: string;
  coding_id: number;
  year_ore: number;
  note: string | null;
  status: 'proposed' | 'approved';
}

/** A proposed verksamhetsförändring of a round, with its effect per year; 'approved' once in the version's VF-lista. */
export interface BudgetRoundChangeTable extends SyncedColumns {
  id: string;
  round_id: string;
  responsibility_id: string;
  description: string;
  amount_ore: number;
  plan1_ore: number;
  plan2_ore: number;
  status: 'proposed' | 'approved';
}

export type BudgetRoundAction = 'submitted' | 'returned' | 'approved' | 'approved_rows';

/** One step of a round's history: who (author, site), when (acted_at), the status it left, its note. */
export interface BudgetRoundEventTable extends SyncedColumns {
  id: string;
  round_id: string;
  action: BudgetRoundAction;
  status: RoundStatus;
  note: string | null;
  /** The node's proposed year total above its ram when the step was confirmed over it; null when within. */
  over_frame_ore: number | null;
  author: string;
  /** When the step was taken (ISO time); it travels, unlike created_at, which is when the row arrived here. */
  acted_at: string;
}

export interface PersonnelSettingTable extends SyncedColumns {
  id: string;
  year: number;
  salary_account_code: string;
  po_account_code: string;
  income_base_amount_ore: number;
  /** Where the inkomstbasbelopp comes from, e.g. "Pensionsmyndigheten 2023"; '' when not given. */
  income_base_amount_source: string;
}

export interface PersonnelBudgetLineTable extends SyncedColumns {
  id: string;
  budget_line_id: string;
  version_id: string;
  responsibility_id: string;
  kind: 'salary' | 'po';
}

/** The investment budget's settings for a year: internränta (hundredths of a percent: 200 = 2,00 %) and the kapitaltjänst accounts. */
export interface InvestmentSettingTable extends SyncedColumns {
  id: string;
  year: number;
  rate_bp: number;
  /** Where the rate comes from, e.g. "SKR cirkulär 2025"; '' when not given. */
  rate_source: string;
  depreciation_account_code: string;
  interest_account_code: string;
}

export type InvestmentCategory = 'reinvestment' | 'expansion' | 'development';

/** An investment project: `code` is its projekt-id, the code it carries in the ledger's Projekt dimension. Periods YYYYMM. */
export interface InvestmentProjectTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  responsibility_id: string;
  category: InvestmentCategory;
  start_period: number;
  planned_activation: number;
  activated: number | null;
  note: string | null;
}

/** A component of a project with its avskrivningstid; its cost is a fixed amount or a share (hundredths of a percent) of the project's whole budget. */
export interface InvestmentComponentTable extends SyncedColumns {
  id: string;
  project_id: string;
  name: string;
  amount_ore: number | null;
  share_bp: number | null;
  life_years: number;
  sort_order: number;
}

export interface InvestmentYearTable extends SyncedColumns {
  id: string;
  project_id: string;
  year: number;
  budget_ore: number;
  forecast_ore: number | null;
  comment: string | null;
}

export interface InvestmentFrameTable extends SyncedColumns {
  id: string;
  responsibility_id: string;
  year: number;
  amount_ore: number;
  note: string | null;
}

export interface InvestmentBudgetLineTable extends SyncedColumns {
  id: string;
  budget_line_id: string;
  version_id: string;
  responsibility_id: string;
  kind: 'depreciation' | 'interest';
}

/** Investment outcome per project, account (kontoklass 1) and period, read from the ledger. */
export interface InvestmentActualTable {
  project_code: string;
  account_code: string;
  period: number;
  amount_ore: number;
  /** The import batch it came from (migration 0017); null for outcome the demo wrote. */
  batch_id: string | null;
}

/** What an import batch replaced of the investment outcome, brought back when the batch is undone. */
export interface InvestmentActualReplacedTable {
  batch_id: string;
  project_code: string;
  account_code: string;
  period: number;
  amount_ore: number;
  previous_batch_id: string | null;
}

/** A project's deviation comment in a reporting occasion's round (migration 0017). */
export interface InvestmentCommentTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  project_id: string;
  cause: string;
  action: string;
  status: CommentStatus;
  return_note: string | null;
  author: string;
}

/** The kind of a round (issue 18): a working budget version's or a reporting occasion's prognos. */
export type RoundKind = 'budget' | 'prognos';
/** A node's status in a round: utkast, inlämnad, godkänd, återskickad. */
export type NodeRoundStatus = 'draft' | 'submitted' | 'approved' | 'returned';

export interface RoundWriteSettingTable extends SyncedColumns {
  id: string;
  round_kind: RoundKind;
  round_ref: string;
  responsibility_id: string;
  what: 'budget' | 'vf' | 'prognos' | 'comment';
  allowed: number;
}

export interface ForecastRoundTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  status: NodeRoundStatus;
  return_note: string | null;
}

export interface ForecastRoundEventTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  status: NodeRoundStatus;
  note: string | null;
  amounts_json: string | null;
  by_name: string;
  at: string;
}

/** A kind of text section in a report: Sammanfattning, Väsentliga händelser, … (migration 0020). */
export interface TextSectionKindTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  guidance: string;
  sort_order: number;
}

/** One node's text of one kind in a reporting occasion's round (migration 0020). */
export interface TextSectionTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  kind_id: string;
  body: string;
  status: CommentStatus;
  return_note: string | null;
  author: string;
}

export interface PersonnelFigureTable extends SyncedColumns {
  id: string;
  period: number;
  responsibility_id: string;
  employees: number | null;
  permanent: number | null;
  temporary: number | null;
  fte_centi: number | null;
  sick_bp: number | null;
  sick_women_bp: number | null;
  sick_men_bp: number | null;
  sick_to29_bp: number | null;
  sick_30to49_bp: number | null;
  sick_from50_bp: number | null;
  long_sick_bp: number | null;
  cost_ore: number | null;
  source: string;
}

/** One control of the nämnd's internal control plan for a year (migration 0022). */
export interface InternalControlTable extends SyncedColumns {
  id: string;
  year: number;
  code: string;
  process: string;
  risk: string;
  probability: number;
  consequence: number;
  control_step: string;
  responsibility_id: string;
  responsible: string;
  /** Comma list of the occasion kinds it is followed up at: tertial, interim, annual. */
  occasion_kinds: string;
  sort_order: number;
}

/** The kommun's report template from Ekonomi (migration 0025): one row; sections and cover as JSON (templates/template.ts). */
export interface ReportTemplateTable extends SyncedColumns {
  id: string;
  version: number;
  issued_at: string;
  issued_by: string;
  sections_json: string;
  unit: 'tkr' | 'mnkr';
  logo: string;
  cover_json: string;
}

/** The controller's deadline for one goal level at an occasion (migration 0026). */
export type GoalDeadlineLevel = GoalLevel | 'assignment';
export interface GoalDeadlineTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  level: GoalDeadlineLevel;
  due_on: string;
}

/** Uppdrag: ej påbörjat, pågår, genomfört, avslutat ej genomfört. */
export type AssignmentStatus = 'not_started' | 'in_progress' | 'done' | 'closed_not_done';
export type AssignmentOrigin = 'council' | 'board';

/** A särskilt uppdrag from KF or the nämnd (migration 0026). */
export interface AssignmentTable extends SyncedColumns {
  id: string;
  origin: AssignmentOrigin;
  code: string;
  title: string;
  description: string;
  owner_id: string;
  decision_ref: string;
  decided_on: string | null;
  due_on: string | null;
  valid_from_year: number;
  valid_to_year: number | null;
  sort_order: number;
}

/** An uppdrag's status and comment at an occasion, in the goal round. */
export interface AssignmentFollowupTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  assignment_id: string;
  status: AssignmentStatus | null;
  text: string;
  round_status: CommentStatus;
  return_note: string | null;
  author: string;
}

/** The förvaltning's assessment of one of KF's styrtal at an occasion. */
export interface IndicatorAssessmentTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  indicator_id: string;
  status: Exclude<GoalStatus, 'done' | 'in_progress'> | null;
  text: string;
  round_status: CommentStatus;
  return_note: string | null;
  author: string;
}

/** A control's result at one reporting occasion (migration 0022); performed and deviation are 0/1. */
export interface InternalControlResultTable extends SyncedColumns {
  id: string;
  control_id: string;
  occasion_id: string;
  performed: number;
  deviation: number;
  observations: string;
  actions: string;
  action_owner: string;
  action_due: string | null;
  author: string;
}

/** Status of an åtgärd: planerad, pågår, genomförd, ej genomförd (migration 0023). */
export type ActionStatus = 'planned' | 'in_progress' | 'done' | 'not_done';

/** The åtgärdsplan of one node at one reporting occasion, in the comment round (migration 0023). */
export interface ActionPlanTable extends SyncedColumns {
  id: string;
  occasion_id: string;
  responsibility_id: string;
  status: CommentStatus;
  return_note: string | null;
  author: string;
}

/** One åtgärd of a plan (migration 0023): due_date is an ISO date, effect_ore the expected effect. */
export interface ActionPlanItemTable extends SyncedColumns {
  id: string;
  plan_id: string;
  what: string;
  owner: string;
  due_date: string;
  effect_ore: number | null;
  status: ActionStatus;
  sort_order: number;
}

/** An åtgärd's status and comment at a later occasion (migration 0023). */
export interface ActionFollowupTable extends SyncedColumns {
  id: string;
  item_id: string;
  occasion_id: string;
  status: ActionStatus;
  comment: string;
  author: string;
}

export interface ExportProfileTable extends SyncedColumns {
  id: string;
  name: string;
  layout: string;
}

export interface InternalAccountTable extends SyncedColumns {
  id: string;
  account_code: string;
}

export interface DeviationThresholdTable extends SyncedColumns {
  id: string;
  level: OrgLevel;
  amount_ore: number | null;
  percent_bp: number | null;
}

export interface OccasionSnapshotTable {
  occasion_id: string;
  taken_at: string;
  taken_by: string;
  budget_version_id: string | null;
  budget_version_name: string | null;
  forecast_occasion_id: string | null;
  meta: string;
}

export interface OccasionSnapshotFigureTable {
  occasion_id: string;
  responsibility_code: string;
  account_code: string;
  budget_year_ore: number;
  budget_acc_ore: number;
  actual_acc_ore: number;
  last_year_acc_ore: number;
  budget_months: string;
  actual_months: string;
  last_year_months: string;
}

export interface OccasionSnapshotForecastTable {
  occasion_id: string;
  responsibility_code: string;
  account_group: string;
  amount_ore: number;
  method: string;
}

export interface XchgClockTable {
  id: number;
  ms: number;
  counter: number;
  site: string;
  suspended: number;
}

export interface XchgKeyTable {
  site_id: string;
  private_key: string;
  public_key: string;
  created_at: string;
}

/** A value of an exchanged field as SQLite holds it. */
export type ExchangedValue = string | number | null;

export interface XchgChangeTable {
  seq: number;
  tbl: string;
  row_id: string;
  field: string;
  value: ExchangedValue;
  version: string;
  base: string | null;
  resolves: string | null;
  node: string | null;
  origin: string;
  via: string | null;
  package_id: string | null;
}

export interface XchgPeerTable {
  site_id: string;
  acked: number;
  received: number;
  first_seen_at: string;
  last_received_at: string | null;
  last_sent_at: string | null;
}

export interface XchgPeerRowTable {
  site_id: string;
  tbl: string;
  row_id: string;
  since: number;
}

export interface XchgAliasTable {
  tbl: string;
  alias_id: string;
  row_id: string;
}

export interface XchgConflictTable {
  id: string;
  tbl: string;
  row_id: string;
  field: string;
  status: 'open' | 'auto' | 'resolved';
  candidates: string;
  detected_at: string;
  package_id: string | null;
  resolved_at: string | null;
  resolved_version: string | null;
}

export interface XchgPackageTable {
  id: string;
  direction: 'sent' | 'received';
  peer_id: string;
  kind: string;
  file_name: string;
  file_sha256: string;
  created_at: string;
  handled_at: string;
  seq_from: number;
  seq_upto: number;
  summary: string;
  result: string | null;
}

export interface XchgAttachmentTable {
  package_id: string;
  name: string;
  mime: string;
  sha256: string;
  data: Buffer;
}

export interface XchgOutcomeStateTable {
  period: number;
  checksum: string;
}

export interface Schema {
  setting: SettingTable;
  site: SiteTable;
  dimension: DimensionTable;
  dimension_value: DimensionValueTable;
  account: AccountTable;
  fiscal_year: FiscalYearTable;
  period: PeriodTable;
  reporting_occasion: ReportingOccasionTable;
  planning_step: PlanningStepTable;
  periodisation_profile: PeriodisationProfileTable;
  budget_version: BudgetVersionTable;
  frame: FrameTable;
  plan_assumption: PlanAssumptionTable;
  coding: CodingTable;
  budget_line: BudgetLineTable;
  reallocation: ReallocationTable;
  budget_change: BudgetChangeTable;
  budget_change_amount: BudgetChangeAmountTable;
  payroll_overhead_rate: PayrollOverheadRateTable;
  personnel_position: PersonnelPositionTable;
  operational_change: OperationalChangeTable;
  import_batch: ImportBatchTable;
  actual_balance: ActualBalanceTable;
  actual_balance_replaced: ActualBalanceReplacedTable;
  actual_transaction: ActualTransactionTable;
  ledger_profile: LedgerProfileTable;
  forecast: ForecastTable;
  deviation_comment: DeviationCommentTable;
  change_log: ChangeLogTable;
  goal: GoalTable;
  indicator: IndicatorTable;
  indicator_value: IndicatorValueTable;
  indicator_comparison_value: IndicatorComparisonValueTable;
  goal_assessment: GoalAssessmentTable;
  goal_assessment_event: GoalAssessmentEventTable;
  budget_round: BudgetRoundTable;
  budget_round_line: BudgetRoundLineTable;
  budget_round_change: BudgetRoundChangeTable;
  budget_round_event: BudgetRoundEventTable;
  personnel_setting: PersonnelSettingTable;
  personnel_budget_line: PersonnelBudgetLineTable;
  investment_setting: InvestmentSettingTable;
  investment_project: InvestmentProjectTable;
  investment_component: InvestmentComponentTable;
  investment_year: InvestmentYearTable;
  investment_frame: InvestmentFrameTable;
  investment_budget_line: InvestmentBudgetLineTable;
  investment_actual: InvestmentActualTable;
  investment_actual_replaced: InvestmentActualReplacedTable;
  investment_comment: InvestmentCommentTable;
  round_write_setting: RoundWriteSettingTable;
  forecast_round: ForecastRoundTable;
  forecast_round_event: ForecastRoundEventTable;
  text_section_kind: TextSectionKindTable;
  text_section: TextSectionTable;
  personnel_figure: PersonnelFigureTable;
  internal_control: InternalControlTable;
  internal_control_result: InternalControlResultTable;
  action_plan: ActionPlanTable;
  action_plan_item: ActionPlanItemTable;
  action_followup: ActionFollowupTable;
  report_template: ReportTemplateTable;
  goal_deadline: GoalDeadlineTable;
  assignment: AssignmentTable;
  assignment_followup: AssignmentFollowupTable;
  indicator_assessment: IndicatorAssessmentTable;
  export_profile: ExportProfileTable;
  internal_account: InternalAccountTable;
  deviation_threshold: DeviationThresholdTable;
  occasion_snapshot: OccasionSnapshotTable;
  occasion_snapshot_figure: OccasionSnapshotFigureTable;
  occasion_snapshot_forecast: OccasionSnapshotForecastTable;
  xchg_clock: XchgClockTable;
  xchg_key: XchgKeyTable;
  xchg_change: XchgChangeTable;
  xchg_peer: XchgPeerTable;
  xchg_peer_row: XchgPeerRowTable;
  xchg_alias: XchgAliasTable;
  xchg_conflict: XchgConflictTable;
  xchg_package: XchgPackageTable;
  xchg_attachment: XchgAttachmentTable;
  xchg_outcome_state: XchgOutcomeStateTable;
  actual_group_sum: ActualGroupSumTable;
  budget_group_sum: BudgetGroupSumTable;
  fsum_control: FsumControlTable;
}

/** Every column of every table. The type forces exactly the keys of Schema; test/integration/schema.test.ts compares it with SQLite, so the types cannot drift from the migrations. */
export const SCHEMA_COLUMNS: { [T in keyof Schema]: { [C in keyof Schema[T]]-?: true } } = {
  setting: { key: true, value: true },
  site: { id: true, name: true, role: true, scope_code: true, public_key: true, is_local: true, created_at: true, updated_at: true },
  dimension: { id: true, code: true, name: true, kind: true, sie_dimension: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  dimension_value: { id: true, dimension_id: true, code: true, name: true, parent_id: true, level: true, sort_order: true, active: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  account: { id: true, code: true, name: true, account_group: true, active: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  fiscal_year: { year: true, status: true, created_at: true },
  period: { period: true, year: true, month: true, closed_at: true },
  reporting_occasion: { id: true, year: true, period: true, kind: true, name: true, deadline_unit: true, deadline_operation: true, deadline_sector: true, deadline_administration: true, locked_at: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  planning_step: { id: true, year: true, kind: true, title: true, due_on: true, actor: true, note: true, done_on: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  periodisation_profile: { id: true, code: true, name: true, kind: true, weights: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_version: { id: true, year: true, name: true, kind: true, based_on_id: true, decision_ref: true, locked_at: true, decided_on: true, over_frame_ack: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  plan_assumption: { id: true, version_id: true, plan_year: true, salary_bp: true, price_bp: true, volume_bp: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  frame: { id: true, version_id: true, responsibility_id: true, amount_ore: true, note: true, plan1_ore: true, plan2_ore: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  coding: { id: true, account_code: true, responsibility_code: true, dims: true },
  budget_line: { id: true, version_id: true, coding_id: true, profile_id: true, year_ore: true, m01_ore: true, m02_ore: true, m03_ore: true, m04_ore: true, m05_ore: true, m06_ore: true, m07_ore: true, m08_ore: true, m09_ore: true, m10_ore: true, m11_ore: true, m12_ore: true, manual: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_change: { id: true, year: true, kind: true, decision_ref: true, decided_on: true, text: true, account_code: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_change_amount: { id: true, change_id: true, responsibility_id: true, year: true, amount_ore: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  reallocation: { id: true, year: true, decision_ref: true, decided_on: true, from_responsibility_id: true, to_responsibility_id: true, account_code: true, amount_ore: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  payroll_overhead_rate: { id: true, year: true, category: true, name: true, rate_bp: true, source: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  personnel_position: { id: true, version_id: true, responsibility_id: true, title: true, person_name: true, employment_bp: true, monthly_salary_ore: true, raise_bp: true, raise_from_month: true, vacancy_months: true, po_category: true, salary_account_code: true, po_account_code: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  operational_change: { id: true, version_id: true, responsibility_id: true, description: true, amount_ore: true, priority: true, status: true, budget_line_id: true, plan1_ore: true, plan2_ore: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  import_batch: { id: true, kind: true, file_name: true, file_sha256: true, profile_name: true, imported_by: true, imported_at: true, row_count: true, total_ore: true, periods: true, scope_responsibility_code: true, status: true, undone_at: true, summary: true, no: true },
  actual_balance: { coding_id: true, period: true, amount_ore: true, batch_no: true },
  actual_balance_replaced: { batch_id: true, coding_id: true, period: true, amount_ore: true, previous_batch_id: true },
  actual_transaction: { id: true, batch_id: true, coding_id: true, period: true, booked_on: true, amount_ore: true, voucher: true, text: true, counterparty_name: true },
  ledger_profile: { id: true, name: true, system: true, definition: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  forecast: { id: true, occasion_id: true, responsibility_id: true, account_group: true, amount_ore: true, method: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  deviation_comment: { id: true, occasion_id: true, responsibility_id: true, cause: true, action: true, action_effect_ore: true, status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  change_log: { seq: true, at: true, site_id: true, author: true, table_name: true, row_id: true, field: true, old_value: true, new_value: true },
  goal: { id: true, level: true, parent_id: true, code: true, title: true, description: true, owner_id: true, valid_from_year: true, valid_to_year: true, sort_order: true, responsible: true, start_on: true, end_on: true, cost_ore: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  indicator: { id: true, goal_id: true, name: true, unit: true, direction: true, source: true, series_key: true, source_note: true, start_value: true, start_year: true, target_value: true, target_year: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  indicator_value: { id: true, series_key: true, measured_on: true, value: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  indicator_comparison_value: { series_key: true, municipality_code: true, municipality_name: true, kind: true, year: true, gender: true, value: true, imported_at: true },
  goal_assessment: { id: true, occasion_id: true, goal_id: true, status: true, forecast: true, text: true, round_status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  goal_assessment_event: { id: true, assessment_id: true, action: true, round_status: true, status: true, forecast: true, text: true, note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_round: { id: true, version_id: true, responsibility_id: true, status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_round_line: { id: true, round_id: true, coding_id: true, year_ore: true, m01_ore: true, m02_ore: true, m03_ore: true, m04_ore: true, m05_ore: true, m06_ore: true, m07_ore: true, m08_ore: true, m09_ore: true, m10_ore: true, m11_ore: true, m12_ore: true, note: true, status: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_round_change: { id: true, round_id: true, responsibility_id: true, description: true, amount_ore: true, plan1_ore: true, plan2_ore: true, status: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  budget_round_event: { id: true, round_id: true, action: true, status: true, note: true, over_frame_ore: true, author: true, acted_at: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  personnel_setting: { id: true, year: true, salary_account_code: true, po_account_code: true, income_base_amount_ore: true, income_base_amount_source: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  personnel_budget_line: { id: true, budget_line_id: true, version_id: true, responsibility_id: true, kind: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_setting: { id: true, year: true, rate_bp: true, rate_source: true, depreciation_account_code: true, interest_account_code: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_project: { id: true, code: true, name: true, responsibility_id: true, category: true, start_period: true, planned_activation: true, activated: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_component: { id: true, project_id: true, name: true, amount_ore: true, share_bp: true, life_years: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_year: { id: true, project_id: true, year: true, budget_ore: true, forecast_ore: true, comment: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_frame: { id: true, responsibility_id: true, year: true, amount_ore: true, note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_budget_line: { id: true, budget_line_id: true, version_id: true, responsibility_id: true, kind: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  investment_actual: { project_code: true, account_code: true, period: true, amount_ore: true, batch_id: true },
  investment_actual_replaced: { batch_id: true, project_code: true, account_code: true, period: true, amount_ore: true, previous_batch_id: true },
  investment_comment: { id: true, occasion_id: true, project_id: true, cause: true, action: true, status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  round_write_setting: { id: true, round_kind: true, round_ref: true, responsibility_id: true, what: true, allowed: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  forecast_round: { id: true, occasion_id: true, responsibility_id: true, status: true, return_note: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  forecast_round_event: { id: true, occasion_id: true, responsibility_id: true, status: true, note: true, amounts_json: true, by_name: true, at: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  text_section_kind: { id: true, code: true, name: true, guidance: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  text_section: { id: true, occasion_id: true, responsibility_id: true, kind_id: true, body: true, status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  personnel_figure: { id: true, period: true, responsibility_id: true, employees: true, permanent: true, temporary: true, fte_centi: true, sick_bp: true, sick_women_bp: true, sick_men_bp: true, sick_to29_bp: true, sick_30to49_bp: true, sick_from50_bp: true, long_sick_bp: true, cost_ore: true, source: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  internal_control: { id: true, year: true, code: true, process: true, risk: true, probability: true, consequence: true, control_step: true, responsibility_id: true, responsible: true, occasion_kinds: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  goal_deadline: { id: true, occasion_id: true, level: true, due_on: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  assignment: { id: true, origin: true, code: true, title: true, description: true, owner_id: true, decision_ref: true, decided_on: true, due_on: true, valid_from_year: true, valid_to_year: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  assignment_followup: { id: true, occasion_id: true, assignment_id: true, status: true, text: true, round_status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  indicator_assessment: { id: true, occasion_id: true, indicator_id: true, status: true, text: true, round_status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  internal_control_result: { id: true, control_id: true, occasion_id: true, performed: true, deviation: true, observations: true, actions: true, action_owner: true, action_due: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  action_plan: { id: true, occasion_id: true, responsibility_id: true, status: true, return_note: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  action_plan_item: { id: true, plan_id: true, what: true, owner: true, due_date: true, effect_ore: true, status: true, sort_order: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  action_followup: { id: true, item_id: true, occasion_id: true, status: true, comment: true, author: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  report_template: { id: true, version: true, issued_at: true, issued_by: true, sections_json: true, unit: true, logo: true, cover_json: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  export_profile: { id: true, name: true, layout: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  internal_account: { id: true, account_code: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  deviation_threshold: { id: true, level: true, amount_ore: true, percent_bp: true, created_at: true, updated_at: true, updated_by_site: true, deleted_at: true },
  occasion_snapshot: { occasion_id: true, taken_at: true, taken_by: true, budget_version_id: true, budget_version_name: true, forecast_occasion_id: true, meta: true },
  occasion_snapshot_figure: { occasion_id: true, responsibility_code: true, account_code: true, budget_year_ore: true, budget_acc_ore: true, actual_acc_ore: true, last_year_acc_ore: true, budget_months: true, actual_months: true, last_year_months: true },
  occasion_snapshot_forecast: { occasion_id: true, responsibility_code: true, account_group: true, amount_ore: true, method: true },
  xchg_clock: { id: true, ms: true, counter: true, site: true, suspended: true },
  xchg_key: { site_id: true, private_key: true, public_key: true, created_at: true },
  xchg_change: { seq: true, tbl: true, row_id: true, field: true, value: true, version: true, base: true, resolves: true, node: true, origin: true, via: true, package_id: true },
  xchg_peer: { site_id: true, acked: true, received: true, first_seen_at: true, last_received_at: true, last_sent_at: true },
  xchg_peer_row: { site_id: true, tbl: true, row_id: true, since: true },
  xchg_alias: { tbl: true, alias_id: true, row_id: true },
  xchg_conflict: { id: true, tbl: true, row_id: true, field: true, status: true, candidates: true, detected_at: true, package_id: true, resolved_at: true, resolved_version: true },
  xchg_package: { id: true, direction: true, peer_id: true, kind: true, file_name: true, file_sha256: true, created_at: true, handled_at: true, seq_from: true, seq_upto: true, summary: true, result: true },
  xchg_attachment: { package_id: true, name: true, mime: true, sha256: true, data: true },
  xchg_outcome_state: { period: true, checksum: true },
  actual_group_sum: { year: true, responsibility_code: true, account_group: true, balances: true, m01_ore: true, m02_ore: true, m03_ore: true, m04_ore: true, m05_ore: true, m06_ore: true, m07_ore: true, m08_ore: true, m09_ore: true, m10_ore: true, m11_ore: true, m12_ore: true },
  fsum_control: { id: true, actual_deferred: true, budget_deferred: true },
  budget_group_sum: { version_id: true, responsibility_code: true, account_group: true, lines: true, m01_ore: true, m02_ore: true, m03_ore: true, m04_ore: true, m05_ore: true, m06_ore: true, m07_ore: true, m08_ore: true, m09_ore: true, m10_ore: true, m11_ore: true, m12_ore: true },
};
