import { useRef, useState } from 'react';
import type { BackupInfo, RestoreResult } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { formatDateTime } from '../../../shared/dates';
import { toError } from '../../use-action';

const when = (iso: string) => formatDateTime(iso);
const size = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;

/** Inställningar › Säkerhetskopior: the automatic backups, a manual one, and restoring one. */
export function BackupSection() {
  const list = useApi('backup.list', {}, 'backups');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const lastTrigger = useRef<HTMLButtonElement | null>(null);

  const run = async <T,>(work: () => Promise<T>, done: (value: T) => string) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(done(await work()));
      list.reload();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  const create = () => run(() => call('backup.create', {}), (b) => `Säkerhetskopian från ${when(b.takenAt)} är sparad.`);
  const restore = (b: BackupInfo) => {
    setConfirming(null);
    return run(
      () => call('backup.restore', { name: b.name }),
      (r: RestoreResult) =>
        `Säkerhetskopian från ${when(r.restored.takenAt)} är återställd.` +
        (r.safetyBackup ? ` Läget före återställningen finns kvar som en egen säkerhetskopia (${when(r.safetyBackup.takenAt)}).` : ''),
    );
  };
  const cancel = () => {
    setConfirming(null);
    lastTrigger.current?.focus();
  };

  if (list.error) return <ErrorBanner error={list.error} />;
  if (!list.data) return <Loading />;
  const { backups, folderName, databaseName } = list.data;

  return (
    <div className="backups">
      <p className="hint">
        Ramkoll tar en säkerhetskopia före varje import, sammanslagning och uppgradering och när appen stängs. De 20 senaste sparas, och dessutom den
        senaste från varje månad. De ligger i mappen {folderName} bredvid databasen {databaseName}.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void create()} disabled={busy}>
          Ta en säkerhetskopia nu
        </button>
      </div>
      <div role="status" aria-live="polite" className="form-status" data-testid="backup-status">
        {busy ? 'Arbetar …' : message}
      </div>
      {error && <ErrorBanner error={error} />}
      {confirming && (
        <div className="banner banner-warning" role="alertdialog" aria-labelledby="restore-confirm-text" aria-modal="false">
          <p id="restore-confirm-text">
            Återställa säkerhetskopian från {when(confirming.takenAt)} ({confirming.reason})? Allt som ändrats sedan dess ersätts. Det nuvarande läget sparas först
            som en ny säkerhetskopia, så att du kan ångra återställningen.
          </p>
          <div className="actions">
            <button type="button" className="primary" autoFocus onClick={() => void restore(confirming)}>
              Återställ
            </button>
            <button type="button" onClick={cancel}>
              Avbryt
            </button>
          </div>
        </div>
      )}
      {backups.length === 0 ? (
        <p>Det finns inga säkerhetskopior ännu.</p>
      ) : (
        <table className="data-table" data-testid="backup-table">
          <caption className="visually-hidden">Säkerhetskopior, nyast först</caption>
          <thead>
            <tr>
              <th scope="col">Tagen</th>
              <th scope="col">Anledning</th>
              <th scope="col" className="num">
                Storlek
              </th>
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name} data-backup={b.name}>
                <td>{when(b.takenAt)}</td>
                <td>{b.reason}</td>
                <td className="num">{size(b.sizeBytes)}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Återställ säkerhetskopian från ${when(b.takenAt)}`}
                    onClick={(e) => {
                      lastTrigger.current = e.currentTarget;
                      setConfirming(b);
                    }}
                  >
                    Återställ …
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
