import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Summary } from '../../electron/api/contract/index';
import { WorkerClient } from '../../electron/api/worker-client';
import { openRamkollDatabase } from '../../electron/services/setup';
import { ROOT, tempDir } from '../support/tmp';

describe('worker thread for heavy channels', () => {
  it('runs channels over its own connection and reports progress', async () => {
    const dbFile = path.join(tempDir(), 'w.db');
    (await openRamkollDatabase(dbFile, { create: true })).db.close();
    const client = new WorkerClient(path.join(ROOT, 'dist', 'node', 'worker.mjs'), { dbFile, user: 'test' });
    try {
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
  });
});
