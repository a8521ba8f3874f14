import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Summary } from '../../electron/api/contract/index';
import { WorkerClient } from '../../electron/api/worker-client';
import { openRamkollDatabase } from '../../electron/services/setup';
import { ROOT, tempDir } from '../support/tmp';

/** Runs fn with RAMKOLL_TODAY set in this process's environment, as the app would have it (a worker copies the environment when it starts). */
async function withToday<T>(today: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.RAMKOLL_TODAY;
  process.env.RAMKOLL_TODAY = today;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.RAMKOLL_TODAY;
    else process.env.RAMKOLL_TODAY = before;
  }
}

describe('worker thread for heavy channels', () => {
  it('runs channels over its own connection and reports progress', () =>
    withToday('2026-11-20', async () => {
      const dbFile = path.join(tempDir(), 'w.db');
      (await openRamkollDatabase(dbFile, { create: true })).db.close();
      const client = new WorkerClient(path.join(ROOT, 'dist', 'node', 'worker.mjs'), { dbFile, user: 'test' });
      try {
        // The worker's handlers take today from the app's clock, RAMKOLL_TODAY included.
        expect(await client.run('system.today', {}, {}, () => {})).toMatchObject({ ok: true, value: { today: '2026-11-20' } });
        const events: ProgressEvent[] = [];
        const r = await client.run('demo.generate', { year: 2026 }, {}, (e) => events.push(e));
        expect(r.ok).toBe(true);
        expect((r as { value: Summary }).value.units).toBe(60);
        expect(events.at(-1)).toMatchObject({ channel: 'demo.generate', done: 1, total: 1 });
        const bad = await client.run('masterdata.import', { kind: 'accounts', file: 'fil:okänd' }, {}, () => {});
        expect(bad).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      } finally {
        await client.close();
      }
    }));
});
