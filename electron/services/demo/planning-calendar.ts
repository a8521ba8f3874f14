import type { Db } from '../../../db/index';
import type { PlanningActor, PlanningStepKind } from '../../../db/schema';
import { naturalId } from '../ids';
import { defaultStepId, defaultSteps, nextWorkingDay } from '../planning-calendar/steps';

/**
 * The demo's budget process in the årshjul (issue 17, point 5): the steps
 * that planned the demo's budget year, all done, and those planning the next
 * year as they stand on the demo's date. Every step whose date has passed is
 * done on it, except the latest of next year's, which is left open so that Översikt shows a
 * late step as a newcomer would meet one. One step of the förvaltning's own
 * (a dialogue with the sektorchefer) shows that steps are not only the
 * standard six. Written in one statement with name-based ids.
 */
export function writeDemoPlanningSteps(db: Db, o: { year: number; siteId: string; at: string; asOf: string }): void {
  const { year, siteId, at, asOf } = o;
  type Step = { id: string; year: number; kind: PlanningStepKind; title: string | null; due_on: string; actor: PlanningActor; note: string | null; done_on: string | null };
  const steps: Step[] = [];
  for (const y of [year, year + 1]) {
    for (const s of defaultSteps(y)) steps.push({ id: defaultStepId(y, s.kind), year: y, kind: s.kind, title: null, due_on: s.dueOn, actor: s.actor, note: null, done_on: null });
    steps.push({
      id: naturalId('demo-planning-step', `${y}:dialog`),
      year: y,
      kind: 'other',
      title: 'Dialog om ramarna med sektorcheferna',
      due_on: nextWorkingDay(`${y - 1}-08-25`),
      actor: 'controller',
      note: 'Sektorcheferna tar med förslag på verksamhetsförändringar.',
      done_on: null,
    });
  }
  const passed = steps.filter((s) => s.due_on < asOf).sort((a, b) => a.due_on.localeCompare(b.due_on));
  // The step left open is one of next year's: the demo's own budget year was planned to the end.
  const open = passed.filter((s) => s.year === year + 1).at(-1);
  for (const s of passed) if (s !== open) s.done_on = s.due_on;
  const frames = steps.find((s) => s.year === year + 1 && s.kind === 'frames');
  if (frames) frames.note = `KF beslutar om mål och budget ${year + 1} med plan för ${year + 2}–${year + 3}.`;
  db.run(db.q.insertInto('planning_step').values(steps.map((s) => ({ ...s, created_at: at, updated_at: at, updated_by_site: siteId, deleted_at: null }))));
}
