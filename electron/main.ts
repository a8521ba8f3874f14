/**
 * The Electron main process: window, protocol, menus and the IPC front. It
 * holds no business logic: every call goes to the shared handler map, and
 * the decisions (window place, recent list, navigation, sender checks, log
 * rotation, the database session) live in plain modules under shell/ that
 * are tested without Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, screen, session, shell, type WebContents } from 'electron';
import { isRamkollError } from '../db/errors';
import { CorruptDatabaseError } from '../db/integrity';
import type { HandlerContext } from './api/context';
import { APP_EVENT_CHANNEL } from './api/channels';
import type { AppEvent } from './api/contract/index';
import { restoreBackup } from './services/backups/restore';
import { generateDemo } from './services/demo/generate';
import { systemClock } from './services/clock';
import { formatDateTime } from '../shared/dates';
import { APP_ENTRY_URL, APP_SCHEME, resolveAppFile, responseHeaders, secureWebPreferences } from './security';
import { currentUser, DatabaseSession } from './shell/database-session';
import { nativeDialogs } from './shell/dialogs';
import { FileGrants } from './shell/file-grants';
import { registerIpc } from './shell/ipc';
import { electronPdfPrinter } from './shell/pdf-printer';
import { RotatingLog } from './shell/log';
import { buildMenuTemplate } from './shell/menu';
import { betterSqliteBinding } from './shell/native-binding';
import { allowsWebview, blocksNavigation, grantsPermission, windowOpenDecision } from './shell/navigation';
import { packagesFromArgv } from './shell/open-files';
import { addRecent, loadRecent, removeRecent, saveRecent } from './shell/recent';
import { loadWindowState, restoreBounds, saveWindowState } from './shell/window-state';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const rendererDir = path.join(root, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.setName('Ramkoll');

const userData = () => app.getPath('userData');
const log = new RotatingLog(path.join(app.getPath('userData'), 'logs'));
const recentFile = () => path.join(userData(), 'recent.json');
const windowStateFile = () => path.join(userData(), 'window-state.json');

let mainWindow: BrowserWindow | null = null;
let pageReady = false;
const grants = new FileGrants();
// RAMKOLL_TODAY pins the date for the whole session (a bad value stops the start with its message).
const clock = systemClock();
const pdfPrinter = electronPdfPrinter();
let dbSession: DatabaseSession | null = null;
let recent: string[] = [];
/** Packages opened before the page could take them. */
const pendingPackages: string[] = [];

// --- errors: a dialog and a line in the log, never a silent crash ---------------------------

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showError(title: string, e: unknown): void {
  log.error(title, e);
  const detail = isRamkollError(e) ? e.message : `${errorText(e)}\n\nDetaljerna finns i loggfilen ${log.file}.`;
  if (app.isReady()) dialog.showErrorBox(title, detail);
}

process.on('uncaughtException', (e) => showError('Ett oväntat fel inträffade i Ramkoll', e));
process.on('unhandledRejection', (e) => showError('Ett oväntat fel inträffade i Ramkoll', e));

// --- single instance: a second start hands over its files and quits -------------------------

const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

app.on('second-instance', (_event, argv, workingDirectory) => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }
  for (const file of packagesFromArgv(argv.slice(1), workingDirectory)) openPackage(file);
});

// macOS delivers double-clicked files this way, possibly before the app is ready.
app.on('open-file', (event, file) => {
  event.preventDefault();
  openPackage(file);
});

// --- the page: app events (menu commands, packages) ----------------------------------------

function sendToPage(event: AppEvent): void {
  const wc = mainWindow?.webContents;
  if (wc && !wc.isDestroyed()) wc.send(APP_EVENT_CHANNEL, event);
}

/**
 * A .ramkoll package opened from outside: the user chose it (by
 * double-clicking it), so the page gets a read grant for it, and goes to
 * Utbyte (renderer/app-events.ts). Only the file name reaches the page.
 */
function openPackage(file: string): void {
  if (!pageReady) {
    pendingPackages.push(file);
    return;
  }
  log.info(`Paket öppnat utifrån: ${file}`);
  sendToPage({ type: 'open-package', file: { ref: grants.grant(file, 'read'), name: path.basename(file) } });
}

// --- the database ----------------------------------------------------------------------------

function openSession(): DatabaseSession {
  if (!dbSession) throw new Error('database not open');
  return dbSession;
}

