import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As esbuild's text loader in scripts/build.mjs: a .csv resource (the demo's HR export) is imported as its text.
  plugins: [
    {
      name: 'csv-as-text',
      transform(code: string, id: string) {
        return id.endsWith('.csv') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/artifacts/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real SQLite files and a real Chromium: keep parallelism modest on 2 cores.
    pool: 'forks',
    // The suite passes on any day: the program's clock (shared/clock.ts) is pinned for every test process,
    // worker thread and CLI run to the date the test contexts use (support/db.ts, support/cli.ts).
    env: { RAMKOLL_TODAY: '2026-11-20' },
    maxWorkers: 2,
  },
});
