import type { Migration } from './types';

/**
 * Held for another branch's migration 24 (issue 19's parts are built in
 * parallel; see the åtgärdsplaner's 0025): versions must be contiguous, so
 * this no-op keeps the place until the merge puts the real 24 here.
 */
export const reserved24: Migration = {
  version: 24,
  name: 'reserved for a migration built in parallel',
  up() {},
};
