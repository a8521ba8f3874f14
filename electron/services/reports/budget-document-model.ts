import type { Db } from '../../../db/index';
import { listBudgetChanges, type BudgetChange } from '../budget/changes';
import { frameBalances } from '../budget/frames';
import { internalOverview, type InternalPair } from '../budget/internal';
import { multiyearPlan, type PlanGroupRow, type PlanYearAssumptions } from '../budget/multiyear';
import { changesOverview, type OperationalChange } from '../budget/operational-changes';
import { personnelOverview, type PersonnelSummaryRow } from '../budget/personnel';
import { resolveVersion } from '../budget/planning-common';
import { listBudgetVersions, versionInForce } from '../budget/versions';
import { loadGoals, loadIndicators } from '../goals/store';
import { investmentOverview, type ProjectOverview } from '../investments/overview';
import { getSetting } from '../settings';
import { localDate } from './build';
import { getReportSettings } from './settings';
import type { SignPresentation } from './types';

/**
 * The budget document ("Detaljbudget / Mål och budget") of a budget version,
 * gathered from the services the Budget pages and the CLI read (frames,
 * flerårsplan, VF-lista, budget changes, investments, personnel, interna
 * köp, goals): nothing is computed here, so every figure is the one those
 * show. Money in öre with the ledger's signs (costs positive); the document
 * (budget-document.ts) rounds it once to the unit.
 */

export type BudgetDocumentUnit = 'kr' | 'tkr' | 'mnkr';

export interface FrameRow {
  code: string;
  name: string;
  depth: number;
  /** Budget year, plan year 1, plan year 2: the ram i kraft (ram + budget changes), null without a ram. */
  frameInForceOre: (number | null)[];
  /** Budget year: the detaljbudget's lines; plan years: the flerårsplan. */
  plannedOre: number[];
}

export interface ChangeRow {
  code: string;
  name: string;
  depth: number;
  /** Last year's budget (the version in force at the end of last year), or null without one. */
  lastYearOre: number | null;
  thisYearOre: number;
}

export interface GoalEntry {
  level: 'board' | 'sub';
  code: string;
  title: string;
  owner: string;
  indicators: { name: string; unit: string; direction: 'higher' | 'lower'; start: string | null; target: string }[];
}

export interface BudgetDocumentModel {
  kommun: string;
  board: string;
  administration: string;
  logo: string | null;
  date: string;
  sign: SignPresentation;
  unit: BudgetDocumentUnit;
  year: number;
  years: number[];
  version: { id: string; name: string; kind: string; decisionRef: string | null; decidedOn: string | null; locked: boolean };
  lastYearVersion: { name: string } | null;
  /** The budget year's löneökning, prisindex and volym as last year's flerårsplan assumed them (its plan year 1); null when it set none. */
  lastYearAssumption: PlanYearAssumptions | null;
  assumptions: PlanYearAssumptions[];
  /** The förvaltning and its sektorer. */
  frames: FrameRow[];
  /** The förvaltning's plan per account group (budget year and plan years). */
  groups: PlanGroupRow[];
  /** Per sektor and for the förvaltning (first row): last year's budget against this year's. */
  changes: ChangeRow[];
  /** Per account group: last year's budget against this year's. */
  groupChanges: { name: string; lastYearOre: number | null; thisYearOre: number }[];
  measures: OperationalChange[];
  budgetChanges: BudgetChange[];
  investments: { projects: ProjectOverview[]; capitalOre: number; rateBp: number | null; rateSource: string };
  personnel: { perSector: PersonnelSummaryRow[]; total: PersonnelSummaryRow };
  internal: { pairs: InternalPair[]; salesOre: number; purchasesOre: number; imbalanceOre: number; external: { counterparty: string; yearOre: number }[] };
  goals: GoalEntry[];
}

export interface BudgetDocumentOptions {
  year: number;
  /** A version id, or 'current': the budget in force at the end of the year (the adopted budget, or the latest decided revision; before that, the version being worked on). */
  version: string;
  unit: BudgetDocumentUnit;
  sign?: SignPresentation;
  now: Date;
}

