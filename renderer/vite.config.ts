import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../electron/security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The same CSP as the app:// responses, as a meta tag for plain-browser runs (frame-ancestors only works as a header). */
function cspMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'ramkoll-csp',
    transformIndexHtml: (html) => html.replace('%CSP%', policy),
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // No inline module-preload polyfill: the CSP allows no inline script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
  },
});
