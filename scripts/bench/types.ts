/** One figure a benchmark prints: what was measured, on how many rows, and the target if the issue sets one. */
export interface Figure {
  what: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | '×' | 'rader/s';
  rows?: number;
  target?: string;
}

export interface Benchmark {
  /** Short name; `npm run bench -- NAME` runs only the benchmarks whose name contains NAME. */
  name: string;
  run(tmp: string): Promise<Figure[]>;
}
