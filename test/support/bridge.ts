/**
 * The test bridge: the real renderer (dist/renderer) in Debian's Chromium,
 * driven by playwright-core, with window.ramkoll wired to the same handler
 * map as the Electron app. No Electron binary is needed.
 */
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HandlerContext } from '../../electron/api/context';
import type { AppEvent } from '../../electron/api/contract/index';
import { invokeEnveloped } from '../../electron/api/invoke';
import { localSite } from '../../electron/services/setup';
import { CONTENT_SECURITY_POLICY, mimeType } from '../../electron/security';
import { ARTIFACTS, ROOT } from './paths';

export const CHROMIUM = process.env.RAMKOLL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Serves the built renderer on loopback with the app's CSP, as app:// does in Electron. */
async function serveRenderer(): Promise<{ origin: string; close(): Promise<void> }> {
  // RAMKOLL_RENDERER_DIR: another build of the renderer (a benchmark comparing two builds in one run).
  const dir = path.resolve(process.env.RAMKOLL_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer'));
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error('dist/renderer is missing: run "npm run build" first');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Defines window.ramkoll in the page, as the preload does in the app. */
export interface AppSession {
  page: Page;
  /** Where the renderer is served (http://127.0.0.1:PORT); window.ramkoll exists only in this session's browser. */
  origin: string;
  /** Console errors, page errors, CSP violations and native dialogs (alert, confirm, prompt) seen so far. */
  problems: string[];
  open(pageId: string): Promise<void>;
  /** What the shell's menu sends (undo, redo, find, print) or a package opened from outside. */
  sendAppEvent(event: AppEvent): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The browser's locale (default sv-SE, as a Swedish user's): the app must show ÅÅÅÅ-MM-DD dates whatever it is. */
  locale?: string;
  /** The browser's time zone (default Europe/Stockholm): the app must show Swedish time whatever it is. */
  timezoneId?: string;
  /** A window a person can use (scripts/browser.ts); the tests run headless. */
  headless?: boolean;
  /** The window's content area in CSS pixels (default 1440×900); null: the window's own size. */
  viewport?: { width: number; height: number } | null;
  /**
   * Device pixels per CSS pixel (default 1). Windows' display scaling is this:
   * a 1366×768 screen at 150 % is a 911×512 CSS viewport drawn at 1.5.
   */
  deviceScaleFactor?: number;
}

export async function launchApp(ctx: HandlerContext, opts: LaunchOptions = {}): Promise<AppSession> {
  const server = await serveRenderer();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: opts.headless ?? true });
    const context = await browser.newContext({
      viewport: opts.viewport === undefined ? { width: 1440, height: 900 } : opts.viewport,
      // A null viewport is the window's own size, for which Chromium refuses a scale factor.
      ...(opts.viewport === null ? {} : { deviceScaleFactor: opts.deviceScaleFactor ?? 1 }),
      locale: opts.locale ?? 'sv-SE',
      timezoneId: opts.timezoneId ?? 'Europe/Stockholm',
    });
    // Inputs and results cross as JSON text: Playwright's own serialisation of
    // large object trees (thousands of grid rows) takes seconds, which Electron's
    // structured clone does not; the contract is JSON-safe either way.
    await context.exposeBinding('__ramkollInvoke', async (source, channel: string, inputJson: string) => {
      // Like the IPC sender check: only the app's own top frame may call.
      if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(`${server.origin}/`)) {
        return JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'fel avsändare', details: [] } });
      }
      const input: unknown = inputJson === undefined ? undefined : JSON.parse(inputJson);
      const envelope = await invokeEnveloped(channel, input, {
        ...ctx,
        // As the app's session does: the identity as the database holds it now (Inställningar may have changed it).
        site: localSite(ctx.db),
        progress: (p) => {
          void source.page.evaluate(`window.__ramkollProgress(${JSON.stringify({ ...p, channel })})`).catch(() => {});
        },
      });
      return JSON.stringify(envelope);
    });
    // Drag and drop: Chromium without Electron has no file paths, so the bridge receives the
    // dropped file's bytes and grants a copy of it, as the app grants the dropped path.
    const dropDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-drop-'));
    await context.exposeBinding('__ramkollGrantDropped', async (source, name: string, base64: string) => {
      if (source.frame !== source.page.mainFrame()) throw new Error('fel avsändare');
      const file = path.join(dropDir, `${fs.readdirSync(dropDir).length}-${path.basename(name)}`);
      fs.writeFileSync(file, Buffer.from(base64, 'base64'));
      return { ref: file, name: path.basename(name) };
    });
    // Given as text, not a function: tsx (the benchmarks run the bridge under it) would add helpers the page does not have.
    await context.addInitScript(`(() => {
      const listeners = new Set();
      const appListeners = new Set();
      window.__ramkollProgress = (e) => listeners.forEach((l) => l(e));
      window.__ramkollAppEvent = (e) => appListeners.forEach((l) => l(e));
      window.ramkoll = Object.freeze({
        invoke: async (channel, input) => JSON.parse(await window.__ramkollInvoke(channel, input === undefined ? undefined : JSON.stringify(input))),
        onProgress: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        onAppEvent: (l) => {
          appListeners.add(l);
          return () => appListeners.delete(l);
        },
        grantDroppedFile: async (file) => {
          const bytes = new Uint8Array(await file.arrayBuffer());
          let bin = '';
          for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return window.__ramkollGrantDropped(file.name, btoa(bin));
        },
      });
    })();`);
    const page = await context.newPage();
    const problems: string[] = [];
    // The grid's own complaints (a feature used without its module registered in renderer/grid/setup.ts is
    // "error #200", logged once, 50 ms after the grid starts): close() fails on them in every e2e test.
    const gridComplaints: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
      if ((m.type() === 'error' || m.type() === 'warning') && isGridComplaint(m.text())) gridComplaints.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    // The app asks in its own dialogs (renderer/components/ConfirmDialog.tsx): a native alert/confirm/prompt is a fault.
    page.on('dialog', (d) => {
      problems.push(`the browser's own ${d.type()}() dialog: ${d.message()}`);
      void d.dismiss();
    });
    const b = browser;
    return {
      page,
      origin: server.origin,
      problems,
      async open(pageId) {
        await page.goto(`${server.origin}/index.html#/${pageId}`);
        await page.waitForSelector('main h1');
      },
      async sendAppEvent(event) {
        await page.evaluate((e) => (window as unknown as { __ramkollAppEvent(e: unknown): void }).__ramkollAppEvent(e), event);
      },
      async screenshot(name) {
        const file = path.join(ARTIFACTS, 'e2e', `${name}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      async close() {
        // Late complaints (the grid reports missing modules after a debounce) are heard before the browser goes.
        if (!page.isClosed()) await page.waitForTimeout(60).catch(() => {});
        await b.close();
        await server.close();
        if (gridComplaints.length > 0) throw new Error(`ag-grid klagade i konsolen:\n${gridComplaints.join('\n')}`);
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** A console message from ag-grid itself ("AG Grid: error #200 …" for a module that is not registered). */
export function isGridComplaint(text: string): boolean {
  return /^AG Grid: (error|warning) #\d+/.test(text);
}

/** Reads a number as the UI shows it ("−1 234", with NBSP and U+2212). */
export function shownNumber(text: string): number {
  const clean = text.replace(/[\s\u00a0\u202f]/g, '').replace('\u2212', '-').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) throw new Error(`not a number on screen: ${JSON.stringify(text)}`);
  return Number(clean);
}
