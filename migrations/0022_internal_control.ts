import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * The nämnd's internal control plan (issue 19 point 4).
 *
 * internal_control is one control of a year's plan, written by the
 * controller: the process, the risk with its value (sannolikhet ×
 * konsekvens, 1–4 each), the kontrollmoment, the ansvar node whose level
 * reports the result and the person responsible, and at which kinds of
 * occasion it is followed up (a comma list of tertial, interim, annual).
 *
 * internal_control_result is the result of one control at one occasion,
 * written by the responsible level: utfört or not, avvikelse or not,
 * iakttagelser and åtgärder with who and by when.
 */
export const internalControl: Migration = {
  version: 22,
  name: 'the internal control plan per year and its results per occasion',
  up(db) {
    db.exec(`
CREATE TABLE internal_control (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL,
  code TEXT NOT NULL,
  process TEXT NOT NULL,
  risk TEXT NOT NULL,
  probability INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 4),
  consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 4),
  control_step TEXT NOT NULL,
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  responsible TEXT NOT NULL,
  occasion_kinds TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,${SYNCED},
  UNIQUE (year, code)
) STRICT;

CREATE TABLE internal_control_result (
  id TEXT PRIMARY KEY NOT NULL,
  control_id TEXT NOT NULL REFERENCES internal_control (id),
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  performed INTEGER NOT NULL CHECK (performed IN (0, 1)),
  deviation INTEGER NOT NULL CHECK (deviation IN (0, 1)),
  observations TEXT NOT NULL DEFAULT '',
  actions TEXT NOT NULL DEFAULT '',
  action_owner TEXT NOT NULL DEFAULT '',
  action_due TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (control_id, occasion_id)
) STRICT;
CREATE INDEX internal_control_result_occasion ON internal_control_result (occasion_id);
`);
  },
};
