import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { PlanningActor, PlanningStepKind, Role } from '../../../db/schema';
import { addDays, isIsoDate, isoDateOf } from '../../../shared/dates';
import { swedishHolidays } from '../budget/holidays';
import { naturalId, newId } from '../ids';
import { TEXT_LIMITS } from '../text-limits';
import { isChef, ROLE_WORD } from '../../../shared/roles';

/**
 * The planning calendar: the steps of the budget process in the årshjul,
 * beside the reporting occasions of the follow-up (followup/calendar.ts).
 * Each step plans one budget year and falls in the year before it: Ekonomi's
 * budgetdirektiv in the spring, KF's ramar before the summer, then the
 * förvaltning's autumn (DESIGN.md §1): fördelning to the sektorer,
 * detaljbudget from the enheter, the nämnd's decision, registration in the
 * ekonomisystem. A step is late when its due date has passed (by the one
 * clock, ctx.now()) and it is not done.
 */

export const STANDARD_KINDS: readonly Exclude<PlanningStepKind, 'other'>[] = ['directive', 'frames', 'distribution', 'detail_budget', 'board_decision', 'registration'];
export const STEP_KINDS: readonly PlanningStepKind[] = [...STANDARD_KINDS, 'other'];
export const ACTORS: readonly PlanningActor[] = ['economy', 'council', 'controller', 'sector', 'operation', 'unit', 'board'];

export const KIND_NAMES: Readonly<Record<PlanningStepKind, string>> = {
  directive: 'Budgetdirektiv',
  frames: 'Ramar från KF',
  distribution: 'Fördelning till sektorerna',
  detail_budget: 'Detaljbudget från enheterna',
  board_decision: 'Nämndbeslut',
  registration: 'Registrering i ekonomisystemet',
  other: 'Annat steg',
};

export const ACTOR_NAMES: Readonly<Record<PlanningActor, string>> = {
  economy: 'Ekonomi',
  council: 'KF/KS',
  controller: 'Controller',
  sector: 'Sektor',
  operation: 'Verksamhet',
  unit: 'Enhet',
  board: 'Nämnd',
};

export interface PlanningStep {
  id: string;
  /** The budget year the step plans. */
  year: number;
  kind: PlanningStepKind;
  /** The title given, or null for a standard step named by its kind. */
  title: string | null;
  /** What the step is called: the title, or the kind's name. */
  name: string;
  /** yyyy-mm-dd */
  dueOn: string;
  actor: PlanningActor;
  actorName: string;
  note: string | null;
  /** yyyy-mm-dd, or null while not done. */
  doneOn: string | null;
  /** Due before today and not done. */
  late: boolean;
  /** Days past the due date while late, else 0. */
  daysLate: number;
  /** Days until the due date while not done and not late (0: due today), else null. */
  daysLeft: number | null;
}

export interface PlanningStepList {
  year: number;
  today: string;
  steps: PlanningStep[];
  /** The standard kinds the year has no step of: what "Lägg till standardstegen" would add. */
  missingStandard: PlanningStepKind[];
  kinds: { value: PlanningStepKind; label: string }[];
  actors: { value: PlanningActor; label: string }[];
}

export interface PlanningStepInput {
  id?: string;
  year: number;
  kind: PlanningStepKind;
  title?: string | null;
  dueOn: string;
  actor: PlanningActor;
  note?: string | null;
  doneOn?: string | null;
}

type Row = { id: string; year: number; kind: PlanningStepKind; title: string | null; due_on: string; actor: PlanningActor; note: string | null; done_on: string | null };
const COLUMNS = ['id', 'year', 'kind', 'title', 'due_on', 'actor', 'note', 'done_on'] as const;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export function toStep(r: Row, today: string): PlanningStep {
  const late = r.done_on === null && r.due_on < today;
  return {
    id: r.id,
    year: r.year,
    kind: r.kind,
    title: r.title,
    name: r.title ?? KIND_NAMES[r.kind],
    dueOn: r.due_on,
    actor: r.actor,
    actorName: ACTOR_NAMES[r.actor],
    note: r.note,
    doneOn: r.done_on,
    late,
    daysLate: late ? dayNumber(today) - dayNumber(r.due_on) : 0,
    daysLeft: r.done_on === null && !late ? dayNumber(r.due_on) - dayNumber(today) : null,
  };
}

/** The date, or the next day that is neither a weekend nor a Swedish holiday. */
export function nextWorkingDay(date: string): string {
  let d = date;
  for (;;) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    const holidays = new Set(swedishHolidays(Number(d.slice(0, 4))).map((h) => h.date));
    if (wd !== 0 && wd !== 6 && !holidays.has(d)) return d;
    d = addDays(d, 1);
  }
}

