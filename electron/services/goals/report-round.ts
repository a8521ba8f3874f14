import type { Db } from '../../../db/index';
import { assignmentRound } from './assignments';
import { councilIndicatorRound } from './council';
import type { GoalTree } from './tree';
import { ROUND_STATUS_NAMES, statusName } from './types';

/**
 * The goal round's rest in the report's "Mål- och resultatuppföljning"
 * (issue 19 point 5): the uppdrag, the förvaltning's assessment of KF's
 * inriktningsmål and styrtal, and the aktiviteter with their plan. Status and
 * text of an uppdrag or an assessment are shown only once approved, as the
 * goal assessments' texts are.
 */
export interface ReportAssignment {
  code: string;
  title: string;
  /** "Kommunfullmäktige" or "Nämnden". */
  originName: string;
  owner: string;
  /** The owner's ansvar code and its ancestors', top down (a sektor's report keeps its own). */
  ownerPath: string[];
  /** "KF 2026-02-23 § 14" (the reference and the date, as there are). */
  decision: string;
  dueOn: string | null;
  /** The approved follow-up's status ("pågår"), or why there is none. */
  statusText: string;
  /** The approved comment; '' when not approved. */
  comment: string;
  approved: boolean;
}

export interface ReportCouncilIndicator {
  name: string;
  statusText: string;
  comment: string;
  approved: boolean;
}

export interface ReportCouncilAssessment {
  code: string;
  title: string;
  statusText: string;
  forecastText: string | null;
  comment: string;
  approved: boolean;
  indicators: ReportCouncilIndicator[];
}

export interface ReportActivity {
  code: string;
  title: string;
  parentCode: string;
  owner: string;
  ownerPath: string[];
  responsible: string;
  startOn: string | null;
  endOn: string | null;
  costOre: number | null;
  statusText: string;
}

export interface GoalRoundReport {
  assignments: ReportAssignment[];
  council: ReportCouncilAssessment[];
  activities: ReportActivity[];
}

const CONTROLLER = { role: 'controller' as const, scopeCode: null, siteId: '', user: '', now: new Date(0) };
const notApproved = (round: keyof typeof ROUND_STATUS_NAMES | null) => (round === null ? 'inte rapporterad' : `inte godkänd (${ROUND_STATUS_NAMES[round]})`);

export function goalRoundReport(db: Db, period: number, tree: GoalTree): GoalRoundReport {
  const assignments = assignmentRound(db, period, CONTROLLER, { today: '0000-01-01' }).assignments.map((a): ReportAssignment => {
    const approved = a.followup?.roundStatus === 'approved';
    return {
      code: a.code,
      title: a.title,
      originName: a.originName,
      owner: `${a.owner.code} ${a.owner.name}`,
      ownerPath: a.ownerPath,
      decision: [a.decisionRef, a.decidedOn].filter(Boolean).join(', '),
      dueOn: a.dueOn,
      statusText: approved ? (a.followup!.statusName ?? 'ingen status') : notApproved(a.followup?.roundStatus ?? null),
      comment: approved ? a.followup!.text : '',
      approved,
    };
  });
  const indicators = councilIndicatorRound(db, period, CONTROLLER, { today: '0000-01-01' }).indicators;
  const council = tree.rows
    .filter((r) => r.level === 'council')
    .map((r): ReportCouncilAssessment => {
      const a = r.assessment;
      const approved = a?.roundStatus === 'approved';
      return {
        code: r.code,
        title: r.title,
        statusText: approved && a.status ? statusName(a.status, 'council') : notApproved(a?.roundStatus ?? null),
        forecastText: approved && a.forecast ? statusName(a.forecast, 'council') : null,
        comment: approved ? a.text : '',
        approved,
        indicators: indicators
          .filter((i) => i.goalId === r.id)
          .map((i) => {
            const ok = i.assessment?.roundStatus === 'approved';
            return { name: i.name, statusText: ok ? (i.assessment!.statusName ?? 'ingen status') : notApproved(i.assessment?.roundStatus ?? null), comment: ok ? i.assessment!.text : '', approved: ok };
          }),
      };
    });
  const codeOf = new Map(tree.rows.map((r) => [r.id, r.code]));
  const activities = tree.rows
    .filter((r) => r.level === 'activity')
    .map((r) => ({
      code: r.code,
      title: r.title,
      parentCode: codeOf.get(r.parentId ?? '') ?? '',
      owner: `${r.owner.code} ${r.owner.name}`,
      ownerPath: r.ownerPath,
      responsible: r.activity.responsible,
      startOn: r.activity.startOn,
      endOn: r.activity.endOn,
      costOre: r.activity.costOre,
      statusText: r.assessment?.status ? statusName(r.assessment.status, 'activity') : 'ej bedömd',
    }));
  return { assignments, council, activities };
}
