import path from 'node:path';
import type { Db } from '../../../db/index';
import { listBackupFiles, type BackupFile } from '../../../db/backup-rotation';

/** A backup as the UI and the CLI see it: a name, never a path. */
export interface BackupInfo {
  /** The file name, which is also the backup's id for restoring. */
  name: string;
  /** ISO time (UTC). */
  takenAt: string;
  /** Why it was taken, in Swedish. */
  reason: string;
  sizeBytes: number;
}

export interface BackupList {
  /** The backup folder's name (it lies beside the database file). */
  folderName: string;
  databaseName: string;
  backups: BackupInfo[];
}

/**
 * Swedish names of the reasons the app gives to db.backup(). A feature whose
 * reason is not here still gets a readable name: "fore-x-y" → "Före x y".
 */
const REASONS: Record<string, string> = {
  manuell: 'Manuell säkerhetskopia',
  'vid-stangning': 'När Ramkoll stängdes',
  'fore-aterstallning': 'Före återställning av en säkerhetskopia',
  'fore-grunddata-organisation': 'Före inläsning av organisation',
  'fore-grunddata-accounts': 'Före inläsning av kontoplan',
  'fore-demo': 'Före demodata',
};

export function reasonText(slug: string): string {
  const known = REASONS[slug];
  if (known) return known;
  const migration = /^fore-migrering-v(\d+)$/.exec(slug);
  if (migration) return `Före uppgradering av databasen (från version ${migration[1]})`;
  const words = slug.replace(/-/g, ' ').replace(/\bfore\b/g, 'före').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function toBackupInfo(b: BackupFile): BackupInfo {
  return { name: b.name, takenAt: b.takenAt.toISOString(), reason: reasonText(b.reason), sizeBytes: b.sizeBytes };
}

export function listBackups(db: Pick<Db, 'file' | 'backupDir'>): BackupList {
  return {
    folderName: path.basename(db.backupDir),
    databaseName: path.basename(db.file),
    backups: listBackupFiles(db.backupDir).map(toBackupInfo),
  };
}
