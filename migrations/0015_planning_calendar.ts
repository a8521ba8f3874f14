import type { Migration } from './types';

/**
 * The planning calendar (issue 17, point 5): the steps of the budget process
 * in the årshjul beside the reporting occasions — budgetdirektiv, ramar från
 * KF, fördelning till sektorerna, detaljbudget från enheterna, nämndbeslut,
 * registrering i ekonomisystemet, and any step the controller adds — each
 * with its due date, who acts, a note and the date it was done. `year` is
 * the budget year the step plans (the steps fall in the autumn before it),
 * so it need not exist as a fiscal year yet: no reference to fiscal_year.
 * A standard kind's name comes from the kind; title is for 'other' (and may
 * rename a standard step).
 */
export const planningCalendar: Migration = {
  version: 15,
  name: 'planning calendar: the steps of the budget process in the årshjul',
  up(db) {
    db.exec(`
CREATE TABLE planning_step (
  id TEXT PRIMARY KEY NOT NULL,
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kind TEXT NOT NULL CHECK (kind IN ('directive', 'frames', 'distribution', 'detail_budget', 'board_decision', 'registration', 'other')),
  title TEXT,
  due_on TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('economy', 'council', 'controller', 'sector', 'operation', 'unit', 'board')),
  note TEXT,
  done_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT,
  CHECK (kind <> 'other' OR (title IS NOT NULL AND title <> ''))
) STRICT;
CREATE INDEX planning_step_due ON planning_step (due_on) WHERE deleted_at IS NULL AND done_on IS NULL;
CREATE INDEX planning_step_year ON planning_step (year, due_on);
`);
  },
};
