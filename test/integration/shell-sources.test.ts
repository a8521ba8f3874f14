import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { ROOT } from '../support/tmp';

/**
 * Checks over the shell's source text that no unit test could make: every
 * IPC handler sits behind the sender check, the preload talks only over
 * channels that have one, and nothing hands a URL or path to the system.
 */
function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Comments may name what the code must not do; only code counts.
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    out.push({ file: path.relative(ROOT, file), text });
  }
  return out;
}

const electron = sources('electron');
const renderer = sources('renderer');

describe('the shell in its sources', () => {
  it('wraps every ipcMain handler in the sender check (guarded)', () => {
    const calls = electron.flatMap(({ file, text }) => [...text.matchAll(/ipcMain\s*\.\s*(\w+)\s*\(([\s\S]{0,200})/g)].map((m) => ({ file, method: m[1]!, args: m[2]! })));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(['handle', 'handleOnce', 'on', 'once'], `${c.file}: ipcMain.${c.method}`).toContain(c.method);
      expect(c.args, `${c.file}: ipcMain.${c.method} must be ipcMain.${c.method}(CHANNEL, guarded(…))`).toMatch(/^\s*[A-Za-z_$][\w$.]*\s*,\s*guarded\s*\(/);
    }
    // Nothing reaches ipcMain another way (no aliasing, no removal of the guard).
    for (const { file, text } of electron) {
      if (/\bipcMain\b/.test(text)) expect(file, 'ipcMain is used only in electron/shell/ipc.ts').toBe(path.join('electron', 'shell', 'ipc.ts'));
    }
  });

  it('lets the preload send only over channels whose main side is guarded, and expose only window.ramkoll', () => {
    const preload = electron.find((s) => s.file === path.join('electron', 'preload.ts'))!.text;
    const sends = [...preload.matchAll(/ipcRenderer\s*\.\s*(invoke|send|sendSync|postMessage)\s*\(\s*([\w$]+)/g)].map((m) => m[2]!);
    expect(sends.length).toBeGreaterThan(0);
    const handled = electron.flatMap(({ text }) => [...text.matchAll(/ipcMain\s*\.\s*\w+\s*\(\s*([\w$]+)\s*,\s*guarded/g)].map((m) => m[1]!));
    for (const channel of sends) expect(handled, `preload sends over ${channel}`).toContain(channel);
    expect([...preload.matchAll(/exposeInMainWorld\s*\(\s*'([^']+)'/g)].map((m) => m[1])).toEqual(['ramkoll']);
  });

  it('never hands a URL or a path from the page or a file to the system (no shell.openExternal)', () => {
    for (const { file, text } of [...electron, ...renderer]) {
      expect(text.includes('openExternal'), `${file} mentions openExternal`).toBe(false);
      for (const m of text.matchAll(/shell\s*\.\s*(\w+)\s*\(([^)]*)\)/g)) {
        expect(`${m[1]}(${m[2]})`, `${file}: only the app's own log folder may be opened`).toBe('openPath(log.dir)');
      }
    }
  });

  it('ships the CSP in the built index.html as well as in the response headers', () => {
    const html = fs.readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    // frame-ancestors works only as a header, so the meta tag leaves it out.
    expect(meta?.[1]).toBe(
      CONTENT_SECURITY_POLICY.split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; '),
    );
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  });
});
