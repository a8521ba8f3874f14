import fs from 'node:fs';
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

describe('the worker’s heap limit', () => {
  it('ends a job that needs more memory than the limit as bad input naming the file, and the next job runs in a new worker', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'w.db');
    (await openRamkollDatabase(dbFile, { create: true })).db.close();
    // 40 MB of master data rows: read whole, they need far more than the 96 MB heap given here.
    const big = path.join(dir, 'stor-organisation.csv');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'Ansvar;Namn;Överordnad;Nivå\n');
    for (let k = 0; k < 40; k++) {
      const lines: string[] = [];
      for (let i = 0; i < 25_000; i++) lines.push(`${k * 25_000 + i + 100000};Enhet ${'x'.repeat(12)} ${i};;unit`);
      fs.writeSync(fd, `${lines.join('\n')}\n`);
    }
    fs.closeSync(fd);
    const client = new WorkerClient(path.join(ROOT, 'dist', 'node', 'worker.mjs'), { dbFile, user: 'test' }, undefined, 96);
    try {
      const r = await client.run('masterdata.import', { kind: 'organisation', file: 'f1', dryRun: true }, { f1: { path: big, mode: 'read' } }, () => {});
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_FILE', details: [{ file: 'stor-organisation.csv' }] } });
      expect((r as { error: { message: string } }).error.message).toMatch(/^stor-organisation\.csv: att läsa filen krävde mer minne än de 96 MB som Ramkoll ger en åtgärd/);
      const next = await client.run('app.info', {}, {}, () => {});
      expect(next.ok).toBe(true);
    } finally {
      await client.close();
    }
  }, 120_000);
});
