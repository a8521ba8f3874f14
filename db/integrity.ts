import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { listBackupFiles } from './backup-rotation';
import { RamkollError } from './errors';
import { APPLICATION_ID } from './migrate';
import { nativeOptions } from './native';

/**
 * Integrity checks on open (issue 9: a damaged database is never opened for
 * writing). Crash safety itself comes from SQLite (WAL, synchronous=FULL);
 * the check is there for what SQLite cannot see coming: a crash during a
 * checkpoint on a disk that does not keep its fsync promises, a file copied
 * or synced while it was written, pages overwritten from outside.
 *
 * Two checks: `quick_check` reads every page and checks every b-tree and
 * record in linear time; `integrity_check` also compares every index with its
 * table (an index entry for each row, and no other). Pages that are each
 * well formed but disagree come from a write that stopped half-way, and such
 * a write leaves the write-ahead log beside the file: SQLite checkpoints and
 * deletes it when the last writer closes cleanly (a reader closing last
 * leaves it empty). So the full check runs when a non-empty `-wal` file lies
 * beside the database (the last session did not close cleanly, or another
 * program is writing to it now) and on small files (below
 * FULL_CHECK_ALWAYS_BYTES it costs tens of milliseconds); a file closed
 * cleanly gets `quick_check`, about half the cost (0.12 s against 0.25 s of
 * CPU on a 66 MB database), which still finds garbage in any page. Above
 * FULL_CHECK_MAX_BYTES the full check would take seconds at start, so
 * `quick_check` runs there whatever the WAL says. `ramkoll check` always
 * runs the full check.
 */
export const FULL_CHECK_MAX_BYTES = 128 * 1024 * 1024;
export const FULL_CHECK_ALWAYS_BYTES = 16 * 1024 * 1024;

export type CheckKind = 'integrity_check' | 'quick_check';

/** The check for opening `file` for writing (see above). */
export function checkKindFor(file: string): CheckKind {
  const bytes = databaseBytes(file);
  if (bytes > FULL_CHECK_MAX_BYTES) return 'quick_check';
  if (bytes < FULL_CHECK_ALWAYS_BYTES || walBytes(file) > 0) return 'integrity_check';
  return 'quick_check';
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

function walBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
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