/**
 * The usual budget process for a budget year, in the year before it: who acts
 * and by when. The dates are a start (the next working day from the 15th of
 * the month, the nämnd late in November, registration before the holidays);
 * the controller moves them to the kommun's own timetable.
 */
export function defaultSteps(year: number): { kind: Exclude<PlanningStepKind, 'other'>; dueOn: string; actor: PlanningActor }[] {
  const y = year - 1;
  const plan: [Exclude<PlanningStepKind, 'other'>, number, number, PlanningActor][] = [
    ['directive', 3, 15, 'economy'],
    ['frames', 6, 15, 'council'],
    ['distribution', 9, 15, 'controller'],
    ['detail_budget', 10, 15, 'unit'],
    ['board_decision', 11, 25, 'board'],
    ['registration', 12, 10, 'controller'],
  ];
  return plan.map(([kind, m, d, actor]) => ({ kind, dueOn: nextWorkingDay(isoDateOf(y, m, d)), actor }));
}

/** The id of a year's standard step made by "the default set": the same on every site, so two sites that both make it edit one row. */
export const defaultStepId = (year: number, kind: PlanningStepKind) => naturalId('planning_step', `${year}:${kind}`);

function rows(db: Db, year: number): Row[] {
  return db.all(db.q.selectFrom('planning_step').select(COLUMNS).where('year', '=', year).where('deleted_at', 'is', null).orderBy('due_on').orderBy('created_at').orderBy('id'));
}

/** A budget year's planning steps in date order, with what is late on `today`. */
export function listPlanningSteps(db: Db, year: number, today: string): PlanningStepList {
  const steps = rows(db, year).map((r) => toStep(r, today));
  const have = new Set(steps.map((s) => s.kind));
  return {
    year,
    today,
    steps,
    missingStandard: STANDARD_KINDS.filter((k) => !have.has(k)),
    kinds: STEP_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] })),
    actors: ACTORS.map((a) => ({ value: a, label: ACTOR_NAMES[a] })),
  };
}

/** Every step of any budget year that is late on `today`, the latest due first, and the next few coming within `ahead` days. */
export function planningStepsDue(db: Db, today: string, ahead = 30): { today: string; late: PlanningStep[]; coming: PlanningStep[] } {
  const open = db.all(db.q.selectFrom('planning_step').select(COLUMNS).where('deleted_at', 'is', null).where('done_on', 'is', null).where('due_on', '<=', addDays(today, ahead)).orderBy('due_on').orderBy('id'));
  const steps = open.map((r) => toStep(r, today));
  return { today, late: steps.filter((s) => s.late).reverse(), coming: steps.filter((s) => !s.late) };
}

/** Only the controller and Ekonomi plan the budget process; a chef reads it. */
function assertMayWrite(role: Role): void {
  if (isChef(role)) {
    throw new RamkollError('FORBIDDEN', `En ${ROLE_WORD[role]} kan inte ändra budgetprocessens steg; controllern och Ekonomi planerar dem. Hör av dig till controllern om ett datum behöver flyttas.`);
  }
}

export interface StepMeta {
  siteId: string;
  /** ISO time of the change. */
  at: string;
}

function checkInput(input: PlanningStepInput): { title: string | null; note: string | null } {
  const problems: ProblemDetail[] = [];
  const problem = (column: string, message: string, value?: string) => problems.push({ column, message, ...(value === undefined ? {} : { value }) });
  if (!STEP_KINDS.includes(input.kind)) problem('Steg', `Välj ett av ${STEP_KINDS.map((k) => KIND_NAMES[k]).join(', ')}.`, String(input.kind));
  if (!ACTORS.includes(input.actor)) problem('Vem', `Välj ett av ${ACTORS.map((a) => ACTOR_NAMES[a]).join(', ')}.`, String(input.actor));
  const title = input.title?.trim() || null;
  if (input.kind === 'other' && title === null) problem('Rubrik', 'Ge steget en rubrik, t.ex. "Dialogmöte med sektorcheferna".');
  else if (title !== null && title.length > TEXT_LIMITS.title) problem('Rubrik', `Rubriken får vara högst ${TEXT_LIMITS.title} tecken.`);
  if (!isIsoDate(input.dueOn)) problem('Klart senast', 'Ange datum som ÅÅÅÅ-MM-DD.', input.dueOn);
  else if (Number(input.dueOn.slice(0, 4)) < input.year - 2 || Number(input.dueOn.slice(0, 4)) > input.year) {
    problem('Klart senast', `Ett steg för budgetåret ${input.year} ligger mellan ${input.year - 2} och ${input.year}.`, input.dueOn);
  }
  if (input.doneOn !== undefined && input.doneOn !== null && !isIsoDate(input.doneOn)) problem('Klart', 'Ange datum som ÅÅÅÅ-MM-DD.', input.doneOn);
  const note = input.note?.trim() || null;
  if (note !== null && note.length > TEXT_LIMITS.note) problem('Anteckning', `Anteckningen får vara högst ${TEXT_LIMITS.note} tecken.`);
  if (problems.length > 0) {
    throw new RamkollError('INVALID_INPUT', `Steget kunde inte sparas: ${problems.map((p) => `${p.column}: ${p.message}`).join(' ')}`, problems);
  }
  return { title, note };
}

