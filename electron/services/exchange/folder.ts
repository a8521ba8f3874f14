import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index';
import { RamkollError } from '../../../db/errors';
import { siteInfo } from './identity';
import { PACKAGE_EXTENSION, peekHeader } from './package-file';

/**
 * The watched exchange folder (for example a folder the kommun's file
 * service synchronises): packages addressed to this installation are offered
 * for import when they appear. The folder is a local setting, never exchanged.
 */
const SETTING = 'exchange.folder';
const MAX_FILES = 500;

export function exchangeFolder(db: Db): string | null {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(SETTING) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as string | null) : null;
}

export function setExchangeFolder(db: Db, folder: string | null): void {
  if (folder !== null && !(fs.existsSync(folder) && fs.statSync(folder).isDirectory())) {
    throw new RamkollError('NOT_FOUND', `Mappen ${folder} finns inte. Välj en befintlig mapp.`);
  }
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTING, JSON.stringify(folder));
}

export interface FolderPackage {
  packageId: string;
  fileName: string;
  from: { id: string; name: string | null };
  created: string;
  bytes: number;
  /** Already read in here. */
  imported: boolean;
}

export interface FolderState {
  /** The folder's own name only (the page never sees full paths). */
  folderName: string | null;
  exists: boolean;
  /** Packages addressed to this installation, newest first. */
  packages: FolderPackage[];
}

function candidates(folder: string): { file: string; bytes: number; mtime: number }[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.toLowerCase().endsWith(`.${PACKAGE_EXTENSION}`))
    .map((d) => {
      const file = path.join(folder, d.name);
      const st = fs.statSync(file);
      return { file, bytes: st.size, mtime: st.mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, MAX_FILES);
}

export function scanFolder(db: Db): FolderState {
  const folder = exchangeFolder(db);
  if (folder === null) return { folderName: null, exists: false, packages: [] };
  if (!fs.existsSync(folder)) return { folderName: path.basename(folder), exists: false, packages: [] };
  const me = siteInfo(db).id;
  const imported = db.prepare('SELECT 1 FROM xchg_package WHERE id = ?');
  const siteName = db.prepare('SELECT name FROM site WHERE id = ?');
  const packages: FolderPackage[] = [];
  for (const c of candidates(folder)) {
    const h = peekHeader(c.file);
    if (!h || h.from === me || (h.to !== null && h.to !== me)) continue;
    packages.push({
      packageId: h.package,
      fileName: path.basename(c.file),
      from: { id: h.from, name: (siteName.get(h.from) as { name: string } | undefined)?.name ?? null },
      created: h.created,
      bytes: c.bytes,
      imported: imported.get(h.package) !== undefined,
    });
  }
  return { folderName: path.basename(folder), exists: true, packages };
}

/** The file in the watched folder that holds a package, found by its id. */
export function folderPackagePath(db: Db, packageId: string): string {
  const folder = exchangeFolder(db);
  if (folder === null) throw new RamkollError('NOT_FOUND', 'Ingen utbytesmapp är vald.');
  for (const c of candidates(folder)) if (peekHeader(c.file)?.package === packageId) return c.file;
  throw new RamkollError('NOT_FOUND', 'Paketet finns inte längre i utbytesmappen.');
}
