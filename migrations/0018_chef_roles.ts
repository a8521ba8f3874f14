import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Roles for every level (issue 18 point 1) and the prognos round.
 *
 * - site.role: enhetschef and verksamhetschef beside sektorchef. SQLite
 *   cannot change a CHECK in place, so the small site table is copied into a
 *   new one; the exchange tables that refer to it keep their rows and their
 *   references (checked at commit).
 * - round_write_setting: the controller's setting per round (kind + ref: a
 *   working budget version or a reporting occasion) and node whether the
 *   level may write there, per kind of write. No row: allowed.
 * - forecast_round: the status of a node's prognos at a reporting occasion
 *   (draft → submitted → approved | returned with a note).
 * - forecast_round_event: the history, who did what and when; rows are only
 *   added. An approval carries the prognos as it was approved, per account
 *   group (amounts_json): what the förvaltning's prognos counts while a
 *   later change waits for approval.
 */
export const chefRoles: Migration = {
  version: 18,
  name: 'roles for every chef level, write settings per round and node, prognos round',
  up(db) {
    // The exchange tables refer to site, and the foreign keys stay on in a migration. Deferred, dropping the old
    // table counts their rows as orphans, and inserting the rows into the new one (after it has the name) counts
    // them back: the commit sees none left.
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
CREATE TEMP TABLE site_copy AS SELECT * FROM main.site;
CREATE TABLE site_new (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('controller', 'sektorchef', 'verksamhetschef', 'enhetschef', 'ekonomi')),
  scope_code TEXT,
  public_key TEXT,
  is_local INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
DROP TABLE main.site;
ALTER TABLE site_new RENAME TO site;
INSERT INTO main.site (id, name, role, scope_code, public_key, is_local, created_at, updated_at)
  SELECT id, name, role, scope_code, public_key, is_local, created_at, updated_at FROM temp.site_copy;
DROP TABLE temp.site_copy;
CREATE UNIQUE INDEX site_one_local ON site (is_local) WHERE is_local = 1;

CREATE TABLE round_write_setting (
  id TEXT PRIMARY KEY NOT NULL,
  round_kind TEXT NOT NULL CHECK (round_kind IN ('budget', 'prognos')),
  round_ref TEXT NOT NULL,
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  what TEXT NOT NULL CHECK (what IN ('budget', 'vf', 'prognos', 'comment')),
  allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),${SYNCED},
  UNIQUE (round_kind, round_ref, responsibility_id, what)
) STRICT;

CREATE TABLE forecast_round (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  return_note TEXT,${SYNCED},
  UNIQUE (occasion_id, responsibility_id)
) STRICT;

CREATE TABLE forecast_round_event (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  note TEXT,
  amounts_json TEXT CHECK (amounts_json IS NULL OR json_valid(amounts_json)),
  by_name TEXT NOT NULL,
  at TEXT NOT NULL,${SYNCED}
) STRICT;
CREATE INDEX forecast_round_event_node ON forecast_round_event (occasion_id, responsibility_id, at);
`);
  },
};
