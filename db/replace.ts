import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { RamkollError, translateSqliteError } from './errors';
import { runIntegrityCheck } from './integrity';
import { APPLICATION_ID, assertNotTooNew } from './migrate';
import { nativeOptions } from './native';

/**
 * Replacing a database file safely (restoring a backup): the new content is
 * copied to a temporary file beside the target and checked there, and only
 * when every connection is closed is it renamed over the target, which is
 * atomic. A crash at any moment leaves either the old file or the new one.
 * The -wal and -shm files belong to the old content: they must be gone
 * before the rename, or SQLite would replay the old log onto the new file.
 */

const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  // Windows cannot open a folder for fsync; there the rename is already durable enough.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies `source` (a backup) beside `target` and checks the copy: a whole
 * Ramkoll database this version can open. Returns the copy's path; the caller
 * renames it into place or removes it.
 */
export async function prepareReplacement(source: string, target: string, sourceLabel: string): Promise<string> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.aterstallning`);
  try {
    await fs.promises.copyFile(source, temp);
    fsyncFile(temp);
    const copy = new BetterSqlite3(temp, { fileMustExist: true, ...nativeOptions() });
    try {
      if (copy.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
        throw new RamkollError('BAD_FILE', `${sourceLabel} är inte en Ramkoll-databas och kan inte återställas.`);
      }
      const problems = runIntegrityCheck(copy, 'integrity_check');
      if (problems.length > 0) throw new RamkollError('BAD_FILE', `${sourceLabel} är skadad (${problems[0]}) och kan inte återställas. Välj en äldre säkerhetskopia.`);
      assertNotTooNew(copy, sourceLabel);
      // One file, no log of its own: the rename moves all of it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    return temp;
  } catch (e) {
    fs.rmSync(temp, { force: true });
    const t = translateSqliteError(e, sourceLabel);
    if (t instanceof RamkollError && t.code === 'DB_CORRUPT') throw new RamkollError('BAD_FILE', `${sourceLabel} är skadad och kan inte återställas. Välj en äldre säkerhetskopia.`);
    throw t;
  }
}

function sideFilesPresent(file: string): string[] {
  return SIDE_FILES.map((s) => `${file}${s}`).filter((f) => fs.existsSync(f));
}

/**
 * Makes sure no connection holds the database: a -wal/-shm left by a
 * read-only reader is folded in by opening and closing once; if they are
 * still there, another process has the file open.
 */
export function assertNoOtherConnection(file: string): void {
  if (sideFilesPresent(file).length === 0) return;
  try {
    const probe = new BetterSqlite3(file, { fileMustExist: true, timeout: 0, ...nativeOptions() });
    try {
      probe.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      probe.close();
    }
  } catch (e) {
    throw translateSqliteError(e, file);
  }
  if (sideFilesPresent(file).length > 0) {
    throw new RamkollError('DB_LOCKED', `Databasen ${file} används av ett annat program (till exempel ett annat Ramkoll-fönster eller kommandoraden). Stäng det och försök igen; inget har ändrats.`);
  }
}

/** Renames the checked copy over the target. Every connection to the target must be closed. */
export function replaceDatabaseFile(temp: string, target: string): void {
  assertNoOtherConnection(target);
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new RamkollError('DB_LOCKED', `Databasen ${target} kunde inte ersättas (${code}): ett annat program har den öppen. Stäng det och försök igen; inget har ändrats.`);
    }
    throw e;
  }
  fsyncDir(path.dirname(target));
}

/**
 * Moves a damaged database (and its -wal/-shm) aside instead of deleting it,
 * so support can still look at it. Returns the new file name.
 */
export function setAside(file: string, now: Date): string {
  const ext = path.extname(file);
  const aside = path.join(path.dirname(file), `${path.basename(file, ext)}.skadad-${now.toISOString().replace(/[:.]/g, '-')}${ext}`);
  fs.renameSync(file, aside);
  for (const s of SIDE_FILES) {
    if (fs.existsSync(`${file}${s}`)) fs.renameSync(`${file}${s}`, `${aside}${s}`);
  }
  return path.basename(aside);
}
