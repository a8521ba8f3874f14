import type { Migration } from './types';

/**
 * Kolada comparisons (issue 19 point 6).
 *
 * indicator_comparison_value keeps every row of a Kolada file that the
 * styrtal import reads, not only the kommun's own totals: other kommuner, the
 * region, riket and Kolada's kommungrupper, by kön (T totalt, K kvinnor,
 * M män). The kommun's own totals still go to indicator_value as before; its
 * K/M rows and everyone else's are here. Values are canonical decimal text as
 * in indicator_value, never floating point. One row per series, municipality
 * (Kolada's id, or the name where the file has no id), year and kön; a new
 * import replaces the row.
 */
export const koladaComparison: Migration = {
  version: 24,
  name: 'Kolada comparison values: other kommuner, region, riket and kommungrupper by kön',
  up(db) {
    db.exec(`
CREATE TABLE indicator_comparison_value (
  series_key TEXT NOT NULL,
  municipality_code TEXT NOT NULL,
  municipality_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('kommun', 'region', 'riket', 'grupp')),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
  value TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (series_key, municipality_code, year, gender)
) STRICT;
`);
  },
};
