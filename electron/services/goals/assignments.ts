import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { AssignmentOrigin, AssignmentStatus, AssignmentTable, OrgLevel } from '../../../db/schema';
import { isChef } from '../../../shared/roles';
import { stockholmDate } from '../../../shared/dates';
import { OrgTree } from '../figures/org-tree';
import { newId } from '../ids';
import { ancestryIn, type Actor, type Ancestry } from './access';
import { assignmentDeadline, goalDeadlines, isOverdue } from './deadlines';
import { occasionByPeriod, type GoalOccasion } from './occasions';
import { loadSimpleRow, saveSimple, simpleView, stepSimple, type SimpleAction, type SimpleRoundView, type SimpleTarget } from './simple-round';
import { validIn } from './store';

/** Särskilda uppdrag (issue 19 point 5): from KF or the nämnd, followed up per occasion in the goal round. */
export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['not_started', 'in_progress', 'done', 'closed_not_done'];
export const ASSIGNMENT_STATUS_NAMES: Record<AssignmentStatus, string> = {
  not_started: 'ej påbörjat',
  in_progress: 'pågår',
  done: 'genomfört',
  closed_not_done: 'avslutat ej genomfört',
};
export const ORIGIN_NAMES: Record<AssignmentOrigin, string> = { council: 'Kommunfullmäktige', board: 'Nämnden' };

export interface AssignmentInput {
  /** Absent: a new uppdrag. */
  id?: string;
  origin: AssignmentOrigin;
  code: string;
  title: string;
  description: string;
  ownerCode: string;
  decisionRef: string;
  decidedOn: string | null;
  dueOn: string | null;
  validFromYear: number;
  validToYear: number | null;
  sortOrder?: number;
}

export interface AssignmentView {
  id: string;
  origin: AssignmentOrigin;
  originName: string;
  code: string;
  title: string;
  description: string;
  owner: { code: string; name: string; level: OrgLevel | null };
  /** The owner's ansvar code and its ancestors', top down. */
  ownerPath: string[];
  decisionRef: string;
  decidedOn: string | null;
  dueOn: string | null;
  validFromYear: number;
  validToYear: number | null;
  followup: (SimpleRoundView & { statusName: string | null }) | null;
  /** When the follow-up is due at this occasion (ISO date). */
  deadline: string | null;
  overdue: boolean;
  may: { edit: boolean; write: boolean; approve: boolean };
}

export interface AssignmentRound {
  occasion: GoalOccasion;
  assignments: AssignmentView[];
  /** The origins of the uppdrag this installation may add: KF's (Ekonomi), the nämnd's (the controller). */
  mayCreate: AssignmentOrigin[];
}

/** null when allowed: KF's uppdrag come from Ekonomi (as the inriktningsmål), the nämnd's are the controller's. */
function editRefusal(actor: Actor, origin: AssignmentOrigin): string | null {
  if (origin === 'council') return actor.role === 'ekonomi' ? null : 'Kommunfullmäktiges uppdrag kommer från Ekonomi; förvaltningen följer upp dem men ändrar dem inte.';
  return actor.role === 'controller' ? null : 'Nämndens uppdrag läggs in av controllern.';
}

/** The follow-up is written by the controller or a chef whose part holds the uppdrag's owner. */
function writeRefusal(actor: Actor, owner: Ancestry): string | null {
  if (actor.role === 'controller') return null;
  if (isChef(actor.role) && actor.scopeCode !== null && owner.includes(actor.scopeCode)) return null;
  if (isChef(actor.role)) return `Du kan bara följa upp uppdrag inom din del (${actor.scopeCode ?? '?'}); ansvar ${owner[0]} ligger utanför.`;
  return 'Uppdragen följs upp av förvaltningen; Ekonomi tar emot uppföljningen i paketet.';
}

/** Approved by the level above the owner: the controller, or a chef whose part holds the owner below its own node. */
function approveRefusal(actor: Actor, owner: Ancestry): string | null {
  const w = writeRefusal(actor, owner);
  if (w !== null) return w.replace('följa upp', 'godkänna');
  if (isChef(actor.role) && owner[0] === actor.scopeCode) return 'Uppföljningen av ett uppdrag på din egen nivå godkänns av nivån över dig.';
  return null;
}

