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
 * Swedish names of the reasons the app gives to db.backup(). The reasons are
 * part of file names and so plain ASCII ("fore-angra-import"); people read
 * them here, with å, ä and ö ("Före ångra import" would still be wrong: it
 * says what was done). Every reason the code uses has a name
 * (test/unit/backup-rotation.test.ts reads them from the sources); one that
 * is not here (a newer version's backup) still gets a readable name:
 * "fore-x-y" → "Före x y".
 */
export const BACKUP_REASONS: Record<string, string> = {
  manuell: 'Manuell säkerhetskopia',
  'vid-stangning': 'När Ramkoll stängdes',
  'fore-aterstallning': 'Före återställning av en säkerhetskopia',
  'fore-grunddata-organisation': 'Före inläsning av organisation',
  'fore-grunddata-accounts': 'Före inläsning av kontoplan',
  'fore-demo': 'Före demodata',
  'fore-andrad-profil': 'Före ändring av en periodiseringsprofil',
  'fore-arbetsbok': 'Före inläsning av chefernas arbetsböcker',
  'fore-godkant-budgetforslag': 'Före godkännande av ett budgetförslag',
  'fore-aterskickad-arbetsbok': 'Före återskickande av en arbetsbok',
  'fore-angra-import': 'Före ångrad inläsning av utfall',
  'fore-angra-personalimport': 'Före ångrad inläsning av personalsiffror',
  'fore-borttagen-budgetversion': 'Före borttagning av en budgetversion',
  'fore-budgetimport': 'Före inläsning av detaljbudget',
  'fore-fordelning-av-ram': 'Före fördelning av ram',
  'fore-kapitaltjanst': 'Före nya kapitaltjänstrader',
  'fore-kopiering-av-befattningar': 'Före kopiering av befattningar',
  'fore-last-budgetversion': 'Före låsning av en budgetversion',
  'fore-massandring-budgetrader': 'Före massändring av budgetrader',
  'fore-ny-budgetversion': 'Före ny budgetversion',
  'fore-paketimport': 'Före inläsning av utbytespaket',
  'fore-personalbudget': 'Före ändring av personalbudgeten',
  'fore-personalimport': 'Före inläsning av personalsiffror',
  'fore-prognos': 'Före prognos till enheterna',
  'fore-styrtal': 'Före inläsning av styrtal',
  'fore-upplasning': 'Före upplåsning av ett uppföljningstillfälle',
  'fore-utfallsimport': 'Före inläsning av utfall',
  'fore-utgangslage': 'Före ny budget från utgångsläget',
};

export function reasonText(slug: string): string {
  const known = BACKUP_REASONS[slug];
  if (known) return known;
  const migration = /^fore-migrering-v(\d+)$/.exec(slug);
  if (migration) return `Före uppgradering av databasen (från version ${migration[1]})`;
  // Swedish words that the ASCII slugs write without their letters.
  const words = slug
    .replace(/-/g, ' ')
    .replace(/\bfore\b/g, 'före')
    .replace(/\bangra\b/g, 'ångra')
    .replace(/\baterstallning\b/g, 'återställning')
    .trim();
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
