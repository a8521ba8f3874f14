import type { Migration } from './types';

/**
 * Ledger import: the mapping profiles people save per ekonomisystem. A
 * profile is exchanged like other edited rows (Ekonomi hands one profile to
 * every controller), so it carries a UUID, timestamps and a tombstone; the
 * name is unique among the live ones.
 */
export const ledger: Migration = {
  version: 4,
  name: 'ledger import profiles',
  up(db) {
    db.exec(`
CREATE TABLE ledger_profile (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  system TEXT NOT NULL DEFAULT '',
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by_site TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX ledger_profile_name ON ledger_profile (name) WHERE deleted_at IS NULL;
CREATE INDEX import_batch_kind ON import_batch (kind, imported_at);
`);
  },
};
