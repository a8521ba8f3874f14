import type { OccasionKind } from '../../../db/schema';
import type { ChartSeries } from '../followup/chart-geometry';
import type { BudgetChanges } from '../followup/budget-changes';
import type { Figures } from '../followup/figures';
import type { GroupKey } from '../followup/model';
import type { GoalReportSection } from '../goals/report';

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
  /** The day the report was made (ISO date). */
  date: string;
  /** fastställd when the occasion is locked (the figures are the snapshot it was reported with). */
  status: 'utkast' | 'fastställd';
  /** What the figures are: the snapshot's time or "löpande", and the budget version. */
  version: string;
  /** A data: URL (png, jpeg or svg) from the report settings, or null. */
  logo: string | null;
  /** Kommuntotal: the förvaltningar compiled, in order. */
  sources: string[];
}

export interface GroupRow {
  key: GroupKey;
  name: string;
  figures: Figures;
}

export interface UnitRow {
  code: string;
  name: string;
  /** A real ansvar node, money posted directly on the scope's top node, or outcome on unknown ansvar. */
  kind: 'node' | 'direct' | 'unknown';
  figures: Figures;
}

export interface AnalysisEntry {
  code: string;
  name: string;
  /** "förvaltning", "sektor", "verksamhet", "enhet" */
  levelName: string;
  figures: Figures;
  cause: string;
  action: string;
  effectOre: number | null;
}

export interface AnalysisSection {
  code: string;
  name: string;
  figures: Figures;
  /** The approved comments of the node and of every node below it, in the organisation's order. */
  entries: AnalysisEntry[];
}

export interface ActionRow {
  code: string;
  name: string;
  action: string;
  /** Expected effect for the year, öre (positive improves the result). */
  effectOre: number;
}

export interface AccuracyTable {
  /** The prognos occasions of the year up to this one. */
  occasions: { name: string; period: number }[];
  /** The compared value: this occasion's own forecast, or (årsbokslut) the year's outcome. */
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
}
