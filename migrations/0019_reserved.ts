import type { Migration } from './types';

/**
 * Held for another branch's migration 19 (built in parallel; see the text
 * sections' 0021): versions must be contiguous, so this no-op keeps the
 * place until the merge puts the real 19 here.
 */
export const reserved19: Migration = {
  version: 19,
  name: 'reserved for a migration built in parallel',
  up() {},
};