/** The goals valid in the year: each nämndmål followed by its delmål, with their styrtal's start and target. */
function yearGoals(db: Db, year: number): GoalEntry[] {
  const goals = loadGoals(db)
    .filter((g) => g.valid_from_year <= year && (g.valid_to_year === null || g.valid_to_year >= year))
    .sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code, 'sv'));
  const indicators = loadIndicators(db);
  const entry = (g: (typeof goals)[number], level: 'board' | 'sub'): GoalEntry => ({
    level,
    code: g.code,
    title: g.title,
    owner: `${g.owner_code} ${g.owner_name}`,
    indicators: indicators
      .filter((i) => i.goal_id === g.id)
      .map((i) => ({
        name: i.name,
        unit: i.unit,
        direction: i.direction,
        start: i.start_value === null ? null : `${i.start_value.replace('.', ',')}${i.unit ? ` ${i.unit}` : ''} (${i.start_year})`,
        target: `${i.target_value.replace('.', ',')}${i.unit ? ` ${i.unit}` : ''} (${i.target_year})`,
      })),
  });
  const out: GoalEntry[] = [];
  for (const b of goals.filter((g) => g.level === 'board')) {
    out.push(entry(b, 'board'));
    for (const s of goals.filter((g) => g.level === 'sub' && g.parent_id === b.id)) out.push(entry(s, 'sub'));
  }
  return out;
}

export function buildBudgetDocument(db: Db, opts: BudgetDocumentOptions): BudgetDocumentModel {
  const version = resolveVersion(db, opts.version, opts.year);
  const info = listBudgetVersions(db, version.year).find((v) => v.id === version.id)!;
  const frames = frameBalances(db, version.id);
  const plan = multiyearPlan(db, version.id);
  // The sektorer are the förvaltning's children: the ramar KF's ram is distributed over.
  const shown = frames.nodes.filter((n) => n.depth <= 1);

  const last = versionInForce(db, version.year - 1, `${version.year - 1}-12-31`);
  const lastFrames = last ? frameBalances(db, last.id) : null;
  const lastPlan = last ? multiyearPlan(db, last.id) : null;
  const lastBudgeted = new Map(lastFrames?.nodes.map((n) => [n.code, n.budgetedOre]) ?? []);
  const lastGroups = new Map(lastPlan?.nodes[0]?.groups.map((g) => [g.group, g.yearsOre[0]!]) ?? []);
  const groups = plan.nodes[0]?.groups ?? [];
  const lastAssumption = lastPlan?.assumptions.find((a) => a.year === version.year) ?? null;
  const groupKeys = [...new Set([...groups.map((g) => g.group), ...lastGroups.keys()])];

  const inv = investmentOverview(db, version.year);
  const personnel = personnelOverview(db, version.id);
  const internal = internalOverview(db, version.id);
  const settings = getReportSettings(db);
  return {
    kommun: getSetting(db, 'kommun.name'),
    board: getSetting(db, 'board.name'),
    administration: getSetting(db, 'administration.name'),
    logo: settings.logo,
    date: localDate(opts.now),
    sign: opts.sign ?? settings.sign,
    unit: opts.unit,
    year: version.year,
    years: frames.years,
    version: { id: version.id, name: version.name, kind: info.kind, decisionRef: info.decisionRef, decidedOn: info.decidedOn, locked: info.lockedAt !== null },
    lastYearVersion: last ? { name: last.name } : null,
    lastYearAssumption: lastAssumption && (lastAssumption.salaryBp !== 0 || lastAssumption.priceBp !== 0 || lastAssumption.volumeBp !== 0) ? lastAssumption : null,
    assumptions: plan.assumptions,
    frames: shown.map((n) => ({
      code: n.code,
      name: n.name,
      depth: n.depth,
      frameInForceOre: [n.frameInForceOre, ...n.planYears.map((y) => y.frameInForceOre)],
      plannedOre: [n.budgetedOre, ...n.planYears.map((y) => y.plannedOre)],
    })),
    groups,
    changes: shown.map((n) => ({ code: n.code, name: n.name, depth: n.depth, lastYearOre: last ? (lastBudgeted.get(n.code) ?? 0) : null, thisYearOre: n.budgetedOre })),
    groupChanges: groupKeys.map((k) => {
      const g = groups.find((x) => x.group === k) ?? lastPlan?.nodes[0]?.groups.find((x) => x.group === k);
      return { name: g?.name ?? k, lastYearOre: last ? (lastGroups.get(k) ?? 0) : null, thisYearOre: groups.find((x) => x.group === k)?.yearsOre[0] ?? 0 };
    }),
    measures: changesOverview(db, version.id).settled.filter((c) => c.status === 'decided'),
    budgetChanges: listBudgetChanges(db, version.year).changes,
    investments: { projects: inv.projects, capitalOre: inv.total.depreciationOre + inv.total.interestOre, rateBp: inv.settings.rateBp, rateSource: inv.settings.rateSource },
    personnel: { perSector: personnel.perSector, total: personnel.total },
    internal: { pairs: internal.pairs, salesOre: internal.salesOre, purchasesOre: internal.purchasesOre, imbalanceOre: internal.imbalanceOre, external: internal.external },
    goals: yearGoals(db, version.year),
  };
}
