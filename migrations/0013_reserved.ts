import type { Migration } from './types';

/**
 * Version 13 belongs to the flerårsplan (issue 17 point 1), built on another
 * branch at the same time as the investment budget (version 14). Versions
 * must be consecutive, so this branch holds the number with a step that
 * changes nothing; when the branches meet, the flerårsplan's 0013 replaces
 * this file. No database outside development has been migrated by it.
 */
export const reserved13: Migration = {
  version: 13,
  name: 'reserved for the flerårsplan (issue 17 point 1)',
  up() {},
};
