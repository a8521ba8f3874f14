import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackupFiles } from '../../db/backup-rotation';
import type { BackupInfo, RestoreResult } from '../../electron/api/features/system';
import type { HandlerContext } from '../../electron/api/context';
import { invoke } from '../../electron/api/invoke';
import { noDialogs } from '../../electron/api/no-dialogs';
import { DatabaseSession } from '../../electron/shell/database-session';
import { runCli } from '../support/cli';
import { contentHash } from '../support/db';
import { ROOT, tempDir } from '../support/tmp';

const WORKER = path.join(ROOT, 'dist', 'node', 'worker.mjs');

/** The app's context over a session, as main.ts builds it for each call. */
function appContext(s: DatabaseSession): HandlerContext {
  return {
    db: s.db,
    site: s.site,
    user: 'test',
    now: () => new Date(),
    progress: () => {},
    signal: new AbortController().signal,
    files: { readable: (r) => r, writable: (r) => r },
    dialogs: noDialogs,
    database: s,
  };
}

function demo(dir: string, name: string): string {
  const file = path.join(dir, name);
  expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
  return file;
}

describe("the app's database session (main process + worker thread)", () => {
  it('restores a backup while both connections are closed, and both work on the restored file afterwards', async () => {
    const dir = tempDir();
    const file = demo(dir, 'a.db');
    const s = new DatabaseSession({ workerScript: WORKER, user: 'test' });
    await s.open(file);
    try {
      // The worker has its own connection open (a heavy channel ran in it).
      expect((await s.worker.run('summary.get', {}, {}, () => {})).ok).toBe(true);
      const backup = (await invoke('backup.create', {}, appContext(s))) as BackupInfo;
      const atBackup = contentHash(file);
      s.db.sqlite.exec('UPDATE actual_balance SET amount_ore = amount_ore + 1');
      const r = (await invoke('backup.restore', { name: backup.name }, appContext(s))) as RestoreResult;
      expect(r.restored.name).toBe(backup.name);
      expect(contentHash(file)).toBe(atBackup);
      const viaWorker = await s.worker.run('summary.get', { year: 2026 }, {}, () => {});
      const viaMain = await invoke('summary.get', { year: 2026 }, appContext(s));
      expect(viaWorker).toEqual({ ok: true, value: viaMain });
    } finally {
      await s.closeWithBackup();
    }
  });

  it('gives every handler the identity as it is now, after Inställningar changed it, in the main process and the worker', async () => {
    const dir = tempDir();
    const file = demo(dir, 'site.db');
    const s = new DatabaseSession({ workerScript: WORKER, user: 'test' });
    await s.open(file);
    try {
      // Both connections have read the site as a controller (a heavy channel ran in the worker).
      expect((await s.worker.run('summary.get', {}, {}, () => {})).ok).toBe(true);
      await invoke('site.set', { role: 'sektorchef', scope: '3100', name: 'Sektorchef äldreomsorg' }, appContext(s));
      const info = (await invoke('app.info', {}, appContext(s))) as { site: { role: string; scopeCode: string | null; name: string } };
      expect(info.site).toMatchObject({ role: 'sektorchef', scopeCode: '3100', name: 'Sektorchef äldreomsorg' });
      const calendar = (await invoke('followup.calendar.get', {}, appContext(s))) as { site: { role: string; scopeCode: string | null }; occasions: { id: string; lockedAt: string | null }[] };
      expect(calendar.site).toEqual({ role: 'sektorchef', scopeCode: '3100' });
      // Locking is the controller's (a heavy channel: the worker): the worker knows the installation is a sektorchef now.
      const open = calendar.occasions.find((o) => o.lockedAt === null)!;
      const lock = await s.worker.run('followup.occasion.lock', { id: open.id }, {}, () => {});
      expect(lock).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Bara controllerns installation får låsa uppföljningstillfällen.' } });
      await invoke('site.set', { role: 'controller', scope: null }, appContext(s));
      expect(await s.worker.run('followup.occasion.lock', { id: open.id }, {}, () => {})).toMatchObject({ ok: true });
    } finally {
      await s.closeWithBackup();
    }
  });

  it('switches to another file only once it has opened, and keeps the old one on failure', async () => {
    const dir = tempDir();
    const a = demo(dir, 'a.db');
    const s = new DatabaseSession({ workerScript: WORKER, user: 'test' });
    await s.open(a);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'inte en databas '.repeat(500));
    await expect(s.open(junk)).rejects.toMatchObject({ code: 'DB_CORRUPT' });
    expect(s.file).toBe(a);
    expect(s.db.sqlite.open).toBe(true);
    const b = path.join(dir, 'b.db');
    expect(await s.open(b, { create: true })).toEqual({ created: true });
    expect(s.file).toBe(b);
    expect((await s.worker.run('app.info', {}, {}, () => {})) as { value: { databaseName: string } }).toMatchObject({ value: { databaseName: 'b.db' } });
    await s.closeWithBackup();
  });

  it('takes a backup on close only when something was written in the session', async () => {
    const dir = tempDir();
    const file = demo(dir, 'c.db');
    const backups = path.join(dir, 'c.backups');
    const s = new DatabaseSession({ workerScript: WORKER, user: 'test' });
    await s.open(file);
    await invoke('overview.get', {}, appContext(s));
    expect(s.changedSinceOpen()).toBe(false);
    expect(await s.closeWithBackup()).toBeNull();
    expect(listBackupFiles(backups)).toEqual([]);

    await s.open(file);
    await invoke('settings.general.update', { boardName: 'Omsorgsnämnden' }, appContext(s));
    expect(s.changedSinceOpen()).toBe(true);
    const taken = await s.closeWithBackup();
    expect(path.basename(taken!)).toMatch(/-vid-stangning\.db$/);
    expect(contentHash(taken!)).toBe(contentHash(file));
  });
});
