import type { Db } from '../../../db/index';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import type { IndicatorTable } from '../../../db/schema';
import { ORG_LEVEL_NAMES } from '../dimensions';
import { OrgTree } from '../figures/org-tree';
import { naturalId, newId } from '../ids';
import { ancestryIn, ancestryOf, assertMayEditGoal, type Actor } from './access';
import { parseDecimal } from './decimal';
import { childrenOf, compareGoals, findGoal, loadGoals, validIn, type GoalRecord } from './store';
import { GOAL_LEVEL_NAMES, OWNER_LEVELS, PARENT_LEVEL, type GoalLevel, type IndicatorDirection, type IndicatorSource } from './types';

export interface GoalInput {
  /** Absent: a new goal. */
  id?: string;
  level: GoalLevel;
  parentId: string | null;
  code: string;
  title: string;
  description: string;
  ownerCode: string;
  validFromYear: number;
  validToYear: number | null;
  sortOrder?: number;
  /** An aktivitet's plan (absent: unchanged); other levels have none. */
  activity?: { responsible: string; startOn: string | null; endOn: string | null; costOre: number | null };
}

export interface IndicatorInput {
  id?: string;
  goalId: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  source: IndicatorSource;
  /** The Kolada key (N00945) or the förvaltning's own code. */
  seriesKey: string;
  sourceNote: string;
  startValue: string | null;
  startYear: number | null;
  targetValue: string;
  targetYear: number;
  sortOrder?: number;
}

export const KOLADA_KEY = /^[A-Z]\d{5}$/;

function invalid(message: string, details: ProblemDetail[]): never {
  throw new RamkollError('INVALID_INPUT', message, details);
}

function isWithin(org: OrgTree, code: string, ancestorCode: string): boolean {
  for (let n = org.byCode.get(code); n; n = n.parentCode === null ? undefined : org.byCode.get(n.parentCode)) {
    if (n.code === ancestorCode) return true;
  }
  return false;
}

const years = (g: { valid_from_year: number; valid_to_year: number | null }) => `${g.valid_from_year}–${g.valid_to_year ?? ''}`;

/**
 * Creates or changes a goal of the chain. Checks the chain's rules (the
 * parent is one level up, the owner is an ansvar of the right level inside
 * the parent's, the years lie inside the parent's, codes are unique) and who
 * may do it: inriktningsmål only Ekonomi, the rest the förvaltning.
 * `org` is the organisation as the database holds it now: a caller saving
 * many goals while it cannot change (the demo, in one transaction) passes the
 * tree it loaded once instead of one load per goal.
 */
