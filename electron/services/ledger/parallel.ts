import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RamkollError, type ProblemDetail } from '../../../db/errors';
import { streamCsv } from '../files/csv-stream';
import type { DetectedEncoding } from '../files/encoding';
import { Accumulator, type AccumulatorTransfer } from './accumulator';
import type { ResolvedMapping } from './mapping';
import { periodChecker, type PeriodRules } from './period-rules';
import type { MappingProfile } from './profile';
import { TabularProcessor } from './tabular';
import type { LedgerProblem, SkippedRow } from './types';

/**
 * Big quote-free CSV files are read by two threads at once: the main one
 * reads the first half (and finds the header), a worker thread the second
 * half with the same mapping, and the sums are merged. Both halves are
 * checked the same way and report the file's own line numbers.
 */

/** Files smaller than this are read by one thread (a worker costs more than it saves). */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

export interface RangeJob {
  file: string;
  fileName: string;
  start: number;
  end: number;
  firstLine: number;
  encoding: DetectedEncoding;
  delimiter: string;
  profile: MappingProfile;
  mapping: ResolvedMapping;
  rules: PeriodRules;
  fixedPeriod: number | null;
  only: number | null;
  maxProblems: number;
}

export interface RangeResult {
  acc: AccumulatorTransfer;
  problems: LedgerProblem[];
  problemCount: number;
  skipped: SkippedRow[];
  skippedCount: number;
  accountNames: [string, string][];
  responsibilityNames: [string, string][];
}

/** The bundled worker script beside this module (dist/node/); null when running from source. */
export function rangeWorkerScript(): string | null {
  const url = new URL('./ledger-range-worker.mjs', import.meta.url);
  if (url.protocol !== 'file:') return null;
  const file = fileURLToPath(url);
  return fs.existsSync(file) ? file : null;
}

/** The offset just after the first line break at or after the middle of the file, and the line it starts; null if none. */
export function splitPoint(file: string, size: number): { offset: number; line: number } | null {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let lines = 0;
    let pos = 0;
    const middle = Math.floor(size / 2);
    while (pos < size) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      let i = buf.indexOf(10, 0);
      while (i >= 0 && i < n) {
        lines++;
        if (pos + i >= middle) return pos + i + 1 < size ? { offset: pos + i + 1, line: lines + 1 } : null;
        i = buf.indexOf(10, i + 1);
      }
      pos += n;
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads one byte range of a file with a known mapping; what a worker thread does (also callable in-process). */
export async function processRange(job: RangeJob): Promise<RangeResult> {
  const acc = new Accumulator();
  acc.only = job.only;
  const processor = new TabularProcessor(
    {
      fileName: job.fileName,
      profile: job.profile,
      spreadsheet: false,
      checkPeriod: periodChecker(job.rules),
      fixedPeriod: job.fixedPeriod,
      previewRows: 0,
      maxProblems: job.maxProblems,
      mapping: job.mapping,
    },
    acc,
  );
  await streamCsv(
    job.file,
    job.fileName,
    { encoding: job.encoding, delimiter: job.delimiter, maxFieldLength: 10_000, maxFields: 500, unquoted: true, range: { start: job.start, end: job.end, firstLine: job.firstLine } },
    (rows) => processor.push(rows),
  );
  processor.end();
  return {
    acc: acc.toTransfer(),
    problems: processor.problems,
    problemCount: processor.problemCount,
    skipped: processor.skipped,
    skippedCount: processor.skippedCount,
    accountNames: [...processor.accountNames],
    responsibilityNames: [...processor.responsibilityNames],
  };
}

/**
 * The worker's young generation in MB. At 8 MB each chunk's rows outlived a
 * scavenge and were promoted (0.8–1.2 s of the thread's time in GC for half
 * a million rows); at 32 MB about 0.5 s, and since the thread holds its sums
 * in typed arrays the peak is no higher.
 */
const YOUNG_MB = 32;

type WorkerAnswer = { ok: true; result: RangeResult } | { ok: false; error: { ramkoll: boolean; code: string; message: string; details: ProblemDetail[] } };

/** Runs processRange in a worker thread; its errors come back as the same RamkollErrors. */
export function runRangeInWorker(script: string, job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    let answered = false;
    worker.once('message', (m: WorkerAnswer) => {
      answered = true;
      if (m.ok) resolve(m.result);
      else if (m.error.ramkoll) reject(new RamkollError(m.error.code as RamkollError['code'], m.error.message, m.error.details));
      else reject(new Error(m.error.message));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      if (!answered) reject(e);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the ledger reader thread stopped (code ${code})`));
    });
  });
}
