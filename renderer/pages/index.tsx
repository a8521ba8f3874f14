import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from '../components/Status';
import { loadPage } from './loaders';

export interface PageDef {
  id: string;
  title: string;
  render(): ReactNode;
}

/**
 * Each page is its own chunk (React.lazy over pages/loaders.ts): the window's
 * first paint parses only the shell, React, the grid and the page it opens
 * on, not the other seven pages (a third of the app's own code).
 */
function page(id: string, title: string): PageDef {
  const Page = lazy(() => loadPage(id).then((c) => ({ default: c })));
  return {
    id,
    title,
    render: () => (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    ),
  };
}

export const PAGES: readonly PageDef[] = [
  page('oversikt', 'Översikt'),
  page('budget', 'Budget'),
  page('import', 'Import'),
  page('uppfoljning', 'Uppföljning'),
  page('mal', 'Mål'),
  page('rapporter', 'Rapporter'),
  page('utbyte', 'Utbyte'),
  page('installningar', 'Inställningar'),
];
