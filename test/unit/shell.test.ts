import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../electron/api/features/system';
import { FORBIDDEN_SENDER, guarded, isTrustedSender } from '../../electron/shell/ipc-guard';
import { RotatingLog } from '../../electron/shell/log';
import { buildMenuTemplate, type MenuActions, type MenuItem as MenuItemConstructorOptions } from '../../electron/shell/menu';
import { allowsWebview, blocksNavigation, grantsPermission, windowOpenDecision } from '../../electron/shell/navigation';
import { packagesFromArgv } from '../../electron/shell/open-files';
import { addRecent, loadRecent, MAX_RECENT, removeRecent, saveRecent } from '../../electron/shell/recent';
import { DEFAULT_SIZE, MIN_SIZE, restoreBounds, saveWindowState, loadWindowState } from '../../electron/shell/window-state';
import { tempDir } from '../support/tmp';

describe('support log with rotation', () => {
  it('rotates at maxBytes and keeps `keep` files, dropping the oldest', () => {
    const dir = tempDir();
    let t = Date.UTC(2026, 10, 24, 8, 0, 0);
    const log = new RotatingLog(dir, { maxBytes: 1000, keep: 3, now: () => new Date((t += 1000)) });
    for (let i = 0; i < 100; i++) log.info(`rad ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['ramkoll.1.log', 'ramkoll.2.log', 'ramkoll.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1000);
    // Newest line last in ramkoll.log; the files follow each other without a gap.
    const lines = ['ramkoll.2.log', 'ramkoll.1.log', 'ramkoll.log'].flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'));
    const numbers = lines.map((l) => Number(/rad (\d+)/.exec(l)![1]));
    expect(numbers.at(-1)).toBe(99);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(numbers[0]).toBeGreaterThan(0);
  });

  it('writes errors with their stack, and never throws when it cannot write', () => {
    const dir = tempDir();
    const log = new RotatingLog(dir);
    log.error('något gick fel', new Error('trasigt'));
    expect(fs.readFileSync(log.file, 'utf8')).toMatch(/ ERROR något gick fel\n {4}Error: trasigt\n {4,}at /);
    fs.writeFileSync(path.join(dir, 'fil'), '');
    expect(() => new RotatingLog(path.join(dir, 'fil', 'under')).error('x')).not.toThrow();
  });
});

describe('window size and position', () => {
  const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
  const external = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('uses the saved place when it is on a screen, and keeps maximized', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1200, height: 800, maximized: true }, [laptop])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(restoreBounds({ x: 2100, y: 100, width: 1600, height: 1000, maximized: false }, [laptop, external])).toMatchObject({ x: 2100, y: 100 });
  });

  it('opens centred on the laptop when the screen it was on is gone (undocked)', () => {
    const r = restoreBounds({ x: 2100, y: 100, width: 1600, height: 1000, maximized: false }, [laptop]);
    expect(r).toEqual({ width: 1600, height: 1000, maximized: false });
  });

  it('pulls a window that sticks out back onto the screen and fits it to the screen', () => {
    expect(restoreBounds({ x: 1500, y: 900, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 920, y: 340, width: 1000, height: 700, maximized: false });
    expect(restoreBounds({ x: 10, y: 10, width: 5000, height: 3000, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
    expect(restoreBounds({ x: 10, y: 10, width: 200, height: 100, maximized: false }, [laptop])).toMatchObject(MIN_SIZE);
  });

  it('falls back to the default size on a missing or damaged file, and round-trips through the file', () => {
    for (const bad of [null, 'x', { width: 'wide' }, { width: -5, height: 10 }, { width: Number.NaN, height: 1 }]) {
      expect(restoreBounds(bad, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
    }
    const file = path.join(tempDir(), 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    saveWindowState(file, { x: 5, y: 6, width: 1000, height: 700, maximized: false });
    expect(restoreBounds(loadWindowState(file), [laptop])).toEqual({ x: 5, y: 6, width: 1000, height: 700, maximized: false });
  });
});

describe('recent databases', () => {
  it('puts the newest first, without duplicates, at most MAX_RECENT', () => {
    let list: string[] = [];
    for (let i = 0; i < MAX_RECENT + 3; i++) list = addRecent(list, `/d/${i}.db`, 'linux');
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe(`/d/${MAX_RECENT + 2}.db`);
    list = addRecent(list, '/d/5.db', 'linux');
    expect(list[0]).toBe('/d/5.db');
    expect(list.filter((f) => f === '/d/5.db')).toHaveLength(1);
    expect(removeRecent(list, '/d/5.db', 'linux')).not.toContain('/d/5.db');
  });

  it('treats paths that differ only in case as the same file on Windows', () => {
    expect(addRecent(['C:\\Data\\Budget.db'], 'c:\\data\\budget.db', 'win32')).toEqual(['c:\\data\\budget.db']);
    expect(addRecent(['/data/Budget.db'], '/data/budget.db', 'linux')).toHaveLength(2);
  });

  it('reads back only absolute paths from its file', () => {
    const file = path.join(tempDir(), 'recent.json');
    saveRecent(file, ['/a.db', '/b.db']);
    expect(loadRecent(file)).toEqual(['/a.db', '/b.db']);
    fs.writeFileSync(file, JSON.stringify(['/ok.db', 'relativ.db', 5, null, { a: 1 }]));
    expect(loadRecent(file)).toEqual(['/ok.db']);
    fs.writeFileSync(file, '{trasig');
    expect(loadRecent(file)).toEqual([]);
  });
});

describe('Swedish menus', () => {
  function menu(platform: NodeJS.Platform, isPackaged = true, recent: string[] = ['/hem/anna/Budget & prognos.db']) {
    const sent: AppEvent[] = [];
    const calls: string[] = [];
    const actions: MenuActions = {
      newDatabase: () => calls.push('new'),
      openDatabase: () => calls.push('open'),
      openRecent: (f) => calls.push(`recent:${f}`),
      clearRecent: () => calls.push('clear'),
      toPage: (e) => sent.push(e),
      openLogFolder: () => calls.push('log'),
    };
    const template = buildMenuTemplate({ platform, isPackaged, recent, actions });
    const items = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      list.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
    const all = items(template);
    const byAccel = (acc: string) => all.find((i) => i.accelerator === acc);
    const click = (i: MenuItemConstructorOptions | undefined) => (i!.click as () => void)();
    return { template, all, byAccel, click, sent, calls };
  }

  it('has the usual shortcuts: undo, redo, find and print go to the page; open goes to the shell', () => {
    const m = menu('win32');
    expect(m.template.map((t) => t.label)).toEqual(['&Arkiv', '&Redigera', '&Visa', '&Hjälp']);
    for (const [acc, event] of [
      ['CmdOrCtrl+Z', 'undo'],
      ['Ctrl+Y', 'redo'],
      ['Ctrl+Shift+Z', 'redo'],
      ['CmdOrCtrl+F', 'find'],
      ['CmdOrCtrl+P', 'print'],
    ] as const) {
      m.click(m.byAccel(acc));
      expect(m.sent.at(-1), acc).toEqual({ type: event });
    }
    m.click(m.byAccel('CmdOrCtrl+O'));
    m.click(m.byAccel('CmdOrCtrl+N'));
    expect(m.calls).toEqual(['open', 'new']);
    expect(m.byAccel('Ctrl+Q')?.role).toBe('quit');
    // Every visible label is Swedish (no English role defaults).
    for (const i of m.all) if (i.type !== 'separator' && i.visible !== false) expect(i.label, JSON.stringify(i)).toMatch(/[a-zåäö]/i);
    expect(m.all.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('lists the recent databases by name, escaping & for Windows, with a way to clear the list', () => {
    const m = menu('win32');
    const recent = m.all.find((i) => i.label === '&Senaste databaser')!.submenu as MenuItemConstructorOptions[];
    expect(recent[0]!.label).toBe('1  Budget && prognos.db');
    m.click(recent[0]);
    m.click(recent.find((i) => i.label === 'Rensa listan'));
    expect(m.calls).toEqual(['recent:/hem/anna/Budget & prognos.db', 'clear']);
    const empty = menu('win32', true, []).all.find((i) => i.label === '&Senaste databaser')!.submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ label: 'Inga senaste databaser', enabled: false }]);
  });

  it('uses the macOS conventions on a Mac, and offers developer tools only in development', () => {
    const mac = menu('darwin');
    expect(mac.template[0]!.label).toBe('Ramkoll');
    expect(mac.byAccel('Shift+Cmd+Z')).toBeDefined();
    expect(mac.byAccel('Ctrl+Q')).toBeUndefined();
    expect(menu('linux', false).all.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('packages opened from outside', () => {
  it('takes existing .ramkoll files from argv, resolved against the working directory, and skips flags', () => {
    const exists = (f: string) => ['/hem/anna/Paket.RAMKOLL', '/hem/anna/in/sektor.ramkoll'].includes(f);
    expect(packagesFromArgv(['--allow-file-access', 'Paket.RAMKOLL', 'in/sektor.ramkoll', 'saknas.ramkoll', 'data.db', '--x=a.ramkoll'], '/hem/anna', exists)).toEqual([
      '/hem/anna/Paket.RAMKOLL',
      '/hem/anna/in/sektor.ramkoll',
    ]);
  });
});

describe('navigation, windows and permissions are denied (shell/navigation.ts)', () => {
  it('lets the app move only between its own pages', () => {
    expect(blocksNavigation('app://ramkoll/index.html#/budget')).toBe(false);
    for (const url of ['https://example.se/', 'http://127.0.0.1:8080/', 'file:///C:/Users/x/secret.db', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,<h1>x', 'about:blank', 'devtools://devtools']) {
      expect(blocksNavigation(url), url).toBe(true);
    }
  });

  it('never opens a window or a web view, and grants no permission', () => {
    expect(windowOpenDecision({ url: 'app://ramkoll/index.html' })).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: 'https://example.se' })).toEqual({ action: 'deny' });
    expect(allowsWebview()).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(grantsPermission(p)).toBe(false);
  });
});

describe('IPC sender check (shell/ipc-guard.ts)', () => {
  const mainFrame = { url: 'app://ramkoll/index.html' };
  const win = { id: 7, mainFrame };

  it('trusts only the top frame of the app window on an app:// page', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame }, win)).toBe(true);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: mainFrame }, win)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'app://ramkoll/index.html' } }, win)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, win)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame }, null)).toBe(false);
    const navigated = { url: 'https://example.se/' };
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: navigated }, { id: 7, mainFrame: navigated })).toBe(false);
  });

  it('guarded() runs the handler only for a trusted sender', () => {
    type Result = typeof FORBIDDEN_SENDER | { ok: true; value: number };
    const handler = guarded(
      () => win,
      (): Result => FORBIDDEN_SENDER,
      (_e, x: number): Result => ({ ok: true, value: x * 2 }),
    );
    expect(handler({ sender: { id: 7 }, senderFrame: mainFrame }, 21)).toEqual({ ok: true, value: 42 });
    expect(handler({ sender: { id: 9 }, senderFrame: mainFrame }, 21)).toBe(FORBIDDEN_SENDER);
  });
});
