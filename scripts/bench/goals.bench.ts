import type { Benchmark } from './types';

/** The workloads of this feature. */
export const goalsBenchmarks: readonly Benchmark[] = [];
