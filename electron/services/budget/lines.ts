import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { canonicalDims, CodingResolver } from '../coding';
import type { BudgetVersionKind } from '../../../db/schema';
import { ensureFiscalYear } from '../fiscal';
import { newId, newSortableIds } from '../ids';
import { Periodiser } from './periodisation';
import { assertUniqueCodings } from './unique-coding';
import { BULK_LINES, bulkWriteLines, insertMany } from './bulk-write';

export const MONTH_COLUMNS = ['m01_ore', 'm02_ore', 'm03_ore', 'm04_ore', 'm05_ore', 'm06_ore', 'm07_ore', 'm08_ore', 'm09_ore', 'm10_ore', 'm11_ore', 'm12_ore'] as const;

/** A budget line to create: a kodsträng, a year amount and either a profile or twelve months given by hand. */
export interface NewBudgetLine {
  account: string;
  responsibility: string;
  /** Other dimensions by dimension code, e.g. { motpart: '3410' }. */
  dims?: Readonly<Record<string, string>>;
  yearOre: number;
  /** Profile id; ignored when months are given. */
  profileId?: string | null;
  /** Twelve months by hand (manual line); must sum exactly to yearOre. */
  months?: readonly number[];
  note?: string | null;
}

export interface WriteMeta {
  siteId: string;
  /** ISO time of the change. */
  at: string;
}

/** A new, unlocked budget version row (and its fiscal year if the year has none); returns its id. */
export function insertVersionRow(db: Db, v: { year: number; name: string; kind: BudgetVersionKind; basedOnId: string | null }, meta: WriteMeta): string {
  ensureFiscalYear(db, v.year, meta.at);
  const id = newId();
  db.run(
    db.q.insertInto('budget_version').values({
      id,
      year: v.year,
      name: v.name,
      kind: v.kind,
      based_on_id: v.basedOnId,
      decision_ref: null,
      locked_at: null,
      created_at: meta.at,
      updated_at: meta.at,
      updated_by_site: meta.siteId,
      deleted_at: null,
    }),
  );
  return id;
}

/** Refuses changes to a version that is locked (an adopted budget once decided) or gone. */
export function assertVersionEditable(db: Db, versionId: string): { year: number; name: string } {
  const v = db.first(db.q.selectFrom('budget_version').select(['year', 'name', 'locked_at', 'deleted_at']).where('id', '=', versionId));
  if (!v || v.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Budgetversionen finns inte (längre). Välj en annan version.');
  if (v.locked_at !== null) {
    throw new RamkollError('FORBIDDEN', `Budgetversionen "${v.name}" är låst och kan inte ändras. Skapa en revidering eller en arbetsversion utifrån den och ändra där.`);
  }
  return { year: v.year, name: v.name };
}

/**
 * Creates budget lines in a version: resolves each kodsträng, spreads the
 * year amount by its profile (or takes the months given by hand) so that the
 * months always sum to the year amount to the öre. A kodsträng the version
 * already has (or one given twice) is refused. Call inside a transaction;
 * returns the new line ids in input order. `perMonthOre`, when given, gets
 * the months written added to it (an import's totals, without spreading
 * every line a second time).
 */
export function insertBudgetLines(db: Db, versionId: string, lines: readonly NewBudgetLine[], meta: WriteMeta, defaultProfileId: string, perMonthOre?: number[]): string[] {
  const ids = insertLines(db, versionId, lines, meta, defaultProfileId, perMonthOre);
  // One line per kodsträng: a new line on a kodsträng the version has (or two new ones on one) rolls the caller's transaction back.
  assertUniqueCodings(db, versionId, ids);
  return ids;
}

const INSERT_COLUMNS = `id, version_id, coding_id, profile_id, year_ore, ${MONTH_COLUMNS.join(', ')}, manual, note, created_at, updated_at, updated_by_site, deleted_at`;

function insertLines(db: Db, versionId: string, lines: readonly NewBudgetLine[], meta: WriteMeta, defaultProfileId: string, perMonthOre?: number[]): string[] {
  const { year } = assertVersionEditable(db, versionId);
  const codings = new CodingResolver(db);
  const periodiser = new Periodiser(db, year);
  const insert = db.prepare(`INSERT INTO budget_line (${INSERT_COLUMNS}) VALUES (${INSERT_COLUMNS.split(',').map(() => '?').join(', ')})`);
  // Every line is checked and spread before any is written: bad input writes nothing, and many lines go in as one bulk write.
  const bulk = lines.length >= BULK_LINES;
  const newIds = bulk ? newSortableIds(lines.length, Date.parse(meta.at)) : null;
  const rows = lines.map((l, i) => {
    if (!Number.isSafeInteger(l.yearOre)) throw new RamkollError('INVALID_INPUT', `Årsbeloppet ${l.yearOre} är inte ett helt antal öre.`);
    const codingId = codings.idOf(l.account, l.responsibility, canonicalDims(l.dims ?? {}));
    let months: number[];
    let manual = 0;
    let profileId: string | null = l.profileId ?? defaultProfileId;
    if (l.months) {
      if (l.months.length !== 12 || l.months.some((m) => !Number.isSafeInteger(m))) throw new RamkollError('INVALID_INPUT', 'En budgetrad behöver tolv månadsbelopp i hela öre.');
      const sum = l.months.reduce((a, b) => a + b, 0);
      if (sum !== l.yearOre) throw new RamkollError('INVALID_INPUT', `Månaderna summerar till ${sum} öre men årsbeloppet är ${l.yearOre} öre.`);
      months = [...l.months];
      manual = 1;
      profileId = null;
    } else {
      months = periodiser.periodise(profileId, l.yearOre, codingId).months;
    }
    if (perMonthOre) for (let m = 0; m < 12; m++) perMonthOre[m]! += months[m]!;
    return [newIds ? newIds[i]! : newId(), versionId, codingId, profileId, l.yearOre, ...months, manual, l.note ?? null, meta.at, meta.at, meta.siteId, null];
  });
  const ids = rows.map((r) => r[0] as string);
  if (bulk) bulkWriteLines(db, ids, () => insertMany(db, `budget_line (${INSERT_COLUMNS})`, rows), { created: true });
  else for (const r of rows) insert.run(r);
  return ids;
}
