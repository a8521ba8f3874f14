/**
 * npm run browser: the real user interface (dist/renderer) in Chromium
 * through the test bridge, for when Electron cannot start (no network on the
 * first start, no Electron binary). window.ramkoll is wired to the same
 * handler map as the app; file dialogs are asked in this terminal instead.
 *
 *   npm run browser                      # a fresh demo förvaltning in a temporary folder
 *   npm run browser -- --db min.db       # an existing database (or a new, empty one)
 *   npm run browser -- --headless        # no window: prints the address and waits (used by the test)
 *   npm run browser -- --today 2027-03-15   # the app (and a new demo) as on that day (RAMKOLL_TODAY)
 *   npm run screenshot                   # docs/screenshot-oversikt.png: Översikt at 1366×768 on the demo of 2026-11-20
 *
 * The page works only in the Chromium window this script opens: an ordinary
 * browser at the printed address has no window.ramkoll.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { ChosenFile, DatabaseHost, FileDialogs, FileFilter, HandlerContext } from '../electron/api/context';
import { systemClock } from '../electron/services/clock';
import { localSite, openRamkollDatabase } from '../electron/services/setup';
import { CHROMIUM, launchApp, type AppSession } from '../test/support/bridge';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { db: { type: 'string' }, headless: { type: 'boolean' }, today: { type: 'string' }, screenshot: { type: 'string' } } });
// As RAMKOLL_TODAY (the demo and the app follow it): a picture of the demo is then the same on any day.
if (values.today) process.env.RAMKOLL_TODAY = values.today;

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html')) || !fs.existsSync(path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'))) {
  stop('dist/ saknas: kör "npm run build" först (npm run browser gör det själv).');
}
if (!fs.existsSync(CHROMIUM)) stop(`Chromium finns inte på ${CHROMIUM}. Installera det (Debian/Ubuntu: sudo apt-get install chromium) eller ange RAMKOLL_CHROMIUM.`);

let file: string;
let tempDir: string | null = null;
if (values.db) {
  file = path.resolve(values.db);
} else {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ramkoll-browser-'));
  file = path.join(tempDir, 'demo.db');
  console.log('Skapar demoförvaltningen …');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'node', 'ramkoll.mjs'), 'init', '--db', file, '--demo'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) stop('Demodatabasen kunde inte skapas (se meddelandet ovan).');
}

const terminal = createInterface({ input: process.stdin, output: process.stdout });
async function askPath(question: string, filters: FileFilter[]): Promise<ChosenFile | null> {
  const kinds = filters.map((f) => `${f.name} (${f.extensions.map((e) => `.${e}`).join(', ')})`).join('; ');
  const answer = (await terminal.question(`${question}${kinds ? ` – ${kinds}` : ''}\nSökväg (tom rad avbryter): `)).trim();
  return answer === '' ? null : { ref: path.resolve(answer), name: path.basename(answer) };
}
const dialogs: FileDialogs = {
  open: (o) => askPath(`Öppna: ${o.title}`, o.filters),
  save: (o) => askPath(`Spara: ${o.title} (förslag: ${o.defaultName})`, o.filters),
};

// RAMKOLL_TODAY pins the date here too, as in the app and the CLI.
const clock = systemClock();
let opened = await openRamkollDatabase(file, { create: true }, clock.now());
const database: DatabaseHost = {
  async whileClosed(run) {
    opened.db.close();
    try {
      return await run();
    } finally {
      opened = await openRamkollDatabase(file, { create: true }, clock.now());
    }
  },
};
const ctx: HandlerContext = {
  get db() {
    return opened.db;
  },
  get site() {
    return localSite(opened.db);
  },
  database,
  user: os.userInfo().username,
  now: () => clock.now(),
  progress: () => {},
  signal: new AbortController().signal,
  files: { readable: (ref) => path.resolve(ref), writable: (ref) => path.resolve(ref) },
  dialogs,
};

let closing = false;
const headless = (values.headless ?? false) || values.screenshot !== undefined;
let app: AppSession;
try {
  app = await launchApp(ctx, { headless, viewport: headless ? { width: 1366, height: 768 } : null });
} catch (e) {
  opened.db.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  stop(
    `Chromium kunde inte öppna ett fönster: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n` +
      'Det behövs ett skrivbord (en skärm): över ssh utan X11/Wayland går det inte. Kör "npm run browser" på datorn med skärmen.',
  );
}
await app.open('oversikt');
const heading = await app.page.locator('main h1').innerText();
if (values.screenshot) {
  // Översikt whole: its grid's rows drawn and nothing still loading.
  await app.page.waitForSelector('[data-testid="overview-grid"] .ag-row');
  await app.page.waitForLoadState('networkidle');
  await app.page.screenshot({ path: path.resolve(values.screenshot) });
  console.log(`Skärmbild av ${heading} (1366×768): ${values.screenshot}`);
  await close(0);
}
console.log(`Ramkoll visas i Chromium (${heading}): ${app.origin}/index.html (databas: ${file}${tempDir ? ', demoförvaltningen, tas bort när du avslutar' : ''})`);
console.log(headless ? 'Utan fönster. Avsluta med Ctrl+C.' : 'Stäng fönstret eller tryck Ctrl+C för att avsluta.');

async function close(code: number) {
  if (closing) return;
  closing = true;
  terminal.close();
  await app?.close().catch(() => {});
  opened.db.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}
app.page.on('close', () => void close(0));
process.on('SIGINT', () => void close(0));
process.on('SIGTERM', () => void close(0));
