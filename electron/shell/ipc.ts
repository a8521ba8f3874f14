import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { HandlerContext } from '../api/context';
import { contract, type Envelope } from '../api/contract/index';
import { GRANT_DROPPED_CHANNEL, INVOKE_CHANNEL, PROGRESS_CHANNEL } from '../api/channels';
import { invokeEnveloped, isChannel, toErrorShape } from '../api/invoke';
import type { WorkerClient } from '../api/worker-client';
import { isAppUrl } from '../security';
import type { FileGrants } from './file-grants';

/** Only the app's own page in our own window may call the API. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: WebContents | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || event.sender.id !== window.id) return false;
  return frame === window.mainFrame && isAppUrl(frame.url);
}

export interface IpcDeps {
  context(): HandlerContext;
  worker(): WorkerClient;
  grants: FileGrants;
  mainContents(): WebContents | null;
}

/** Serves the handler map over one IPC channel; heavy channels run in the worker thread. */
export function registerIpc(deps: IpcDeps): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, deps.mainContents())) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Anropet kom inte från Ramkolls eget fönster och avvisades.', details: [] } };
    }
    if (!isChannel(channel)) return { ok: false, error: { code: 'INVALID_INPUT', message: `Okänd kanal: ${String(channel)}`, details: [] } };
    const sendProgress = (e: unknown) => {
      if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, e);
    };
    if (contract[channel].heavy) {
      return deps.worker().run(channel, input, deps.grants.snapshot(), sendProgress);
    }
    const base = deps.context();
    return invokeEnveloped(channel, input, { ...base, progress: (p) => sendProgress({ ...p, channel }) });
  });
  // Drag and drop: the preload sends the dropped file's path; checked like the invoke channel.
  ipcMain.handle(GRANT_DROPPED_CHANNEL, async (event, filePath: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, deps.mainContents())) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Anropet kom inte från Ramkolls eget fönster och avvisades.', details: [] } };
    }
    try {
      return { ok: true, value: deps.grants.grantDropped(filePath) };
    } catch (e) {
      return { ok: false, error: toErrorShape(e) };
    }
  });
}
