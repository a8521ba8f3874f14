// What `npm start` and scripts/electron-native.mjs need to know before they
// spend minutes on a download or a compile: is the Electron binary there,
// which ABI (NODE_MODULE_VERSION) does it load native modules for, which ABI
// was a better_sqlite3.node built for, and can the hosts the downloads come
// from be reached at all. Plain Node, no dependencies: it runs before
// anything is built.
import { spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The electron package in node_modules: its version, where its binary is, and the ABI the package says it has. */
export function electronPackage(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  let version = null;
  try {
    version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { dir, version: null, binary: null, packageAbi: null };
  }
  // As node_modules/electron/index.js finds it, without its download-on-require.
  const pathFile = path.join(dir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  let binary = null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron');
  else if (executable) binary = path.join(dir, 'dist', executable);
  if (binary && !fs.existsSync(binary)) binary = null;
  const abiFile = path.join(dir, 'abi_version');
  const packageAbi = fs.existsSync(abiFile) ? Number.parseInt(fs.readFileSync(abiFile, 'utf8').trim(), 10) || null : null;
  return { dir, version, binary, packageAbi };
}

/**
 * The ABI the Electron in use loads native modules for: asked of the binary
 * itself when it is there and runs on this machine (process.versions.modules
 * under ELECTRON_RUN_AS_NODE), else what the package states (abi_version,
 * shipped with the package, so known before the binary is downloaded).
 */
export function electronAbi(pkg, { platform = process.platform, arch = process.arch } = {}) {
  if (pkg.binary && platform === process.platform && arch === process.arch) {
    const r = spawnSync(pkg.binary, ['-p', 'process.versions.modules'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const abi = Number.parseInt((r.stdout ?? '').trim(), 10);
    if (r.status === 0 && Number.isInteger(abi)) return { abi, source: `${pkg.binary}` };
  }
  if (pkg.packageAbi) return { abi: pkg.packageAbi, source: path.join(pkg.dir, 'abi_version') };
  return { abi: null, source: null };
}

/**
 * The NODE_MODULE_VERSION a native module was compiled for. A module built
 * with node-gyp against Node's or Electron's headers exports
 * node_register_module_v<ABI> (NODE_MODULE_INIT); the name is in the file's
 * export table as plain text on Linux, macOS and Windows alike.
 */
export function moduleAbi(file) {
  const bytes = fs.readFileSync(file);
  const found = new Set();
  const marker = Buffer.from('node_register_module_v', 'latin1');
  for (let i = bytes.indexOf(marker); i !== -1; i = bytes.indexOf(marker, i + marker.length)) {
    let j = i + marker.length;
    let digits = '';
    while (j < bytes.length && bytes[j] >= 0x30 && bytes[j] <= 0x39) digits += String.fromCharCode(bytes[j++]);
    if (digits) found.add(Number(digits));
  }
  // None, or more than one: not a module we can vouch for.
  return found.size === 1 ? [...found][0] : null;
}

/** Why a built module may not be used with this Electron, in Swedish; null when it may. */
export function abiMismatch(file, expectedAbi, electronVersion) {
  const abi = moduleAbi(file);
  if (abi === null) return `${file} är ingen modul byggd för Node eller Electron (ingen NODE_MODULE_VERSION hittades i filen).`;
  if (abi !== expectedAbi) {
    return `${file} är byggd för ABI ${abi}${abi === Number(process.versions.modules) ? ` (Node ${process.versions.node}, inte Electron)` : ''}, men Electron ${electronVersion} laddar ABI ${expectedAbi}.`;
  }
  return null;
}

/** The proxy the downloads go through, if the environment names one (as npm and @electron/get read it). */
function proxyUrl() {
  const value = process.env.npm_config_https_proxy || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.npm_config_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function connects(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function reachable(url, timeoutMs) {
  const proxy = proxyUrl();
  const target = proxy ?? new URL(url);
  const port = Number(target.port) || (target.protocol === 'http:' ? 80 : 443);
  const lookup = dns.lookup(target.hostname).then(
    () => true,
    () => false,
  );
  const timer = new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  if (!(await Promise.race([lookup, timer]))) return false;
  return connects(target.hostname, port, timeoutMs);
}

/**
 * Which of the given download locations cannot be reached (name resolution
 * and a TCP connection, through the configured proxy if there is one),
 * within a few seconds in all.
 */
export async function unreachable(urls, timeoutMs = 4000) {
  const results = await Promise.all(urls.map(async (url) => ((await reachable(url, timeoutMs)) ? null : url)));
  return results.filter((u) => u !== null);
}

/** Where the downloads come from (mirrors as npm, @electron/get and prebuild-install read them). */
export const DOWNLOADS = {
  electron: process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/',
  prebuilt: process.env.npm_config_better_sqlite3_binary_host || process.env.npm_config_better_sqlite3_binary_host_mirror || 'https://github.com/WiseLibs/better-sqlite3/releases/download/',
  headers: 'https://electronjs.org/headers',
};

export function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The paths of better-sqlite3 for Electron on a platform, as the app looks for it (electron/shell/native-binding.ts). */
export function nativeTarget(root, platform, arch) {
  const outDir = path.join(root, '.electron-native', `electron-${platform}-${arch}`);
  return { outDir, target: path.join(outDir, 'better_sqlite3.node'), stamp: path.join(outDir, 'electron-version.txt') };
}

/**
 * Is the better-sqlite3 in .electron-native/ ready for this Electron: the
 * stamp names its version and the module's own ABI is Electron's. A stamp
 * next to a module for another ABI (an old build against Node's headers)
 * does not count.
 */
export function nativeReady(root, platform, arch, electronVersion, expectedAbi) {
  const { target, stamp } = nativeTarget(root, platform, arch);
  if (!fs.existsSync(target) || !fs.existsSync(stamp)) return { ready: false, why: null };
  if (fs.readFileSync(stamp, 'utf8').trim().split('\n')[0] !== electronVersion) return { ready: false, why: null };
  const why = expectedAbi === null ? 'Electrons ABI är okänd.' : abiMismatch(target, expectedAbi, electronVersion);
  return { ready: why === null, why };
}
