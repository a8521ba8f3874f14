import type { Migration } from './types';

/**
 * Held for another branch's migration 23 (report templates, built in
 * parallel; see 0024_goal_round): versions must be contiguous, so this no-op
 * keeps the place until the merge puts the real 23 here.
 */
export const reserved23: Migration = {
  version: 23,
  name: 'reserved for a migration built in parallel',
  up() {},
};