function context(): HandlerContext {
  const s = openSession();
  return {
    db: s.db,
    site: s.site,
    user: currentUser(),
    now: () => clock.now(),
    progress: () => {},
    signal: new AbortController().signal,
    files: grants,
    dialogs: nativeDialogs(() => mainWindow, grants),
    database: s,
    pdf: pdfPrinter,
  };
}

/**
 * Opens a database file; a damaged one is offered its latest good backup
 * (the damaged file is kept beside it). Returns false when the user chose
 * not to open it.
 */
async function openDatabaseFile(file: string, opts: { create: boolean; demoIfNew?: boolean }): Promise<boolean> {
  const s = openSession();
  try {
    const { created } = await s.open(file, { create: opts.create });
    // The first start opens on the demo förvaltning, so a new user sees real-looking numbers at once.
    if (created && opts.demoIfNew) generateDemo(s.db, { siteId: s.site.id, user: currentUser(), now: clock.now() });
  } catch (e) {
    if (!(e instanceof CorruptDatabaseError)) throw e;
    log.error(`Skadad databas: ${file}`, e);
    const good = e.latestGood;
    const buttons = good ? ['Återställ säkerhetskopian', 'Välj en annan databas …', 'Avbryt'] : ['Välj en annan databas …', 'Avbryt'];
    const r = await dialog.showMessageBox({
      type: 'error',
      title: 'Databasen är skadad',
      message: `Databasen ${path.basename(file)} klarade inte integritetskontrollen och har inte öppnats.`,
      detail: good
        ? `Den senaste hela säkerhetskopian är från ${formatDateTime(good.takenAt)}. Återställs den flyttas den skadade filen undan bredvid databasen, så att inget försvinner.`
        : 'Det finns ingen hel säkerhetskopia. Spara filen och kontakta supporten.',
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
      noLink: true,
    });
    const choice = buttons[r.response];
    if (choice === 'Återställ säkerhetskopian' && good) {
      await restoreBackup({ file, backupDir: path.dirname(good.path), name: good.name, db: null, whileClosed: (fn) => fn(), now: clock.now() });
      await s.open(file, { create: false });
    } else if (choice === 'Välj en annan databas …') {
      return chooseAndOpenDatabase();
    } else {
      return false;
    }
  }
  recent = addRecent(recent, file);
  saveRecent(recentFile(), recent);
  Menu.setApplicationMenu(menu());
  mainWindow?.setTitle(`Ramkoll – ${path.basename(file)}`);
  return true;
}

async function chooseAndOpenDatabase(): Promise<boolean> {
  const opts = { title: 'Öppna databas', properties: ['openFile' as const], filters: [{ name: 'Ramkoll-databas', extensions: ['db', 'sqlite'] }] };
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts);
  const file = r.filePaths[0];
  if (r.canceled || !file) return false;
  return switchTo(file, false);
}

async function createNewDatabase(): Promise<void> {
  const opts = { title: 'Ny databas', defaultPath: 'ramkoll.db', filters: [{ name: 'Ramkoll-databas', extensions: ['db'] }] };
  const r = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts);
  if (r.canceled || !r.filePath) return;
  if (fs.existsSync(r.filePath)) {
    dialog.showErrorBox('Filen finns redan', `${path.basename(r.filePath)} finns redan. Öppna den med Arkiv › Öppna databas, eller välj ett annat namn.`);
    return;
  }
  await switchTo(r.filePath, true);
}

/** Switches the app to another database; the page reloads so every view reads the new one. */
async function switchTo(file: string, create: boolean): Promise<boolean> {
  try {
    if (!(await openDatabaseFile(file, { create }))) return false;
    log.info(`Databas öppnad: ${file}`);
    mainWindow?.webContents.reload();
    return true;
  } catch (e) {
    showError('Databasen kunde inte öppnas', e);
    if (!create && isRamkollError(e) && e.code === 'NOT_FOUND') {
      recent = removeRecent(recent, file);
      saveRecent(recentFile(), recent);
      Menu.setApplicationMenu(menu());
    }
    return false;
  }
}

function menu(): Menu {
  return Menu.buildFromTemplate(
    buildMenuTemplate({
      platform: process.platform,
      isPackaged: app.isPackaged,
      recent,
      actions: {
        newDatabase: () => void createNewDatabase(),
        openDatabase: () => void chooseAndOpenDatabase(),
        openRecent: (file) => void switchTo(file, false),
        clearRecent: () => {
          recent = dbSession?.file ? [dbSession.file] : [];
          saveRecent(recentFile(), recent);
          Menu.setApplicationMenu(menu());
        },
        toPage: sendToPage,
        // Our own log folder, never a path from a file or from the page.
        openLogFolder: () => void shell.openPath(log.dir),
      },
    }),
  );
}

