import type { Migration } from './types';

/**
 * Personnel figures from the HR/payroll system's export (issue 19 point 3).
 *
 * One row per month and ansvar (a sektor or lower; the förvaltning's figures
 * are summed upwards when read). Counts are whole people, årsarbetare in
 * hundredths, sjukfrånvaro in hundredths of a percent (5,83 % = 583) and the
 * personnel cost in öre, so nothing is stored as a float. A column the
 * export does not have is NULL, not zero.
 */
export const personnel: Migration = {
  version: 21,
  name: 'personnel figures per month and ansvar',
  up(db) {
    db.exec(`
CREATE TABLE personnel_figure (
  id TEXT PRIMARY KEY NOT NULL,
  period INTEGER NOT NULL CHECK (period BETWEEN 200001 AND 210012),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  employees INTEGER,
  permanent INTEGER,
  temporary INTEGER,
  fte_centi INTEGER,
  sick_bp INTEGER,
  sick_women_bp INTEGER,
  sick_men_bp INTEGER,
  sick_to29_bp INTEGER,
  sick_30to49_bp INTEGER,
  sick_from50_bp INTEGER,
  long_sick_bp INTEGER,
  cost_ore INTEGER,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT,
  UNIQUE (period, responsibility_id)
) STRICT;
CREATE INDEX personnel_figure_period ON personnel_figure (period);
`);
  },
};
