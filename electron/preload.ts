/**
 * The only bridge between the page and the app: window.ramkoll.invoke for the
 * allow-listed channels and subscriptions to progress and app events (menu
 * commands, packages opened from outside). Nothing else
 * of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { APP_EVENT_CHANNEL, CHANNELS, INVOKE_CHANNEL, PROGRESS_CHANNEL } from './api/channels';
import type { AppEvent, Envelope, ProgressEvent, RamkollBridge } from './api/contract/index';

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
};

contextBridge.exposeInMainWorld('ramkoll', bridge);
