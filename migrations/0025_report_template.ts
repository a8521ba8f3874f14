import type { Migration } from './types';

/**
 * The kommun's report template (issue 19 point 2): one row, written by
 * Ekonomi and sent to every controller, so every förvaltning's report has
 * the same sections in the same order under the same headings, the same
 * unit, logo and cover, and the kommuntotal reads as one document.
 *
 * sections_json is the ordered list of sections ({code, heading, guidance}):
 * the figure sections by their fixed codes, the text sections by the codes
 * of text_section_kind (which Ekonomi's template writes too, so a chef's
 * Uppföljning › Texter shows the same headings and guiding questions).
 * cover_json holds the cover: a title per kind of occasion and a text.
 * version counts Ekonomi's saves, so a kommuntotal can name a förvaltning
 * that has an older one.
 */
export const reportTemplate: Migration = {
  version: 25,
  name: 'the kommun’s report template from Ekonomi',
  up(db) {
    db.exec(`
CREATE TABLE report_template (
  id TEXT PRIMARY KEY NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  issued_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  sections_json TEXT NOT NULL CHECK (json_valid(sections_json)),
  unit TEXT NOT NULL CHECK (unit IN ('tkr', 'mnkr')),
  logo TEXT NOT NULL DEFAULT '',
  cover_json TEXT NOT NULL CHECK (json_valid(cover_json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
`);
  },
};
