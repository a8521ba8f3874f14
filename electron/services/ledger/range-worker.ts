/** Worker thread entry (dist/node/ledger-range-worker.mjs): reads one half of a big ledger CSV. */
import { parentPort, workerData } from 'node:worker_threads';
import { isRamkollError } from '../../../db/errors';
import { processRange, type RangeJob } from './parallel';

processRange(workerData as RangeJob).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (e: unknown) =>
    parentPort!.postMessage({
      ok: false,
      error: isRamkollError(e)
        ? { ramkoll: true, code: e.code, message: e.message, details: e.details }
        : { ramkoll: false, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), details: [] },
    }),
);
