import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

const isoDate = (col: string) => `(${col} IS NULL OR (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${col}) = ${col}))`;
const ROUND = `round_status TEXT NOT NULL DEFAULT 'draft' CHECK (round_status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,`;

/**
 * The goal round in full (issue 19 point 5, without the åtgärdsplan).
 *
 * goal_deadline: the controller's deadline per goal level at an occasion
 * (aktiviteter, delmål, nämndmål, the förvaltning's assessment of KF's goals,
 * and the uppdrag can be due on different days); without a row a level falls
 * back on the calendar's deadline for its reporting ansvar level.
 *
 * goal gets an activity's plan: responsible person, start and end, cost (öre).
 *
 * assignment: a särskilt uppdrag from KF (origin council, written by Ekonomi
 * as the inriktningsmål are) or from the nämnd (origin board, the
 * controller's), owned by an ansvar node; assignment_followup is its status
 * and comment per occasion in the same round as the goal assessments.
 *
 * indicator_assessment: the förvaltning's assessment of one of KF's styrtal
 * at an occasion (KF's inriktningsmål themselves are assessed in
 * goal_assessment).
 */
export const goalRound: Migration = {
  version: 26,
  name: 'deadlines per goal level, uppdrag, assessments of KF styrtal, activity plans',
  up(db) {
    db.exec(`
CREATE TABLE goal_deadline (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  level TEXT NOT NULL CHECK (level IN ('council', 'board', 'sub', 'activity', 'assignment')),
  due_on TEXT NOT NULL CHECK ${isoDate('due_on')},${SYNCED},
  UNIQUE (occasion_id, level)
) STRICT;

ALTER TABLE goal ADD COLUMN responsible TEXT NOT NULL DEFAULT '';
ALTER TABLE goal ADD COLUMN start_on TEXT CHECK ${isoDate('start_on')};
ALTER TABLE goal ADD COLUMN end_on TEXT CHECK ${isoDate('end_on')};
ALTER TABLE goal ADD COLUMN cost_ore INTEGER CHECK (cost_ore IS NULL OR cost_ore >= 0);

CREATE TABLE assignment (
  id TEXT PRIMARY KEY NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('council', 'board')),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL REFERENCES dimension_value (id),
  decision_ref TEXT NOT NULL DEFAULT '',
  decided_on TEXT CHECK ${isoDate('decided_on')},
  due_on TEXT CHECK ${isoDate('due_on')},
  valid_from_year INTEGER NOT NULL CHECK (valid_from_year BETWEEN 2000 AND 2100),
  valid_to_year INTEGER CHECK (valid_to_year IS NULL OR (valid_to_year BETWEEN valid_from_year AND 2100)),
  sort_order INTEGER NOT NULL DEFAULT 0,${SYNCED}
) STRICT;

CREATE TABLE assignment_followup (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  assignment_id TEXT NOT NULL REFERENCES assignment (id),
  status TEXT CHECK (status IS NULL OR status IN ('not_started', 'in_progress', 'done', 'closed_not_done')),
  text TEXT NOT NULL DEFAULT '',
  ${ROUND}${SYNCED},
  UNIQUE (occasion_id, assignment_id)
) STRICT;

CREATE TABLE indicator_assessment (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  indicator_id TEXT NOT NULL REFERENCES indicator (id),
  status TEXT CHECK (status IS NULL OR status IN ('met', 'partly_met', 'not_met', 'not_started')),
  text TEXT NOT NULL DEFAULT '',
  ${ROUND}${SYNCED},
  UNIQUE (occasion_id, indicator_id)
) STRICT;
`);
  },
};
