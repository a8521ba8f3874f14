import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

/**
 * node_modules keeps better-sqlite3 built for Node (tests, CLI). When the app
 * runs from the source tree under Electron, it loads the copy built for
 * Electron's ABI by scripts/electron-native.mjs. Packaged apps have their own
 * rebuilt copy, so no override is needed there.
 */
export function betterSqliteBinding(root: string): string | undefined {
  if (app.isPackaged) return undefined;
  const file = path.join(root, '.electron-native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  if (!fs.existsSync(file)) {
    throw new Error(`better-sqlite3 för Electron saknas (${file}). Kör "npm start", som bygger den, i stället för att starta Electron direkt.`);
  }
  return file;
}
