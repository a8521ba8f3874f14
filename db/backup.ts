import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

/** Where backups of `file` go unless the app says otherwise: a folder beside it. */
export function defaultBackupDir(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.backups`);
}

function stamp(date: Date): string {
  // 2026-11-24T18-48-03-123Z: sortable and valid on every file system.
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies the database with SQLite's online backup API into `dir` and returns
 * the path of the copy. The copy is written to a temporary name first and
 * renamed, so a crash never leaves a half backup that looks whole.
 */
export async function takeBackup(sqlite: BetterSqlite3.Database, dir: string, reason: string, now = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const safeReason = reason.replace(/[^a-z0-9-]+/gi, '-').slice(0, 40);
  let target = path.join(dir, `${stamp(now)}-${safeReason}.db`);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `${stamp(now)}-${safeReason}-${n}.db`);
  const partial = `${target}.partial`;
  await sqlite.backup(partial);
  fs.renameSync(partial, target);
  return target;
}
