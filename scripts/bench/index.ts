import { foundationBench } from './foundation.bench';
import { budgetBenchmarks } from './budget.bench';
import { planningBenchmarks } from './planning.bench';
import { ledgerBenchmarks } from './ledger.bench';
import { followupBenchmarks } from './followup.bench';
import { lockBenchmarks } from './lock.bench';
import { reportsBenchmarks } from './reports.bench';
import { exchangeBenchmarks } from './exchange.bench';
import { goalsBenchmarks } from './goals.bench';
import { systemBenchmarks } from './system.bench';
import type { Benchmark } from './types';

/** Every workload of `npm run bench`; each issue adds its own module here. */
export const BENCHMARKS: readonly Benchmark[] = [
  foundationBench,
  ...budgetBenchmarks,
  ...planningBenchmarks,
  ...ledgerBenchmarks,
  ...followupBenchmarks,
  ...lockBenchmarks,
  ...reportsBenchmarks,
  ...exchangeBenchmarks,
  ...goalsBenchmarks,
  ...systemBenchmarks,
];
