import type { Migration } from './types';

/**
 * Held for another branch's migration 23 (issue 19's parts are built in
 * parallel; see the åtgärdsplaner's 0025): versions must be contiguous, so
 * this no-op keeps the place until the merge puts the real 23 here.
 */
export const reserved23: Migration = {
  version: 23,
  name: 'reserved for a migration built in parallel',
  up() {},
};
