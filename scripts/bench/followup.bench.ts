import type { Benchmark } from './types';

/** The workloads of this feature. */
export const followupBenchmarks: readonly Benchmark[] = [];
