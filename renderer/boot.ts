// The window's first script, small and without dependencies: it asks for the
// app (React, the grid, the shell: main.tsx) and for the page in the address
// at the same time, so that the page's chunk loads while the app's larger one
// is still arriving, instead of after it. The app first: its style sheets
// (the grid's, styles.css) come before the page's in the cascade.
// Uppföljning's first data is asked for here too (pages/followup/early-asks.ts), so that the main process builds
// the figure tree while the scripts load.
import { askFollowUpEarly } from './pages/followup/early-asks';
import { loadPage, pageIdOf } from './pages/loaders';

const pageId = pageIdOf(window.location.hash) ?? 'oversikt';
void import('./main');
void loadPage(pageId).catch(() => {
  // Shown by the page itself when React asks for it again (pages/index.tsx).
});
if (pageId === 'uppfoljning') askFollowUpEarly(linksLoaded());

/**
 * When the scripts and style sheets the two imports above asked for have arrived: the build's loader adds a
 * <link> for each of them at once (rel=modulepreload or stylesheet), before it imports. A timer stands in for
 * a link that never reports.
 */
function linksLoaded(): Promise<unknown> {
  const links = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"], link[rel="stylesheet"]')];
  const each = links.map((l) => new Promise<void>((done) => {
    l.addEventListener('load', () => done(), { once: true });
    l.addEventListener('error', () => done(), { once: true });
  }));
  return Promise.race([Promise.all(each), new Promise((done) => window.setTimeout(done, 3000))]);
}