// --- the window ------------------------------------------------------------------------------

function createWindow(): void {
  const bounds = restoreBounds(
    loadWindowState(windowStateFile()),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  mainWindow = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 900,
    minHeight: 600,
    title: 'Ramkoll',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs'), { devTools: !app.isPackaged }),
  });
  const win = mainWindow;
  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    saveWindowState(windowStateFile(), { ...win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    mainWindow = null;
    pageReady = false;
  });
  win.webContents.on('did-start-loading', () => {
    pageReady = false;
  });
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    for (const file of pendingPackages.splice(0)) openPackage(file);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    log.error(`Sidan avslutades oväntat: ${details.reason} (kod ${details.exitCode})`);
    if (details.reason === 'clean-exit') return;
    void dialog
      .showMessageBox(win, {
        type: 'error',
        title: 'Ramkoll',
        message: 'Sidan slutade fungera och måste laddas om.',
        detail: 'Allt som sparats finns kvar i databasen. Det som skrevs de sista sekunderna kan behöva skrivas igen.',
        buttons: ['Ladda om', 'Avsluta'],
        defaultId: 0,
        noLink: true,
      })
      .then((r) => (r.response === 0 ? win.webContents.reload() : app.quit()));
  });
  void win.loadURL(APP_ENTRY_URL);
}

// Nothing may navigate away from the app, open windows or embed web views (shell/navigation.ts).
app.on('web-contents-created', (_event, contents: WebContents) => {
  contents.on('will-navigate', (e, url) => {
    if (blocksNavigation(url)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (blocksNavigation(e.url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (blocksNavigation(url)) e.preventDefault();
  });
  contents.setWindowOpenHandler((details) => windowOpenDecision(details));
  contents.on('will-attach-webview', (e) => {
    if (!allowsWebview()) e.preventDefault();
  });
});

async function start(): Promise<void> {
  log.info(`Ramkoll ${app.getVersion()} startar (Electron ${process.versions.electron}, ${process.platform}-${process.arch})`);
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(grantsPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => grantsPermission(permission));
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return new Response('Hittades inte', { status: 404 });
    return new Response(await fs.promises.readFile(file), { headers: responseHeaders(file) });
  });
  recent = loadRecent(recentFile());
  dbSession = new DatabaseSession({ workerScript: path.join(root, 'dist', 'node', 'worker.mjs'), nativeBinding: betterSqliteBinding(root), user: currentUser(), pdf: pdfPrinter });
  // The last database used, if it is still there; else the default one (the demo förvaltning the first time).
  const last = recent.find((f) => fs.existsSync(f));
  const fallback = path.join(userData(), 'ramkoll.db');
  let opened: boolean;
  try {
    opened = await openDatabaseFile(last ?? fallback, { create: !last, demoIfNew: true });
  } catch (e) {
    // A last-used database this version cannot open (one a newer Ramkoll made, a file that is gone bad on a network share) must not keep the app from starting at all: say why, then open the default database; Arkiv › Öppna reaches the others.
    if (!last || path.resolve(last) === path.resolve(fallback)) throw e;
    showError(`Ramkoll kunde inte öppna ${path.basename(last)}; den vanliga databasen öppnas i stället`, e);
    opened = await openDatabaseFile(fallback, { create: true, demoIfNew: true });
  }
  if (!opened && !dbSession.file) {
    app.quit();
    return;
  }
  Menu.setApplicationMenu(menu());
  registerIpc({ context, worker: () => openSession().worker, grants, mainContents: () => mainWindow?.webContents ?? null, log });
  createWindow();
  mainWindow?.setTitle(`Ramkoll – ${path.basename(openSession().db.file)}`);
  for (const f of packagesFromArgv(process.argv.slice(1), process.cwd())) openPackage(f);
}

if (primary) {
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      showError('Ramkoll kunde inte starta', e);
      app.exit(1);
    });
}

// On quit: a backup if anything changed, then close the database (once).
let closing = false;
app.on('before-quit', (event) => {
  if (closing || !dbSession) return;
  event.preventDefault();
  closing = true;
  dbSession
    .closeWithBackup()
    .then((taken) => taken && log.info(`Säkerhetskopia vid stängning: ${path.basename(taken)}`))
    .catch((e: unknown) => log.error('Säkerhetskopian vid stängning misslyckades', e))
    .finally(() => {
      dbSession = null;
      app.quit();
    });
});

app.on('window-all-closed', () => app.quit());
