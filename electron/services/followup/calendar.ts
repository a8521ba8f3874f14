import { followUpWrite } from './facts';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { OccasionKind, OrgLevel, ReportingOccasionTable } from '../../../db/schema';
import { ensureFiscalYear, periodName } from '../fiscal';
import { newId } from '../ids';
import { logChanges } from './history';
import { FORECAST_KINDS, type Actor } from './model';
import { assertController } from './permissions';

export interface Deadlines {
  unit: string | null;
  operation: string | null;
  sector: string | null;
  administration: string | null;
}

export interface Occasion {
  id: string;
  year: number;
  period: number;
  kind: OccasionKind;
  name: string;
  deadlines: Deadlines;
  lockedAt: string | null;
  /** The kind carries a helårsprognos. */
  forecastKind: boolean;
}

export interface OccasionInput {
  id?: string;
  year: number;
  period: number;
  kind: OccasionKind;
  name: string;
  deadlines: Deadlines;
}

const MONTH = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

type Row = Pick<ReportingOccasionTable, 'id' | 'year' | 'period' | 'kind' | 'name' | 'deadline_unit' | 'deadline_operation' | 'deadline_sector' | 'deadline_administration' | 'locked_at' | 'deleted_at'>;

function toOccasion(r: Row): Occasion {
  return {
    id: r.id,
    year: r.year,
    period: r.period,
    kind: r.kind,
    name: r.name,
    deadlines: { unit: r.deadline_unit, operation: r.deadline_operation, sector: r.deadline_sector, administration: r.deadline_administration },
    lockedAt: r.locked_at,
    forecastKind: FORECAST_KINDS.includes(r.kind),
  };
}

const COLUMNS = ['id', 'year', 'period', 'kind', 'name', 'deadline_unit', 'deadline_operation', 'deadline_sector', 'deadline_administration', 'locked_at', 'deleted_at'] as const;

export function listOccasions(db: Db, year: number): Occasion[] {
  return db
    .all(db.q.selectFrom('reporting_occasion').select(COLUMNS).where('year', '=', year).where('deleted_at', 'is', null).orderBy('period'))
    .map(toOccasion);
}

export function getOccasion(db: Db, id: string): Occasion {
  const r = db.first(db.q.selectFrom('reporting_occasion').select(COLUMNS).where('id', '=', id).where('deleted_at', 'is', null));
  if (!r) throw new RamkollError('NOT_FOUND', 'Uppföljningstillfället finns inte (längre). Ladda om sidan.');
  return toOccasion(r);
}

export function occasionForPeriod(db: Db, period: number): Occasion | null {
  const r = db.first(db.q.selectFrom('reporting_occasion').select(COLUMNS).where('period', '=', period).where('deleted_at', 'is', null));
  return r ? toOccasion(r) : null;
}

export function assertOpen(o: Occasion): void {
  if (o.lockedAt !== null) {
    throw new RamkollError('CONFLICT', `${o.name} är låst sedan ${o.lockedAt.slice(0, 10)}: siffror, prognoser och kommentarer ligger kvar som de rapporterades. Lås upp tillfället under Årshjul om något måste ändras.`);
  }
}

