import type { Db } from '../../../db/index';
import type { IndicatorComparisonValueTable } from '../../../db/schema';
import { normaliseHeader } from '../files/table';

export type MunicipalityKind = IndicatorComparisonValueTable['kind'];
export type Gender = IndicatorComparisonValueTable['gender'];

/** Kolada's ids: 0000 riket, 00NN a region (the län's number), four digits a kommun, G… a kommungrupp. */
export function kindOfCode(code: string): MunicipalityKind | null {
  if (code === '0000') return 'riket';
  if (/^00\d\d$/.test(code)) return 'region';
  if (/^\d{4}$/.test(code)) return 'kommun';
  if (/^G\d+$/i.test(code)) return 'grupp';
  return null;
}

/** A file with names only: "Riket", "Region Dalarna", "Dalarnas län", "Kommungrupp: …", else a kommun. */
export function kindOfName(name: string): MunicipalityKind {
  const n = normaliseHeader(name);
  if (n === 'riket' || n === 'hela riket' || n === 'sverige' || n === 'samtliga kommuner') return 'riket';
  if (n.startsWith('region ') || n.endsWith(' lan') || n.startsWith('landsting')) return 'region';
  if (n.includes('kommungrupp') || n.includes('liknande kommuner') || n.startsWith('kommungruppen')) return 'grupp';
  return 'kommun';
}

/** Where the file gives no name: riket by its id, the others by theirs. */
export function defaultName(code: string): string {
  return code === '0000' ? 'Riket' : code;
}

const GENDERS: Record<string, Gender> = { '': 'T', t: 'T', totalt: 'T', total: 'T', alla: 'T', samtliga: 'T', k: 'K', kvinnor: 'K', kvinna: 'K', flickor: 'K', m: 'M', man: 'M', men: 'M', pojkar: 'M' };

/** A kön cell as T, K or M; null for anything else. ("män" and "man" both normalise to "man".) */
export function parseGender(cell: string): Gender | null {
  return GENDERS[normaliseHeader(cell)] ?? null;
}

export interface ComparisonRow {
  seriesKey: string;
  code: string;
  name: string;
  kind: MunicipalityKind;
  year: number;
  gender: Gender;
  value: string;
}

export type WriteResult = 'created' | 'updated' | 'unchanged';

/** How writing the row would change the table. */
export function comparisonChange(db: Db, r: ComparisonRow): WriteResult {
  const old = db.first(
    db.q
      .selectFrom('indicator_comparison_value')
      .select(['value', 'municipality_name', 'kind'])
      .where('series_key', '=', r.seriesKey)
      .where('municipality_code', '=', r.code)
      .where('year', '=', r.year)
      .where('gender', '=', r.gender),
  );
  if (!old) return 'created';
  return old.value === r.value && old.municipality_name === r.name && old.kind === r.kind ? 'unchanged' : 'updated';
}

/** Writes one comparison row (inside the caller's transaction), replacing the earlier import's. */
export function writeComparison(db: Db, r: ComparisonRow, importedAt: string): WriteResult {
  const change = comparisonChange(db, r);
  if (change === 'unchanged') return change;
  const values = { series_key: r.seriesKey, municipality_code: r.code, municipality_name: r.name, kind: r.kind, year: r.year, gender: r.gender, value: r.value, imported_at: importedAt };
  db.run(
    db.q
      .insertInto('indicator_comparison_value')
      .values(values)
      .onConflict((oc) => oc.columns(['series_key', 'municipality_code', 'year', 'gender']).doUpdateSet({ municipality_name: r.name, kind: r.kind, value: r.value, imported_at: importedAt })),
  );
  return change;
}
