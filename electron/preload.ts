/**
 * The only bridge between the page and the app: window.ramkoll.invoke for the
 * allow-listed channels, subscriptions to progress and app events (menu
 * commands, packages opened from outside), and a grant for files dropped on
 * the page. Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { APP_EVENT_CHANNEL, CHANNELS, GRANT_DROPPED_CHANNEL, INVOKE_CHANNEL, PROGRESS_CHANNEL } from './api/channels';
import type { AppEvent, ChosenFileRef, Envelope, ProgressEvent, RamkollBridge } from './api/contract/index';

const allowed = new Set<string>(CHANNELS);

const bridge: RamkollBridge = {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: `Okänd kanal: ${channel}`, details: [] } });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, channel, input) as Promise<Envelope<unknown>>;
  },
  onProgress(listener: (event: ProgressEvent) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: ProgressEvent) => listener(event);
    ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
  },
  onAppEvent(listener: (event: AppEvent) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on(APP_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(APP_EVENT_CHANNEL, wrapped);
  },
  async grantDroppedFile(file: File): Promise<ChosenFileRef> {
    // Only a real dropped (or chosen) File has a path; one the page makes up gives ''.
    const filePath = webUtils.getPathForFile(file);
    const r = (await ipcRenderer.invoke(GRANT_DROPPED_CHANNEL, filePath)) as Envelope<ChosenFileRef>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  },
};

contextBridge.exposeInMainWorld('ramkoll', bridge);
