import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

// Registered only under vitest: the benchmarks import the test bridge (and so this module) outside it.
if (process.env.VITEST) {
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'ramkoll-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export { ARTIFACTS, FIXTURES, ROOT } from './paths';
