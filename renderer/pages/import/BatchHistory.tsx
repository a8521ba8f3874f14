import { useState } from 'react';
import type { BatchInfo } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { ErrorBanner, Loading } from '../../components/Status';
import type { ApiState } from '../../useApi';
import { formatKr } from './CheckView';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { formatCount } from '../../format';
import { toError } from '../../use-action';

/** Every outcome import, newest first, with undo for the latest of its periods. */
export function BatchHistory({ state, onUndone }: { state: ApiState<BatchInfo[]>; onUndone(): void }) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const undo = async (b: BatchInfo) => {
    const ok = await confirm({
      title: `Ångra inläsningen av ${b.fileName}?`,
      message: 'Utfallet som inläsningen ersatte återställs. En säkerhetskopia tas först.',
      confirmLabel: 'Ångra inläsningen',
      destructive: true,
    });
    if (!ok) return;
    setBusy(b.id);
    setError(null);
    try {
      await call('ledger.batches.undo', { batchId: b.id });
      onUndone();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="history-title">
      {confirmDialog}
      <h2 id="history-title">Inläsningar</h2>
      {error && <ErrorBanner error={error} />}
      {state.error && <ErrorBanner error={state.error} />}
      {!state.data ? (
        <Loading />
      ) : state.data.length === 0 ? (
        <p>Inget utfall har lästs in ännu.</p>
      ) : (
        <table className="plain" data-testid="batch-history">
          <thead>
            <tr>
              <th scope="col">När</th>
              <th scope="col">Fil</th>
              <th scope="col">Profil</th>
              <th scope="col">Vem</th>
              <th scope="col">Perioder</th>
              <th scope="col" className="num">
                Rader
              </th>
              <th scope="col" className="num">
                Summa, kr
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.map((b) => (
              <tr key={b.id} data-batch={b.id}>
                <td>{formatDateTime(b.importedAt)}</td>
                <td title={`SHA-256 ${b.sha256}`}>{b.fileName}</td>
                <td>{b.profile ?? 'automatisk'}</td>
                <td>{b.importedBy}</td>
                <td>{b.periods.length > 3 ? `${b.periods[0]}–${b.periods.at(-1)}` : b.periods.join(', ')}</td>
                <td className="num">{formatCount(b.rows)}</td>
                <td className="num">{formatKr(b.totalOre)}</td>
                <td data-testid="batch-status">{b.status === 'active' ? 'aktiv' : `ångrad ${formatDate(b.undoneAt)}`}</td>
                <td>
                  {/* Why undo is not offered is written out: a disabled button's tooltip is out of reach from the keyboard. */}
                  {b.status === 'active' && b.undoBlockedBy !== null && (
                    <span className="hint" data-testid="undo-blocked">
                      Ångra först den senare inläsningen av {b.undoBlockedBy.fileName}
                    </span>
                  )}
                  {b.status === 'active' && b.undoBlockedBy === null && (
                    <button type="button" onClick={() => void undo(b)} disabled={busy !== null} aria-label={`Ångra inläsningen av ${b.fileName}`}>
                      Ångra
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
