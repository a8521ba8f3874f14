import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/artifacts/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real SQLite files and a real Chromium: keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