/** Adds or changes a step; returns its id. Nothing is written if any field is wrong. */
export function savePlanningStep(db: Db, input: PlanningStepInput, meta: StepMeta, role: Role): string {
  assertMayWrite(role);
  const { title, note } = checkInput(input);
  const values = { year: input.year, kind: input.kind, title, due_on: input.dueOn, actor: input.actor, note, updated_at: meta.at, updated_by_site: meta.siteId };
  return db.tx(() => {
    if (input.id !== undefined) {
      const existing = db.first(db.q.selectFrom('planning_step').select(['id']).where('id', '=', input.id).where('deleted_at', 'is', null));
      if (!existing) throw new RamkollError('NOT_FOUND', 'Steget finns inte (längre). Ladda om sidan.');
      db.run(db.q.updateTable('planning_step').set({ ...values, ...(input.doneOn !== undefined ? { done_on: input.doneOn } : {}) }).where('id', '=', input.id));
      return input.id;
    }
    const id = newId();
    db.run(db.q.insertInto('planning_step').values({ id, ...values, done_on: input.doneOn ?? null, created_at: meta.at, deleted_at: null }));
    return id;
  });
}

/** Marks a step done on a date (the caller's today unless given), or not done (null). */
export function setPlanningStepDone(db: Db, id: string, doneOn: string | null, meta: StepMeta, role: Role): void {
  assertMayWrite(role);
  if (doneOn !== null && !isIsoDate(doneOn)) throw new RamkollError('INVALID_INPUT', `Klart: "${doneOn}" är inget datum; ange ÅÅÅÅ-MM-DD.`, [{ column: 'Klart', value: doneOn, message: 'ange datum som ÅÅÅÅ-MM-DD' }]);
  const r = db.run(db.q.updateTable('planning_step').set({ done_on: doneOn, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Steget finns inte (längre). Ladda om sidan.');
}

/** Removes a step (a tombstone, so the removal travels); restorePlanningStep is its undo. */
export function deletePlanningStep(db: Db, id: string, meta: StepMeta, role: Role): void {
  assertMayWrite(role);
  const r = db.run(db.q.updateTable('planning_step').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Steget finns inte (längre). Ladda om sidan.');
}

export function restorePlanningStep(db: Db, id: string, meta: StepMeta, role: Role): void {
  assertMayWrite(role);
  const r = db.run(db.q.updateTable('planning_step').set({ deleted_at: null, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id).where('deleted_at', 'is not', null));
  if (r.changes === 0) throw new RamkollError('NOT_FOUND', 'Det finns inget borttaget steg att ta tillbaka.');
}

/**
 * Adds the standard steps the budget year has none of, with the default dates
 * and who acts; a standard step removed earlier comes back with them. Returns
 * how many were added.
 */
export function createDefaultPlanningSteps(db: Db, year: number, meta: StepMeta, role: Role): number {
  assertMayWrite(role);
  return db.tx(() => {
    const have = new Set(rows(db, year).map((r) => r.kind));
    let added = 0;
    for (const s of defaultSteps(year)) {
      if (have.has(s.kind)) continue;
      const id = defaultStepId(year, s.kind);
      const values = { year, kind: s.kind, title: null, due_on: s.dueOn, actor: s.actor, note: null, done_on: null, updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null };
      const gone = db.first(db.q.selectFrom('planning_step').select('id').where('id', '=', id));
      if (gone) db.run(db.q.updateTable('planning_step').set(values).where('id', '=', id));
      else db.run(db.q.insertInto('planning_step').values({ id, ...values, created_at: meta.at }));
      added++;
    }
    return added;
  });
}
