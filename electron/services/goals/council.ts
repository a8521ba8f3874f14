import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { IndicatorTable } from '../../../db/schema';
import { stockholmDate } from '../../../shared/dates';
import type { Actor } from './access';
import { goalDeadlines, isOverdue } from './deadlines';
import { occasionByPeriod, type GoalOccasion } from './occasions';
import { loadSimpleRow, saveSimple, simpleView, stepSimple, type SimpleAction, type SimpleRoundView, type SimpleTarget } from './simple-round';
import { findGoal, loadSeries, validIn, type SeriesPoint } from './store';
import { GOAL_STATUSES, statusName, type GoalStatus } from './types';

/**
 * The förvaltning's assessment of KF's styrtal (issue 19 point 5): per
 * occasion, each styrtal of a KF inriktningsmål gets a status (uppfyllt,
 * delvis, ej uppfyllt, ej påbörjat) and a comment, in the goal round, written
 * and approved by the controller. KF's inriktningsmål themselves are assessed
 * as goal_assessment rows (goals/round.ts, access.ts).
 */
export interface CouncilIndicatorView {
  indicatorId: string;
  goalId: string;
  goalCode: string;
  goalTitle: string;
  name: string;
  unit: string;
  direction: 'higher' | 'lower';
  target: { value: string; year: number };
  latest: SeriesPoint | null;
  assessment: (SimpleRoundView & { statusName: string | null }) | null;
  deadline: string | null;
  overdue: boolean;
  /** Only the controller writes and approves the förvaltning's assessment of KF's styrtal. */
  may: { write: boolean; approve: boolean };
}

export interface CouncilIndicatorRound {
  occasion: GoalOccasion;
  indicators: CouncilIndicatorView[];
}

const refusal = (actor: Actor) => (actor.role === 'controller' ? null : 'Förvaltningens bedömning av kommunfullmäktiges styrtal skrivs och godkänns av controllern.');

function target(db: Db, period: number, indicatorId: string): SimpleTarget {
  const occasion = occasionByPeriod(db, period);
  const ind = db.prepare('SELECT * FROM indicator WHERE id = ? AND deleted_at IS NULL').get(indicatorId) as IndicatorTable | undefined;
  const goal = ind ? findGoal(db, ind.goal_id) : undefined;
  if (!ind || !goal) throw new RamkollError('NOT_FOUND', 'Styrtalet finns inte längre (det kan ha tagits bort). Ladda om sidan.');
  if (goal.level !== 'council') throw new RamkollError('CONFLICT', `${ind.name} hör till ${goal.code}, som inte är ett av kommunfullmäktiges inriktningsmål; det följs upp i målets bedömning.`);
  if (!validIn(goal, occasion.year)) throw new RamkollError('CONFLICT', `${goal.code} gäller inte ${occasion.year}.`);
  return { table: 'indicator_assessment', occasion, subjectId: ind.id, what: `Bedömningen av styrtalet ${ind.name} vid ${occasion.name}`, statuses: GOAL_STATUSES };
}

function enforce(actor: Actor): void {
  const r = refusal(actor);
  if (r !== null) throw new RamkollError('FORBIDDEN', r);
}

export function saveCouncilIndicatorAssessment(db: Db, actor: Actor, input: { period: number; indicatorId: string; status: GoalStatus | null; text: string; baseUpdatedAt?: string | null }) {
  enforce(actor);
  return simpleView(saveSimple(db, actor, target(db, input.period, input.indicatorId), input));
}

export function stepCouncilIndicatorAssessment(db: Db, actor: Actor, input: { period: number; indicatorId: string; action: SimpleAction; note?: string | null }) {
  enforce(actor);
  return simpleView(stepSimple(db, actor, target(db, input.period, input.indicatorId), input.action, input.note ?? null));
}

/** KF's styrtal valid at the occasion, with their latest value up to it and the förvaltning's assessment. */
export function councilIndicatorRound(db: Db, period: number, actor: Actor, opts: { today?: string } = {}): CouncilIndicatorRound {
  const occasion = occasionByPeriod(db, period);
  const deadline = goalDeadlines(db, occasion).council.date;
  const today = opts.today ?? stockholmDate(actor.now);
  const series = loadSeries(db, occasion.endDate);
  const rows = db
    .prepare(
      `SELECT i.*, g.code AS goal_code, g.title AS goal_title, g.valid_from_year, g.valid_to_year FROM indicator i JOIN goal g ON g.id = i.goal_id
       WHERE i.deleted_at IS NULL AND g.deleted_at IS NULL AND g.level = 'council' ORDER BY g.sort_order, g.code, i.sort_order, i.name`,
    )
    .all() as (IndicatorTable & { goal_code: string; goal_title: string; valid_from_year: number; valid_to_year: number | null })[];
  const may = { write: refusal(actor) === null, approve: refusal(actor) === null };
  const indicators = rows
    .filter((r) => validIn(r, occasion.year))
    .map((r): CouncilIndicatorView => {
      const a = loadSimpleRow(db, 'indicator_assessment', occasion.id, r.id);
      const s = series.get(r.series_key) ?? [];
      return {
        indicatorId: r.id,
        goalId: r.goal_id,
        goalCode: r.goal_code,
        goalTitle: r.goal_title,
        name: r.name,
        unit: r.unit,
        direction: r.direction,
        target: { value: r.target_value, year: r.target_year },
        latest: s.length > 0 ? s[s.length - 1]! : null,
        assessment: a ? { ...simpleView(a), statusName: a.status ? statusName(a.status as GoalStatus, 'council') : null } : null,
        deadline,
        overdue: isOverdue(deadline, a?.round_status ?? null, occasion, today),
        may,
      };
    });
  return { occasion, indicators };
}