export function saveGoal(db: Db, actor: Actor, input: GoalInput, org: OrgTree = OrgTree.load(db)): GoalRecord {
  const old = input.id === undefined ? undefined : findGoal(db, input.id);
  if (input.id !== undefined && !old) throw new RamkollError('NOT_FOUND', 'Målet finns inte längre (det kan ha tagits bort). Ladda om sidan.');
  if (old) assertMayEditGoal(actor, old.level, ancestryIn(org, old.owner_code));
  if (old && old.level !== input.level) invalid(`Ett ${GOAL_LEVEL_NAMES[old.level].one} kan inte göras om till ${GOAL_LEVEL_NAMES[input.level].one}.`, [{ column: 'level', message: 'nivån kan inte ändras' }]);
  assertMayEditGoal(actor, input.level, ancestryIn(org, input.ownerCode));

  const problems: ProblemDetail[] = [];
  const code = input.code.trim();
  const title = input.title.trim();
  if (code === '') problems.push({ column: 'Kod', message: 'koden saknas' });
  else if (code.length > 20) problems.push({ column: 'Kod', value: code, message: 'koden får vara högst 20 tecken' });
  else if (db.first(db.q.selectFrom('goal').select('id').where('code', '=', code).where('deleted_at', 'is', null).where('id', '!=', input.id ?? ''))) problems.push({ column: 'Kod', value: code, message: `koden ${code} används redan av ett annat mål` });
  if (title === '') problems.push({ column: 'Rubrik', message: 'rubriken saknas' });
  else if (title.length > 300) problems.push({ column: 'Rubrik', message: 'rubriken får vara högst 300 tecken' });
  if (input.validToYear !== null && input.validToYear < input.validFromYear) {
    problems.push({ column: 'Giltigt till', value: String(input.validToYear), message: 'slutåret ligger före startåret' });
  }

  const owner = org.byCode.get(input.ownerCode);
  if (!owner) problems.push({ column: 'Ansvar', value: input.ownerCode, message: `ansvar ${input.ownerCode} finns inte i organisationen` });
  else if (!owner.level || !OWNER_LEVELS[input.level].includes(owner.level)) {
    const allowed = OWNER_LEVELS[input.level].map((l) => ORG_LEVEL_NAMES[l]).join(' eller ');
    problems.push({ column: 'Ansvar', value: input.ownerCode, message: `ett ${GOAL_LEVEL_NAMES[input.level].one} ägs av en ${allowed}, inte av ${owner.level ? `en ${ORG_LEVEL_NAMES[owner.level]}` : 'ett ansvar utan nivå'}` });
  }

  const parentLevel = PARENT_LEVEL[input.level];
  let parent: GoalRecord | undefined;
  if (parentLevel === null) {
    if (input.parentId !== null) problems.push({ column: 'Överordnat mål', message: 'inriktningsmål ligger överst och har inget överordnat mål' });
  } else {
    parent = input.parentId === null ? undefined : findGoal(db, input.parentId);
    if (!parent) problems.push({ column: 'Överordnat mål', message: `ett ${GOAL_LEVEL_NAMES[input.level].one} måste höra till ett ${GOAL_LEVEL_NAMES[parentLevel].one}` });
    else if (parent.level !== parentLevel) problems.push({ column: 'Överordnat mål', value: parent.code, message: `${parent.code} är ett ${GOAL_LEVEL_NAMES[parent.level].one}; ett ${GOAL_LEVEL_NAMES[input.level].one} hör till ett ${GOAL_LEVEL_NAMES[parentLevel].one}` });
    else {
      if (owner && !isWithin(org, owner.code, parent.owner_code)) {
        problems.push({ column: 'Ansvar', value: input.ownerCode, message: `ansvar ${owner.code} ligger inte under ${parent.owner_code} ${parent.owner_name}, som äger ${parent.code}` });
      }
      const me = { valid_from_year: input.validFromYear, valid_to_year: input.validToYear };
      if (!validIn(parent, me.valid_from_year) || (parent.valid_to_year !== null && (me.valid_to_year === null || me.valid_to_year > parent.valid_to_year))) {
        problems.push({ column: 'Giltighet', value: years(me), message: `åren måste ligga inom ${parent.code}s giltighet ${years(parent)}` });
      }
    }
  }

  if (old) {
    for (const c of childrenOf(db, old.id)) {
      if (owner && !isWithin(org, c.owner_code, owner.code)) problems.push({ column: 'Ansvar', value: input.ownerCode, message: `${c.code} ägs av ${c.owner_code}, som inte ligger under ${owner.code}` });
      if (c.valid_from_year < input.validFromYear || (input.validToYear !== null && (c.valid_to_year === null || c.valid_to_year > input.validToYear))) {
        problems.push({ column: 'Giltighet', message: `${c.code} gäller ${years(c)}, utanför de nya åren` });
      }
    }
  }
  const plan = input.activity ?? (old ? { responsible: old.responsible, startOn: old.start_on, endOn: old.end_on, costOre: old.cost_ore } : { responsible: '', startOn: null, endOn: null, costOre: null });
  problems.push(...activityProblems(input.level, plan, input.validFromYear, input.validToYear));
  if (problems.length > 0) invalid(`Målet sparades inte: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}.`, problems);

  const at = actor.now.toISOString();
  const id = old?.id ?? newId();
  const values = {
    level: input.level,
    parent_id: parent?.id ?? null,
    code,
    title,
    description: input.description.trim(),
    owner_id: owner!.id,
    valid_from_year: input.validFromYear,
    valid_to_year: input.validToYear,
    sort_order: input.sortOrder ?? old?.sort_order ?? nextSortOrder(db, parent?.id ?? null),
    responsible: plan.responsible.trim(),
    start_on: plan.startOn,
    end_on: plan.endOn,
    cost_ore: plan.costOre,
    updated_at: at,
    updated_by_site: actor.siteId,
  };
  db.tx(() => {
    if (old) db.run(db.q.updateTable('goal').set(values).where('id', '=', id));
    else db.run(db.q.insertInto('goal').values({ id, ...values, created_at: at, deleted_at: null }));
  });
  return findGoal(db, id)!;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const badDate = (v: string) => !ISO.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v;

/** An aktivitet's plan: a name of at most 200 characters, real dates in order inside the valid years, a cost of whole öre ≥ 0; other levels have none. */
function activityProblems(level: GoalLevel, p: NonNullable<GoalInput['activity']>, from: number, to: number | null): ProblemDetail[] {
  const out: ProblemDetail[] = [];
  if (level !== 'activity') {
    if (p.responsible.trim() !== '' || p.startOn !== null || p.endOn !== null || p.costOre !== null) out.push({ column: 'Aktivitet', message: `ansvarig, start, slut och kostnad anges bara för aktiviteter, inte för ett ${GOAL_LEVEL_NAMES[level].one}` });
    return out;
  }
  if (p.responsible.trim().length > 200) out.push({ column: 'Ansvarig', message: 'namnet får vara högst 200 tecken' });
  for (const [column, v] of [['Start', p.startOn], ['Slut', p.endOn]] as const) {
    if (v === null) continue;
    if (badDate(v)) out.push({ column, value: v, message: 'skriv datumet ÅÅÅÅ-MM-DD' });
    else if (Number(v.slice(0, 4)) < from || (to !== null && Number(v.slice(0, 4)) > to)) out.push({ column, value: v, message: `datumet ligger utanför aktivitetens år ${from}–${to ?? ''}` });
  }
  if (p.startOn !== null && p.endOn !== null && p.endOn < p.startOn) out.push({ column: 'Slut', value: p.endOn, message: 'slutet ligger före starten' });
  if (p.costOre !== null && (!Number.isSafeInteger(p.costOre) || p.costOre < 0)) out.push({ column: 'Kostnad', value: String(p.costOre), message: 'kostnaden är ett belopp i kronor, 0 eller mer' });
  return out;
}

/** A new goal goes after its siblings. */
function nextSortOrder(db: Db, parentId: string | null): number {
  const row = db.prepare('SELECT max(sort_order) AS m FROM goal WHERE deleted_at IS NULL AND parent_id IS ?').get(parentId) as { m: number | null };
  return row.m === null ? 0 : row.m + 1;
}

/** Removes a goal (a tombstone, so the removal travels to other sites) with its styrtal; only a goal without live sub-goals. */
export function deleteGoal(db: Db, actor: Actor, id: string): void {
  const goal = findGoal(db, id);
  if (!goal) throw new RamkollError('NOT_FOUND', 'Målet finns inte längre. Ladda om sidan.');
  assertMayEditGoal(actor, goal.level, ancestryOf(db, goal.owner_code));
  const children = childrenOf(db, id).sort(compareGoals);
  if (children.length > 0) {
    throw new RamkollError('CONFLICT', `${goal.code} har ${children.length} underliggande mål (${children.map((c) => c.code).join(', ')}). Ta bort eller flytta dem först.`);
  }
  const at = actor.now.toISOString();
  db.tx(() => {
    const tomb = { deleted_at: at, updated_at: at, updated_by_site: actor.siteId };
    db.run(db.q.updateTable('goal').set(tomb).where('id', '=', id));
    db.run(db.q.updateTable('indicator').set(tomb).where('goal_id', '=', id).where('deleted_at', 'is', null));
  });
}

/** Creates or changes a styrtal of a goal; values are checked and stored as exact decimal text. `org`: as for saveGoal. */
export function saveIndicator(db: Db, actor: Actor, input: IndicatorInput, org: OrgTree = OrgTree.load(db)): IndicatorTable {
  const goal = findGoal(db, input.goalId);
  if (!goal) throw new RamkollError('NOT_FOUND', 'Målet finns inte längre. Ladda om sidan.');
  assertMayEditGoal(actor, goal.level, ancestryIn(org, goal.owner_code));
  const old = input.id === undefined ? undefined : db.first(db.q.selectFrom('indicator').selectAll().where('id', '=', input.id).where('deleted_at', 'is', null));
  if (input.id !== undefined && !old) throw new RamkollError('NOT_FOUND', 'Styrtalet finns inte längre. Ladda om sidan.');
  if (old && old.goal_id !== goal.id) {
    const from = findGoal(db, old.goal_id);
    if (from) assertMayEditGoal(actor, from.level, ancestryIn(org, from.owner_code));
  }

  const problems: ProblemDetail[] = [];
  const name = input.name.trim();
  const unit = input.unit.trim();
  let key = input.seriesKey.trim();
  if (name === '') problems.push({ column: 'Namn', message: 'namnet saknas' });
  if (unit.length > 40) problems.push({ column: 'Enhet', message: 'enheten får vara högst 40 tecken' });
  if (input.source === 'kolada') {
    key = key.toUpperCase();
    if (!KOLADA_KEY.test(key)) problems.push({ column: 'Källa', value: key, message: 'en Kolada-nyckel är en bokstav och fem siffror, t.ex. N00945' });
  } else if (key === '' || key.length > 40) problems.push({ column: 'Källa', value: key, message: 'en egen mätning behöver en kod på 1–40 tecken' });
  else if (KOLADA_KEY.test(key.toUpperCase())) problems.push({ column: 'Källa', value: key, message: 'egna koder får inte se ut som en Kolada-nyckel (bokstav och fem siffror); välj källan Kolada eller en annan kod' });
  const start = input.startValue === null || input.startValue.trim() === '' ? null : parseDecimal(input.startValue);
  const target = parseDecimal(input.targetValue);
  if (start && !start.ok) problems.push({ column: 'Startvärde', value: input.startValue ?? '', message: start.message });
  if (!target.ok) problems.push({ column: 'Målvärde', value: input.targetValue, message: target.message });
  if ((start === null) !== (input.startYear === null)) problems.push({ column: 'Startår', message: 'startvärde och startår anges tillsammans' });
  if (input.startYear !== null && input.startYear > input.targetYear) problems.push({ column: 'Målår', value: String(input.targetYear), message: 'målåret ligger före startåret' });
  if (problems.length > 0) invalid(`Styrtalet sparades inte: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}.`, problems);

  const at = actor.now.toISOString();
  const id = old?.id ?? newId();
  const values = {
    goal_id: goal.id,
    name,
    unit,
    direction: input.direction,
    source: input.source,
    series_key: key,
    source_note: input.sourceNote.trim(),
    start_value: start && start.ok ? start.value : null,
    start_year: input.startYear,
    target_value: target.ok ? target.value : '0',
    target_year: input.targetYear,
    sort_order: input.sortOrder ?? old?.sort_order ?? 0,
    updated_at: at,
    updated_by_site: actor.siteId,
  };
  db.tx(() => {
    if (old) db.run(db.q.updateTable('indicator').set(values).where('id', '=', id));
    else db.run(db.q.insertInto('indicator').values({ id, ...values, created_at: at, deleted_at: null }));
  });
  return db.first(db.q.selectFrom('indicator').selectAll().where('id', '=', id))!;
}

export function deleteIndicator(db: Db, actor: Actor, id: string): void {
  const ind = db.first(db.q.selectFrom('indicator').selectAll().where('id', '=', id).where('deleted_at', 'is', null));
  if (!ind) throw new RamkollError('NOT_FOUND', 'Styrtalet finns inte längre. Ladda om sidan.');
  const goal = findGoal(db, ind.goal_id);
  if (goal) assertMayEditGoal(actor, goal.level, ancestryOf(db, goal.owner_code));
  const at = actor.now.toISOString();
  db.tx(() => db.run(db.q.updateTable('indicator').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id)));
}

