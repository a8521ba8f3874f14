import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs } from '../api/context';
import type { FileGrants } from './file-grants';

/** Native dialogs; what the user picks is granted and handed to the page as an opaque token. */
export function nativeDialogs(window: () => BrowserWindow | null, grants: FileGrants): FileDialogs {
  return {
    async open({ title, filters }) {
      const w = window();
      const opts = { title, filters, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      const chosen = r.filePaths[0];
      if (r.canceled || !chosen) return null;
      return { ref: grants.grant(chosen, 'read'), name: chosen.split(/[\\/]/).pop() ?? chosen };
    },
    async save({ title, defaultName, filters }) {
      const w = window();
      const opts = { title, defaultPath: defaultName, filters };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      if (r.canceled || !r.filePath) return null;
      return { ref: grants.grant(r.filePath, 'write'), name: r.filePath.split(/[\\/]/).pop() ?? r.filePath };
    },
  };
}
