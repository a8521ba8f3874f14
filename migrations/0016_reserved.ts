import type { Migration } from './types';

/**
 * Held for another branch's migration 16 (built in parallel; see the
 * investment follow-up's 0018): versions must be contiguous, so this no-op
 * keeps the place until the merge puts the real 16 here.
 */
export const reserved16: Migration = {
  version: 16,
  name: 'reserved for a migration built in parallel',
  up() {},
};
