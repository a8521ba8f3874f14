/**
 * The security settings of the app window, as plain data so that unit tests
 * can check them without Electron. The shell (main.ts) applies them.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ramkoll';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * No remote content at all: scripts and styles only from the app's own files,
 * no eval, no inline script, no network. Images and fonts may be data: URIs
 * (the grid's icons).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');

/** What every window of the app is held to: no Node, isolated and sandboxed, no webviews or other windows. */
const LOCKED_DOWN = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
  // A middle click would otherwise try to open a link in a new window.
  disableBlinkFeatures: 'Auxclick',
} as const;

/** webPreferences of every window. DevTools only in development (an installed app has none). */
export function secureWebPreferences(preloadPath: string, opts: { devTools: boolean } = { devTools: false }) {
  return { ...LOCKED_DOWN, preload: preloadPath, devTools: opts.devTools } as const;
}

/**
 * webPreferences of the hidden window that prints a report to PDF
 * (electron/shell/pdf-printer.ts): no preload, no JavaScript at all, its own
 * in-memory session (partition), otherwise as locked down as the app's.
 */
export function printWebPreferences(partition: string) {
  return { ...LOCKED_DOWN, partition, javascript: false, devTools: false } as const;
}

/** True only for the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * Maps an app:// request to a file inside the renderer folder, or null when
 * the path would leave it (../, encoded separators, absolute paths).
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every app:// response. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': mimeType(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}
