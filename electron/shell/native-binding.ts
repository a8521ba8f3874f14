import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

/**
 * node_modules keeps better-sqlite3 built for Node (tests, CLI). Under
 * Electron the app loads a copy built for Electron's ABI: from the source
 * tree, the one scripts/electron-native.mjs put in .electron-native/; when
 * packaged, the one electron-builder shipped in resources/native/.
 */
export function betterSqliteBinding(root: string): string {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(root, '.electron-native', `electron-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (!fs.existsSync(file)) {
    throw new Error(
      app.isPackaged
        ? `Installationen är ofullständig: ${file} saknas. Installera Ramkoll på nytt.`
        : `better-sqlite3 för Electron saknas (${file}). Starta med "npm start", som bygger den.`,
    );
  }
  return file;
}
