import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChosenFileRef, Input } from '../../electron/api/contract/index';
import type { ReportFormat, ReportSettings, ReportUnit, SignPresentation, WrittenReport } from '../../electron/api/contract/index';
import { call } from '../api';
import { useAppCommand } from '../app-events';
import { occasionName } from '../format';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorBanner, Loading } from '../components/Status';
import { useApi } from '../useApi';
import { BudgetDocumentReport } from './reports/BudgetDocument';
import { FORMATS, FormatChoice } from './reports/formats';
import { ReportPreview } from './reports/ReportPreview';
import { TemplateEditor } from './reports/TemplateEditor';
import './reports/reports.css';
import { toError } from '../use-action';


interface Choice {
  period: number;
  scope: string;
  unit: ReportUnit;
  sign: SignPresentation;
}

/** The export dialog: format and scope, then the save dialog; the work runs in the background with a progress bar. */
function ExportDialog(props: {
  open: boolean;
  initialFormat: ReportFormat;
  choice: Choice;
  scopes: { code: string; name: string }[];
  administration: string;
  /** A sektorchef's installation: no report of the whole förvaltning. */
  wholeAllowed: boolean;
  sources: ChosenFileRef[];
  fileStem: string;
  onClose(): void;
  onScope(scope: string): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ReportFormat>(props.initialFormat);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<WrittenReport | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      setFormat(props.initialFormat);
      setError(null);
      setDone(null);
      d.showModal();
    } else if (!props.open && d.open) d.close();
  }, [props.open, props.initialFormat]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const f = FORMATS.find((x) => x.id === format)!;
      const file = await call('files.save', { title: `Spara rapporten som ${f.name}`, defaultName: `${props.fileStem}.${f.ext}`, filters: [{ name: f.name, extensions: [f.ext] }] });
      if (!file) return;
      const { period, scope, unit, sign } = props.choice;
      const r = await call('reports.export', {
        period,
        scope: props.sources.length > 0 || scope === '' ? null : scope,
        unit,
        sign,
        format,
        file: file.ref,
        sources: props.sources.map((s) => s.ref),
      });
      setDone(r);
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="report-dialog" aria-labelledby="export-title" onClose={props.onClose}>
      <h2 id="export-title">Exportera rapporten</h2>
      <FormatChoice name="report-format" testIdPrefix="format-" value={format} onChange={setFormat} />
      {props.sources.length === 0 && (
        <div className="form-row">
          <label htmlFor="export-scope">Omfattning</label>
          <select id="export-scope" value={props.choice.scope} onChange={(e) => props.onScope(e.target.value)}>
            {props.wholeAllowed && <option value="">Hela förvaltningen ({props.administration})</option>}
            {props.scopes.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {/* The app's progress bar lies under this modal dialog, out of reach of screen readers: the dialog shows its own. */}
      <ProgressBar />
      {error && <ErrorBanner error={error} />}
      {done && (
        <p role="status" className="form-status" data-testid="export-done">
          {done.file} är sparad ({Math.max(1, Math.round(done.bytes / 1024))} kB).{done.notice ? ` ${done.notice}` : ''}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="export-save">
          {busy ? 'Skapar …' : 'Spara …'}
        </button>
        <button type="button" onClick={props.onClose}>
          Stäng
        </button>
      </div>
    </dialog>
  );
}

/** Unit, sign presentation and logo: chosen once, used by every report. */
function SettingsSection(props: { unit: ReportUnit; sign: SignPresentation; logo: string | null; templateVersion: number | null; onSaved(settings: ReportSettings): void }) {
  const fromTemplate = props.templateVersion !== null;
  const [error, setError] = useState<Error | null>(null);
  const [message, setMessage] = useState('');
  const save = async (change: { unit?: ReportUnit; sign?: SignPresentation; logo?: string | null }) => {
    setError(null);
    try {
      const saved = await call('reports.settings.save', change);
      setMessage('Sparat.');
      props.onSaved(saved);
    } catch (e) {
      setError(toError(e));
    }
  };
  const chooseLogo = async () => {
    const f = await call('files.open', { title: 'Välj kommunens logotyp', filters: [{ name: 'Bilder', extensions: ['png', 'jpg', 'jpeg', 'svg'] }] });
    if (f) await save({ logo: f.ref });
  };
  return (
    <details className="card report-settings">
      <summary>Rapportinställningar</summary>
      <div className="form-row">
        <label htmlFor="report-unit-default">Belopp i (standard)</label>
        <select id="report-unit-default" value={props.unit} disabled={fromTemplate} onChange={(e) => void save({ unit: e.target.value as ReportUnit })}>
          <option value="tkr">tkr (tusen kronor)</option>
          <option value="mnkr">mnkr (miljoner kronor, en decimal)</option>
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="report-sign">Tecken</label>
        <select id="report-sign" value={props.sign} onChange={(e) => void save({ sign: e.target.value as SignPresentation })}>
          <option value="costs-positive">Kostnader positiva, intäkter negativa (som i redovisningen)</option>
          <option value="costs-negative">Kostnader negativa, intäkter positiva</option>
        </select>
      </div>
      <div className="form-row">
        <span>Logotyp</span>
        {props.logo ? <img className="logo-thumb" src={props.logo} alt="Nuvarande logotyp" /> : <span className="hint">ingen</span>}
        {!fromTemplate && (
          <button type="button" onClick={() => void chooseLogo()}>
            Välj logotyp …
          </button>
        )}
        {props.logo && !fromTemplate && (
          <button type="button" onClick={() => void save({ logo: null })}>
            Ta bort
          </button>
        )}
      </div>
      {fromTemplate && <p className="hint">Enheten och logotypen bestäms av rapportmallen från Ekonomi (version {props.templateVersion}); se Rapportmall ovan.</p>}
      <p className="hint">Avvikelser är alltid budget − utfall eller budget − prognos: positiva är gynnsamma, hur kostnaderna än tecknas.</p>
      {error && <ErrorBanner error={error} />}
      <p className="form-status" role="status">
        {message}
      </p>
    </details>
  );
}

/** Kommuntotal (Ekonomi): the same report over several förvaltningar's databases. */
function KommuntotalSection(props: { sources: ChosenFileRef[]; onChange(s: ChosenFileRef[]): void }) {
  const [error, setError] = useState<Error | null>(null);
  const add = async () => {
    setError(null);
    try {
      const f = await call('files.open', { title: 'Välj en förvaltnings databas', filters: [{ name: 'Ramkoll-databas', extensions: ['db', 'sqlite'] }] });
      if (f) props.onChange([...props.sources, f]);
    } catch (e) {
      setError(toError(e));
    }
  };
  return (
    <details className="card" open={props.sources.length > 0}>
      <summary>Kommuntotal (Ekonomi)</summary>
      <p className="hint">
        Välj förvaltningarnas databaser (eller kopior av dem): rapporten blir summan av varje förvaltnings hela rapport för samma tillfälle. Databaserna öppnas bara för läsning.
      </p>
      {props.sources.length > 0 && (
        <ul>
          {props.sources.map((s, i) => (
            <li key={s.ref}>
              {s.name}{' '}
              <button type="button" onClick={() => props.onChange(props.sources.filter((_, j) => j !== i))} aria-label={`Ta bort ${s.name}`}>
                Ta bort
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={() => void add()}>
          Lägg till databas …
        </button>
        {props.sources.length > 0 && (
          <button type="button" onClick={() => props.onChange([])}>
            Tillbaka till den egna förvaltningen
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
    </details>
  );
}

/** The preview of the chosen report, rebuilt when the choice or the settings change. */
function PreviewPane(props: { input: Input<'reports.preview'>; settingsKey: string; onStem(stem: string): void }) {
  const preview = useApi('reports.preview', props.input, JSON.stringify(props.input) + props.settingsKey);
  const stem = preview.data?.fileStem;
  const { onStem } = props;
  useEffect(() => {
    if (stem) onStem(stem);
  }, [stem, onStem]);
  return (
    <>
      <h2>Förhandsgranskning</h2>
      {preview.error && <ErrorBanner error={preview.error} />}
      {preview.loading && <Loading>Bygger rapporten …</Loading>}
      {preview.data?.notice && (
        <div className="banner banner-warning" role="note" data-testid="report-notice">
          <p>{preview.data.notice}</p>
        </div>
      )}
      {preview.data && <ReportPreview doc={preview.data} />}
    </>
  );
}

type ReportKind = 'followup' | 'budget' | 'template';

/** Which report: the follow-up report of an occasion, or the budget document of a year. */
function ReportKindChoice(props: { kind: ReportKind; onChange(kind: ReportKind): void }) {
  return (
    <fieldset className="card report-kind">
      <legend>Rapport</legend>
      <label>
        <input type="radio" name="report-kind" checked={props.kind === 'followup'} onChange={() => props.onChange('followup')} data-testid="report-kind-followup" />
        Uppföljningsrapport
      </label>
      <label>
        <input type="radio" name="report-kind" checked={props.kind === 'budget'} onChange={() => props.onChange('budget')} data-testid="report-kind-budget" />
        Budgetdokument (Mål och budget)
      </label>
      <label>
        <input type="radio" name="report-kind" checked={props.kind === 'template'} onChange={() => props.onChange('template')} data-testid="report-kind-template" />
        Rapportmall
      </label>
    </fieldset>
  );
}

export function ReportsPage() {
  const [kind, setKind] = useState<ReportKind>('followup');
  const choice = <ReportKindChoice kind={kind} onChange={setKind} />;
  if (kind === 'template') return <TemplateEditor kindChoice={choice} />;
  return kind === 'budget' ? <BudgetDocumentReport kindChoice={choice} /> : <FollowupReports kindChoice={choice} />;
}

function FollowupReports(props: { kindChoice: ReactNode }) {
  const options = useApi('reports.options', {}, 'options');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [sources, setSources] = useState<ChosenFileRef[]>([]);
  const [dialog, setDialog] = useState<{ open: boolean; format: ReportFormat }>({ open: false, format: 'pdf' });

  const o = options.data;
  useEffect(() => {
    if (o && !choice && o.defaultPeriod !== null) setChoice({ period: o.defaultPeriod, scope: o.onlyScope ?? '', unit: o.settings.unit, sign: o.settings.sign });
  }, [o, choice]);

  const [fileStem, setFileStem] = useState('rapport');

  // Ctrl+P (Arkiv › Skriv ut) makes the report's PDF rather than printing the page.
  useAppCommand('print', () => {
    if (!choice) return false;
    setDialog({ open: true, format: 'pdf' });
    return true;
  });

  if (options.error) return <ErrorBanner error={options.error} />;
  if (!o) return <Loading />;
  if (o.occasions.length === 0 || !choice) {
    return (
      <section aria-labelledby="reports-title">
        <h1 id="reports-title">Rapporter</h1>
        {props.kindChoice}
        <p className="hint">Året {o.year} har inga uppföljningstillfällen. Lägg upp dem under Uppföljning › Årshjul och trösklar, så kan rapporterna göras.</p>
      </section>
    );
  }
  const set = (change: Partial<Choice>) => setChoice({ ...choice, ...change });

  return (
    <section aria-labelledby="reports-title" className="reports-page">
      <header className="page-header">
        <h1 id="reports-title">Rapporter</h1>
        <button type="button" className="primary" onClick={() => setDialog({ open: true, format: 'pdf' })} data-testid="open-export">
          Exportera … <span className="hint">(Ctrl+P)</span>
        </button>
      </header>
      {props.kindChoice}
      <div className="card report-choice">
        <div className="form-row">
          <label htmlFor="report-occasion">Uppföljningstillfälle</label>
          <select id="report-occasion" value={choice.period} onChange={(e) => set({ period: Number(e.target.value) })} data-testid="report-occasion">
            {o.occasions.map((x) => (
              <option key={x.period} value={x.period}>
                {occasionName(x.name, x.period)}
                {x.locked ? ' (låst)' : ''}
                {x.notice ? ' (preliminär: utfall saknas)' : ''}
              </option>
            ))}
          </select>
        </div>
        {sources.length === 0 && (
          <div className="form-row">
            <label htmlFor="report-scope">Omfattning</label>
            <select id="report-scope" value={choice.scope} onChange={(e) => set({ scope: e.target.value })} data-testid="report-scope">
              {o.onlyScope === null && <option value="">Hela förvaltningen ({o.administration})</option>}
              {o.scopes.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="form-row">
          <label htmlFor="report-unit">Belopp i</label>
          <select id="report-unit" value={choice.unit} disabled={o.settings.templateVersion !== null} onChange={(e) => set({ unit: e.target.value as ReportUnit })}>
            <option value="tkr">tkr</option>
            <option value="mnkr">mnkr</option>
          </select>
        </div>
      </div>
      <SettingsSection
        unit={o.settings.unit}
        sign={o.settings.sign}
        logo={o.settings.logo}
        templateVersion={o.settings.templateVersion}
        onSaved={(saved) => {
          options.reload();
          setChoice({ ...choice, unit: saved.unit, sign: saved.sign });
        }}
      />
      <KommuntotalSection sources={sources} onChange={setSources} />
      <PreviewPane
        input={{ period: choice.period, scope: sources.length > 0 || choice.scope === '' ? null : choice.scope, unit: choice.unit, sign: choice.sign, sources: sources.map((s) => s.ref) }}
        settingsKey={JSON.stringify(o.settings)}
        onStem={setFileStem}
      />
      <ExportDialog
        open={dialog.open}
        initialFormat={dialog.format}
        choice={choice}
        scopes={o.scopes}
        administration={o.administration}
        wholeAllowed={o.onlyScope === null}
        sources={sources}
        fileStem={fileStem}
        onClose={() => setDialog((d) => ({ ...d, open: false }))}
        onScope={(scope) => set({ scope })}
      />
    </section>
  );
}
