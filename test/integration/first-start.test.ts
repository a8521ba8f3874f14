import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/tmp';

/**
 * The first start (issue 15, part 9): `npm start` and
 * scripts/electron-native.mjs, run in a copy of the project's scripts with a
 * fake electron package (its version and ABI as the real package states
 * them; a binary only where a test gives one). Nothing is downloaded: the
 * runs without network are in a network namespace of their own.
 */

const NODE_ABI = Number(process.versions.modules);
const NODE_BUILT = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const canIsolate = process.platform === 'linux' && spawnSync('unshare', ['-rn', 'true']).status === 0;

interface FakeElectron {
  version: string;
  abi: number;
  /** A binary that runs as Node does under ELECTRON_RUN_AS_NODE: its process.versions.modules is Node's. */
  binary?: boolean;
}

function fakeProject(electron: FakeElectron): string {
  const root = tempDir('ramkoll-first-start-');
  fs.mkdirSync(path.join(root, 'scripts'));
  for (const f of ['start.mjs', 'electron-native.mjs', 'electron-check.mjs']) fs.copyFileSync(path.join(ROOT, 'scripts', f), path.join(root, 'scripts', f));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'ramkoll-fake', private: true, type: 'module', scripts: { start: 'node scripts/start.mjs' } }));
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: electron.version }));
  fs.writeFileSync(path.join(pkg, 'abi_version'), String(electron.abi));
  // What the real package does when its binary is missing: download it (here it only says so and fails).
  fs.writeFileSync(path.join(pkg, 'install.js'), "console.error('Electron failed to install correctly'); process.exit(1);\n");
  if (electron.binary) {
    fs.mkdirSync(path.join(pkg, 'dist'));
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
  }
  return root;
}

function run(root: string, command: string[], opts: { offline?: boolean } = {}) {
  const argv = opts.offline ? ['unshare', '-rn', ...command] : command;
  const started = performance.now();
  // As npm passes its settings on to a script: the nodedir that once made node-gyp use Node's headers.
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, npm_config_nodedir: '/usr', ELECTRON_OVERRIDE_DIST_PATH: '' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, seconds: (performance.now() - started) / 1000 };
}

const stampsIn = (root: string) =>
  fs.existsSync(path.join(root, '.electron-native')) ? fs.readdirSync(path.join(root, '.electron-native'), { recursive: true }).map(String).filter((f) => f.endsWith('electron-version.txt')) : [];
const target = (root: string) => path.join(root, '.electron-native', `electron-${process.platform}-${process.arch}`);

describe('npm start without network', () => {
  it.skipIf(!canIsolate)('stops within seconds with a Swedish message saying what is missing and what to do, builds nothing and leaves no stamp', () => {
    const root = fakeProject({ version: '45.4.1', abi: 150 });
    const r = run(root, ['npm', 'start', '--silent'], { offline: true });
    expect(r.code, r.out).toBe(1);
    expect(r.seconds).toBeLessThan(15);
    expect(r.out).toContain('Ramkoll kan inte startas');
    expect(r.out).toContain('Electron 45.4.1');
    expect(r.out).toContain('better-sqlite3 byggd för Electron');
    expect(r.out).toMatch(/anslut datorn till internet/i);
    expect(r.out).toContain('npm run browser');
    expect(r.out).not.toMatch(/failed to install|Klar:/);
    expect(stampsIn(root)).toEqual([]);
    // Checked before anything is built or compiled.
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    expect(fs.existsSync(path.join(root, '.electron-native', 'work'))).toBe(false);
  });

  it.skipIf(!canIsolate)('with Electron in place but no better-sqlite3 for it, names only that', () => {
    const root = fakeProject({ version: '45.4.1', abi: 150, binary: true });
    const r = run(root, ['node', 'scripts/start.mjs'], { offline: true });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('better-sqlite3 byggd för Electron');
    expect(r.out).not.toContain('Electron 45.4.1 (programmet');
    expect(stampsIn(root)).toEqual([]);
  });

  it.skipIf(!canIsolate)('scripts/electron-native.mjs alone says the same within seconds and leaves no stamp', () => {
    const root = fakeProject({ version: '45.4.1', abi: 150 });
    const r = run(root, ['node', 'scripts/electron-native.mjs'], { offline: true });
    expect(r.code, r.out).toBe(1);
    expect(r.seconds).toBeLessThan(15);
    expect(r.out).toContain('better-sqlite3 för Electron 45.4.1 saknas och kan inte hämtas');
    expect(stampsIn(root)).toEqual([]);
  });
});

describe('scripts/electron-native.mjs checks the ABI before it stamps', () => {
  it('refuses a module built for another ABI (Node’s, as a compile against npm’s nodedir gives) and stamps nothing', () => {
    expect(NODE_ABI).not.toBe(150);
    const root = fakeProject({ version: '99.1.0', abi: 150 });
    const r = run(root, ['node', 'scripts/electron-native.mjs', '--from', NODE_BUILT]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`byggd för ABI ${NODE_ABI} (Node ${process.versions.node}, inte Electron), men Electron 99.1.0 laddar ABI 150`);
    expect(r.out).not.toContain('Klar');
    expect(stampsIn(root)).toEqual([]);
    expect(fs.existsSync(path.join(target(root), 'better_sqlite3.node'))).toBe(false);
  });

  it('installs and stamps a module whose ABI is the one the Electron in use reports (its binary is asked before the package’s abi_version)', () => {
    // The package says 150, the binary (here Node under another name) reports Node's ABI: the binary wins.
    const root = fakeProject({ version: '99.1.0', abi: 150, binary: true });
    const r = run(root, ['node', 'scripts/electron-native.mjs', '--from', NODE_BUILT]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Klar: .electron-native/electron-${process.platform}-${process.arch}/better_sqlite3.node (Electron 99.1.0, ABI ${NODE_ABI}`);
    expect(fs.readFileSync(path.join(target(root), 'electron-version.txt'), 'utf8')).toBe(`99.1.0\nABI ${NODE_ABI}\n`);
    const again = run(root, ['node', 'scripts/electron-native.mjs']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('finns redan');
  });

  it('does not trust an old stamp next to a module for another ABI: it is discarded, not reported as ready', () => {
    const root = fakeProject({ version: '45.4.1', abi: 150 });
    // What the old script left behind: a Node-ABI module stamped as Electron 45.4.1's.
    fs.mkdirSync(target(root), { recursive: true });
    fs.copyFileSync(NODE_BUILT, path.join(target(root), 'better_sqlite3.node'));
    fs.writeFileSync(path.join(target(root), 'electron-version.txt'), '45.4.1\n');
    const r = run(root, ['node', 'scripts/electron-native.mjs', '--from', NODE_BUILT]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).not.toContain('finns redan');
    expect(r.out).toContain('Den befintliga better-sqlite3 för Electron kasseras');
    expect(stampsIn(root)).toEqual([]);
    expect(fs.existsSync(path.join(target(root), 'better_sqlite3.node'))).toBe(false);
  });
});
