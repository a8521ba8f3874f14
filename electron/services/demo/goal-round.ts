import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index';
import type { AssignmentStatus } from '../../../db/schema';
import type { Actor } from '../goals/access';
import { saveAssignment, saveAssignmentFollowup, stepAssignmentFollowup } from '../goals/assignments';
import { saveGoal } from '../goals/chain';
import { councilIndicatorRound, saveCouncilIndicatorAssessment, stepCouncilIndicatorAssessment } from '../goals/council';
import { DEADLINE_LEVELS, setGoalDeadline } from '../goals/deadlines';
import { listOccasions, type GoalOccasion } from '../goals/occasions';
import { approveAssessment, markReady, saveAssessment } from '../goals/round';
import { findGoal, loadGoals } from '../goals/store';
import { formatDecimal } from '../goals/decimal';
import { DEMO_CONTROLLER, DEMO_PEOPLE } from './goals-data';

export interface GoalRoundDemoOptions {
  year: number;
  siteId: string;
  now: Date;
  openPeriod: number;
}

/**
 * The goal round's rest in the demo (issue 19 point 5): the controller's
 * deadline per goal level at each goal occasion, every aktivitet's plan
 * (responsible, start, end, cost), two uppdrag, one from KF and one from the
 * nämnd, followed up at the occasions reached, and the förvaltning's
 * assessment of KF's inriktningsmål and styrtal there. Through the services,
 * before the reported occasions are locked.
 */
const hash = (s: string) => createHash('sha256').update(`demo-goal-round:${s}`).digest().readUInt32LE(0);
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

interface DemoUppdrag {
  origin: 'council' | 'board';
  code: string;
  title: string;
  description: string;
  owner: string;
  writer: string;
  decisionRef: string;
  decidedOn: (year: number) => string;
  dueOn: (year: number) => string;
  followups: { status: AssignmentStatus; text: string }[];
}

const UPPDRAG: readonly DemoUppdrag[] = [
  {
    origin: 'council',
    code: 'KF-U1',
    title: 'Utred en gemensam bemanningsenhet för kommunens förvaltningar',
    description: 'Kommunfullmäktige uppdrar åt förvaltningarna att utreda hur korttidsvikarier kan bemannas gemensamt.',
    owner: '3000',
    writer: DEMO_CONTROLLER,
    decisionRef: 'KF § 14',
    decidedOn: (y) => `${y}-02-23`,
    dueOn: (y) => `${y}-12-31`,
    followups: [
      { status: 'in_progress', text: 'En arbetsgrupp med HR och de tre sektorerna är tillsatt. Nuläget för korttidsvikarier är kartlagt.' },
      { status: 'in_progress', text: 'Utredningen har jämfört tre modeller för gemensam bemanning. Förslaget lämnas till kommunstyrelsen i november.' },
    ],
  },
  {
    origin: 'board',
    code: 'NU1',
    title: 'Minska andelen timanställda inom äldreomsorgen',
    description: 'Nämnden uppdrar åt förvaltningen att öka andelen tillsvidareanställda i hemtjänsten och på särskilda boenden.',
    owner: '3100',
    writer: DEMO_PEOPLE[3],
    decisionRef: 'SN § 40',
    decidedOn: (y) => `${y}-03-18`,
    dueOn: (y) => `${y + 1}-06-30`,
    followups: [
      { status: 'in_progress', text: 'Tolv timanställda har erbjudits tillsvidareanställning. Schemaläggningen ses över i två enheter.' },
      { status: 'in_progress', text: 'Andelen timmar utförda av timanställda har minskat från 18 till 14 procent. Arbetet fortsätter i höst.' },
    ],
  },
];