const enforce = (reason: string | null) => {
  if (reason !== null) throw new RamkollError('FORBIDDEN', reason);
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const badDate = (v: string) => !ISO.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v;

function findAssignment(db: Db, id: string): AssignmentTable | undefined {
  return db.prepare('SELECT * FROM assignment WHERE id = ? AND deleted_at IS NULL').get(id) as AssignmentTable | undefined;
}

/** Adds or changes an uppdrag; checks who may (origin), the owner, the dates and that the code is free. */
export function saveAssignment(db: Db, actor: Actor, input: AssignmentInput): AssignmentTable {
  const old = input.id === undefined ? undefined : findAssignment(db, input.id);
  if (input.id !== undefined && !old) throw new RamkollError('NOT_FOUND', 'Uppdraget finns inte längre (det kan ha tagits bort). Ladda om sidan.');
  if (old) enforce(editRefusal(actor, old.origin));
  enforce(editRefusal(actor, input.origin));
  const org = OrgTree.load(db);
  const problems: ProblemDetail[] = [];
  const code = input.code.trim();
  const title = input.title.trim();
  if (code === '' || code.length > 20) problems.push({ column: 'Kod', value: code, message: 'koden ska vara 1–20 tecken' });
  else if (db.prepare('SELECT 1 FROM assignment WHERE code = ? AND deleted_at IS NULL AND id <> ?').get(code, input.id ?? '')) problems.push({ column: 'Kod', value: code, message: `koden ${code} används redan av ett annat uppdrag` });
  if (title === '' || title.length > 300) problems.push({ column: 'Rubrik', message: 'rubriken ska vara 1–300 tecken' });
  const owner = org.byCode.get(input.ownerCode);
  if (!owner) problems.push({ column: 'Ansvar', value: input.ownerCode, message: `ansvar ${input.ownerCode} finns inte i organisationen` });
  for (const [column, v] of [['Beslutsdatum', input.decidedOn], ['Klart senast', input.dueOn]] as const) if (v !== null && badDate(v)) problems.push({ column, value: v, message: 'skriv datumet ÅÅÅÅ-MM-DD' });
  if (input.validToYear !== null && input.validToYear < input.validFromYear) problems.push({ column: 'Gäller till', value: String(input.validToYear), message: 'slutåret ligger före startåret' });
  if (input.decisionRef.length > 200) problems.push({ column: 'Beslut', message: 'beslutshänvisningen får vara högst 200 tecken' });
  if (problems.length > 0) throw new RamkollError('INVALID_INPUT', `Uppdraget sparades inte: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}.`, problems);
  const at = actor.now.toISOString();
  const id = old?.id ?? newId();
  const values = {
    origin: input.origin,
    code,
    title,
    description: input.description.trim(),
    owner_id: owner!.id,
    decision_ref: input.decisionRef.trim(),
    decided_on: input.decidedOn,
    due_on: input.dueOn,
    valid_from_year: input.validFromYear,
    valid_to_year: input.validToYear,
    sort_order: input.sortOrder ?? old?.sort_order ?? 0,
    updated_at: at,
    updated_by_site: actor.siteId,
  };
  db.tx(() => {
    if (old) db.run(db.q.updateTable('assignment').set(values).where('id', '=', id));
    else db.run(db.q.insertInto('assignment').values({ id, ...values, created_at: at, deleted_at: null }));
  });
  return findAssignment(db, id)!;
}

/** Removes an uppdrag (a tombstone that travels); its follow-ups stay in the history of past occasions. */
export function deleteAssignment(db: Db, actor: Actor, id: string): void {
  const a = findAssignment(db, id);
  if (!a) throw new RamkollError('NOT_FOUND', 'Uppdraget finns inte längre. Ladda om sidan.');
  enforce(editRefusal(actor, a.origin));
  const at = actor.now.toISOString();
  db.tx(() => db.run(db.q.updateTable('assignment').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id)));
}

function ownerOf(org: OrgTree, a: AssignmentTable) {
  const node = [...org.byCode.values()].find((n) => n.id === a.owner_id);
  return { node, ancestry: node ? ancestryIn(org, node.code) : [a.owner_id] };
}

