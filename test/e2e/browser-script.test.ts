import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/tmp';

/**
 * Issue 15, part 9: `npm run browser` (scripts/browser.ts) shows the real UI
 * in Chromium through the test bridge when Electron cannot start. Run here
 * without a window: it makes the demo, opens Översikt, prints the address,
 * serves the renderer there, and on Ctrl+C/SIGTERM closes and removes its demo.
 */
describe('npm run browser', () => {
  it('opens Översikt on a fresh demo, prints where it is served, and cleans up when stopped', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/text-loader.mjs', 'scripts/browser.ts', '--headless'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    let db = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toMatch(/Ramkoll visas i Chromium \(Översikt\): http:\/\/127\.0\.0\.1:\d+\/index\.html/);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/index\.html)/.exec(out)![1]!;
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await res.text()).toContain('<div id="root">');
      db = /\(databas: ([^,]+), demoförvaltningen/.exec(out)![1]!;
      expect(fs.existsSync(db)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, out).toBe(0);
    expect(db).not.toBe('');
    expect(fs.existsSync(path.dirname(db))).toBe(false);
    expect(out).not.toMatch(/Error|fel/i);
  }, 90_000);

  it('--screenshot writes the 1366×768 picture of Översikt on the pinned demo (npm run screenshot: docs/screenshot-oversikt.png) and exits', () => {
    const out = path.join(tempDir('ramkoll-shot-'), 'oversikt.png');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './scripts/text-loader.mjs', 'scripts/browser.ts', '--today', '2026-11-20', '--screenshot', out], { cwd: ROOT, encoding: 'utf8', timeout: 80_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`Skärmbild av Översikt (1366×768): ${out}`);
    const png = fs.readFileSync(out);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1366, 768]);
    const npmScript = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.screenshot;
    expect(npmScript).toContain('--today 2026-11-20 --screenshot docs/screenshot-oversikt.png');
  }, 90_000);
});
