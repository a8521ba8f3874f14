import fs from 'node:fs';
import path from 'node:path';

/** Arkiv › Senaste databaser (userData/recent.json): newest first, at most MAX_RECENT. Plain Node. */
export const MAX_RECENT = 8;

function same(a: string, b: string, platform: NodeJS.Platform): boolean {
  // Windows and macOS file systems ignore case by default.
  return platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export function addRecent(list: readonly string[], file: string, platform: NodeJS.Platform = process.platform): string[] {
  return [file, ...list.filter((f) => !same(f, file, platform))].slice(0, MAX_RECENT);
}

export function removeRecent(list: readonly string[], file: string, platform: NodeJS.Platform = process.platform): string[] {
  return list.filter((f) => !same(f, file, platform));
}

/** Reads the list, keeping only absolute paths (the file is ours, but may be damaged or edited by hand). */
export function loadRecent(file: string): string[] {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(data)) return [];
    return data.filter((f): f is string => typeof f === 'string' && f.length > 0 && f.length < 4096 && path.isAbsolute(f)).slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

export function saveRecent(file: string, list: readonly string[]): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(list.slice(0, MAX_RECENT)));
    fs.renameSync(`${file}.tmp`, file);
  } catch {
    // The list is a convenience.
  }
}
