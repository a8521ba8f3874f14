// The window's first script, small and without dependencies: it asks for the
// app (React, the grid, the shell: main.tsx) and for the page in the address
// at the same time, so that the page's chunk loads while the app's larger one
// is still arriving, instead of after it. The app first: its style sheets
// (the grid's, styles.css) come before the page's in the cascade.
import { loadPage, pageIdOf } from './pages/loaders';

void import('./main');
void loadPage(pageIdOf(window.location.hash) ?? 'oversikt').catch(() => {
  // Shown by the page itself when React asks for it again (pages/index.tsx).
});
