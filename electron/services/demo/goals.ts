import { createHash } from 'node:crypto';
import { stockholmDate } from '../../../shared/dates';
import type { Db } from '../../../db/index';
import type { GoalLevel, GoalStatus } from '../../../db/schema';
import { OrgTree } from '../figures/org-tree';
import { defaultCalendar, saveOccasion } from '../followup/calendar';
import type { Actor } from '../goals/access';
import { KOLADA_KEY, saveGoal, saveIndicator, writeValue } from '../goals/chain';
import { formatDecimal } from '../goals/decimal';
import { occasionByPeriod } from '../goals/occasions';
import { approveAssessment, markReady, returnAssessment, saveAssessment } from '../goals/round';
import { APPROVING_ORG_LEVEL, REPORTING_ORG_LEVEL, statusName } from '../goals/types';
import { DEMO_CONTROLLER, DEMO_GOALS, DEMO_PEOPLE, type DemoAssessment, type DemoGoal } from './goals-data';

export interface GoalsDemoOptions {
  year: number;
  siteId: string;
  /** The instant the demo stands on: no value is dated later and no step of the round happens later. */
  now: Date;
  /** The open round's period: goals are assessed only at occasions reached by then (timeline.ts). */
  openPeriod: number;
}

const LEVELS: readonly GoalLevel[] = ['council', 'board', 'sub', 'activity'];

/** The periods the demo's goals are followed up at: tertial 1 and the delårsrapport. */
const goalPeriods = (year: number) => [year * 100 + 4, year * 100 + 8];

/**
 * Uses the calendar's April and August occasions where they exist (the
 * follow-up part of the demo makes the whole calendar first), and creates
 * only the missing ones, as the reporting calendar's defaults (name, kind
 * and deadlines per level), through the calendar's own service.
 */
function ensureOccasions(db: Db, opts: GoalsDemoOptions): void {
  const planner = { siteId: opts.siteId, user: DEMO_CONTROLLER, role: 'controller' as const, scopeCode: null, now: opts.now };
  const periods = new Set(goalPeriods(opts.year));
  for (const o of defaultCalendar(opts.year)) {
    if (!periods.has(o.period)) continue;
    // A removed occasion still holds its period; saveOccasion brings it back.
    const live = db.first(db.q.selectFrom('reporting_occasion').select('id').where('period', '=', o.period).where('deleted_at', 'is', null));
    if (!live) saveOccasion(db, planner, o);
  }
}

function personFor(code: string): string {
  const n = createHash('sha256').update(`demo-person:${code}`).digest().readUInt32LE(0);
  return DEMO_PEOPLE[n % DEMO_PEOPLE.length]!;
}

/** Dates of the values: Kolada yearly (the five years before), own measurements per tertial. */
function valueDates(key: string, year: number): string[] {
  if (KOLADA_KEY.test(key)) return [5, 4, 3, 2, 1].map((k) => `${year - k}-12-31`);
  return [`${year - 1}-04-30`, `${year - 1}-08-31`, `${year - 1}-12-31`, `${year}-04-30`, `${year}-08-31`];
}

interface Placed {
  spec: DemoGoal;
  id: string;
  level: GoalLevel;
}

const STATUS_SENTENCE: Record<GoalStatus, string> = {
  met: 'Målet bedöms vara uppfyllt.',
  partly_met: 'Målet bedöms vara delvis uppfyllt.',
  not_met: 'Målet bedöms inte vara uppfyllt.',
  not_started: 'Arbetet har inte påbörjats.',
  done: 'Aktiviteten är genomförd.',
  in_progress: 'Aktiviteten pågår.',
};

function assessmentText(g: DemoGoal, level: GoalLevel, a: DemoAssessment, upTo: string, year: number): string {
  const parts = [level === 'activity' && a.status === 'not_started' ? 'Aktiviteten har inte påbörjats.' : STATUS_SENTENCE[a.status]];
  for (const ind of g.indicators ?? []) {
    const dates = valueDates(ind.key, year);
    let i = dates.length - 1;
    while (i >= 0 && dates[i]! > upTo) i--;
    const when = KOLADA_KEY.test(ind.key) ? `år ${dates[i]!.slice(0, 4)}` : `per ${dates[i]}`;
    if (i >= 0) parts.push(`${ind.name}: ${formatDecimal(ind.values[i]!)} ${ind.unit} (${when}), målvärde ${formatDecimal(ind.target)} ${ind.unit}.`);
  }
  if (g.note) parts.push(g.note);
  parts.push(`Prognos för helåret: ${statusName(a.forecast, level)}.`);
  return parts.join(' ');
}

/**
 * The goal chain of the demo förvaltning with styrtal over several years and
 * the April and August assessments in several states of the round. Built
 * through the goal services (so the demo obeys the chain's and the round's
 * rules) and called at the end of generateDemo's transaction.
 */
