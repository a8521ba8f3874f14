import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import type { ProfileKind } from '../../../db/schema';
import { newId } from '../ids';
import { allocate } from '../money';
import { MONTH_COLUMNS, type WriteMeta } from './lines';
import { Periodiser } from './periodisation';
import { BUILT_IN_PROFILES, profileWeights, WEIGHT_SCALE } from './profiles';

export interface ProfileInfo {
  id: string;
  code: string;
  name: string;
  kind: ProfileKind;
  /** Built-in profiles cannot be changed or removed. */
  builtIn: boolean;
  /** The profile's twelve weights for the year in parts per million (sum 1 000 000); null for last year's outcome, which differs per kodsträng. */
  weightsPpm: number[] | null;
  /** Live budget lines that use it, in any version. */
  lines: number;
}

const BUILT_IN_CODES = new Set(BUILT_IN_PROFILES.map((p) => p.code));

/** The periodisation profiles, built-in ones first, with their weights for `year`. */
export function listProfiles(db: Db, year: number): ProfileInfo[] {
  const rows = db
    .prepare(
      `WITH used AS (SELECT b.profile_id, count(*) AS n FROM budget_line b JOIN budget_version v ON v.id = b.version_id
                     WHERE b.deleted_at IS NULL AND v.deleted_at IS NULL GROUP BY b.profile_id)
       SELECT p.id, p.code, p.name, p.kind, p.weights, coalesce(used.n, 0) AS lines
       FROM periodisation_profile p LEFT JOIN used ON used.profile_id = p.id WHERE p.deleted_at IS NULL`,
    )
    .all() as { id: string; code: string; name: string; kind: ProfileKind; weights: string | null; lines: number }[];
  const order = new Map(BUILT_IN_PROFILES.map((p, i) => [p.code, i]));
  return rows
    .map((r) => {
      const builtIn = r.kind !== 'custom' && BUILT_IN_CODES.has(r.code);
      const weightsPpm = r.kind === 'last_year' ? null : allocate(WEIGHT_SCALE, profileWeights(r.kind, year, r.weights ? (JSON.parse(r.weights) as number[]) : null));
      return { id: r.id, code: r.code, name: r.name, kind: r.kind, builtIn, weightsPpm, lines: r.lines };
    })
    .sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99) || a.name.localeCompare(b.name, 'sv'));
}

export interface SaveProfileInput {
  /** Absent: a new custom profile. */
  id?: string | undefined;
  name: string;
  /** Twelve non-negative integer weights in parts per million that sum to 1 000 000 (100 %). */
  weightsPpm: readonly number[];
}

export interface SaveProfileResult {
  id: string;
  /** Lines in versions that are not locked that were spread again by the changed weights. */
  respreadLines: number;
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return s === '' ? 'profil' : s;
}

export function checkWeights(weights: readonly number[]): void {
  if (weights.length !== 12) throw new RamkollError('INVALID_INPUT', `En profil har tolv vikter, en per månad; här fanns ${weights.length}.`);
  const bad = weights.findIndex((w) => !Number.isSafeInteger(w) || w < 0);
  if (bad >= 0) throw new RamkollError('INVALID_INPUT', `Vikten för månad ${bad + 1} ska vara ett tal från 0 och uppåt.`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum !== WEIGHT_SCALE) {
    throw new RamkollError('INVALID_INPUT', `Vikterna summerar till ${(sum / 10_000).toLocaleString('sv-SE', { maximumFractionDigits: 4 })} % men ska summera till exakt 100 %.`);
  }
}

/**
 * Creates or changes a custom profile. When the weights of a profile in use
 * change, the lines that follow it (not the manual ones) in versions that
 * are not locked are spread again, so that no line silently disagrees with
 * its profile; locked versions keep their months. Call inside a transaction,
 * after a backup when `id` is given.
 */
