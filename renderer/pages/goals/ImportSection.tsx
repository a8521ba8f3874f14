import { useState } from 'react';
import type { IndicatorImportResult } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { count, formatCount } from '../../format';

/**
 * Reads styrtal values (e.g. a Kolada export) from CSV or Excel: the file is
 * checked and previewed first; nothing is written until the user says so.
 */
export function ImportSection({ onImported }: { onImported(message: string): void }) {
  const [file, setFile] = useState<{ ref: string; name: string } | null>(null);
  const [preview, setPreview] = useState<IndicatorImportResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    const chosen = await attempt(() => call('files.open', { title: 'Välj fil med styrtalsvärden', filters: [{ name: 'CSV, Excel eller JSON från Kolada', extensions: ['csv', 'txt', 'xlsx', 'xls', 'json'] }] }));
    if (!chosen) return;
    setFile(chosen);
    setPreview(null);
    const r = await attempt(() => call('goals.import', { file: chosen.ref, dryRun: true }));
    if (r) setPreview(r);
  };

  const apply = async () => {
    if (!file) return;
    const r = await attempt(() => call('goals.import', { file: file.ref, dryRun: false }));
    if (r) {
      setPreview(null);
      setFile(null);
      onImported(`${r.fileName}: ${count(r.created, 'nytt', 'nya')} och ${count(r.updated, 'ändrat', 'ändrade')} styrtalsvärden inlästa${r.comparison.created + r.comparison.updated > 0 ? `, ${count(r.comparison.created + r.comparison.updated, 'nytt eller ändrat jämförelsevärde', 'nya eller ändrade jämförelsevärden')}` : ''}.`);
    }
  };

  return (
    <details className="goal-import">
      <summary>Import: läs in styrtalsvärden (CSV eller Excel, t.ex. en Kolada-export, eller JSON från Koladas API)</summary>
      <p className="hint">Filen behöver kolumnerna Nyckeltal (Kolada-nyckel eller egen kod), Värde och År eller Datum; Kommun och Kön om den har dem; andra kommuners, regionens, rikets och kommungruppers rader sparas som jämförelsevärden. En JSON-fil från Kolada behöver kommunens Kolada-id under Jämförelse. Inget ändras förrän du har sett vad filen innehåller.</p>
      <button type="button" disabled={busy} onClick={() => void choose()}>
        Välj fil …
      </button>
      {error && <ErrorBanner error={error} />}
      {preview && (
        <div className="import-preview" role="status">
          <p>
            <strong>{preview.fileName}</strong>: {count(preview.rows, 'rad', 'rader')}; {count(preview.created, 'nytt värde', 'nya värden')}, {formatCount(preview.updated)} ändrade, {formatCount(preview.unchanged)} oförändrade.
            {preview.comparison.rows > 0 && ` Jämförelsevärden: ${count(preview.comparison.created, 'nytt', 'nya')}, ${formatCount(preview.comparison.updated)} ändrade, ${formatCount(preview.comparison.unchanged)} oförändrade.`}
          </p>
          <ul>
            {preview.series.map((s) => (
              <li key={s.key}>
                {s.key}: {count(s.values, 'värde', 'värden')} ({s.from} – {s.to})
              </li>
            ))}
            {preview.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || preview.created + preview.updated + preview.comparison.created + preview.comparison.updated === 0} onClick={() => void apply()}>
              Läs in
            </button>
            <button type="button" disabled={busy} onClick={() => setPreview(null)}>
              Avbryt
            </button>
          </div>
        </div>
      )}
    </details>
  );
}
