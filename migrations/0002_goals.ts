import type { Migration } from './types';

/** The synced columns of every edited and exchanged row (see 0001_initial). */
const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Styrtal values are stored as canonical decimal text ('87.3', '-0.25'):
 * exact, with as many decimals as the source gave (Kolada publishes with
 * varying precision), never a float. The service canonicalises; this CHECK
 * keeps anything else out.
 */
const decimal = (col: string, nullable: boolean) => {
  const shape =
    `((${col} GLOB '[0-9]*' OR ${col} GLOB '-[0-9]*') AND ${col} NOT GLOB '*[^0-9.-]*' AND ${col} NOT GLOB '?*-*'` +
    ` AND ${col} NOT GLOB '*.*.*' AND ${col} NOT GLOB '*.' AND length(${col}) <= 24)`;
  return nullable ? `(${col} IS NULL OR ${shape})` : shape;
};

const isoDate = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${col}) = ${col})`;

export const goals: Migration = {
  version: 2,
  name: 'goals and styrtal',
  up(db) {
    db.exec(`
-- The goal chain: inriktningsmål (council, from KF through Ekonomi) >
-- nämndmål (board) > delmål (sub) > aktiviteter (activity). Each has an
-- ansvar node as owner and the years it is valid.
CREATE TABLE goal (
  id TEXT PRIMARY KEY NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('council', 'board', 'sub', 'activity')),
  parent_id TEXT REFERENCES goal (id),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL REFERENCES dimension_value (id),
  valid_from_year INTEGER NOT NULL CHECK (valid_from_year BETWEEN 2000 AND 2100),
  valid_to_year INTEGER CHECK (valid_to_year IS NULL OR (valid_to_year BETWEEN valid_from_year AND 2100)),
  sort_order INTEGER NOT NULL DEFAULT 0,${SYNCED},
  CHECK ((level = 'council') = (parent_id IS NULL))
) STRICT;
CREATE INDEX goal_parent ON goal (parent_id);

-- Styrtal: what is measured for a goal, from where, and where it should be.
-- series_key names the measurement: a Kolada key (N00945) or the
-- förvaltning's own code; values belong to the series, so two goals that
-- follow the same Kolada key share its values.
CREATE TABLE indicator (
  id TEXT PRIMARY KEY NOT NULL,
  goal_id TEXT NOT NULL REFERENCES goal (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  unit TEXT NOT NULL CHECK (length(unit) <= 40),
  direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  source TEXT NOT NULL CHECK (source IN ('kolada', 'own')),
  series_key TEXT NOT NULL CHECK (length(series_key) BETWEEN 1 AND 40),
  source_note TEXT NOT NULL DEFAULT '',
  start_value TEXT CHECK ${decimal('start_value', true)},
  start_year INTEGER CHECK (start_year IS NULL OR start_year BETWEEN 2000 AND 2100),
  target_value TEXT NOT NULL CHECK ${decimal('target_value', false)},
  target_year INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  sort_order INTEGER NOT NULL DEFAULT 0,${SYNCED},
  CHECK ((start_value IS NULL) = (start_year IS NULL)),
  CHECK (source <> 'kolada' OR series_key GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9]')
) STRICT;
CREATE INDEX indicator_goal ON indicator (goal_id);
CREATE INDEX indicator_series ON indicator (series_key);

-- Dated values of a series. The id is name-based on (series_key, date), so
-- every site that records the same value has the same row.
CREATE TABLE indicator_value (
  id TEXT PRIMARY KEY NOT NULL,
  series_key TEXT NOT NULL CHECK (length(series_key) BETWEEN 1 AND 40),
  measured_on TEXT NOT NULL CHECK ${isoDate('measured_on')},
  value TEXT NOT NULL CHECK ${decimal('value', false)},
  note TEXT NOT NULL DEFAULT '',${SYNCED},
  UNIQUE (series_key, measured_on)
) STRICT;

-- Follow-up of a goal at a reporting occasion, in the same round as the
-- deviation comments: draft (utkast) -> ready (klar) -> approved (godkänd),
-- or returned (återskickad) with a note. status is the goal's fulfilment
-- (met/partly_met/not_met/not_started; activities done/in_progress/not_started),
-- forecast the expected fulfilment at year end. Id name-based on
-- (occasion, goal).
CREATE TABLE goal_assessment (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  goal_id TEXT NOT NULL REFERENCES goal (id),
  status TEXT CHECK (status IS NULL OR status IN ('met', 'partly_met', 'not_met', 'not_started', 'done', 'in_progress')),
  forecast TEXT CHECK (forecast IS NULL OR forecast IN ('met', 'partly_met', 'not_met', 'not_started', 'done', 'in_progress')),
  text TEXT NOT NULL DEFAULT '',
  round_status TEXT NOT NULL DEFAULT 'draft' CHECK (round_status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (occasion_id, goal_id)
) STRICT;
CREATE INDEX goal_assessment_goal ON goal_assessment (goal_id);

-- Every change of an assessment, with who, when and what it then said:
-- the history people see. Append-only, so it merges without conflicts.
CREATE TABLE goal_assessment_event (
  id TEXT PRIMARY KEY NOT NULL,
  assessment_id TEXT NOT NULL REFERENCES goal_assessment (id),
  action TEXT NOT NULL CHECK (action IN ('saved', 'ready', 'withdrawn', 'approved', 'returned')),
  round_status TEXT NOT NULL CHECK (round_status IN ('draft', 'ready', 'approved', 'returned')),
  status TEXT,
  forecast TEXT,
  text TEXT NOT NULL,
  note TEXT,
  author TEXT NOT NULL,${SYNCED}
) STRICT;
CREATE INDEX goal_assessment_event_assessment ON goal_assessment_event (assessment_id, created_at);
`);
  },
};