export function saveCustomProfile(db: Db, input: SaveProfileInput, meta: WriteMeta): SaveProfileResult {
  const name = input.name.trim();
  if (name === '' || name.length > 80) throw new RamkollError('INVALID_INPUT', 'Ge profilen ett namn (högst 80 tecken).');
  checkWeights(input.weightsPpm);
  const others = db.all(db.q.selectFrom('periodisation_profile').select(['id', 'code', 'name']).where('deleted_at', 'is', null));
  const clash = others.find((p) => p.id !== input.id && p.name.toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv'));
  if (clash) throw new RamkollError('CONFLICT', `Det finns redan en profil som heter "${clash.name}". Välj ett annat namn.`);
  const weights = JSON.stringify(input.weightsPpm);

  if (input.id === undefined) {
    const taken = new Set(db.all(db.q.selectFrom('periodisation_profile').select('code')).map((p) => p.code));
    const base = slug(name);
    let code = base;
    for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
    const id = newId();
    db.run(
      db.q.insertInto('periodisation_profile').values({ id, code, name, kind: 'custom', weights, created_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId, deleted_at: null }),
    );
    return { id, respreadLines: 0 };
  }

  const existing = db.first(db.q.selectFrom('periodisation_profile').select(['id', 'kind', 'weights', 'deleted_at']).where('id', '=', input.id));
  if (!existing || existing.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Profilen finns inte (längre).');
  if (existing.kind !== 'custom') throw new RamkollError('FORBIDDEN', 'De inbyggda profilerna kan inte ändras. Skapa en egen profil i stället.');
  db.run(db.q.updateTable('periodisation_profile').set({ name, weights, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', input.id));
  if (existing.weights === weights) return { id: input.id, respreadLines: 0 };
  return { id: input.id, respreadLines: respreadProfileLines(db, input.id, meta) };
}

/** Spreads again every non-manual line that follows the profile, in versions that are not locked. */
function respreadProfileLines(db: Db, profileId: string, meta: WriteMeta): number {
  const lines = db
    .prepare(
      `SELECT b.id, b.coding_id, b.year_ore, v.year FROM budget_line b JOIN budget_version v ON v.id = b.version_id
       WHERE b.profile_id = ? AND b.manual = 0 AND b.deleted_at IS NULL AND v.deleted_at IS NULL AND v.locked_at IS NULL`,
    )
    .all(profileId) as { id: string; coding_id: number; year_ore: number; year: number }[];
  const periodisers = new Map<number, Periodiser>();
  const update = db.prepare(`UPDATE budget_line SET ${MONTH_COLUMNS.map((m) => `${m} = ?`).join(', ')}, updated_at = ?, updated_by_site = ? WHERE id = ?`);
  for (const l of lines) {
    let p = periodisers.get(l.year);
    if (!p) periodisers.set(l.year, (p = new Periodiser(db, l.year)));
    update.run(...p.periodise(profileId, l.year_ore, l.coding_id).months, meta.at, meta.siteId, l.id);
  }
  return lines.length;
}

/** Removes (tombstones) a custom profile that no live line uses. */
export function deleteCustomProfile(db: Db, id: string, meta: WriteMeta): void {
  const p = db.first(db.q.selectFrom('periodisation_profile').select(['kind', 'name', 'deleted_at']).where('id', '=', id));
  if (!p || p.deleted_at !== null) throw new RamkollError('NOT_FOUND', 'Profilen finns inte (längre).');
  if (p.kind !== 'custom') throw new RamkollError('FORBIDDEN', 'De inbyggda profilerna kan inte tas bort.');
  const used = db.prepare('SELECT count(*) AS n FROM budget_line b JOIN budget_version v ON v.id = b.version_id WHERE b.profile_id = ? AND b.deleted_at IS NULL AND v.deleted_at IS NULL').get(id) as { n: number };
  if (used.n > 0) {
    throw new RamkollError('CONFLICT', `Profilen "${p.name}" används av ${used.n} budgetrader. Byt profil på de raderna först.`);
  }
  db.run(db.q.updateTable('periodisation_profile').set({ deleted_at: meta.at, updated_at: meta.at, updated_by_site: meta.siteId }).where('id', '=', id));
}
