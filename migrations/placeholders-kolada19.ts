import type { Migration } from './types';

/**
 * Versions 23–25 belong to other branches of issue 19 (templates, goal
 * round, åtgärdsplan) that are built in parallel; these empty steps keep the
 * history contiguous on this branch until the lead merges and renumbers.
 * Drop them on merge.
 */
const placeholder = (version: number): Migration => ({ version, name: `placeholder for version ${version} (another branch)`, up: () => {} });

export const placeholdersKolada19: readonly Migration[] = [placeholder(23), placeholder(24), placeholder(25)];
