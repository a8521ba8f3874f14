import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OccasionKind, OrgLevel } from '../../../db/schema';
import { periodName } from '../fiscal';
import { listOccasions, occasionForPeriod, type Occasion } from '../followup/calendar';
import { budgetChanges } from '../followup/budget-changes';
import { cumulativeSeries } from '../followup/chart-geometry';
import { monthFigures } from '../followup/chart';
import { figureTree, nodeKey, type FigureNode, type FigureTree, type Figures } from '../followup/figures';
import { GROUP_NAMES, GROUP_ORDER, MONTHS, OCCASION_KIND_NAMES } from '../followup/model';
import { rowScope } from '../followup/row-scope';
import { GOAL_OCCASION_KINDS } from '../goals/occasions';
import { investmentReportPart } from './document-investments';
import { personnelReportPart, withPersonnelPart } from './document-personnel';
import { textReportParts } from './document-texts';
import { controlReportPart, withControlKind } from './document-control';
import { actionPlanReportPart } from '../action-plans/report';
import { goalReportSection, type GoalReportSection } from '../goals/report';
import { emptyCounts, goalTree } from '../goals/tree';
import { getSetting } from '../settings';
import { actionRows } from './actions';
import { coverageNotice, coverageOf, coveredFigures, treeOutcomeMonths } from './coverage';
import { getReportSettings } from './settings';
import { templatePart } from './document-template';
import type { AccuracyTable, AnalysisEntry, AnalysisSection, CoveredFigures, GroupRow, ReportModel, ReportUnit, SignPresentation, UnitRow } from './types';
import { stockholmDate } from '../../../shared/dates';

export interface ReportOptions {
  /** YYYYMM of a reporting occasion. */
  period: number;
  /** An ansvar code (one sektor); null: the whole förvaltning. */
  scope: string | null;
  unit?: ReportUnit;
  sign?: SignPresentation;
  now: Date;
  /** The months to count as having outcome (a kommuntotal's months common to every förvaltning); default: those the data has. */
  outcomeMonths?: readonly number[];
}

export const LEVEL_NAMES: Record<OrgLevel, string> = { administration: 'förvaltning', sector: 'sektor', operation: 'verksamhet', unit: 'enhet' };
const LEVEL_PLURAL: Record<OrgLevel, string> = { administration: 'förvaltning', sector: 'sektor', operation: 'verksamhet', unit: 'enhet' };

/** The groups "Resultat och prognos" always shows; financial items and unknown accounts only when they hold money. */
const ALWAYS: ReadonlySet<string> = new Set(['revenue', 'personnel', 'other_cost', 'capital_cost']);

const MONTH = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export function periodText(period: number): string {
  const m = period % 100;
  const y = Math.floor(period / 100);
  return m === 1 ? `januari ${y}` : `januari–${MONTH[m - 1]} ${y}`;
}

/** The day in Sweden (ÅÅÅÅ-MM-DD), whatever the machine's time zone; the UTC day is the day before from midnight until 01 or 02 in Sweden. */
export function localDate(d: Date): string {
  return stockholmDate(d);
}

const isZero = (f: Figures) => f.budgetYear === 0 && f.budgetAcc === 0 && f.actualAcc === 0 && f.actualAccLastYear === 0 && (f.forecastYear ?? 0) === 0;

export function zeroFigures(forecast: boolean): Figures {
  return { budgetYear: 0, budgetAcc: 0, actualAcc: 0, actualAccLastYear: 0, forecastYear: forecast ? 0 : null };
}

export function addFigures(into: Figures, f: Figures): void {
  into.budgetYear += f.budgetYear;
  into.budgetAcc += f.budgetAcc;
  into.actualAcc += f.actualAcc;
  into.actualAccLastYear += f.actualAccLastYear;
  into.forecastYear = into.forecastYear === null || f.forecastYear === null ? null : into.forecastYear + f.forecastYear;
}

const copy = (f: Figures): Figures => ({ ...f });

/** A preliminary report's figures over the months with outcome for some tree rows; null when no month lacks outcome. */
type Cover = (keys: readonly string[]) => CoveredFigures | null;

