/**
 * Which better-sqlite3 addon this process uses. node_modules holds the one
 * built for Node; the app passes the Electron build (OpenOptions.nativeBinding)
 * when it opens its database, and every other connection the db layer opens
 * itself (checking or converting a backup) must load the same one.
 */
let binding: string | undefined;

export function rememberNativeBinding(path: string | undefined): void {
  if (path) binding = path;
}

export function nativeOptions(): { nativeBinding?: string } {
  return binding ? { nativeBinding: binding } : {};
}