/**
 * The series keys the actor may record values for: those of styrtal on goals
 * the actor may edit (a sektorchef's own sektor; Ekonomi the inriktningsmål).
 */
export function writableSeries(db: Db, actor: Actor): Map<string, boolean> {
  const org = OrgTree.load(db);
  const goals = new Map(loadGoals(db).map((g) => [g.id, g]));
  const out = new Map<string, boolean>();
  for (const ind of db.all(db.q.selectFrom('indicator').select(['goal_id', 'series_key']).where('deleted_at', 'is', null))) {
    const g = goals.get(ind.goal_id);
    if (!g) continue;
    let ok = true;
    try {
      assertMayEditGoal(actor, g.level, ancestryIn(org, g.owner_code));
    } catch {
      ok = false;
    }
    out.set(ind.series_key, (out.get(ind.series_key) ?? false) || ok);
  }
  return out;
}

export const valueId = (seriesKey: string, date: string) => naturalId('indicator_value', `${seriesKey}\u0000${date}`);

export type ValueWrite = 'created' | 'updated' | 'unchanged';

/** Writes one dated value of a series (inside the caller's transaction); a removed value comes back. */
export function writeValue(db: Db, actor: Actor, seriesKey: string, date: string, value: string, note: string): ValueWrite {
  const at = actor.now.toISOString();
  const old = db.first(db.q.selectFrom('indicator_value').selectAll().where('series_key', '=', seriesKey).where('measured_on', '=', date));
  if (old && old.deleted_at === null && old.value === value && old.note === note) return 'unchanged';
  if (old) {
    db.run(db.q.updateTable('indicator_value').set({ value, note, deleted_at: null, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', old.id));
    return old.deleted_at === null ? 'updated' : 'created';
  }
  db.run(
    db.q.insertInto('indicator_value').values({ id: valueId(seriesKey, date), series_key: seriesKey, measured_on: date, value, note, created_at: at, updated_at: at, updated_by_site: actor.siteId, deleted_at: null }),
  );
  return 'created';
}

export interface ValueInput {
  seriesKey: string;
  /** ISO date the value applies to; a yearly value is dated the year's last day. */
  date: string;
  /** As typed ("87,3"); null removes the value. */
  value: string | null;
  note?: string;
}

/** Records, changes or removes (tombstone) one dated value of a series the actor may change. */
export function setIndicatorValue(db: Db, actor: Actor, input: ValueInput): ValueWrite | 'removed' {
  const access = writableSeries(db, actor).get(input.seriesKey);
  if (access === undefined) throw new RamkollError('NOT_FOUND', `Inget styrtal följer ${input.seriesKey}.`);
  if (!access) throw new RamkollError('FORBIDDEN', `Du får inte ändra värdena för ${input.seriesKey}: styrtalet hör till mål du inte får ändra.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`)) || new Date(`${input.date}T00:00:00Z`).toISOString().slice(0, 10) !== input.date) {
    throw new RamkollError('INVALID_INPUT', `Datumet ${input.date} ska skrivas ÅÅÅÅ-MM-DD.`, [{ column: 'Datum', value: input.date, message: 'ogiltigt datum' }]);
  }
  if (input.value === null) {
    const at = actor.now.toISOString();
    const r = db.tx(() =>
      db.run(db.q.updateTable('indicator_value').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('series_key', '=', input.seriesKey).where('measured_on', '=', input.date).where('deleted_at', 'is', null)),
    );
    return r.changes > 0 ? 'removed' : 'unchanged';
  }
  const v = parseDecimal(input.value);
  if (!v.ok) throw new RamkollError('INVALID_INPUT', `Värdet sparades inte: ${v.message}.`, [{ column: 'Värde', value: input.value, message: v.message }]);
  return db.tx(() => writeValue(db, actor, input.seriesKey, input.date, v.value, (input.note ?? '').trim()));
}
