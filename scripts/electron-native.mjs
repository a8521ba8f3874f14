// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving
// node_modules (built for Node: tests and CLI) untouched. Needs internet: it
// downloads a prebuilt binary, or Electron's headers to compile one; or it
// takes a module built elsewhere (--from FILE). Whatever the source, the
// module's own NODE_MODULE_VERSION must be the one the Electron in use loads
// before it is installed and stamped: a compile that silently used Node's
// headers (npm's `nodedir`) is refused, never stamped.
// Usage: node scripts/electron-native.mjs [--platform win32|darwin|linux] [--arch x64|arm64] [--from better_sqlite3.node]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { abiMismatch, DOWNLOADS, electronAbi, electronPackage, hostOf, nativeReady, nativeTarget, unreachable } from './electron-check.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { platform: { type: 'string' }, arch: { type: 'string' }, from: { type: 'string' } } });
const platform = values.platform ?? process.platform;
const arch = values.arch ?? process.arch;

function fail(message) {
  console.error(message);
  process.exit(1);
}

const electron = electronPackage(root);
if (!electron.version) fail(`Paketet electron saknas i ${path.relative(root, electron.dir) || electron.dir}. Kör "npm ci" först.`);
const { abi: expectedAbi, source: abiSource } = electronAbi(electron, { platform, arch });
if (expectedAbi === null) fail(`Det går inte att avgöra vilken ABI Electron ${electron.version} har (varken programmet eller ${path.join(electron.dir, 'abi_version')} finns). Kör "npm ci" på nytt.`);
const { outDir, target, stamp } = nativeTarget(root, platform, arch);

const state = nativeReady(root, platform, arch, electron.version, expectedAbi);
if (state.ready) {
  console.log(`better-sqlite3 för Electron ${electron.version} (${platform}-${arch}, ABI ${expectedAbi}) finns redan.`);
  process.exit(0);
}
// A stamp is only ever true for the module beside it: without a usable module, no stamp.
fs.rmSync(stamp, { force: true });
if (state.why) {
  console.log(`Den befintliga better-sqlite3 för Electron kasseras: ${state.why}`);
  fs.rmSync(target, { force: true });
}

/** Checks a built module and installs it with its stamp, or refuses it and leaves no stamp. */
function install(file, cleanUp = () => {}) {
  const why = fs.existsSync(file) ? abiMismatch(file, expectedAbi, electron.version) : `${file} skapades inte.`;
  if (why) {
    cleanUp();
    fail(`better-sqlite3 för Electron används inte: ${why}\nIngen modul installerades och ${path.relative(root, stamp)} skrevs inte. Bygg om med Electrons headers (kör skriptet igen med internetanslutning, utan npm-inställningen nodedir).`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const partial = `${target}.partial`;
  fs.copyFileSync(file, partial);
  fs.renameSync(partial, target);
  // The stamp is written last, for a module that is in place and checked.
  fs.writeFileSync(stamp, `${electron.version}\nABI ${expectedAbi}\n`);
  console.log(`Klar: ${path.relative(root, target)} (Electron ${electron.version}, ABI ${expectedAbi}, enligt ${abiSource}).`);
}

if (values.from) {
  if (!fs.existsSync(values.from)) fail(`Filen ${values.from} finns inte.`);
  install(values.from);
  process.exit(0);
}

// Before anything is copied or compiled: can the downloads be made at all?
const needed = platform === process.platform ? [DOWNLOADS.prebuilt, DOWNLOADS.headers] : [DOWNLOADS.prebuilt];
const missing = await unreachable(needed);
if (missing.length === needed.length) {
  fail(
    `better-sqlite3 för Electron ${electron.version} saknas och kan inte hämtas: ingen förbindelse med ${[...new Set(missing.map(hostOf))].join(' eller ')}.\n` +
      'Anslut datorn till internet (eller ange proxy med HTTPS_PROXY) och försök igen, eller ange en färdigbyggd modul med --from FIL.',
  );
}

const work = path.join(root, '.electron-native', 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

// npm passes its own settings on as npm_config_*: a `nodedir` there makes
// node-gyp compile against Node's headers whatever --target says.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)));

function run(cmd, args) {
  console.log(`> ${[cmd, ...args].join(' ')}`);
  return spawnSync(cmd, args, { cwd: work, stdio: 'inherit', env }).status === 0;
}

const prebuilt = run(process.execPath, [
  path.join(root, 'node_modules/prebuild-install/bin.js'),
  '--runtime=electron',
  `--target=${electron.version}`,
  `--platform=${platform}`,
  `--arch=${arch}`,
  '--tag-prefix=v',
]);
if (!prebuilt) {
  if (platform !== process.platform) fail('Ingen färdig binär hittades och korskompilering stöds inte. Bygg på målplattformen.');
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const nodeGyp = path.join(npmRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js');
  const built = run(process.execPath, [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electron.version}`, `--arch=${arch}`, `--dist-url=${DOWNLOADS.headers}`]);
  if (!built) fail('better-sqlite3 kunde inte byggas för Electron. Kontrollera internetanslutningen (Electrons headers hämtas från electronjs.org) och att python3, make och en C++-kompilator finns.');
}
const removeWork = () => fs.rmSync(work, { recursive: true, force: true });
install(path.join(work, 'build/Release/better_sqlite3.node'), removeWork);
removeWork();
