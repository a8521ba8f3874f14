/**
 * The Electron main process: window, protocol, menus and the IPC front. It
 * holds no business logic: every call goes to the shared handler map.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import type { Db } from '../db/index';
import type { HandlerContext } from './api/context';
import { WorkerClient } from './api/worker-client';
import { generateDemo } from './services/demo/generate';
import { openRamkollDatabase, type LocalSite } from './services/setup';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, resolveAppFile, responseHeaders, secureWebPreferences } from './security';
import { nativeDialogs } from './shell/dialogs';
import { FileGrants } from './shell/file-grants';
import { registerIpc } from './shell/ipc';
import { betterSqliteBinding } from './shell/native-binding';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const rendererDir = path.join(root, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
let db: Db | null = null;
let site: LocalSite | null = null;
let worker: WorkerClient | null = null;
const grants = new FileGrants();

function user(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'okänd';
  }
}

async function openDefaultDatabase(nativeBinding: string | undefined): Promise<void> {
  const file = path.join(app.getPath('userData'), 'ramkoll.db');
  const firstStart = !fs.existsSync(file);
  const opened = await openRamkollDatabase(file, {
    create: true,
    backupDir: path.join(app.getPath('userData'), 'backups'),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  db = opened.db;
  site = opened.site;
  // The first start opens on the demo förvaltning, so a new user sees real-looking numbers at once.
  if (firstStart) generateDemo(db, { year: new Date().getFullYear(), siteId: site.id, user: user(), now: new Date() });
  worker = new WorkerClient(path.join(root, 'dist', 'node', 'worker.mjs'), {
    dbFile: file,
    backupDir: path.join(app.getPath('userData'), 'backups'),
    user: user(),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}

function context(): HandlerContext {
  if (!db || !site) throw new Error('database not open');
  return {
    db,
    site,
    user: user(),
    now: () => new Date(),
    progress: () => {},
    signal: new AbortController().signal,
    files: grants,
    dialogs: nativeDialogs(() => mainWindow, grants),
  };
}

function swedishMenu(): Menu {
  return Menu.buildFromTemplate([
    { label: 'Arkiv', submenu: [{ role: 'quit', label: 'Avsluta' }] },
    {
      label: 'Redigera',
      submenu: [
        { role: 'undo', label: 'Ångra' },
        { role: 'redo', label: 'Gör om' },
        { type: 'separator' },
        { role: 'cut', label: 'Klipp ut' },
        { role: 'copy', label: 'Kopiera' },
        { role: 'paste', label: 'Klistra in' },
        { role: 'selectAll', label: 'Markera allt' },
      ],
    },
    {
      label: 'Visa',
      submenu: [
        { role: 'resetZoom', label: 'Normal storlek' },
        { role: 'zoomIn', label: 'Zooma in' },
        { role: 'zoomOut', label: 'Zooma ut' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Helskärm' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: 'Utvecklarverktyg' }]),
      ],
    },
    { label: 'Hjälp', submenu: [{ role: 'about', label: 'Om Ramkoll' }] },
  ]);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Ramkoll',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

// Nothing may navigate away from the app, open windows or embed web views.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app
  .whenReady()
  .then(async () => {
    app.setName('Ramkoll');
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(rendererDir, request.url);
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return new Response('Hittades inte', { status: 404 });
      return new Response(await fs.promises.readFile(file), { headers: responseHeaders(file) });
    });
    Menu.setApplicationMenu(swedishMenu());
    await openDefaultDatabase(betterSqliteBinding(root));
    registerIpc({ context, worker: () => worker!, grants, mainContents: () => mainWindow?.webContents ?? null });
    createWindow();
  })
  .catch((e: unknown) => {
    dialog.showErrorBox('Ramkoll kunde inte starta', e instanceof Error ? e.message : String(e));
    app.quit();
  });

app.on('window-all-closed', () => {
  void worker?.close();
  db?.close();
  app.quit();
});
