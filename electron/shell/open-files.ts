import fs from 'node:fs';
import path from 'node:path';

/**
 * Exchange packages (.ramkoll) given to the app from outside: on the command
 * line of the first start, in the argv a second start passes to the running
 * one, or in macOS's open-file event. Only existing files with the package
 * extension count; Electron's and Chromium's own flags are skipped.
 */
export const PACKAGE_EXTENSION = '.ramkoll';

export function isPackagePath(arg: string): boolean {
  return !arg.startsWith('-') && arg.toLowerCase().endsWith(PACKAGE_EXTENSION);
}

export function packagesFromArgv(argv: readonly string[], workingDirectory: string, exists: (file: string) => boolean = isFile): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    if (!isPackagePath(arg)) continue;
    const file = path.resolve(workingDirectory, arg);
    if (exists(file) && !out.includes(file)) out.push(file);
  }
  return out;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
