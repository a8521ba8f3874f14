import { foundationBench } from './foundation.bench';
import type { Benchmark } from './types';

/** Every workload of `npm run bench`; each issue adds its own module here. */
export const BENCHMARKS: readonly Benchmark[] = [foundationBench];
