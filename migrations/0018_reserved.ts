import type { Migration } from './types';

/**
 * Held for another branch's migration 18 (built in parallel; see the text
 * sections' 0021): versions must be contiguous, so this no-op keeps the
 * place until the merge puts the real 18 here.
 */
export const reserved18: Migration = {
  version: 18,
  name: 'reserved for a migration built in parallel',
  up() {},
};
