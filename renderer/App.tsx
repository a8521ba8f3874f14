import { useEffect, useState } from 'react';
import { PAGES } from './pages/index';
import { ProgressBar } from './components/ProgressBar';
import { useApi } from './useApi';
import { openDroppedFile, startAppEvents } from './app-events';

function pageFromHash(): string {
  const id = window.location.hash.replace(/^#\/?/, '');
  return PAGES.some((p) => p.id === id) ? id : PAGES[0]!.id;
}

export function App() {
  const [pageId, setPageId] = useState(pageFromHash);
  const info = useApi('app.info', {}, 'info');

  // Menu commands and packages opened from outside (renderer/app-events.ts).
  useEffect(() => startAppEvents(), []);

  // Files dropped anywhere on the window; a page's own drop zone takes its drop first (it prevents the default).
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (e.defaultPrevented || !e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (e.defaultPrevented) return;
      // Never let the browser open the file in place of the app.
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      setDropProblem(null);
      void openDroppedFile(file).then(setDropProblem);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  useEffect(() => {
    const onHash = () => setPageId(pageFromHash());
    window.addEventListener('hashchange', onHash);
    // Alt+1 … Alt+N jump between the pages, in the menu's order.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= PAGES.length) {
        e.preventDefault();
        window.location.hash = `#/${PAGES[n - 1]!.id}`;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const page = PAGES.find((p) => p.id === pageId) ?? PAGES[0]!;
  useEffect(() => {
    document.title = `${page.title} – Ramkoll`;
  }, [page]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Hoppa till innehållet
      </a>
      <nav className="sidebar" aria-label="Huvudmeny">
        <div className="brand">Ramkoll</div>
        <ul>
          {PAGES.map((p, i) => (
            <li key={p.id}>
              <a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined} title={`${p.title} (Alt+${i + 1})`}>
                {p.title}
              </a>
            </li>
          ))}
        </ul>
        {info.data && (
          <div className="site-info" aria-label="Databas">
            <div title={info.data.databaseName}>{info.data.databaseName}</div>
            <div>Version {info.data.version}</div>
          </div>
        )}
      </nav>
      <main id="main" tabIndex={-1}>
        <ProgressBar />
        {dropProblem && (
          <div className="banner banner-error" role="alert" data-testid="drop-problem">
            <p>{dropProblem}</p>
            <button type="button" onClick={() => setDropProblem(null)}>
              Stäng
            </button>
          </div>
        )}
        {page.render()}
      </main>
    </div>
  );
}