export function generateGoalRoundDemo(db: Db, opts: GoalRoundDemoOptions): void {
  const { year, siteId } = opts;
  const due = (d: Date) => d.getTime() <= opts.now.getTime();
  const as = (role: Actor['role'], user: string, when: Date = opts.now): Actor => ({ role, scopeCode: null, siteId, user, now: when });
  const occasions = listOccasions(db, year);
  const controller = as('controller', DEMO_CONTROLLER, at(`${year}-01-20`, 9));

  // Deadlines per goal level: aktiviteter, delmål and nämndmål on their reporters' calendar days, KF's goals
  // and the uppdrag on the förvaltning's.
  for (const o of occasions) {
    const day: Record<(typeof DEADLINE_LEVELS)[number], string | null> = {
      activity: o.deadlines.unit,
      sub: o.deadlines.operation,
      board: o.deadlines.sector,
      council: o.deadlines.administration,
      assignment: o.deadlines.sector,
    };
    for (const level of DEADLINE_LEVELS) if (day[level] !== null) setGoalDeadline(db, controller, { period: o.period, level, date: day[level] });
  }

  // Every aktivitet's plan: its unit's chief, from a month in the spring to one in the autumn, a cost in whole thousands.
  for (const g of loadGoals(db).filter((x) => x.level === 'activity' && x.valid_from_year <= year && (x.valid_to_year ?? year) >= year)) {
    const h = hash(g.code);
    const start = `${year}-${String(1 + (h % 4)).padStart(2, '0')}-01`;
    const end = `${year}-${String(9 + ((h >>> 3) % 4)).padStart(2, '0')}-${['15', '30', '30', '15'][(h >>> 5) % 4]}`;
    const full = findGoal(db, g.id)!;
    saveGoal(db, controller, {
      id: full.id,
      level: full.level,
      parentId: full.parent_id,
      code: full.code,
      title: full.title,
      description: full.description,
      ownerCode: full.owner_code,
      validFromYear: full.valid_from_year,
      validToYear: full.valid_to_year,
      activity: { responsible: DEMO_PEOPLE[(h >>> 7) % DEMO_PEOPLE.length]!, startOn: start, endOn: end, costOre: (20 + ((h >>> 9) % 180)) * 1_000_00 },
    });
  }

  // The two uppdrag and their follow-up at the goal occasions reached, before they are locked.
  const ekonomi = as('ekonomi', 'Ekonomiavdelningen', at(`${year}-03-01`, 9));
  const reached = occasions.filter((o) => o.period < opts.openPeriod);
  for (const u of UPPDRAG) {
    const a = saveAssignment(db, u.origin === 'council' ? ekonomi : as('controller', DEMO_CONTROLLER, at(`${year}-03-20`, 9)), {
      origin: u.origin,
      code: u.code,
      title: u.title,
      description: u.description,
      ownerCode: u.owner,
      decisionRef: u.decisionRef,
      decidedOn: u.decidedOn(year),
      dueOn: u.dueOn(year),
      validFromYear: year,
      validToYear: year + 1,
    });
    reached.forEach((o, k) => {
      const f = u.followups[k];
      const d = o.deadlines.sector ?? plusDays(o.endDate, 20);
      if (!f || !due(at(plusDays(d, 2), 11))) return;
      const ref = { period: o.period, assignmentId: a.id };
      saveAssignmentFollowup(db, as('controller', u.writer, at(plusDays(d, -2), 10)), { ...ref, ...f });
      stepAssignmentFollowup(db, as('controller', u.writer, at(plusDays(d, -1), 14)), { ...ref, action: 'ready' });
      stepAssignmentFollowup(db, as('controller', DEMO_CONTROLLER, at(plusDays(d, 2), 11)), { ...ref, action: 'approve' });
    });
  }

  // The förvaltning's assessment of KF's inriktningsmål and styrtal at the occasions reached.
  for (const o of reached) assessCouncil(db, o, as, due);
}

function assessCouncil(db: Db, o: GoalOccasion, as: (role: Actor['role'], user: string, when: Date) => Actor, due: (d: Date) => boolean): void {
  const d = o.deadlines.administration ?? plusDays(o.endDate, 30);
  if (!due(at(plusDays(d, 1), 15))) return;
  const write = as('controller', DEMO_CONTROLLER, at(plusDays(d, -2), 9));
  const close = as('controller', DEMO_CONTROLLER, at(plusDays(d, 1), 15));
  const round = councilIndicatorRound(db, o.period, write, { today: '0000-01-01' });
  for (const g of loadGoals(db).filter((x) => x.level === 'council' && x.valid_from_year <= o.year && (x.valid_to_year ?? o.year) >= o.year)) {
    const mine = round.indicators.filter((i) => i.goalId === g.id);
    const reachedAll = mine.every((i) => i.latest !== null && (i.direction === 'higher' ? Number(i.latest.value) >= Number(i.target.value) : Number(i.latest.value) <= Number(i.target.value)));
    const ref = { period: o.period, goalId: g.id };
    saveAssessment(db, write, {
      ...ref,
      status: reachedAll ? 'met' : 'partly_met',
      forecast: 'partly_met',
      text: `Förvaltningen bidrar till ${g.code} genom sina nämndmål. ${reachedAll ? 'KF:s styrtal har nått målvärdena.' : 'KF:s styrtal utvecklas i rätt riktning men når ännu inte målvärdena.'}`,
    });
    markReady(db, write, ref);
    approveAssessment(db, close, ref);
    for (const i of mine) {
      const iref = { period: o.period, indicatorId: i.indicatorId };
      const latest = i.latest ? `${formatDecimal(i.latest.value)} ${i.unit} (${i.latest.date})` : 'inget värde ännu';
      const reachedOne = i.latest !== null && (i.direction === 'higher' ? Number(i.latest.value) >= Number(i.target.value) : Number(i.latest.value) <= Number(i.target.value));
      saveCouncilIndicatorAssessment(db, write, { ...iref, status: reachedOne ? 'met' : 'partly_met', text: `Senaste värde ${latest}, målvärde ${formatDecimal(i.target.value)} ${i.unit} ${i.target.year}.` });
      stepCouncilIndicatorAssessment(db, write, { ...iref, action: 'ready' });
      stepCouncilIndicatorAssessment(db, close, { ...iref, action: 'approve' });
    }
  }
}
