import { useState } from 'react';
import type { PackageRecord } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { dateTime, plural } from './labels';

/** Every package sent and received, with what it held and what came of it. */
export function HistorySection({ history }: { history: PackageRecord[] }) {
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (p: PackageRecord, name: string) => {
    setError(null);
    try {
      const file = await call('files.save', { title: `Spara bilagan ${name}`, defaultName: name, filters: [{ name: 'Alla filer', extensions: [name.split('.').pop() || 'bin'] }] });
      if (!file) return;
      await call('exchange.attachment.save', { packageId: p.id, name, file: file.ref });
      setSaved(`${name} är sparad som ${file.name}.`);
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">Historik</h2>
      {error && <ErrorBanner error={error} />}
      {saved && <p role="status">{saved}</p>}
      {history.length === 0 ? (
        <p className="hint">Inga paket har skickats eller lästs in ännu.</p>
      ) : (
        <table className="data-table" data-testid="history">
          <thead>
            <tr>
              <th scope="col">När</th>
              <th scope="col">Vad</th>
              <th scope="col">Innehåll</th>
              <th scope="col">Resultat</th>
            </tr>
          </thead>
          <tbody>
            {history.map((p) => (
              <tr key={p.id}>
                <td>{dateTime(p.handledAt)}</td>
                <td>
                  {p.direction === 'sent' ? 'Skickat till' : 'Inläst från'} {p.peer.name}: {p.kindName}
                  <div className="hint">{p.fileName}</div>
                </td>
                <td>
                  {plural(p.summary.changes, 'ändrat fält', 'ändrade fält')}
                  {p.summary.contents.length > 0 && ` (${p.summary.contents.map((c) => `${c.label} ${c.rows}`).join(', ')})`}
                  {p.summary.outcomeRows > 0 && `; utfall ${plural(p.summary.outcomePeriods.length, 'period', 'perioder')}`}
                  {p.summary.occasion && `; ${p.summary.occasion}`}
                  {p.attachments.map((a) => (
                    <div key={a}>
                      <button type="button" onClick={() => void save(p, a)}>
                        Spara bilagan {a}…
                      </button>
                    </div>
                  ))}
                </td>
                <td>{p.result ? `inlästa ${p.result.applied}, redan här ${p.result.skipped}, konflikter ${p.result.conflicts}, avvisade ${p.result.refused}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
