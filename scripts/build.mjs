// Builds what the CLI, the app and the tests run: the Node side with esbuild
// (fast, runs on every `npm ci` through "prepare"), the renderer with Vite.
// Usage: node scripts/build.mjs node|electron|renderer|all
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // The demo's HR export (resources/demo/*.csv) is bundled as its text, as the JSON resources are as objects.
  loader: { '.csv': 'text' },
  // Pure-JS dependencies are bundled: one file loads far faster than
  // hundreds (the CLI starts in a fraction of the time). The native
  // better-sqlite3 the big, lazily loaded Excel and Word libraries and playwright-core (which finds its own files at run time) stay in node_modules.
  external: ['better-sqlite3', 'exceljs', '@e965/xlsx', 'docx', 'playwright-core'],
};

// Bundled CommonJS dependencies call require() for Node's built-ins.
const esmRequire = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

async function buildNode() {
  await build({
    ...common,
    entryPoints: { ramkoll: 'electron/cli/ramkoll.ts', worker: 'electron/api/worker.ts', 'ledger-range-worker': 'electron/services/ledger/range-worker.ts' },
    outdir: 'dist/node',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: `#!/usr/bin/env node\n${esmRequire}` },
  });
  fs.chmodSync(path.join(root, 'dist/node/ramkoll.mjs'), 0o755);
}

async function buildElectron() {
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'dist/electron',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: esmRequire },
    external: [...common.external, 'electron'],
  });
  // A sandboxed preload is plain CommonJS and may require nothing but electron.
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
}

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

if (what === 'node' || what === 'all') await buildNode();
if (what === 'electron' || what === 'all') await buildElectron();
if (what === 'renderer' || what === 'all') await buildRenderer();
