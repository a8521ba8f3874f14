import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { takeBackup } from '../../db/backup';
import { listBackupFiles } from '../../db/backup-rotation';
import { openDatabase } from '../../db/index';
import { CorruptDatabaseError } from '../../db/integrity';
import type { BackupInfo, BackupList, RestoreResult } from '../../electron/api/features/system';
import { invoke } from '../../electron/api/invoke';
import { runCli, runCliJson } from '../support/cli';
import { contentHash, openTestContext } from '../support/db';
import { openHostedTestContext } from '../support/hosted';
import { tempDir } from '../support/tmp';

/** Overwrites one page in the middle of the file with garbage, as a failing disk might. */
function damage(file: string, page = 300): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096);
  fs.closeSync(fd);
}

function demoDb(dir = tempDir()): string {
  const file = path.join(dir, 'demo.db');
  expect(runCli(['init', '--db', file, '--demo', '--year', '2026']).code).toBe(0);
  return file;
}

describe('backups', () => {
  it('are single self-contained files that pass integrity_check, and the folder is pruned as they are taken', async () => {
    const dir = tempDir();
    const db = await openDatabase(path.join(dir, 'a.db'), { create: true });
    const backups = path.join(dir, 'kopior');
    // 30 backups, one every 10 days from 1 January: 20 newest kept, plus the newest of each earlier month.
    const times = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 10 * 86_400_000));
    for (const t of times) await takeBackup(db.sqlite, backups, 'prov', t);
    db.close();
    const kept = listBackupFiles(backups).map((b) => b.takenAt.getTime());
    const newest20 = times.slice(-20).map((t) => t.getTime());
    const olderMonthsNewest = [...new Map(times.slice(0, 10).map((t) => [t.toISOString().slice(0, 7), t.getTime()])).values()].filter((t) => {
      const m = new Date(t).toISOString().slice(0, 7);
      return !times.slice(-20).some((n) => n.toISOString().slice(0, 7) === m);
    });
    expect(kept.sort()).toEqual([...olderMonthsNewest, ...newest20].sort());
    for (const f of fs.readdirSync(backups)) {
      expect(f).toMatch(/\.db$/);
      const copy = new BetterSqlite3(path.join(backups, f), { readonly: true });
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
    }
    expect(fs.readdirSync(backups).every((f) => !f.endsWith('-wal') && !f.endsWith('-shm'))).toBe(true);
  });

  it('are listed, created and restored through the handlers; restoring backs up the current state first', async () => {
    const file = demoDb();
    const ctx = await openHostedTestContext(file);
    const first = (await invoke('backup.create', {}, ctx)) as BackupInfo;
    const atBackup = contentHash(file);
    await invoke('settings.general.update', { kommunName: 'Ändrad kommun', activeYear: 2027 }, ctx);
    const changed = contentHash(file);
    expect(changed).not.toBe(atBackup);

    const list = (await invoke('backup.list', {}, ctx)) as BackupList;
    expect(list.backups.map((b) => b.name)).toContain(first.name);
    expect(JSON.stringify(list)).not.toContain(path.dirname(file));

    const result = (await invoke('backup.restore', { name: first.name }, ctx)) as RestoreResult;
    expect(result.restored.name).toBe(first.name);
    expect(contentHash(file)).toBe(atBackup);
    // The safety backup holds exactly the state that was replaced.
    expect(contentHash(path.join(ctx.db.backupDir, result.safetyBackup!.name))).toBe(changed);
    // The context works on the reopened database.
    expect(await invoke('settings.general.get', {}, ctx)).toMatchObject({ kommunName: 'Exempelby kommun', activeYear: 2026 });
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('aterstallning'))).toEqual([]);
    ctx.db.close();
  });

  it('refuses names that are not backups in the list, and damaged backups, leaving the database unchanged', async () => {
    const file = demoDb();
    const ctx = await openHostedTestContext(file);
    const b = (await invoke('backup.create', {}, ctx)) as BackupInfo;
    const before = contentHash(file);
    for (const name of ['../demo.db', '/etc/passwd', 'demo.db', `${b.name}/../../demo.db`]) {
      await expect(invoke('backup.restore', { name }, ctx), name).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(invoke('backup.restore', { name: '2020-01-01T00-00-00-000Z-manuell.db' }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    damage(path.join(ctx.db.backupDir, b.name), 100);
    await expect(invoke('backup.restore', { name: b.name }, ctx)).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/skadad/) });
    expect(contentHash(file)).toBe(before);
    expect(listBackupFiles(ctx.db.backupDir)).toHaveLength(1);
    ctx.db.close();
  });

  it('cannot be restored by a front that cannot reopen the database', async () => {
    const file = demoDb();
    const ctx = await openTestContext(file);
    const b = (await invoke('backup.create', {}, ctx)) as BackupInfo;
    await expect(invoke('backup.restore', { name: b.name }, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    ctx.db.close();
  });

  it('a damaged database is not opened for writing; the error names the latest good backup', async () => {
    const dir = tempDir();
    const file = demoDb(dir);
    const older = runCliJson<BackupInfo>(['backup', 'create', '--db', file]);
    const newer = runCliJson<BackupInfo>(['backup', 'create', '--db', file]);
    // The newest backup is damaged too: the older one is offered.
    damage(path.join(dir, 'demo.backups', newer.name), 50);
    damage(file);
    const bytes = fs.readFileSync(file);
    const err = await openDatabase(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptDatabaseError);
    expect((err as CorruptDatabaseError).latestGood?.name).toBe(older.name);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);

    const check = runCli(['check', '--db', file]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/skadad och har inte öppnats för skrivning/);
    expect(check.stderr).toContain(`ramkoll backup restore ${older.name} --db ${file}`);
    const list = runCliJson<BackupList>(['backup', 'list', '--db', file]);
    expect(list.backups.map((b) => b.name)).toEqual([newer.name, older.name]);

    const restored = runCliJson<RestoreResult>(['backup', 'restore', older.name, '--db', file]);
    expect(restored.safetyBackup).toBeNull();
    expect(restored.setAsideAs).toMatch(/^demo\.skadad-.*\.db$/);
    expect(fs.readFileSync(path.join(dir, restored.setAsideAs!)).equals(bytes)).toBe(true);
    expect(runCli(['check', '--db', file]).code).toBe(0);
    expect(contentHash(file)).toBe(contentHash(path.join(dir, 'demo.backups', older.name)));
  });

  it('is not restored while another process has the database open', async () => {
    const file = demoDb();
    const b = runCliJson<BackupInfo>(['backup', 'create', '--db', file]);
    const other = new BetterSqlite3(file);
    other.prepare('SELECT count(*) FROM setting').get();
    const before = contentHash(file);
    const r = runCli(['backup', 'restore', b.name, '--db', file]);
    other.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/används av ett annat program.*inget har ändrats/);
    expect(contentHash(file)).toBe(before);
  });
});
