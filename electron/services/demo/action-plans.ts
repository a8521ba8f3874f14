/**
 * The demo förvaltning's åtgärdsplan (issue 19 point 5): Lindgårdens
 * demensboende (31104), over budget on staff at the delårsrapport, writes a
 * plan of two åtgärder that its verksamhetschef approves before the
 * deadline; at the September occasion one is genomförd and the other pågår,
 * so it is still open, to be followed up, at October. Written through the
 * services as a user would, before the reported occasions are locked. The
 * demo's other large deviations have no plan: they show "Åtgärdsplan
 * saknas" where the round expects one.
 */
import type { Db } from '../../../db/index';
import { saveActionFollowup, saveActionItem, changeActionPlanStatus } from '../action-plans/write';
import { actionRound } from '../action-plans/round';
import { listOccasions } from '../followup/calendar';
import type { Actor } from '../followup/model';
import { personFor } from './followup';

export interface ActionPlanDemoOptions {
  year: number;
  siteId: string;
  /** The period of the open round (timeline.ts): the delårsrapport must be before it, reported. */
  openPeriod: number;
  now: Date;
}

export const DEMO_PLAN_NODE = '31104';

const notAfter = (at: Date, now: Date) => (at.getTime() > now.getTime() ? now : at);
const day = (iso: string, add: number, hour: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + add);
  d.setUTCHours(hour, 0);
  return d;
};

export function generateActionPlansDemo(db: Db, opts: ActionPlanDemoOptions): void {
  const { year, siteId, now } = opts;
  const as = (user: string, at: Date): Actor => ({ siteId, user, role: 'controller', scopeCode: null, now: notAfter(at, now) });
  const occasions = listOccasions(db, year);
  const interim = occasions.find((o) => o.kind === 'interim');
  if (!interim || interim.period >= opts.openPeriod) return;
  // Only where the figures make it a large deviation (the demo is built as of any date).
  const node = actionRound(db, as('', now), interim.id).nodes.find((n) => n.code === DEMO_PLAN_NODE);
  if (!node?.large) return;
  const writer = personFor({ code: DEMO_PLAN_NODE, level: 'unit' });
  const approver = personFor({ code: '3110', level: 'operation' });
  const name = (person: string) => person.replace(/ \(.*\)$/, '');
  const deadline = interim.deadlines.unit ?? `${year}-09-15`;
  const base = { occasionId: interim.id, code: DEMO_PLAN_NODE };
  const schedule = saveActionItem(db, as(writer, day(deadline, -7, 9)), {
    ...base,
    what: 'Nytt schema efter de boendes behov dygnet runt: färre timvikarier och mindre övertid på kvälls- och nattpass.',
    owner: `${name(writer)}, enhetschef`,
    dueDate: `${year}-11-30`,
    effect: '600 000',
    status: 'planned',
  }).plan!.items.at(-1)!;
  const agency = saveActionItem(db, as(writer, day(deadline, -7, 10)), {
    ...base,
    what: 'Avsluta inhyrda sjuksköterskor från bemanningsföretag; de vakanta passen bemannas genom Bemanningsenheten.',
    owner: `${name(approver)}, verksamhetschef Särskilt boende`,
    dueDate: `${year}-09-30`,
    effect: '350 000',
    status: 'planned',
  }).plan!.items.at(-1)!;
  changeActionPlanStatus(db, as(writer, day(deadline, -6, 15)), { ...base, action: 'ready' });
  changeActionPlanStatus(db, as(approver, day(deadline, -3, 10)), { ...base, action: 'approve' });

  // Followed up at the next occasion, by the enhet before its deadline there.
  const next = occasions.find((o) => o.period > interim.period);
  if (!next || next.period > opts.openPeriod) return;
  const at = day(next.deadlines.unit ?? `${year}-12-15`, -4, 11);
  if (at.getTime() > now.getTime()) return;
  saveActionFollowup(db, as(writer, at), {
    occasionId: next.id,
    itemId: schedule.id,
    status: 'in_progress',
    comment: 'Det nya schemat gäller från 1 oktober. Övertiden har minskat, men timvikarier behövs fortfarande under hösten när semesterveckor tas ut.',
  });
  saveActionFollowup(db, as(writer, at), {
    occasionId: next.id,
    itemId: agency.id,
    status: 'done',
    comment: 'Avtalet med bemanningsföretaget sades upp i augusti; det sista inhyrda passet var den 15 september.',
  });
}
