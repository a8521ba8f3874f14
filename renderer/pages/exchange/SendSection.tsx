import { useEffect, useState } from 'react';
import type { ExchangeOverview, ExportResult } from '../../../electron/api/contract/index';
import type { ChosenFileRef } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { occasionName } from '../../format';
import { describeSite, flowButton, flowText, PACKAGE_FILTERS, plural } from './labels';

interface Props {
  overview: ExchangeOverview;
  onSent(): void;
}

export function SendSection({ overview, onSent }: Props) {
  const peers = overview.peers;
  const [to, setTo] = useState<string>('');
  const [occasionId, setOccasionId] = useState<string>('');
  const [attachment, setAttachment] = useState<ChosenFileRef | null>(null);
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (peers.length > 0 && !peers.some((p) => p.id === to)) setTo(peers[0]!.id);
  }, [peers, to]);
  const peer = peers.find((p) => p.id === to) ?? null;
  const toEkonomi = peer?.role === 'ekonomi' && overview.site.role === 'controller';

  const attach = async () => {
    setError(null);
    try {
      const f = await call('files.open', { title: 'Välj rapportfilen att bifoga', filters: [{ name: 'Rapporter', extensions: ['pdf', 'xlsx', 'docx', 'html'] }] });
      if (f) setAttachment(f);
    } catch (e) {
      setError(e as Error);
    }
  };

  // The report of the chosen occasion, made here (PDF, whole förvaltning) and attached as it is saved.
  const makeReport = async () => {
    const occasion = overview.occasions.find((o) => o.id === occasionId);
    if (!occasion) return;
    setError(null);
    setBusy(true);
    try {
      const f = await call('files.save', { title: 'Spara rapporten som bifogas', defaultName: `rapport-${occasion.period}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (!f) return;
      await call('reports.export', { period: occasion.period, scope: null, format: 'pdf', file: f.ref });
      setAttachment(f);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!peer) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const { name } = await call('exchange.suggestName', { to: peer.id });
      const file = await call('files.save', { title: `Spara paketet till ${peer.name}`, defaultName: name, filters: PACKAGE_FILTERS });
      if (!file) return;
      const r = await call('exchange.export', {
        to: peer.id,
        file: file.ref,
        full,
        ...(toEkonomi && occasionId ? { occasionId } : {}),
        ...(toEkonomi && attachment ? { attachment: attachment.ref } : {}),
      });
      setResult(r);
      onSent();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="send-title" className="card">
      <h2 id="send-title">Skicka paket</h2>
      {peers.length === 0 ? (
        <p className="hint">Ingen mottagare ännu. Läs in en presentationsfil från den du ska utbyta med, eller lägg till mottagaren nedan.</p>
      ) : (
        <>
          <div className="form-row">
            <label htmlFor="send-to">Mottagare</label>
            <select id="send-to" value={to} onChange={(e) => setTo(e.target.value)} data-testid="send-to">
              {peers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({describeSite(p)})
                </option>
              ))}
            </select>
          </div>
          {peer && <p className="hint">{flowText(overview.site.role, peer.role)}</p>}
          {toEkonomi && (
            <>
              <div className="form-row">
                <label htmlFor="send-occasion">Uppföljningstillfälle</label>
                <select id="send-occasion" value={occasionId} onChange={(e) => setOccasionId(e.target.value)}>
                  <option value="">(inget angivet)</option>
                  {overview.occasions.map((o) => (
                    <option key={o.id} value={o.id}>
                      {occasionName(o.name, o.period)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-row">
                <span>Rapportfil</span>
                <button type="button" onClick={() => void attach()}>
                  {attachment ? `Bifogad: ${attachment.name}` : 'Bifoga rapport…'}
                </button>
                <button type="button" onClick={() => void makeReport()} disabled={busy || occasionId === ''} data-testid="make-report">
                  Skapa tillfällets rapport (PDF) och bifoga …
                </button>
                {attachment && (
                  <button type="button" onClick={() => setAttachment(null)}>
                    Ta bort bilagan
                  </button>
                )}
              </div>
            </>
          )}
          <label className="check">
            <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> Skicka allt mottagaren får se, även det den redan har bekräftat (efter en återställd
            säkerhetskopia)
          </label>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void send()} disabled={busy || !peer} data-testid="export-package">
              {peer ? flowButton(overview.site.role, peer.role) : 'Skapa paket…'}
            </button>
          </div>
        </>
      )}
      {error && <ErrorBanner error={error} />}
      {result && (
        <div className="package-card" role="status" data-testid="export-result">
          <p>
            <strong>{result.fileName}</strong> är sparat till {result.recipient.name}: {plural(result.changes, 'ändrat fält', 'ändrade fält')} i {plural(result.rows, 'rad', 'rader')}
            {result.outcomeRows > 0 && `, ${plural(result.outcomeRows, 'utfallsrad', 'utfallsrader')}`}.
          </p>
          {result.contents.length > 0 && (
            <ul className="contents">
              {result.contents.map((c) => (
                <li key={c.table}>
                  {c.label}: {plural(c.rows, 'rad', 'rader')}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">Skicka filen till mottagaren (e-post eller den gemensamma mappen).</p>
        </div>
      )}
    </section>
  );
}
