import type { Migration } from './types';
import { initial } from './0001_initial';
import { exchange } from './0002_exchange';

/**
 * The schema history, in order. Imported statically (no directory scan) so
 * that it survives bundling and asar packaging. Never edit a migration that
 * has shipped: add a new one.
 */
export const migrations: readonly Migration[] = [initial, exchange];

export type { Migration } from './types';
