// npm start: check first what the app needs from outside (the Electron
// binary, better-sqlite3 built for Electron's ABI in .electron-native/) and
// whether the network can bring what is missing, and say in Swedish what to
// do if it cannot, within seconds; then download what is missing, build
// everything and launch Electron. Needs internet once.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOWNLOADS, electronAbi, electronPackage, hostOf, nativeReady, unreachable } from './electron-check.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const stop = (lines) => {
  console.error(lines.join('\n'));
  process.exit(1);
};
const browserHint = 'Gränssnittet går att prova utan Electron i Chromium: "npm run browser" (se README, "Without Electron").';

let electron = electronPackage(root);
if (!electron.version) stop(['Paketet electron saknas i node_modules. Kör "npm ci" först.']);
const nativeOk = () => nativeReady(root, process.platform, process.arch, electron.version, electronAbi(electron).abi).ready;

const missing = [];
const hosts = [];
if (!electron.binary) {
  missing.push(`Electron ${electron.version} (programmet hämtas första gången från ${hostOf(DOWNLOADS.electron)})`);
  hosts.push(DOWNLOADS.electron);
}
if (!nativeOk()) {
  missing.push(`better-sqlite3 byggd för Electron (hämtas från ${hostOf(DOWNLOADS.prebuilt)} eller byggs med Electrons headers från ${hostOf(DOWNLOADS.headers)})`);
  hosts.push(DOWNLOADS.prebuilt, DOWNLOADS.headers);
}
if (missing.length > 0) {
  const unique = [...new Set(hosts)];
  const down = await unreachable(unique);
  // The Electron binary has one source; better-sqlite3 has two (a prebuilt, or headers to compile).
  const electronBlocked = !electron.binary && down.includes(DOWNLOADS.electron);
  const nativeBlocked = !nativeOk() && down.includes(DOWNLOADS.prebuilt) && down.includes(DOWNLOADS.headers);
  if (electronBlocked || nativeBlocked) {
    stop([
      'Ramkoll kan inte startas: det här saknas och kan inte hämtas, eftersom datorn inte når ' + [...new Set(down.map(hostOf))].join(', ') + ':',
      ...missing.map((m) => `  – ${m}`),
      'Gör så här: anslut datorn till internet (bakom en proxy: ange den i HTTPS_PROXY) och kör "npm start" igen. Det behövs bara första gången.',
      browserHint,
    ]);
  }
}

if (!electron.binary) {
  console.log(`Hämtar Electron ${electron.version} …`);
  const r = spawnSync(process.execPath, [path.join(electron.dir, 'install.js')], { cwd: root, stdio: 'inherit' });
  electron = electronPackage(root);
  if (r.status !== 0 || !electron.binary) {
    stop([`Electron ${electron.version} kunde inte hämtas (se meddelandet ovan). Ta bort mappen node_modules/electron, kör "npm ci" och sedan "npm start" igen.`, browserHint]);
  }
}
step(['scripts/build.mjs', 'all']);
step(['scripts/electron-native.mjs']);
const child = spawn(electron.binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