/** The approved comments of a subtree, top down in the organisation's order. */
function approvedEntries(node: FigureNode, cover: Cover): AnalysisEntry[] {
  const out: AnalysisEntry[] = [];
  const walk = (n: FigureNode) => {
    if (n.kind === 'node' && n.comment?.status === 'approved') {
      out.push({
        code: n.code,
        name: n.name,
        levelName: LEVEL_NAMES[n.level],
        figures: copy(n.figures),
        covered: cover([n.key]),
        cause: n.comment.cause,
        action: n.comment.action,
        effectOre: n.comment.actionEffectOre,
      });
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  return out;
}

function scopeNodes(tree: FigureTree, scope: string | null): FigureNode[] {
  if (scope === null) return tree.roots;
  const node = tree.byKey.get(nodeKey(scope));
  if (!node) {
    const sectors = tree.roots.flatMap((r) => r.children.filter((c) => c.kind === 'node').map((c) => `${c.code} ${c.name}`));
    throw new RamkollError('NOT_FOUND', `Ansvaret ${scope} finns inte i organisationen för perioden. Välj en sektor: ${sectors.join(', ') || '(inga)'}.`);
  }
  return [node];
}

/** "Prognossäkerhet"; at an årsbokslut whose months lack outcome the year's outcome is not known yet, and the reference stays empty. */
function accuracyTable(db: Db, tree: FigureTree, scope: string | null, kind: OccasionKind, outcomeComplete: boolean): AccuracyTable | null {
  const year = tree.year;
  const annual = kind === 'annual';
  const occasions = listOccasions(db, year).filter((o) => o.forecastKind && o.period <= tree.period);
  if (occasions.length === 0 || (!annual && !occasions.some((o) => o.period === tree.period))) return null;
  const trees = occasions.map((o) => (o.period === tree.period ? tree : figureTree(db, { period: o.period })));
  const here = scopeNodes(tree, scope);
  // Rows: the scope's total, then the nodes one level down (sektorer, or verksamheter of a sektor).
  const rowKeys: { code: string; name: string; keys: string[] }[] = [
    { code: '', name: 'Totalt', keys: here.map((n) => n.key) },
    ...(here.length === 1 ? here[0]!.children : here).filter((c) => c.kind === 'node').map((c) => ({ code: c.code, name: c.name, keys: [c.key] })),
  ];
  const valueIn = (t: FigureTree, keys: string[], pick: (f: Figures) => number | null): number | null => {
    let sum = 0;
    for (const k of keys) {
      const n = t.byKey.get(k);
      if (!n) return null;
      const v = pick(n.figures);
      if (v === null) return null;
      sum += v;
    }
    return sum;
  };
  return {
    occasions: occasions.map((o) => ({ name: o.name, period: o.period })),
    reference: annual ? 'outcome' : 'forecast',
    rows: rowKeys.map((r) => ({
      code: r.code,
      name: r.name,
      forecasts: trees.map((t) => (t.forecastOccasion === null ? null : valueIn(t, r.keys, (f) => f.forecastYear))),
      reference: annual ? (outcomeComplete ? valueIn(tree, r.keys, (f) => f.actualAcc) : null) : valueIn(tree, r.keys, (f) => f.forecastYear),
    })),
  };
}

/**
 * A sektor's report carries the goals its nodes own (and the nämndmål they
 * hang under, for context); the counts are of the goals it owns.
 */
function goalsInScope(db: Db, period: number, section: GoalReportSection, scope: string): GoalReportSection {
  const tree = goalTree(db, period);
  const inScope = new Set(tree.rows.filter((r) => r.ownerPath.includes(scope)).map((r) => r.id));
  const councilGoals = section.councilGoals
    .map((c) => ({
      ...c,
      boardGoals: c.boardGoals
        .map((b) => ({ ...b, subGoals: b.subGoals.filter((s) => inScope.has(s.id)) }))
        .filter((b) => inScope.has(b.id) || b.subGoals.length > 0),
    }))
    .filter((c) => c.boardGoals.length > 0);
  const counts = (['board', 'sub', 'activity'] as const).map((level) => {
    const c = emptyCounts(level);
    for (const r of tree.rows) {
      if (r.level !== level || !inScope.has(r.id)) continue;
      c.total++;
      c.byStatus[r.assessment?.status ?? 'unassessed']++;
      c.byRound[r.assessment?.roundStatus ?? 'none']++;
    }
    return c;
  });
  const round = {
    assignments: section.round.assignments.filter((a) => a.ownerPath.includes(scope)),
    // KF's goals are assessed by the förvaltning as a whole: not part of a sektor's report.
    council: [],
    activities: section.round.activities.filter((a) => a.ownerPath.includes(scope)),
  };
  return { ...section, councilGoals, counts, round };
}

/**
 * The report of one reporting occasion for the whole förvaltning or one
 * sektor. Every figure comes from follow-up's figureTree (the snapshot of a
 * locked occasion), the goals from goalReportSection; nothing is computed
 * another way here, only picked and summed along the tree.
 */
export function buildReport(db: Db, opts: ReportOptions): ReportModel {
  const occasion = occasionForPeriod(db, opts.period);
  if (!occasion) {
    const year = Math.floor(opts.period / 100);
    const list = listOccasions(db, year).map((o) => `${o.period} ${o.name}`);
    throw new RamkollError(
      'NOT_FOUND',
      `Det finns inget uppföljningstillfälle för ${periodName(opts.period)}. ${list.length > 0 ? `Tillfällen ${year}: ${list.join('; ')}.` : `Lägg upp årets tillfällen under Uppföljning › Årshjul.`}`,
    );
  }
  const settings = getReportSettings(db);
  const presentation = { unit: opts.unit ?? settings.unit, sign: opts.sign ?? settings.sign };
  const tree = figureTree(db, { period: opts.period });
  const nodes = scopeNodes(tree, opts.scope);
  const single = nodes.length === 1 ? nodes[0]! : null;
  const withForecast = tree.forecastOccasion !== null;
  // Months without outcome make the report preliminary; its accumulated columns then cover the months that have it.
  const coverage = coverageOf(opts.period, opts.outcomeMonths ?? treeOutcomeMonths(db, tree));
  const cover: Cover = (keys) => (coverage.missing.length === 0 ? null : coveredFigures(db, tree, keys, coverage.months));

  const total = single ? copy(single.figures) : copy(tree.total);
  const groupFigures = single ? single.groups : tree.totalGroups;
  const groups: GroupRow[] = GROUP_ORDER.map((key, i) => ({ key, name: GROUP_NAMES[key], figures: copy(groupFigures[i]!) }))
    .filter((g) => ALWAYS.has(g.key) || !isZero(g.figures))
    .map((g) => ({ ...g, covered: cover(nodes.map((n) => `${n.key}/g:${g.key}`)) }));

  const unitNodes = single ? single.children : tree.roots;
  const units: UnitRow[] = unitNodes
    .filter((n) => n.kind === 'node' || !isZero(n.figures))
    .map((n) => ({ code: n.code, name: n.name, kind: n.kind, figures: copy(n.figures), covered: cover([n.key]) }));
  const firstLevel = unitNodes.find((n) => n.kind === 'node')?.level ?? 'sector';

  const analysis: AnalysisSection[] = [];
  if (single) {
    const own = approvedEntries({ ...single, children: [] }, cover);
    analysis.push({ code: single.code, name: single.name, figures: copy(single.figures), covered: cover([single.key]), entries: own });
    for (const c of single.children) {
      if (c.kind === 'node') analysis.push({ code: c.code, name: c.name, figures: copy(c.figures), covered: cover([c.key]), entries: approvedEntries(c, cover) });
    }
  } else {
    for (const r of nodes) if (r.kind === 'node') analysis.push({ code: r.code, name: r.name, figures: copy(r.figures), covered: cover([r.key]), entries: approvedEntries(r, cover) });
  }
  const actions = actionRows(nodes);

  // The cumulative chart of the scope: follow-up's month figures of each top node, summed.
  const budget = new Array<number>(MONTHS).fill(0);
  const actual = new Array<number>(MONTHS).fill(0);
  for (const n of nodes) {
    const m = monthFigures(db, tree, rowScope(tree, n.key));
    for (let i = 0; i < MONTHS; i++) {
      budget[i]! += m.budget[i]!;
      actual[i]! += m.actual[i]!;
    }
  }
  // The outcome line ends at the last month with outcome: a preliminary report does not draw months it lacks as flat.
  const month = coverage.missing.length === 0 ? opts.period % 100 : Math.max(0, ...coverage.months);
  const cumulativeTitle = single ? `${single.code} ${single.name}` : getSetting(db, 'administration.name');

  const personnel = personnelReportPart(db, occasion.period, opts.scope ?? null);
  const goalKind = GOAL_OCCASION_KINDS.includes(occasion.kind);
  let goals: ReportModel['goals'] = null;
  if (goalKind) {
    const section = goalReportSection(db, opts.period);
    goals = [{ name: getSetting(db, 'administration.name'), section: opts.scope ? goalsInScope(db, opts.period, section, opts.scope) : section }];
  }

  const changes = budgetChanges(db, tree, nodes);
  const locked = tree.source === 'snapshot';
  // A fastställd report carries the day it was fastställd, whenever it is printed; an utkast the day it is made.
  const lockedAt = locked ? (occasion.lockedAt ?? tree.snapshotAt) : null;
  const date = localDate(lockedAt ? new Date(lockedAt) : opts.now);
  const versionParts = [locked ? `siffrorna som de låstes ${tree.snapshotAt ? localDate(new Date(tree.snapshotAt)) : ''}` : `löpande siffror ${date}`];
  if (tree.budgetVersion) versionParts.push(`budgetversion ${tree.budgetVersion.name}`);
  return {
    front: {
      kommun: getSetting(db, 'kommun.name'),
      board: getSetting(db, 'board.name'),
      administration: getSetting(db, 'administration.name'),
      kind: occasion.kind,
      kindName: OCCASION_KIND_NAMES[occasion.kind],
      occasionName: occasion.name,
      period: opts.period,
      periodText: periodText(opts.period),
      scope: single && opts.scope ? { code: single.code, name: single.name } : null,
      scopeText: single && opts.scope ? `${LEVEL_NAMES[single.level][0]!.toUpperCase()}${LEVEL_NAMES[single.level].slice(1)} ${single.code} ${single.name}` : 'Hela förvaltningen',
      date,
      status: locked ? 'fastställd' : 'utkast',
      version: versionParts.join(', '),
      logo: settings.logo,
      sources: [],
      notice: coverageNotice(coverage),
    },
    presentation,
    hasForecast: withForecast,
    forecastOccasionName: tree.forecastOccasion?.name ?? null,
    total,
    totalCovered: cover(nodes.map((n) => n.key)),
    coverage,
    groups,
    unitLevelName: LEVEL_PLURAL[firstLevel],
    units,
    analysis,
    actions,
    cumulative: { title: cumulativeTitle, series: cumulativeSeries(budget, actual, month, total.forecastYear), month },
    accuracy: occasion.forecastKind || occasion.kind === 'annual' ? accuracyTable(db, tree, opts.scope, occasion.kind, coverage.missing.length === 0) : null,
    goals,
    budgetChanges: changes.changes.length > 0 ? changes : null,
    investments: investmentReportPart(db, occasion, opts.scope ?? null, opts.now),
    actionPlans: actionPlanReportPart(db, occasion, opts.scope ?? null, opts.now),
    ...withFigureParts(db, occasion, opts.scope ?? null, personnel),
    template: templatePart(db),
  };
}

/**
 * The text sections with the figures that open two of them: the Personal
 * section is there when personnel figures are, the Intern kontroll section
 * when controls are, even without an approved text.
 */
function withFigureParts(db: Db, occasion: Occasion, scope: string | null, personnel: ReportModel['personnel']): Pick<ReportModel, 'texts' | 'personnel' | 'internalControl'> {
  const internalControl = controlReportPart(db, occasion, scope);
  const texts = withControlKind(db, withPersonnelPart(db, textReportParts(db, occasion.id, scope), personnel ?? null), internalControl);
  return { texts, personnel, internalControl };
}
