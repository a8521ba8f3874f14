import type { Migration } from './types';

/**
 * Held for another branch's migration 21 (built in parallel; see the intern
 * kontroll's 0022): versions must be contiguous, so this no-op keeps the
 * place until the merge puts the real 21 here.
 */
export const reserved21: Migration = {
  version: 21,
  name: 'reserved for a migration built in parallel',
  up() {},
};
