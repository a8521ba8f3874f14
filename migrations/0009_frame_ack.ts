import type { Migration } from './types';

/**
 * Issue 13: a version locked as decided while some of its nodes are over
 * their ram records who confirmed it, when, and which nodes by how much
 * (JSON: { by, at, nodes: [{ code, name, frameOre, budgetedOre, overOre }] }),
 * so that Versioner and `ramkoll budget versions` can show it later. NULL for
 * a version locked within its ramar (and every version locked before).
 */
export const frameAck: Migration = {
  version: 9,
  name: 'budget version: confirmation of locking over the ram',
  up(db) {
    db.exec(`ALTER TABLE budget_version ADD COLUMN over_frame_ack TEXT CHECK (over_frame_ack IS NULL OR json_valid(over_frame_ack));`);
  },
};
