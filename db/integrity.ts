import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { listBackupFiles } from './backup-rotation';
import { RamkollError } from './errors';
import { APPLICATION_ID } from './migrate';
import { nativeOptions } from './native';

/**
 * Integrity checks on open. A Ramkoll database of one förvaltning is a few
 * MB (the demo: 4 MB, integrity_check in about 25 ms), so the full
 * `PRAGMA integrity_check` (which also verifies that every index matches its
 * table) runs on every open for writing. Above FULL_CHECK_MAX_BYTES it would
 * take seconds at start, so `PRAGMA quick_check` runs instead: the same
 * page, record and b-tree checks in linear time, without the index
 * cross-check.
 */
export const FULL_CHECK_MAX_BYTES = 128 * 1024 * 1024;

export type CheckKind = 'integrity_check' | 'quick_check';

export function checkKindFor(sizeBytes: number): CheckKind {
  return sizeBytes > FULL_CHECK_MAX_BYTES ? 'quick_check' : 'integrity_check';
}

/** Runs the check; returns the problems SQLite reports (empty: the file is whole). */
export function runIntegrityCheck(sqlite: BetterSqlite3.Database, kind: CheckKind): string[] {
  const rows = sqlite.pragma(`${kind}(20)`) as Record<string, string>[];
  const problems = rows.map((r) => String(Object.values(r)[0]));
  return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
}

/** A backup that passed the check, offered when the database itself did not. */
export interface GoodBackup {
  name: string;
  path: string;
  takenAt: string;
}

/** Opens a copy read-only and checks it: a Ramkoll database, whole. Never throws. */
export function isGoodCopy(file: string, kind: CheckKind = 'quick_check'): boolean {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...nativeOptions() });
    if (sqlite.pragma('application_id', { simple: true }) !== APPLICATION_ID) return false;
    return runIntegrityCheck(sqlite, kind).length === 0;
  } catch {
    return false;
  } finally {
    sqlite?.close();
  }
}

/** The newest backup in `dir` that passes the check (looks at the newest 30 at most). */
export function latestGoodBackup(dir: string): GoodBackup | null {
  for (const b of listBackupFiles(dir).slice(0, 30)) {
    const file = path.join(dir, b.name);
    if (isGoodCopy(file, 'quick_check')) return { name: b.name, path: file, takenAt: b.takenAt.toISOString() };
  }
  return null;
}

/**
 * The database failed its integrity check (or is not readable as a database)
 * and was not opened for writing. Carries the backup to offer, if any: the
 * app shows a dialog with it, the CLI names it in its message.
 */
export class CorruptDatabaseError extends RamkollError {
  constructor(
    readonly file: string,
    readonly problems: string[],
    readonly latestGood: GoodBackup | null,
  ) {
    const what = `Databasen ${file} är skadad och har inte öppnats för skrivning (${problems[0] ?? 'okänt fel'}).`;
    const todo = latestGood
      ? ` Den senaste hela säkerhetskopian är ${latestGood.name} (${latestGood.takenAt.slice(0, 16).replace('T', ' ')} UTC). ` +
        `Återställ den i appen eller med "ramkoll backup restore ${latestGood.name} --db ${file}"; den skadade filen sparas bredvid.`
      : ' Det finns ingen hel säkerhetskopia att återställa. Kontakta supporten och spara filen.';
    super('DB_CORRUPT', what + todo, problems.slice(0, 5).map((p) => ({ file: path.basename(file), message: p })));
    this.name = 'CorruptDatabaseError';
  }
}

/** The size of the database including its write-ahead log, for choosing the check. */
export function databaseBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += fs.statSync(f).size;
    } catch {
      // No WAL: nothing to add.
    }
  }
  return total;
}
