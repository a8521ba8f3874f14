import type { Benchmark } from './types';

/** The workloads of this feature. */
export const reportsBenchmarks: readonly Benchmark[] = [];
