import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { isBackupName, parseBackupName } from '../../../db/backup-rotation';
import { RamkollError } from '../../../db/errors';
import { prepareReplacement, replaceDatabaseFile, setAside } from '../../../db/replace';
import { toBackupInfo, type BackupInfo } from './catalog';

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the state before restoring (null when the database was damaged and set aside instead). */
  safetyBackup: BackupInfo | null;
  /** File name the damaged database was moved to, beside the database. */
  setAsideAs: string | null;
}

export interface RestoreRequest {
  file: string;
  backupDir: string;
  /** The backup's file name (from the list). */
  name: string;
  /** The open database, to back up the current state first; null when it is damaged and cannot be opened. */
  db: Db | null;
  /** Runs fn while every connection to `file` is closed, and opens it again afterwards. */
  whileClosed<T>(fn: () => Promise<T>): Promise<T>;
  now: Date;
}

function backupInfo(dir: string, name: string): BackupInfo {
  const parsed = parseBackupName(name)!;
  return toBackupInfo({ name, takenAt: parsed.takenAt, reason: parsed.reason, sizeBytes: fs.statSync(path.join(dir, name)).size });
}

/**
 * Restores a backup: checks a copy of it first, then backs up the current
 * state (or, for a damaged database, moves it aside), then replaces the
 * database file while no connection is open. Whole or nothing: any failure
 * before the rename leaves the database as it was.
 */
export async function restoreBackup(req: RestoreRequest): Promise<RestoreResult> {
  if (!isBackupName(req.name)) throw new RamkollError('INVALID_INPUT', `"${req.name}" är inte namnet på en säkerhetskopia. Välj en i listan (ramkoll backup list).`);
  const source = path.join(req.backupDir, req.name);
  if (!fs.existsSync(source)) throw new RamkollError('NOT_FOUND', `Säkerhetskopian ${req.name} finns inte i ${path.basename(req.backupDir)}. Välj en i listan.`);
  const restored = backupInfo(req.backupDir, req.name);
  // Copied before anything else: the safety backup below may prune the chosen one.
  const temp = await prepareReplacement(source, req.file, `Säkerhetskopian ${req.name}`);
  try {
    let safetyBackup: BackupInfo | null = null;
    let setAsideAs: string | null = null;
    if (req.db) {
      const taken = await req.db.backup('fore-aterstallning');
      safetyBackup = backupInfo(req.backupDir, path.basename(taken));
    }
    await req.whileClosed(async () => {
      if (!req.db && fs.existsSync(req.file)) setAsideAs = setAside(req.file, req.now);
      replaceDatabaseFile(temp, req.file);
    });
    return { restored, safetyBackup, setAsideAs };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
