import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_EXTENSION } from '../../electron/shell/open-files';
import { expectedFuses, FUSE_STATE, packagedBinaries } from '../../scripts/verify-fuses.mjs';
import { ROOT, tempDir } from '../support/tmp';

/**
 * electron-builder.yml, checked without running electron-builder (which
 * needs to download Electron): valid against the JSON schema that
 * electron-builder itself ships, and saying what issue 9 asks for.
 */
type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  portable: Record<string, unknown>;
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
  fileAssociations: { ext: string; name: string; mimeType?: string }[];
  extraResources: { from: string; to: string; filter: string[] }[];
  asarUnpack: string[];
  files: string[];
  directories: { buildResources: string; output: string };
};
const config = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { productName: string; main: string; scripts: Record<string, string> };

function validator() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches mistakes (a misspelt option, a wrong type)', () => {
    const validate = validator();
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: false } })).toBe(false);
    expect(validate({ ...config, asar: 'ja' })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } })).toBe(false);
  });

  it('sets the fuses: no run-as-node, no NODE_OPTIONS or inspect arguments, asar integrity on, app only from the asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every key is a fuse that @electron/fuses knows, as dist.mjs checks them after packaging.
    const wanted = expectedFuses(config.electronFuses);
    expect(wanted).toMatchObject({ RunAsNode: FUSE_STATE.DISABLE, OnlyLoadAppFromAsar: FUSE_STATE.ENABLE, EnableEmbeddedAsarIntegrityValidation: FUSE_STATE.ENABLE });
    expect(() => expectedFuses({ runAsNodes: false })).toThrow(/okänd fuse/);
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(fs.readFileSync(path.join(ROOT, 'scripts', 'dist.mjs'), 'utf8')).toContain('scripts/verify-fuses.mjs');
  });

  it('finds the packaged binaries whose fuses it reads back', () => {
    const release = tempDir();
    fs.mkdirSync(path.join(release, 'win-unpacked'));
    fs.writeFileSync(path.join(release, 'win-unpacked', 'Ramkoll.exe'), '');
    fs.mkdirSync(path.join(release, 'linux-unpacked'));
    fs.writeFileSync(path.join(release, 'linux-unpacked', 'ramkoll'), '');
    expect(packagedBinaries(release).map((f) => path.relative(release, f)).sort()).toEqual([path.join('linux-unpacked', 'ramkoll'), path.join('win-unpacked', 'Ramkoll.exe')]);
  });

  it('packs the app into an asar archive, with native code outside it: better-sqlite3 built for Electron in resources/native', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: '.electron-native/electron-${platform}-${arch}', to: 'native', filter: ['better_sqlite3.node'] });
    // Where the app looks for it when packaged (electron/shell/native-binding.ts).
    const binding = fs.readFileSync(path.join(ROOT, 'electron', 'shell', 'native-binding.ts'), 'utf8');
    expect(binding).toContain("path.join(process.resourcesPath, 'native', 'better_sqlite3.node')");
    // Where scripts/electron-native.mjs puts it (the paths are in electron-check.mjs).
    expect(fs.readFileSync(path.join(ROOT, 'scripts', 'electron-check.mjs'), 'utf8')).toContain("path.join(root, '.electron-native', `electron-${platform}-${arch}`)");
    // The Node build of better-sqlite3 never ships.
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json', '!node_modules/better-sqlite3/build/**']));
    expect(pkg.main.startsWith('dist/')).toBe(true);
  });

  it('installs per user on Windows without admin rights (NSIS), and has a portable build that asks for none', () => {
    expect(config.win.target).toEqual(expect.arrayContaining(['nsis', 'portable']));
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, packElevateHelper: false, oneClick: false, deleteAppDataOnUninstall: false });
    expect(config.portable).toMatchObject({ requestExecutionLevel: 'user' });
  });

  it('builds a dmg for macOS and an AppImage and a deb for Linux', () => {
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });

  it('associates .ramkoll packages with the app, as the shell expects them', () => {
    expect(config.fileAssociations).toHaveLength(1);
    expect(`.${config.fileAssociations[0]!.ext}`).toBe(PACKAGE_EXTENSION);
    expect(config.fileAssociations[0]!.mimeType).toMatch(/^application\//);
  });

  it('takes the name and the icon from the project', () => {
    expect(config.productName).toBe(pkg.productName);
    expect(config.directories.buildResources).toBe('resources');
    for (const icon of [config.win.icon, config.mac.icon, config.linux.icon]) {
      const file = path.join(ROOT, 'resources', icon);
      const png = fs.readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // electron-builder needs at least 512 × 512 for the macOS icon.
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    }
  });
});
