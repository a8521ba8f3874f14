// npm start: build everything, make sure better-sqlite3 exists for Electron's
// ABI (in .electron-native/, not in node_modules), then launch Electron. The
// Electron binary itself is downloaded on first launch. Needs internet once.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(['scripts/build.mjs', 'all']);
step(['scripts/electron-native.mjs']);
const electron = createRequire(import.meta.url)('electron');
const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
