import { isAppUrl } from '../security';

/**
 * The decisions main.ts applies to every web contents, as pure functions so
 * that tests can call them: nothing may leave the app's own pages, open a
 * window, embed a web view or get a permission. No URL from the page or from
 * a file is ever handed to the system browser (no shell.openExternal).
 */

/** will-navigate, will-redirect, will-frame-navigate: true when the navigation must be stopped. */
export function blocksNavigation(url: string): boolean {
  return !isAppUrl(url);
}

/** setWindowOpenHandler: window.open, target=_blank links, middle clicks. */
export function windowOpenDecision(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler / setPermissionCheckHandler: camera, notifications, clipboard-read, … */
export function grantsPermission(_permission: string): false {
  return false;
}

/** will-attach-webview: no embedded web views. */
export function allowsWebview(): false {
  return false;
}
