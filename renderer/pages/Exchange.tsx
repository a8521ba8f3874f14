import { useCallback, useState } from 'react';
import { ErrorBanner, Loading } from '../components/Status';
import { useApi } from '../useApi';
import { ConflictsSection } from './exchange/ConflictsSection';
import { FolderSection } from './exchange/FolderSection';
import { HistorySection } from './exchange/HistorySection';
import { describeSite } from './exchange/labels';
import { PeersSection } from './exchange/PeersSection';
import { ReceiveSection, type PackageSource } from './exchange/ReceiveSection';
import { SendSection } from './exchange/SendSection';
import { WorkbookSection } from './exchange/WorkbookSection';

/** Utbyte: packages to and from sektorchefer, the controller and Ekonomi, with conflicts that are shown instead of lost. */
export function ExchangePage() {
  const [generation, setGeneration] = useState(0);
  const overview = useApi('exchange.overview', {}, `overview-${generation}`);
  const conflicts = useApi('exchange.conflicts', {}, `conflicts-${generation}`);
  const history = useApi('exchange.history', {}, `history-${generation}`);
  const [source, setSource] = useState<PackageSource | null>(null);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const error = overview.error ?? conflicts.error ?? history.error;
  if (error) return <ErrorBanner error={error} />;
  if (!overview.data || !conflicts.data || !history.data) return <Loading />;
  const o = overview.data;

  return (
    <section aria-labelledby="exchange-title" className="exchange">
      <header className="page-header">
        <h1 id="exchange-title">Utbyte</h1>
      </header>
      <dl className="facts">
        <div>
          <dt>Den här installationen</dt>
          <dd data-testid="site-name">
            {o.site.name} ({describeSite(o.site)})
          </dd>
        </div>
        <div>
          <dt>Nyckelns fingeravtryck</dt>
          <dd className="mono">{o.site.fingerprint}</dd>
        </div>
        <div>
          <dt>Konflikter som väntar</dt>
          <dd data-testid="open-conflicts">{o.openConflicts}</dd>
        </div>
      </dl>
      <div className="exchange-columns">
        <SendSection overview={o} onSent={reload} />
        <ReceiveSection source={source} onSource={setSource} onImported={reload} />
      </div>
      {o.site.role === 'controller' && <WorkbookSection onImported={reload} />}
      <FolderSection initial={o.folder} generation={generation} onPick={setSource} />
      <ConflictsSection conflicts={conflicts.data} onResolved={reload} />
      <PeersSection overview={o} onChanged={reload} />
      <HistorySection history={history.data} />
    </section>
  );
}
