// npm run dist: packages Ramkoll with electron-builder (needs internet for
// Electron). better-sqlite3 for Electron comes from .electron-native/ and is
// shipped as an extra resource, so node_modules stays built for Node. After
// packaging, the fuses are read back from each packaged binary
// (scripts/verify-fuses.mjs). README "Packaging" says what it needs.
// Usage: npm run dist -- [--win] [--mac] [--linux] (default: this platform)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const platforms = [
  ['--win', 'win32'],
  ['--mac', 'darwin'],
  ['--linux', 'linux'],
].filter(([flag]) => args.includes(flag));
const targets = platforms.length > 0 ? platforms.map(([, p]) => p) : [process.platform];

const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', 'all']);
for (const platform of targets) {
  for (const arch of platform === 'darwin' ? ['x64', 'arm64'] : ['x64']) {
    run(process.execPath, ['scripts/electron-native.mjs', `--platform=${platform}`, `--arch=${arch}`]);
  }
}
run(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...args]);
run(process.execPath, ['scripts/verify-fuses.mjs', path.join(root, 'release')]);
