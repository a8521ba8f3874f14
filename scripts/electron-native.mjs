// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving
// node_modules (built for Node: tests and CLI) untouched. Needs internet: it
// downloads a prebuilt binary, or Electron's headers to compile one.
// Usage: node scripts/electron-native.mjs [--platform win32|darwin|linux] [--arch x64|arm64]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { platform: { type: 'string' }, arch: { type: 'string' } } });
const platform = values.platform ?? process.platform;
const arch = values.arch ?? process.arch;
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const outDir = path.join(root, '.electron-native', `electron-${platform}-${arch}`);
const target = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'electron-version.txt');

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === electronVersion) {
  console.log(`better-sqlite3 för Electron ${electronVersion} (${platform}-${arch}) finns redan.`);
  process.exit(0);
}

const work = path.join(root, '.electron-native', 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

function run(cmd, args) {
  console.log(`> ${[cmd, ...args].join(' ')}`);
  return spawnSync(cmd, args, { cwd: work, stdio: 'inherit' }).status === 0;
}

const prebuilt = run(process.execPath, [
  path.join(root, 'node_modules/prebuild-install/bin.js'),
  '--runtime=electron',
  `--target=${electronVersion}`,
  `--platform=${platform}`,
  `--arch=${arch}`,
  '--tag-prefix=v',
]);
if (!prebuilt) {
  if (platform !== process.platform) {
    console.error('Ingen färdig binär hittades och korskompilering stöds inte. Bygg på målplattformen.');
    process.exit(1);
  }
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const nodeGyp = path.join(npmRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js');
  const built = run(process.execPath, [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);
  if (!built) {
    console.error('better-sqlite3 kunde inte byggas för Electron. Kontrollera internetanslutningen (Electrons headers hämtas från electronjs.org).');
    process.exit(1);
  }
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build/Release/better_sqlite3.node'), target);
fs.writeFileSync(stamp, `${electronVersion}\n`);
fs.rmSync(work, { recursive: true, force: true });
console.log(`Klar: ${path.relative(root, target)}`);
