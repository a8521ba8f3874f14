import type { Benchmark } from './types';

/** The workloads of this feature. */
export const ledgerBenchmarks: readonly Benchmark[] = [];
