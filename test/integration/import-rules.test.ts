import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/tmp';

function write(dir: string, file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

/** Runs the project's dependency-cruiser rules over a small tree laid out like ours. */
function cruise(files: Record<string, string>): { code: number; out: string } {
  const dir = tempDir();
  write(dir, 'tsconfig.json', JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
  for (const [f, text] of Object.entries(files)) write(dir, f, text);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), '--config', path.join(ROOT, '.dependency-cruiser.cjs'), ...['electron', 'renderer', 'shared', 'db'].filter((d) => fs.existsSync(path.join(dir, d)))], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

const contract = { 'electron/api/contract/index.ts': 'export interface Overview { year: number }\nexport const x = 1;\n' };

describe('import rules (dependency-cruiser)', () => {
  it('accept the layout of the house', () => {
    const r = cruise({
      ...contract,
      'electron/services/money.ts': "import { x } from '../../db/index';\nexport const y = x;\n",
      'db/index.ts': 'export const x = 1;\n',
      'electron/main.ts': "import { app } from 'electron';\nimport { y } from './services/money';\nexport const z = [app, y];\n",
      'renderer/page.ts': "import type { Overview } from '../electron/api/contract/index';\nexport const o: Overview | null = null;\n",
    });
    expect(r.out).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  });

  it('fail when a renderer file imports main-side code', () => {
    const r = cruise({
      ...contract,
      'electron/services/money.ts': 'export const y = 1;\n',
      'renderer/page.ts': "import { y } from '../electron/services/money';\nexport const z = y;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/renderer-only-contract-types/);
  });

  it('fail when the renderer imports the contract at run time instead of its types', () => {
    const r = cruise({ ...contract, 'renderer/page.ts': "import { x } from '../electron/api/contract/index';\nexport const z = x;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/renderer-only-contract-types/);
  });

  it('let both sides import shared/ at run time, and keep shared/ free of Node, the DOM libraries and the rest of the code', () => {
    const ok = cruise({
      'shared/dates.ts': 'export const d = 1;\n',
      'shared/clock.ts': "import { d } from './dates';\nexport const c = d;\n",
      'renderer/page.ts': "import { c } from '../shared/clock';\nexport const z = c;\n",
      'electron/services/clock.ts': "import { c } from '../../shared/clock';\nexport const z = c;\n",
    });
    expect(ok.out).toMatch(/no dependency violations/);
    for (const bad of ["import fs from 'node:fs';\nexport const d = fs;\n", "import { x } from '../db/index';\nexport const d = x;\n", "import React from 'react';\nexport const d = React;\n"]) {
      const r = cruise({ 'db/index.ts': 'export const x = 1;\n', 'shared/dates.ts': bad });
      expect(r.code, bad).not.toBe(0);
      expect(r.out).toMatch(/shared-is-pure/);
    }
  });

  it('fail when a domain module imports electron', () => {
    const r = cruise({ 'electron/services/dialog.ts': "import { dialog } from 'electron';\nexport const d = dialog;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/electron-only-in-shell/);
  });

  it('fail when a domain module imports one of electron\'s subpath entry points', () => {
    const r = cruise({ 'electron/services/ipc.ts': "import { ipcRenderer } from 'electron/renderer';\nexport const d = ipcRenderer;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/electron-only-in-shell/);
  });

  it('fail when a domain module imports React', () => {
    const r = cruise({ 'electron/services/view.ts': "import { createElement } from 'react';\nexport const e = createElement;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/ui-libraries-only-in-renderer/);
  });

  it('fail when the database layer imports the domain', () => {
    const r = cruise({ 'electron/services/money.ts': 'export const y = 1;\n', 'db/index.ts': "import { y } from '../electron/services/money';\nexport const x = y;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/db-below-services/);
  });
  it('let the renderer take types only from contract/index.ts, not from a feature module', () => {
    const r = cruise({
      ...contract,
      'electron/api/features/ledger.ts': 'export interface BatchInfo { id: string }\n',
      'renderer/page.ts': "import type { BatchInfo } from '../electron/api/features/ledger';\nexport const b: BatchInfo | null = null;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/renderer-types-only-from-contract/);
  });

  it('fail when contract/index.ts runs a feature module instead of taking its types', () => {
    const r = cruise({
      'electron/api/features/ledger.ts': 'export const ledgerChannels = {};\n',
      'electron/api/contract/index.ts': "import { ledgerChannels } from '../features/ledger';\nexport const x = ledgerChannels;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/contract-types-only-from-features/);
  });

  it('keep the preload and its allow-list to names only', () => {
    const layout = {
      'electron/api/channel-names.ts': "export const CHANNELS = ['app.info'] as const;\n",
      'electron/api/features/core.ts': 'export const coreChannels = {};\n',
    };
    const ok = cruise({
      ...layout,
      'electron/api/channels.ts': "import { CHANNELS } from './channel-names';\nexport { CHANNELS };\n",
      'electron/preload.ts': "import { contextBridge } from 'electron';\nimport { CHANNELS } from './api/channels';\nexport const p = [contextBridge, CHANNELS];\n",
    });
    expect(ok.out).toMatch(/no dependency violations/);
    const fromFeatures = cruise({
      ...layout,
      'electron/api/channels.ts': "import { coreChannels } from './features/core';\nexport const CHANNELS = Object.keys(coreChannels);\n",
      'electron/preload.ts': "import { CHANNELS } from './api/channels';\nexport const p = CHANNELS;\n",
    });
    expect(fromFeatures.code).not.toBe(0);
    expect(fromFeatures.out).toMatch(/allow-list-names-only/);
    const zodInPreload = cruise({ ...layout, 'electron/preload.ts': "import { z } from 'zod';\nexport const p = z;\n" });
    expect(zodInPreload.code).not.toBe(0);
    expect(zodInPreload.out).toMatch(/preload-names-only/);
  });

  it('fail when a service imports the API', () => {
    const r = cruise({ 'electron/api/context.ts': 'export const c = 1;\n', 'electron/services/money.ts': "import { c } from '../api/context';\nexport const y = c;\n" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/services-below-api/);
  });
});
