import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}_ore`);

/**
 * The budget round (issue 18, point 2, budget half): a chef's proposal for
 * its node in a working budget version, kept apart from the version's own
 * lines until the controller approves it.
 *
 * budget_round is the node's place in the round (utkast → inlämnad → godkänd
 * or återskickad with a note), one per version and node. budget_round_line
 * holds the proposed lines (a kodsträng, the year and twelve months, which
 * must sum to it, as a budget line's) and budget_round_change the proposed
 * verksamhetsförändringar with their effect per year; a row's status says
 * whether it has been approved into the version. budget_round_event is the
 * history: each step with who (author, and the site that wrote it), when
 * (acted_at, which travels; created_at is when a row arrived here), the
 * status it left and its note.
 */
export const budgetRound: Migration = {
  version: 19,
  name: 'budget round: proposals per node, their lines, VF proposals and history',
  up(db) {
    db.exec(`
CREATE TABLE budget_round (
  id TEXT PRIMARY KEY NOT NULL,
  version_id TEXT NOT NULL REFERENCES budget_version (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (version_id, responsibility_id)
) STRICT;

CREATE TABLE budget_round_line (
  id TEXT PRIMARY KEY NOT NULL,
  round_id TEXT NOT NULL REFERENCES budget_round (id),
  coding_id INTEGER NOT NULL REFERENCES coding (id),
  year_ore INTEGER NOT NULL,
${MONTHS.map((m) => `  ${m} INTEGER NOT NULL DEFAULT 0,`).join('\n')}
  note TEXT,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved')),${SYNCED},
  CHECK (${MONTHS.join(' + ')} = year_ore)
) STRICT;
CREATE INDEX budget_round_line_round ON budget_round_line (round_id, coding_id);

CREATE TABLE budget_round_change (
  id TEXT PRIMARY KEY NOT NULL,
  round_id TEXT NOT NULL REFERENCES budget_round (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  description TEXT NOT NULL,
  amount_ore INTEGER NOT NULL,
  plan1_ore INTEGER NOT NULL DEFAULT 0,
  plan2_ore INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved')),${SYNCED}
) STRICT;
CREATE INDEX budget_round_change_round ON budget_round_change (round_id);

CREATE TABLE budget_round_event (
  id TEXT PRIMARY KEY NOT NULL,
  round_id TEXT NOT NULL REFERENCES budget_round (id),
  action TEXT NOT NULL CHECK (action IN ('submitted', 'returned', 'approved', 'approved_rows')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  note TEXT,
  over_frame_ore INTEGER,
  author TEXT NOT NULL,
  acted_at TEXT NOT NULL,${SYNCED}
) STRICT;
CREATE INDEX budget_round_event_round ON budget_round_event (round_id, acted_at);
`);
  },
};
