import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Åtgärdsplaner per large deviation (issue 19 point 5).
 *
 * action_plan is the plan of one ansvar node at one reporting occasion, in
 * the comment round (utkast → klar → godkänd, återskickad with a note).
 *
 * action_plan_item is one åtgärd of a plan: what, who (a name), by when,
 * the expected effect in öre (optional) and the status it was given when
 * the plan was written (planerad, pågår, genomförd, ej genomförd).
 *
 * action_followup is an åtgärd's status and comment at a later occasion:
 * an åtgärd is followed up at every occasion after its plan's until one
 * follow-up says genomförd or ej genomförd.
 */
export const actionPlans: Migration = {
  version: 23,
  name: 'action plans per large deviation and their follow-up at later occasions',
  up(db) {
    db.exec(`
CREATE TABLE action_plan (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (occasion_id, responsibility_id)
) STRICT;

CREATE TABLE action_plan_item (
  id TEXT PRIMARY KEY NOT NULL,
  plan_id TEXT NOT NULL REFERENCES action_plan (id),
  what TEXT NOT NULL,
  owner TEXT NOT NULL,
  due_date TEXT NOT NULL,
  effect_ore INTEGER,
  status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
  sort_order INTEGER NOT NULL DEFAULT 0,${SYNCED}
) STRICT;
CREATE INDEX action_plan_item_plan ON action_plan_item (plan_id);

CREATE TABLE action_followup (
  id TEXT PRIMARY KEY NOT NULL,
  item_id TEXT NOT NULL REFERENCES action_plan_item (id),
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_done')),
  comment TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (item_id, occasion_id)
) STRICT;
CREATE INDEX action_followup_occasion ON action_followup (occasion_id);
`);
  },
};
