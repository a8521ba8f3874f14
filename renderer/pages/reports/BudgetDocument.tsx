import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BudgetDocumentUnit } from '../../../electron/api/contract/index';
import type { ReportFormat, WrittenReport } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { useAppCommand } from '../../app-events';
import { ProgressBar } from '../../components/ProgressBar';
import { ErrorBanner, Loading } from '../../components/Status';
import { useApi } from '../../useApi';
import { FORMATS, FormatChoice } from './formats';
import { ReportPreview } from './ReportPreview';
import { toError } from '../../use-action';

interface Choice {
  year: number;
  version: string;
  unit: BudgetDocumentUnit;
}

/** Format, then the save dialog; the document is made in the background with a progress bar. */
function BudgetExportDialog(props: { open: boolean; choice: Choice; fileStem: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<WrittenReport | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      setError(null);
      setDone(null);
      d.showModal();
    } else if (!props.open && d.open) d.close();
  }, [props.open]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const f = FORMATS.find((x) => x.id === format)!;
      const file = await call('files.save', { title: `Spara budgetdokumentet som ${f.name}`, defaultName: `${props.fileStem}.${f.ext}`, filters: [{ name: f.name, extensions: [f.ext] }] });
      if (!file) return;
      setDone(await call('reports.budget.export', { ...props.choice, format, file: file.ref }));
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="report-dialog" aria-labelledby="budget-export-title" onClose={props.onClose}>
      <h2 id="budget-export-title">Exportera budgetdokumentet</h2>
      <FormatChoice name="budget-format" testIdPrefix="budget-format-" value={format} onChange={setFormat} />
      <ProgressBar />
      {error && <ErrorBanner error={error} />}
      {done && (
        <p role="status" className="form-status" data-testid="budget-export-done">
          {done.file} är sparad ({Math.max(1, Math.round(done.bytes / 1024))} kB).
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="budget-export-save">
          {busy ? 'Skapar …' : 'Spara …'}
        </button>
        <button type="button" onClick={props.onClose}>
          Stäng
        </button>
      </div>
    </dialog>
  );
}

/**
 * Rapporter › Budgetdokument: "Mål och budget" of a budget year and version
 * (ramar for the three years, changes against last year, investments,
 * personnel, interna köp, nämndmål), previewed and exported like the
 * follow-up reports, from the same document.
 */
export function BudgetDocumentReport(props: { kindChoice: ReactNode }) {
  const years = useApi('budget.versions.years', {}, 'years');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [dialog, setDialog] = useState(false);
  const y = years.data;
  useEffect(() => {
    if (y && !choice) setChoice({ year: y.active, version: 'current', unit: 'kr' });
  }, [y, choice]);
  const versions = useApi('budget.versions.list', { year: choice?.year ?? 2000 }, `versions-${choice?.year}`, choice !== null);
  const preview = useApi('reports.budget.preview', choice ?? { year: 2000 }, JSON.stringify(choice), choice !== null);

  useAppCommand('print', () => {
    if (!choice) return false;
    setDialog(true);
    return true;
  });

  const header = (
    <header className="page-header">
      <h1 id="reports-title">Rapporter</h1>
      {choice && (
        <button type="button" className="primary" onClick={() => setDialog(true)} data-testid="open-budget-export">
          Exportera … <span className="hint">(Ctrl+P)</span>
        </button>
      )}
    </header>
  );
  if (years.error) return <ErrorBanner error={years.error} />;
  if (!y || !choice) return <Loading />;
  const set = (change: Partial<Choice>) => setChoice({ ...choice, ...change });
  return (
    <section aria-labelledby="reports-title" className="reports-page">
      {header}
      {props.kindChoice}
      <div className="card report-choice">
        <div className="form-row">
          <label htmlFor="budget-year">Budgetår</label>
          <select id="budget-year" value={choice.year} onChange={(e) => set({ year: Number(e.target.value), version: 'current' })} data-testid="budget-year">
            {y.years.map((x) => (
              <option key={x.year} value={x.year}>
                {x.year}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor="budget-version">Budgetversion</label>
          <select id="budget-version" value={choice.version} onChange={(e) => set({ version: e.target.value })} data-testid="budget-version">
            <option value="current">Budgeten i kraft vid årets slut</option>
            {(versions.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
                {v.lockedAt ? ' (beslutad)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor="budget-unit">Belopp i</label>
          <select id="budget-unit" value={choice.unit} onChange={(e) => set({ unit: e.target.value as BudgetDocumentUnit })}>
            <option value="kr">kr</option>
            <option value="tkr">tkr</option>
            <option value="mnkr">mnkr</option>
          </select>
        </div>
      </div>
      <h2>Förhandsgranskning</h2>
      {preview.error && <ErrorBanner error={preview.error} />}
      {preview.loading && <Loading>Bygger budgetdokumentet …</Loading>}
      {preview.data && !preview.error && <ReportPreview doc={preview.data} />}
      <BudgetExportDialog open={dialog} choice={choice} fileStem={preview.data?.fileStem ?? `budgetdokument-${choice.year}`} onClose={() => setDialog(false)} />
    </section>
  );
}
