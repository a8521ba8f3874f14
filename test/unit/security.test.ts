import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl, resolveAppFile, responseHeaders, secureWebPreferences } from '../../electron/security';

describe('window security baseline', () => {
  it('isolates the page from Node and Electron', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: '/app/preload.cjs',
    });
  });

  it('has a strict CSP: nothing remote, no inline script, no eval', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
    expect(responseHeaders('/x/index.html')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('treats only app://ramkoll as the app', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://ramkoll/assets/x.js')).toBe(true);
    for (const url of ['https://ramkoll/index.html', 'app://evil/index.html', 'file:///etc/passwd', 'app://user:pw@ramkoll/', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('serves only files inside the renderer folder', () => {
    const dir = path.resolve('/srv/renderer');
    expect(resolveAppFile(dir, 'app://ramkoll/')).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://ramkoll/assets/index.js')).toBe(path.join(dir, 'assets', 'index.js'));
    // The URL parser folds literal and %2e dot segments into the root itself.
    expect(resolveAppFile(dir, 'app://ramkoll/../../secret')).toBe(path.join(dir, 'secret'));
    expect(resolveAppFile(dir, 'app://ramkoll/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(dir, 'etc', 'passwd'));
    // Encoded separators survive the parser and are caught here.
    for (const url of ['app://ramkoll/assets/..%2f..%2fsecret', 'app://ramkoll/a%5c..%5c..%5csecret', 'app://ramkoll/x%00.js', 'app://other/index.html']) {
      expect(resolveAppFile(dir, url), url).toBeNull();
    }
  });
});
