import type { Migration } from './types';

/**
 * Held for another branch's migration 17 (built in parallel; see the
 * investment follow-up's 0018): versions must be contiguous, so this no-op
 * keeps the place until the merge puts the real 17 here.
 */
export const reserved17: Migration = {
  version: 17,
  name: 'reserved for a migration built in parallel',
  up() {},
};
