import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultBackupDir } from './backup';
import { RamkollError, translateSqliteError } from './errors';
import { CorruptDatabaseError, latestGoodBackup, runIntegrityCheck, type CheckKind } from './integrity';
import { APPLICATION_ID, schemaVersion } from './migrate';
import { nativeOptions } from './native';

export interface FileCheck {
  schemaVersion: number;
  /** The file (or its folder) cannot be written: Ramkoll can read it but not change it. */
  readOnly: boolean;
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function check(file: string, shownAs: string, kind: CheckKind): FileCheck {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...nativeOptions() });
  try {
    const problems = (() => {
      try {
        return runIntegrityCheck(sqlite, kind);
      } catch (e) {
        // Not being allowed to open or lock the file says nothing about its state.
        if (/^SQLITE_(CANTOPEN|READONLY|BUSY|LOCKED|PERM|AUTH)/.test((e as { code?: string }).code ?? '')) throw e;
        return [(e as Error).message];
      }
    })();
    if (problems.length > 0) throw new CorruptDatabaseError(shownAs, problems, latestGoodBackup(defaultBackupDir(shownAs)));
    const appId = sqlite.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new RamkollError('BAD_FILE', `Filen ${shownAs} är en SQLite-databas men inte en Ramkoll-databas.`);
    return { schemaVersion: schemaVersion(sqlite), readOnly: false };
  } finally {
    sqlite.close();
  }
}

/**
 * Checks a database file (PRAGMA integrity_check) without writing anything
 * to it: a file on a read-only medium, or without write permission, is
 * checked as it is. SQLite cannot open a database in WAL mode read-only
 * where it may not create the shared-memory file beside it; then a copy
 * (with its write-ahead log) in the temporary folder is checked instead.
 */
export function checkDatabaseFile(file: string, kind: CheckKind = 'integrity_check'): FileCheck {
  if (!fs.existsSync(file)) throw new RamkollError('NOT_FOUND', `Databasfilen ${file} finns inte.`);
  if (fs.statSync(file).isDirectory()) throw new RamkollError('BAD_FILE', `${file} är en mapp, ingen databas.`);
  const readOnly = !writable(file);
  try {
    return { ...check(file, file, kind), readOnly };
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw translateSqliteError(e, file);
    if (!code.startsWith('SQLITE_CANTOPEN') && !code.startsWith('SQLITE_READONLY')) throw e;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-kontroll-'));
  try {
    const copy = path.join(dir, path.basename(file));
    try {
      fs.copyFileSync(file, copy);
      if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    } catch {
      throw new RamkollError('DB_READONLY', `Databasen ${file} är skrivskyddad och kunde inte heller läsas för en kontroll. Kontrollera behörigheterna.`);
    }
    return { ...check(copy, file, kind), readOnly: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
