import path from 'node:path';

// Kept apart from tmp.ts (which needs vitest) so that scripts such as the benchmarks can use the test bridge.
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
