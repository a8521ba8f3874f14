import { isAppUrl } from '../security';

/**
 * The sender check of every IPC channel, without Electron types so that
 * tests can call it with plain objects: a message is trusted only when it
 * comes from the app window's own web contents, from its top frame, showing
 * an app:// page. Iframes, other windows and navigated-away pages are refused.
 */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string } | null | undefined;
}

export interface WindowContentsLike {
  id: number;
  mainFrame: unknown;
}

export function isTrustedSender(event: SenderLike, window: WindowContentsLike | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || event.sender.id !== window.id) return false;
  return frame === window.mainFrame && isAppUrl(frame.url);
}

export const FORBIDDEN_SENDER = {
  ok: false as const,
  error: { code: 'FORBIDDEN', message: 'Anropet kom inte från Ramkolls eget fönster och avvisades.', details: [] },
};

/**
 * Wraps an IPC handler with the sender check. Every ipcMain.handle and
 * ipcMain.on in the shell goes through this (a test checks the sources).
 */
export function guarded<E extends SenderLike, A extends unknown[], R>(
  mainContents: () => WindowContentsLike | null,
  onRefused: (event: E) => R,
  handler: (event: E, ...args: A) => R,
): (event: E, ...args: A) => R {
  return (event, ...args) => (isTrustedSender(event, mainContents()) ? handler(event, ...args) : onRefused(event));
}
