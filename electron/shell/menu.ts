import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppEvent } from '../api/contract/index';

/**
 * The Swedish application menu, built as plain data so that tests can read
 * it without Electron. Commands that the page acts on (undo, redo, find,
 * print) are sent to it as app events; the shell handles the rest.
 */
/** A menu item as Electron takes it (re-exported so that tests need not import electron). */
export type MenuItem = MenuItemConstructorOptions;

export interface MenuActions {
  newDatabase(): void;
  openDatabase(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  toPage(event: AppEvent): void;
  openLogFolder(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  recent: readonly string[];
  actions: MenuActions;
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const a = o.actions;
  const mac = o.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    o.recent.length === 0
      ? [{ label: 'Inga senaste databaser', enabled: false }]
      : [
          ...o.recent.map((file, i): MenuItemConstructorOptions => ({
            // "&" would be read as a mnemonic marker on Windows.
            label: `${i + 1}  ${path.basename(file).replace(/&/g, '&&')}`,
            toolTip: file,
            click: () => a.openRecent(file),
          })),
          { type: 'separator' },
          { label: 'Rensa listan', click: () => a.clearRecent() },
        ];
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&Arkiv',
      submenu: [
        { label: '&Ny databas …', accelerator: 'CmdOrCtrl+N', click: () => a.newDatabase() },
        { label: '&Öppna databas …', accelerator: 'CmdOrCtrl+O', click: () => a.openDatabase() },
        { label: '&Senaste databaser', submenu: recent },
        { type: 'separator' },
        { label: 'Skriv &ut rapport …', accelerator: 'CmdOrCtrl+P', click: () => a.toPage({ type: 'print' }) },
        // On macOS Avsluta lives in the app menu.
        ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: '&Avsluta', accelerator: 'Ctrl+Q' }]),
      ],
    },
    {
      label: '&Redigera',
      submenu: [
        { label: '&Ångra', accelerator: 'CmdOrCtrl+Z', click: () => a.toPage({ type: 'undo' }) },
        { label: '&Gör om', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y', click: () => a.toPage({ type: 'redo' }) },
        // The other usual redo key, without a second visible item.
        { label: 'Gör om', accelerator: mac ? 'Cmd+Y' : 'Ctrl+Shift+Z', visible: false, acceleratorWorksWhenHidden: true, click: () => a.toPage({ type: 'redo' }) },
        { type: 'separator' },
        { role: 'cut', label: 'Klipp &ut' },
        { role: 'copy', label: '&Kopiera' },
        { role: 'paste', label: 'Klistra &in' },
        { role: 'selectAll', label: '&Markera allt' },
        { type: 'separator' },
        { label: '&Sök …', accelerator: 'CmdOrCtrl+F', click: () => a.toPage({ type: 'find' }) },
      ],
    },
    {
      label: '&Visa',
      submenu: [
        { role: 'resetZoom', label: '&Normal storlek' },
        { role: 'zoomIn', label: 'Zooma &in' },
        { role: 'zoomOut', label: 'Zooma &ut' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '&Helskärm' },
        ...(o.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: 'Utvecklarverktyg' }]),
      ],
    },
    {
      label: '&Hjälp',
      submenu: [
        { label: 'Öppna &loggmappen', click: () => a.openLogFolder() },
        { type: 'separator' },
        { role: 'about', label: '&Om Ramkoll' },
      ],
    },
  ];
  if (mac) {
    template.unshift({
      label: 'Ramkoll',
      submenu: [
        { role: 'about', label: 'Om Ramkoll' },
        { type: 'separator' },
        { role: 'hide', label: 'Göm Ramkoll' },
        { role: 'hideOthers', label: 'Göm övriga' },
        { role: 'unhide', label: 'Visa alla' },
        { type: 'separator' },
        { role: 'quit', label: 'Avsluta Ramkoll' },
      ],
    });
  }
  return template;
}
