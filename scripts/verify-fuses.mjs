// Reads the Electron fuses back from packaged binaries and compares them with
// electron-builder.yml's electronFuses, so a build whose fuses did not take
// fails instead of shipping. Run by scripts/dist.mjs after electron-builder;
// also: node scripts/verify-fuses.mjs [release-folder]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';

/** The wire's bytes, as @electron/fuses reads them ('0' off, '1' on); its FuseState enum is not exported. */
export const FUSE_STATE = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** electronFuses (camelCase keys) as FuseV1Options name → wanted state. Throws on a key @electron/fuses does not know. */
export function expectedFuses(electronFuses) {
  const out = {};
  for (const [key, on] of Object.entries(electronFuses ?? {})) {
    const name = key.charAt(0).toUpperCase() + key.slice(1);
    if (!(name in FuseV1Options)) throw new Error(`electron-builder.yml: okänd fuse ${key}`);
    out[name] = on ? FUSE_STATE.ENABLE : FUSE_STATE.DISABLE;
  }
  return out;
}

/** The Electron binaries electron-builder leaves unpacked in the release folder. */
export function packagedBinaries(releaseDir) {
  const found = [];
  if (!fs.existsSync(releaseDir)) return found;
  for (const entry of fs.readdirSync(releaseDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(releaseDir, entry.name);
    for (const candidate of ['Ramkoll.exe', 'ramkoll', 'Ramkoll.app']) {
      if (fs.existsSync(path.join(dir, candidate))) found.push(path.join(dir, candidate));
    }
  }
  return found;
}

export async function verifyFuses(releaseDir = path.join(root, 'release')) {
  const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const wanted = expectedFuses(config.electronFuses);
  const binaries = packagedBinaries(releaseDir);
  if (binaries.length === 0) throw new Error(`Inga paketerade program hittades i ${releaseDir}.`);
  for (const binary of binaries) {
    const wire = await getCurrentFuseWire(binary);
    for (const [name, state] of Object.entries(wanted)) {
      const actual = wire[FuseV1Options[name]];
      if (actual !== state) throw new Error(`${binary}: fuse ${name} är ${actual}, ska vara ${state}.`);
    }
    console.log(`Fuses kontrollerade: ${path.relative(root, binary)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  verifyFuses(process.argv[2]).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
