import type { Migration } from './types';

const SYNCED = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT`;

/**
 * Text sections per reporting occasion (issue 19 point 1).
 *
 * text_section_kind is the list of sections a report has (Sammanfattning,
 * Väsentliga händelser, …, and any the kommun adds): data, in order, with a
 * guiding question under the heading. The built-in ones are written by
 * setup.ts with natural ids, as the periodisation profiles are.
 *
 * text_section is one node's text of one kind in one occasion: a Markdown
 * subset (shared/rich-text.ts) with the deviation comments' statuses,
 * written by the level that owns the node and approved by the level above.
 */
export const textSections: Migration = {
  version: 20,
  name: 'text sections per reporting occasion and node, and the kinds of section',
  up(db) {
    db.exec(`
CREATE TABLE text_section_kind (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  guidance TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL,${SYNCED}
) STRICT;

CREATE TABLE text_section (
  id TEXT PRIMARY KEY NOT NULL,
  occasion_id TEXT NOT NULL REFERENCES reporting_occasion (id),
  responsibility_id TEXT NOT NULL REFERENCES dimension_value (id),
  kind_id TEXT NOT NULL REFERENCES text_section_kind (id),
  body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'approved', 'returned')),
  return_note TEXT,
  author TEXT NOT NULL,${SYNCED},
  UNIQUE (occasion_id, responsibility_id, kind_id)
) STRICT;
CREATE INDEX text_section_occasion ON text_section (occasion_id);
`);
  },
};
