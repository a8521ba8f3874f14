import fs from 'node:fs';
import path from 'node:path';

/**
 * The backups in a backup folder and the rule for which to keep: the newest
 * KEEP_LAST, plus the newest of every calendar month (so a year later there
 * is still one copy per month to go back to). Backup files are named
 * `<UTC time>-<reason>.db` by takeBackup; anything else in the folder is left
 * alone.
 */
export const KEEP_LAST = 20;

export interface BackupFile {
  /** File name only (the id the UI and the CLI use). */
  name: string;
  /** When it was taken, from the file name (UTC). */
  takenAt: Date;
  /** The reason slug the caller gave, e.g. "fore-grunddata-accounts". */
  reason: string;
  sizeBytes: number;
}

const NAME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z0-9-]+?)(?:-(\d+))?\.db$/i;

/** Reads a backup file name; null for anything that is not one (partial copies, other files). */
export function parseBackupName(name: string): { takenAt: Date; reason: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, reason] = m;
  const takenAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)));
  // Date.UTC rolls month 13 into the next year: only a time that reads back the same is one.
  if (Number.isNaN(takenAt.getTime()) || takenAt.toISOString() !== `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`) return null;
  return { takenAt, reason: reason! };
}

/** True for a name that can only mean a file directly inside the backup folder. */
export function isBackupName(name: string): boolean {
  return parseBackupName(name) !== null && path.basename(name) === name;
}

/** The backups in `dir`, newest first. A missing folder has none. */
export function listBackupFiles(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.join(dir, name));
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    out.push({ name, takenAt: parsed.takenAt, reason: parsed.reason, sizeBytes: stat.size });
  }
  return out.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
}

/** Which backups the rule drops: not among the newest `keepLast`, and not the newest of their month. */
export function backupsToPrune<T extends { name: string; takenAt: Date }>(backups: readonly T[], keepLast = KEEP_LAST): T[] {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
  const keep = new Set<string>(newestFirst.slice(0, keepLast).map((b) => b.name));
  const months = new Set<string>();
  for (const b of newestFirst) {
    const month = b.takenAt.toISOString().slice(0, 7);
    if (!months.has(month)) {
      months.add(month);
      keep.add(b.name);
    }
  }
  return newestFirst.filter((b) => !keep.has(b.name));
}

/** A copy that is still `.partial` after this long was left by a process that died. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Applies the rule to the folder, and removes partial copies that a killed
 * process left behind. Returns the names removed. Never throws: a backup that
 * could not be pruned is kept, which is the safe side.
 */
export function pruneBackups(dir: string, now = new Date(), keepLast = KEEP_LAST): string[] {
  const removed: string[] = [];
  for (const b of backupsToPrune(listBackupFiles(dir), keepLast)) {
    try {
      fs.rmSync(path.join(dir, b.name));
      removed.push(b.name);
    } catch {
      // Kept; tried again after the next backup.
    }
  }
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names.filter((n) => /\.partial(-journal|-wal|-shm)?$/.test(n))) {
    try {
      const file = path.join(dir, name);
      if (now.getTime() - fs.statSync(file).mtimeMs > STALE_PARTIAL_MS) {
        fs.rmSync(file);
        removed.push(name);
      }
    } catch {
      // Another process may have just finished it.
    }
  }
  return removed;
}