export function generateGoalsDemo(db: Db, opts: GoalsDemoOptions): void {
  const { year, siteId } = opts;
  const asOf = stockholmDate(opts.now);
  ensureOccasions(db, opts);
  const org = OrgTree.load(db);
  const actor = (role: Actor['role'], user: string, now: Date = opts.now): Actor => ({ role, scopeCode: null, siteId, user, now });
  const ekonomi = actor('ekonomi', 'Ekonomiavdelningen');
  const controller = actor('controller', DEMO_CONTROLLER);

  // The chain, top down. Inriktningsmål come from Ekonomi; the rest is the förvaltning's.
  const placed: Placed[] = [];
  const place = (spec: DemoGoal, depth: number, parentId: string | null, sort: number) => {
    const level = LEVELS[depth]!;
    const goal = saveGoal(db, level === 'council' ? ekonomi : controller, {
      level,
      parentId,
      code: spec.code,
      title: spec.title,
      description: spec.description ?? '',
      ownerCode: spec.owner,
      validFromYear: level === 'activity' ? year : year - 1,
      validToYear: level === 'activity' ? year : year + 2,
      sortOrder: sort,
    }, org);
    placed.push({ spec, id: goal.id, level });
    (spec.indicators ?? []).forEach((ind, i) => {
      const kolada = KOLADA_KEY.test(ind.key);
      saveIndicator(db, level === 'council' ? ekonomi : controller, {
        goalId: goal.id,
        name: ind.name,
        unit: ind.unit,
        direction: ind.direction,
        source: kolada ? 'kolada' : 'own',
        seriesKey: ind.key,
        sourceNote: ind.note ?? '',
        // Kolada: the value three years back; own measurements: last year's December value.
        startValue: ind.values[2]!,
        startYear: kolada ? year - 3 : year - 1,
        targetValue: ind.target,
        targetYear: year + 1,
        sortOrder: i,
      }, org);
    });
    (spec.children ?? []).forEach((c, i) => place(c, depth + 1, goal.id, i));
  };
  DEMO_GOALS.forEach((g, i) => place(g, 0, null, i));

  // Values of every series, once even where two goals follow the same key.
  const written = new Set<string>();
  for (const { spec } of placed) {
    for (const ind of spec.indicators ?? []) {
      if (written.has(ind.key)) continue;
      written.add(ind.key);
      const dates = valueDates(ind.key, year);
      // A measurement dated after the demo's date has not been made yet.
      ind.values.forEach((v, i) => dates[i]! <= asOf && writeValue(db, controller, ind.key, dates[i]!, v, ''));
    }
  }

  // The rounds: written before the level's deadline, marked klar, then approved or returned by the level above.
  // Only occasions that have been reached: their month has closed and their round has begun.
  const occasions = goalPeriods(year)
    .filter((p) => p <= opts.openPeriod)
    .map((p) => occasionByPeriod(db, p));
  const day = (date: string, hour: number, minute = 0) => new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  placed.forEach(({ spec, id, level }, index) => {
    if (level === 'council') return;
    const owner = org.byCode.get(spec.owner)!;
    const approverNode = org.ancestorAt(spec.owner, APPROVING_ORG_LEVEL[level]);
    const writer = personFor(spec.owner);
    const approver = APPROVING_ORG_LEVEL[level] === 'administration' ? DEMO_CONTROLLER : personFor(approverNode?.code ?? owner.code);
    const byOccasion = [spec.april, spec.august];
    occasions.forEach((o, k) => {
      const a = byOccasion[k];
      if (!a) return;
      // Written before the reporting level's deadline; without one, before the month after the period is out.
      const d = o.deadlines[REPORTING_ORG_LEVEL[level]] ?? plusDays(o.endDate, 25);
      const minute = index % 50;
      const ref = { period: o.period, goalId: id };
      const text = assessmentText(spec, level, a, o.endDate, year);
      // Each step happens only if its time has come by the demo's now; the round stops at the first that has not.
      const due = (when: Date) => when.getTime() <= opts.now.getTime();
      const write = (t: string, when: Date) => saveAssessment(db, actor('controller', writer, when), { ...ref, status: a.status, forecast: a.forecast, text: t });
      const draft = a.round === 'D' ? text.replace(/ Prognos för helåret: .*$/, '') : text;
      const drafted = day(plusDays(d, -3), 8, minute);
      if (!due(drafted)) return;
      write(draft, drafted);
      const ready = day(plusDays(d, -1), 15, minute);
      if (a.round === 'D' || !due(ready)) return;
      markReady(db, actor('controller', writer, ready), ref);
      const judged = day(plusDays(d, 2), 10, minute);
      if (a.round === 'K' || !due(judged)) return;
      if (a.round === 'R' || a.round === 'X') {
        returnAssessment(db, actor('controller', approver, judged), ref, level === 'activity' ? 'Beskriv vad som återstår och när aktiviteten blir klar.' : 'Komplettera med vad ni gör för att nå målvärdet och hur styrtalet har utvecklats.');
        const rewritten = day(plusDays(d, 3), 9, minute);
        if (a.round === 'R' || !due(rewritten)) return;
        write(`${text} Åtgärder: arbetet följs upp varje månad i ledningsgruppen.`, rewritten);
        const readyAgain = day(plusDays(d, 3), 14, minute);
        if (!due(readyAgain)) return;
        markReady(db, actor('controller', writer, readyAgain), ref);
      }
      const approved = day(plusDays(d, 4), 11, minute);
      if (!due(approved)) return;
      approveAssessment(db, actor('controller', approver, approved), ref);
    });
  });
}
