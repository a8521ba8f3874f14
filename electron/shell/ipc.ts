import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { HandlerContext } from '../api/context';
import type { Envelope } from '../api/contract/index';
import { contract } from '../api/features/index';
import { GRANT_DROPPED_CHANNEL, INVOKE_CHANNEL, PROGRESS_CHANNEL } from '../api/channels';
import { invokeEnveloped, isChannel, toErrorShape } from '../api/invoke';
import type { WorkerClient } from '../api/worker-client';
import type { FileGrants } from './file-grants';
import { FORBIDDEN_SENDER, guarded } from './ipc-guard';
import type { RotatingLog } from './log';

export { isTrustedSender } from './ipc-guard';

export interface IpcDeps {
  context(): HandlerContext;
  worker(): WorkerClient;
  grants: FileGrants;
  mainContents(): WebContents | null;
  log: RotatingLog;
}

/**
 * Serves the handler map over one IPC channel; heavy channels run in the
 * worker thread. Every ipcMain handler in the shell is wrapped in guarded()
 * (the sender check): a test reads the shell's sources to keep it so.
 */
export function registerIpc(deps: IpcDeps): void {
  ipcMain.handle(
    INVOKE_CHANNEL,
    guarded(
      deps.mainContents,
      (): Promise<Envelope<unknown>> => Promise.resolve(FORBIDDEN_SENDER),
      async (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Envelope<unknown>> => {
        if (!isChannel(channel)) return { ok: false, error: { code: 'INVALID_INPUT', message: `Okänd kanal: ${String(channel)}`, details: [] } };
        const sendProgress = (e: unknown) => {
          if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, e);
        };
        const envelope = contract[channel].heavy
          ? await deps.worker().run(channel, input, deps.grants.snapshot(), sendProgress)
          : await invokeEnveloped(channel, input, { ...deps.context(), progress: (p) => sendProgress({ ...p, channel }) });
        // Errors that are not the user's to fix go to the support log.
        if (!envelope.ok && envelope.error.code === 'INTERNAL') deps.log.error(`${channel}: ${envelope.error.message}`);
        return envelope;
      },
    ),
  );
  // Drag and drop: the preload sends the dropped file's path; checked like the invoke channel.
  ipcMain.handle(
    GRANT_DROPPED_CHANNEL,
    guarded(
      deps.mainContents,
      (): Promise<Envelope<unknown>> => Promise.resolve(FORBIDDEN_SENDER),
      async (_event: IpcMainInvokeEvent, filePath: unknown): Promise<Envelope<unknown>> => {
        try {
          return { ok: true, value: deps.grants.grantDropped(filePath) };
        } catch (e) {
          return { ok: false, error: toErrorShape(e) };
        }
      },
    ),
  );
}
