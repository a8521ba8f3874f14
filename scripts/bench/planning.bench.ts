import type { Benchmark } from './types';

/** The workloads of this feature. */
export const planningBenchmarks: readonly Benchmark[] = [];
