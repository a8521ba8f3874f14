import type { Figures as InvestmentFigures } from '../investments/overview';
import type { OccasionKind } from '../../../db/schema';
import type { PersonnelFigures } from '../personnel/figures';
import type { ChartSeries } from '../followup/chart-geometry';
import type { BudgetChanges } from '../followup/budget-changes';
import type { Figures } from '../followup/figures';
import type { GroupKey } from '../followup/model';
import type { GoalReportSection } from '../goals/report';
import type { ActionPlanReportPart } from '../action-plans/report';

/** The unit amounts are shown in: tkr with no decimals, mnkr with one. */
export type ReportUnit = 'tkr' | 'mnkr';
/** How budget, outcome and forecast are signed in the documents (deviations are always positive when favourable). */
export type SignPresentation = 'costs-positive' | 'costs-negative';
export type ReportFormat = 'pdf' | 'xlsx' | 'docx';

export interface Presentation {
  unit: ReportUnit;
  sign: SignPresentation;
}

export interface ReportFront {
  kommun: string;
  board: string;
  administration: string;
  kind: OccasionKind;
  kindName: string;
  occasionName: string;
  period: number;
  /** "januari–augusti 2026" */
  periodText: string;
  /** null: the whole förvaltning (or the kommuntotal). */
  scope: { code: string; name: string } | null;
  scopeText: string;
  /** The day it was fastställd (the occasion locked), as a local date YYYY-MM-DD; an utkast: the day it was made. */
  date: string;
  /** fastställd when the occasion is locked (the figures are the snapshot it was reported with). */
  status: 'utkast' | 'fastställd';
  /** What the figures are: the snapshot's time or "löpande", and the budget version. */
  version: string;
  /** A data: URL (png, jpeg or svg) from the report settings, or null. */
  logo: string | null;
  /** Kommuntotal: the förvaltningar compiled, in order. */
  sources: string[];
  /** "Utfall saknas för november–december; rapporten är preliminär." when months of the occasion lack outcome; else null. */
  notice: string | null;
}

/** Which of the occasion's months (1 up to its period's month) have outcome: in the locked occasion's snapshot, else in the ledger. */
export interface OutcomeCoverage {
  months: number[];
  /** Empty when every month of the occasion has outcome. */
  missing: number[];
}

/**
 * A preliminary report's accumulated figures over the months that have
 * outcome (budget and last year for the same months as the outcome), öre.
 * The row's `figures` stay those of follow-up for the occasion's period.
 */
export interface CoveredFigures {
  budgetAcc: number;
  actualAcc: number;
  actualAccLastYear: number;
}

export interface GroupRow {
  key: GroupKey;
  name: string;
  figures: Figures;
  /** Set when months lack outcome (see ReportModel.coverage). */
  covered: CoveredFigures | null;
}

export interface UnitRow {
  code: string;
  name: string;
  /** A real ansvar node, money posted directly on the scope's top node, or outcome on unknown ansvar. */
  kind: 'node' | 'direct' | 'unknown';
  figures: Figures;
  covered: CoveredFigures | null;
}

export interface AnalysisEntry {
  code: string;
  name: string;
  /** "förvaltning", "sektor", "verksamhet", "enhet" */
  levelName: string;
  figures: Figures;
  covered: CoveredFigures | null;
  cause: string;
  action: string;
  effectOre: number | null;
}

export interface AnalysisSection {
  code: string;
  name: string;
  figures: Figures;
  covered: CoveredFigures | null;
  /** The approved comments of the node and of every node below it, in the organisation's order. */
  entries: AnalysisEntry[];
}

/**
 * One approved åtgärd with an expected effect. A level's effect is for its
 * whole area and may summarise the measures below it, so the sum counts
 * each effect once: effectOre = summarisedOre + countedOre.
 */
export interface ActionRow {
  code: string;
  name: string;
  /** "sektor", "enhet", … */
  levelName: string;
  /** How many rows with an effect are above it in its branch (for indenting). */
  depth: number;
  action: string;
  /** Expected effect for the year as written, öre (positive improves the result). */
  effectOre: number;
  /** The part of the effect already counted in the effects below it (at most the effect, never negative). */
  summarisedOre: number;
  /** The part that counts in the sum. */
  countedOre: number;
}

export interface AccuracyTable {
  /** The prognos occasions of the year up to this one. */
  occasions: { name: string; period: number }[];
  /** The compared value: this occasion's own forecast, or (årsbokslut) the year's outcome (null per row while months lack outcome). */
  reference: 'forecast' | 'outcome';
  rows: { code: string; name: string; forecasts: (number | null)[]; reference: number | null }[];
}

export interface GoalPart {
  /** Whose goals: the förvaltning's name (several in a kommuntotal). */
  name: string;
  section: GoalReportSection;
}

