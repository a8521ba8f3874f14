import type { Migration } from './types';

/**
 * File exchange between installations (issue 7). The tables here hold the
 * exchange's own bookkeeping; the capture triggers on the exchanged tables
 * are not created here but by electron/services/exchange/capture.ts at every
 * open, generated from the registry of exchanged tables, so that a feature
 * adding a table only adds a registry entry (and a shipped migration never
 * has to know tables that did not exist yet).
 */
export const exchange: Migration = {
  version: 6,
  name: 'file exchange',
  up(db) {
    db.exec(`
-- The hybrid logical clock of this installation: the last version handed out.
-- suspended = 1 while the exchange itself writes rows (imports, resolutions),
-- so that applying a received change is not captured as a local edit.
CREATE TABLE xchg_clock (
  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  ms INTEGER NOT NULL,
  counter INTEGER NOT NULL,
  site TEXT NOT NULL,
  suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1))
) STRICT;

-- The signing key pair of this installation (Ed25519, DER in base64).
CREATE TABLE xchg_key (
  site_id TEXT PRIMARY KEY NOT NULL REFERENCES site (id),
  private_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Every change of an exchanged field, made here or received: the value it
-- set, its version (HLC time + site) and the version the editor saw (base).
-- seq is this installation's log position; acknowledgements refer to it.
-- The version a field holds now is the greatest version logged for it (the
-- merge keeps the newest), found through the unique index.
CREATE TABLE xchg_change (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value ANY,
  version TEXT NOT NULL,
  base TEXT,
  resolves TEXT CHECK (resolves IS NULL OR json_valid(resolves)),
  node TEXT,
  origin TEXT NOT NULL,
  via TEXT,
  package_id TEXT
) STRICT;
CREATE UNIQUE INDEX xchg_change_field ON xchg_change (tbl, row_id, field, version);

-- Per peer: how far it has confirmed our log (acked) and how far we have its log (received).
CREATE TABLE xchg_peer (
  site_id TEXT PRIMARY KEY NOT NULL REFERENCES site (id),
  acked INTEGER NOT NULL DEFAULT 0,
  received INTEGER NOT NULL DEFAULT 0,
  first_seen_at TEXT NOT NULL,
  last_received_at TEXT,
  last_sent_at TEXT
) STRICT;

-- Rows a peer holds: since = our log position of the first package that sent
-- the whole row (0: the peer sent it to us). Until the peer has acknowledged
-- that position, the whole row is sent again.
CREATE TABLE xchg_peer_row (
  site_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (site_id, tbl, row_id)
) STRICT, WITHOUT ROWID;

-- Two sites that created "the same" row (same natural key, e.g. a comment for
-- one unit and occasion) under different ids: both keep the smaller id, and
-- the other id is an alias of it.
CREATE TABLE xchg_alias (
  tbl TEXT NOT NULL,
  alias_id TEXT NOT NULL,
  row_id TEXT NOT NULL,
  PRIMARY KEY (tbl, alias_id)
) STRICT, WITHOUT ROWID;

-- Concurrent edits of one field: every competing value is kept until someone chooses.
CREATE TABLE xchg_conflict (
  id TEXT PRIMARY KEY NOT NULL,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'auto', 'resolved')),
  candidates TEXT NOT NULL CHECK (json_valid(candidates)),
  detected_at TEXT NOT NULL,
  package_id TEXT,
  resolved_at TEXT,
  resolved_version TEXT
) STRICT;
CREATE INDEX xchg_conflict_field ON xchg_conflict (tbl, row_id, field);
CREATE INDEX xchg_conflict_status ON xchg_conflict (status);

-- Every package sent or received, with what it held and what came of it.
CREATE TABLE xchg_package (
  id TEXT PRIMARY KEY NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
  peer_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  handled_at TEXT NOT NULL,
  seq_from INTEGER NOT NULL,
  seq_upto INTEGER NOT NULL,
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  result TEXT CHECK (result IS NULL OR json_valid(result))
) STRICT;
CREATE INDEX xchg_package_peer ON xchg_package (peer_id, handled_at);

-- Files attached to received packages (the rendered report for Ekonomi).
CREATE TABLE xchg_attachment (
  package_id TEXT NOT NULL REFERENCES xchg_package (id),
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (package_id, name)
) STRICT;

-- A checksum of each period's outcome as last exchanged, so that an export
-- can tell which periods changed without a trigger on every ledger row.
CREATE TABLE xchg_outcome_state (
  period INTEGER PRIMARY KEY NOT NULL,
  checksum TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`);
  },
};
