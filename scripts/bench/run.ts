// npm run bench [-- NAME...]: runs the benchmarks and prints each figure with
// what it measured, on how many rows, and the target where there is one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCHMARKS } from './index';
import type { Figure } from './types';

const filters = process.argv.slice(2);
const chosen = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (chosen.length === 0) {
  console.error(`Inga benchmarks matchar ${filters.join(', ')}. Finns: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const fmt = (f: Figure) => {
  const v = f.unit === 'ms' || f.unit === 'MB' ? f.value.toFixed(f.value < 10 ? 2 : 0) : f.value.toFixed(2);
  return `${v} ${f.unit}`.padStart(14);
};

console.log(`Ramkoll benchmarks – ${new Date().toISOString()} – ${os.cpus().length} kärnor, Node ${process.version}`);
let failed = false;
for (const b of chosen) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ramkoll-bench-${b.name}-`));
  console.log(`\n[${b.name}]`);
  try {
    for (const f of await b.run(tmp)) {
      const rows = f.rows !== undefined ? `  (${f.rows.toLocaleString('sv-SE')} rader)` : '';
      const target = f.target ? `  mål: ${f.target}` : '';
      console.log(`${fmt(f)}  ${f.what}${rows}${target}`);
    }
  } catch (e) {
    failed = true;
    console.log(`  MISSLYCKADES: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
