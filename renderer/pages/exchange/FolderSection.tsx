import { useEffect, useState } from 'react';
import type { FolderState } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { dateTime } from './labels';
import type { PackageSource } from './ReceiveSection';

const POLL_MS = 10_000;

interface Props {
  initial: FolderState;
  /** Bumped by the page after an import, to read the folder again. */
  generation: number;
  onPick(source: PackageSource): void;
}

/** The watched exchange folder: packages addressed to this installation are offered for import when they appear. */
export function FolderSection({ initial, generation, onPick }: Props) {
  const [state, setState] = useState<FolderState>(initial);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    let live = true;
    const scan = () =>
      call('exchange.folder.get', {}).then(
        (s) => live && setState(s),
        (e: unknown) => live && setError(e as Error),
      );
    void scan();
    const timer = window.setInterval(() => void scan(), POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [generation]);

  const choose = async () => {
    setError(null);
    try {
      // A save dialog lets the user open the folder and confirm it; the file name itself is not used.
      const file = await call('files.save', { title: 'Välj utbytesmappen: öppna mappen och klicka Spara', defaultName: 'ramkoll-utbytesmapp', filters: [{ name: 'Mapp', extensions: ['ramkoll'] }] });
      if (file) setState(await call('exchange.folder.set', { file: file.ref }));
    } catch (e) {
      setError(e as Error);
    }
  };

  const stop = async () => {
    setError(null);
    try {
      setState(await call('exchange.folder.set', { file: null }));
    } catch (e) {
      setError(e as Error);
    }
  };

  const waiting = state.packages.filter((p) => !p.imported);
  return (
    <section aria-labelledby="folder-title" className="card">
      <h2 id="folder-title">Utbytesmapp</h2>
      {state.folderName ? (
        <p>
          Bevakar mappen <strong>{state.folderName}</strong>
          {!state.exists && ' (mappen finns inte just nu)'}. Paket som är adresserade hit visas här när de dyker upp.
        </p>
      ) : (
        <p className="hint">Välj en mapp som ni delar (till exempel en synkroniserad mapp); paket till den här installationen visas då här när de dyker upp.</p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void choose()}>
          {state.folderName ? 'Byt mapp…' : 'Välj mapp…'}
        </button>
        {state.folderName && (
          <button type="button" onClick={() => void stop()}>
            Sluta bevaka
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      {state.folderName && (
        <div aria-live="polite" data-testid="folder-packages">
          {waiting.length === 0 ? (
            <p className="hint">Inga nya paket till dig i mappen.</p>
          ) : (
            <ul className="plain">
              {waiting.map((p) => (
                <li key={p.packageId}>
                  {p.fileName} från {p.from.name ?? 'en ny avsändare'}, skapat {dateTime(p.created)}{' '}
                  <button type="button" onClick={() => onPick({ kind: 'folder', packageId: p.packageId, fileName: p.fileName })}>
                    Visa och läs in
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