/**
 * The report of one reporting occasion and scope, built once from the
 * database (figures from follow-up's figureTree, goals from
 * goalReportSection) and rendered by every format. Money in öre with the
 * ledger's signs; the presentation (unit, sign) is applied when rendering.
 */
export interface ReportModel {
  front: ReportFront;
  presentation: Presentation;
  /** The occasion kind carries a helårsprognos (or an earlier occasion's applies). */
  hasForecast: boolean;
  forecastOccasionName: string | null;
  total: Figures;
  totalCovered: CoveredFigures | null;
  /** Which months of the occasion have outcome; a report with missing months is preliminary. */
  coverage: OutcomeCoverage;
  groups: GroupRow[];
  /** What the rows of "per verksamhet" are: sektorer, verksamheter or förvaltningar. */
  unitLevelName: string;
  units: UnitRow[];
  analysis: AnalysisSection[];
  actions: ActionRow[];
  cumulative: { title: string; series: ChartSeries; month: number };
  accuracy: AccuracyTable | null;
  /** Tertialrapport, delårsrapport and årsbokslut: Mål- och resultatuppföljning. */
  goals: GoalPart[] | null;
  /**
   * From "Ursprunglig budget" to "Budget i kraft" (budget helår) for the
   * scope: the decided revision in force and the omfördelningar into or out
   * of it, each with its other end named; null when the budget is the
   * original one.
   */
  budgetChanges: BudgetChanges | null;
  /** Delårsrapport and årsbokslut: Investeringsredovisning (document-investments.ts); left out of a kommuntotal. */
  investments?: InvestmentReportPart | null;
  /** The approved text sections of the scope, per kind in the kinds' order (document-texts.ts); in a kommuntotal each förvaltning's own (combine.ts). */
  texts?: TextReportPart[];
  /** The Personal section's figure table (document-personnel.ts); left out of a kommuntotal. */
  personnel?: PersonnelReportPart | null;
  /** Tertial, delår and årsbokslut: the internal control plan's results at the occasion, shown in the Intern kontroll section (document-control.ts). */
  internalControl?: ControlReportPart | null;
  /** The occasion's approved åtgärdsplaner and the follow-up of earlier ones (document-action-plans.ts). */
  actionPlans?: ActionPlanReportPart | null;
  /** Ekonomi's report template the report follows (document-template.ts), or null: the default order and headings. */
  template?: ReportTemplatePart | null;
}

/** What a report takes from the kommun's template: the sections' order and headings, the cover, and which version it was. */
export interface ReportTemplatePart {
  version: number;
  issuedAt: string;
  unit: ReportUnit;
  sections: { code: string; heading: string }[];
  /** The front page's title per kind of occasion. */
  titles: Partial<Record<OccasionKind, string>>;
  coverText: string;
  /** A kommuntotal whose förvaltningar have different versions: which has which (combine.ts). */
  note?: string;
}

/** The personnel figures of a report (document-personnel.ts): the scope first, then the nodes right below it. */
export interface PersonnelReportPart {
  period: number;
  rows: { code: string; name: string; below: boolean; figures: PersonnelFigures; lastYear: PersonnelFigures | null }[];
}

/** One kind of text section in a report: the scope's own approved text, then those of the nodes below it. */
export interface TextReportPart {
  kind: string;
  name: string;
  entries: { code: string; name: string; own: boolean; body: string }[];
}

/** The Investeringsredovisning's figures (document-investments.ts). */
export interface InvestmentReportProject {
  code: string;
  name: string;
  categoryName: string;
  responsibility: string;
  year: InvestmentFigures;
  wholeProject: InvestmentFigures;
  required: boolean;
  /** The approved comment, or null. */
  comment: { cause: string; action: string } | null;
  /** Why a required comment is not shown ("saknas", "utkast" …), or null. */
  commentMissing: string | null;
}

export interface InvestmentReportPart {
  year: number;
  projects: InvestmentReportProject[];
  categories: { name: string; year: InvestmentFigures; wholeProject: InvestmentFigures }[];
  total: { year: InvestmentFigures; wholeProject: InvestmentFigures };
}

/** The internal control plan's results at a tertial, delår or årsbokslut, for the Intern kontroll section (document-control.ts). */
export interface ControlReportRow {
  code: string;
  process: string;
  riskValue: number;
  controlStep: string;
  node: string;
  responsible: string;
  /** null: no result written for the occasion. */
  performed: boolean | null;
  deviation: boolean | null;
  observations: string;
  actions: string;
  actionOwner: string;
  actionDue: string | null;
}

export interface ControlReportPart {
  occasionName: string;
  rows: ControlReportRow[];
}