function target(db: Db, period: number, assignmentId: string): { t: SimpleTarget; owner: Ancestry } {
  const occasion = occasionByPeriod(db, period);
  const a = findAssignment(db, assignmentId);
  if (!a) throw new RamkollError('NOT_FOUND', 'Uppdraget finns inte längre (det kan ha tagits bort). Ladda om sidan.');
  if (!validIn(a, occasion.year)) throw new RamkollError('CONFLICT', `Uppdraget ${a.code} gäller inte ${occasion.year} och följs inte upp vid ${occasion.name}.`);
  const { ancestry } = ownerOf(OrgTree.load(db), a);
  return { t: { table: 'assignment_followup', occasion, subjectId: a.id, what: `Uppföljningen av uppdraget ${a.code} vid ${occasion.name}`, statuses: ASSIGNMENT_STATUSES }, owner: ancestry };
}

export function saveAssignmentFollowup(db: Db, actor: Actor, input: { period: number; assignmentId: string; status: AssignmentStatus | null; text: string; baseUpdatedAt?: string | null }) {
  const { t, owner } = target(db, input.period, input.assignmentId);
  enforce(writeRefusal(actor, owner));
  return simpleView(saveSimple(db, actor, t, input));
}

export function stepAssignmentFollowup(db: Db, actor: Actor, input: { period: number; assignmentId: string; action: SimpleAction; note?: string | null }) {
  const { t, owner } = target(db, input.period, input.assignmentId);
  enforce(input.action === 'approve' || input.action === 'return' ? approveRefusal(actor, owner) : writeRefusal(actor, owner));
  return simpleView(stepSimple(db, actor, t, input.action, input.note ?? null));
}

/**
 * The uppdrag valid in the occasion's year with their follow-up there, KF's
 * first, then by code; a chef sees the uppdrag of its own part.
 */
export function assignmentRound(db: Db, period: number, actor: Actor, opts: { today?: string } = {}): AssignmentRound {
  const occasion = occasionByPeriod(db, period);
  const org = OrgTree.load(db);
  const deadlines = goalDeadlines(db, occasion);
  const today = opts.today ?? stockholmDate(actor.now);
  const rows = (db.prepare('SELECT * FROM assignment WHERE deleted_at IS NULL').all() as AssignmentTable[]).filter((a) => validIn(a, occasion.year));
  const out: AssignmentView[] = [];
  for (const a of rows) {
    const { node, ancestry } = ownerOf(org, a);
    if (isChef(actor.role) && actor.scopeCode !== null && !ancestry.includes(actor.scopeCode)) continue;
    const f = loadSimpleRow(db, 'assignment_followup', occasion.id, a.id);
    const deadline = assignmentDeadline(deadlines, occasion, node?.level ?? null);
    out.push({
      id: a.id,
      origin: a.origin,
      originName: ORIGIN_NAMES[a.origin],
      code: a.code,
      title: a.title,
      description: a.description,
      owner: { code: node?.code ?? '?', name: node?.name ?? '', level: node?.level ?? null },
      ownerPath: [...ancestry].reverse(),
      decisionRef: a.decision_ref,
      decidedOn: a.decided_on,
      dueOn: a.due_on,
      validFromYear: a.valid_from_year,
      validToYear: a.valid_to_year,
      followup: f ? { ...simpleView(f), statusName: f.status ? ASSIGNMENT_STATUS_NAMES[f.status as AssignmentStatus] : null } : null,
      deadline,
      overdue: isOverdue(deadline, f?.round_status ?? null, occasion, today),
      may: { edit: editRefusal(actor, a.origin) === null, write: writeRefusal(actor, ancestry) === null, approve: approveRefusal(actor, ancestry) === null },
    });
  }
  out.sort((x, y) => (x.origin === y.origin ? 0 : x.origin === 'council' ? -1 : 1) || x.code.localeCompare(y.code, 'sv', { numeric: true }));
  return { occasion, assignments: out, mayCreate: (['council', 'board'] as const).filter((o) => editRefusal(actor, o) === null) };
}