const iso = (y: number, m: number, d: number) => `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Month m (1-based, may run past 12) of year y as [year, month]. */
function addMonths(y: number, m: number, add: number): [number, number] {
  const z = y * 12 + (m - 1) + add;
  return [Math.floor(z / 12), (z % 12) + 1];
}

function firstWeekday(y: number, m: number): number {
  for (let d = 1; d <= 7; d++) {
    const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
  }
  return 1;
}

/**
 * The usual rhythm after a period closes: enhet comments by the 15th of the
 * next month, verksamhet by the 25th, sektor at the start of the month after
 * (first weekday), förvaltning by the 10th of that month.
 */
export function defaultDeadlines(period: number): Deadlines {
  const y = Math.floor(period / 100);
  const m = period % 100;
  const [y1, m1] = addMonths(y, m, 1);
  const [y2, m2] = addMonths(y, m, 2);
  return { unit: iso(y1, m1, 15), operation: iso(y1, m1, 25), sector: iso(y2, m2, firstWeekday(y2, m2)), administration: iso(y2, m2, 10) };
}

/** The common municipal year: monthly follow-up with prognos in March and October, tertial 1 in April, delår in August, årsbokslut in December. */
export function defaultCalendar(year: number): Omit<OccasionInput, 'id'>[] {
  const plan: [number, OccasionKind, string][] = [
    [2, 'monthly', 'Månadsrapport februari'],
    [3, 'monthly_forecast', 'Månadsrapport mars med prognos'],
    [4, 'tertial', 'Tertialrapport 1 (april) med prognos'],
    [5, 'monthly', 'Månadsrapport maj'],
    [6, 'monthly', 'Månadsrapport juni'],
    [8, 'interim', 'Delårsrapport augusti med prognos'],
    [9, 'monthly', 'Månadsrapport september'],
    [10, 'monthly_forecast', 'Månadsrapport oktober med prognos'],
    [12, 'annual', `Årsbokslut ${year}`],
  ];
  return plan.map(([m, kind, name]) => ({ year, period: year * 100 + m, kind, name, deadlines: defaultDeadlines(year * 100 + m) }));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkInput(o: OccasionInput): void {
  const problems: { column: string; value: string; message: string }[] = [];
  if (Math.floor(o.period / 100) !== o.year || o.period % 100 < 1 || o.period % 100 > 12) {
    problems.push({ column: 'Period', value: String(o.period), message: `perioden ska vara ÅÅÅÅMM inom ${o.year}` });
  }
  if (o.name.trim() === '') problems.push({ column: 'Namn', value: o.name, message: 'ange ett namn, t.ex. "Månadsrapport mars"' });
  for (const [level, label] of [
    ['unit', 'Enhet klar'],
    ['operation', 'Verksamhet klar'],
    ['sector', 'Sektor klar'],
    ['administration', 'Förvaltning klar'],
  ] as const) {
    const d = o.deadlines[level];
    if (d === null) continue;
    const m = DATE.exec(d);
    const valid = m !== null && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    if (!valid) problems.push({ column: label, value: d, message: 'ange datum som ÅÅÅÅ-MM-DD' });
  }
  if (problems.length > 0) {
    throw new RamkollError('INVALID_INPUT', `Uppföljningstillfället kunde inte sparas: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}.`, problems);
  }
}

/**
 * Creates or changes an occasion. A period has at most one occasion; a
 * removed one (tombstone) for the same period is brought back, so its id and
 * anything that refers to it stay.
 */
export function saveOccasion(db: Db, actor: Actor, o: OccasionInput): Occasion {
  assertController(actor, 'ändra årshjulet');
  checkInput(o);
  const at = actor.now.toISOString();
  return followUpWrite(db, () => {
    ensureFiscalYear(db, o.year, at);
    const samePeriod = db.first(db.q.selectFrom('reporting_occasion').select(COLUMNS).where('period', '=', o.period));
    let id: string;
    if (o.id !== undefined) {
      const current = getOccasion(db, o.id);
      assertOpen(current);
      if (samePeriod && samePeriod.id !== o.id) {
        if (samePeriod.deleted_at === null) throw new RamkollError('CONFLICT', `${periodName(o.period)} har redan ett uppföljningstillfälle (${samePeriod.name}).`);
        // A removed occasion holds the period: it gives way to the moved one.
        db.run(db.q.deleteFrom('reporting_occasion').where('id', '=', samePeriod.id).where('deleted_at', 'is not', null));
      }
      id = o.id;
    } else if (samePeriod) {
      if (samePeriod.deleted_at === null) throw new RamkollError('CONFLICT', `${periodName(o.period)} har redan ett uppföljningstillfälle (${samePeriod.name}).`);
      id = samePeriod.id;
    } else {
      id = newId();
      db.run(
        db.q.insertInto('reporting_occasion').values({
          id,
          year: o.year,
          period: o.period,
          kind: o.kind,
          name: o.name.trim(),
          deadline_unit: null,
          deadline_operation: null,
          deadline_sector: null,
          deadline_administration: null,
          locked_at: null,
          created_at: at,
          updated_at: at,
          updated_by_site: actor.siteId,
          deleted_at: null,
        }),
      );
    }
    const before = db.first(db.q.selectFrom('reporting_occasion').select(COLUMNS).where('id', '=', id))!;
    const after = {
      year: o.year,
      period: o.period,
      kind: o.kind,
      name: o.name.trim(),
      deadline_unit: o.deadlines.unit,
      deadline_operation: o.deadlines.operation,
      deadline_sector: o.deadlines.sector,
      deadline_administration: o.deadlines.administration,
    };
    db.run(db.q.updateTable('reporting_occasion').set({ ...after, deleted_at: null, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    logChanges(
      db,
      actor,
      'reporting_occasion',
      id,
      (Object.keys(after) as (keyof typeof after)[]).map((k) => ({ field: k, old: before.deleted_at === null ? before[k] : null, new: after[k] })),
    );
    return getOccasion(db, id);
  });
}

/** Adds the default occasions for the periods of the year that have none; returns how many were added. */
export function createDefaultCalendar(db: Db, actor: Actor, year: number): number {
  assertController(actor, 'ändra årshjulet');
  return followUpWrite(db, () => {
    const taken = new Set(listOccasions(db, year).map((o) => o.period));
    let added = 0;
    for (const o of defaultCalendar(year)) {
      if (taken.has(o.period)) continue;
      saveOccasion(db, actor, o);
      added++;
    }
    return added;
  });
}

/** Removes an occasion (a tombstone, so the removal travels to other sites); refused when it is locked or has comments or forecasts. */
export function deleteOccasion(db: Db, actor: Actor, id: string): void {
  assertController(actor, 'ändra årshjulet');
  const o = getOccasion(db, id);
  assertOpen(o);
  const used =
    db.first(db.q.selectFrom('deviation_comment').select('id').where('occasion_id', '=', id).where('deleted_at', 'is', null)) ??
    db.first(db.q.selectFrom('forecast').select('id').where('occasion_id', '=', id).where('deleted_at', 'is', null));
  if (used) throw new RamkollError('CONFLICT', `${o.name} har kommentarer eller prognoser och kan inte tas bort. Ändra det i stället, eller lås det när det är rapporterat.`);
  const at = actor.now.toISOString();
  followUpWrite(db, () => {
    db.run(db.q.updateTable('reporting_occasion').set({ deleted_at: at, updated_at: at, updated_by_site: actor.siteId }).where('id', '=', id));
    logChanges(db, actor, 'reporting_occasion', id, [{ field: 'deleted_at', old: null, new: at }]);
  });
}

export const LEVEL_DEADLINE: Record<OrgLevel, keyof Deadlines> = { unit: 'unit', operation: 'operation', sector: 'sector', administration: 'administration' };

export function monthName(period: number): string {
  return MONTH[(period % 100) - 1]!;
}
