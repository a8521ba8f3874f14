import { useEffect, useState } from 'react';
import type { ChosenFileRef } from '../../../electron/api/contract/index';
import type { MappingProfile } from '../../../electron/api/contract/index';
import type { PersonnelField, PersonnelImportResult, PersonnelMapping, PersonnelPreview } from '../../../electron/api/contract/index';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/Status';
import { count, formatPeriod } from '../../format';
import { formatDateTime } from '../../../shared/dates';
import { useApi } from '../../useApi';
import { columnLetter } from './columns';
import { readPeriodField } from './inputs';
import { PERSONNEL_FIELD_LABELS, PersonnelPreviewView } from './PersonnelPreviewView';
import { toError } from '../../use-action';

const FILTERS = [{ name: 'Personalsiffror (CSV, text, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xlsm', 'xls'] }];

const periodsText = (periods: readonly number[]) => periods.map(formatPeriod).join(', ');

function resultText(r: PersonnelImportResult): string {
  return `${r.file} är inläst: ${count(r.rowsRead, 'rad', 'rader')}, ${count(r.nodes.length, 'enhet', 'enheter')} (ansvar), period ${periodsText(r.periods)}${r.replaced > 0 ? `; ${count(r.replaced, 'tidigare rad', 'tidigare rader')} ersattes` : ''}.`;
}

/**
 * Import › Personalsiffror: the HR/payroll system's export (antal anställda,
 * årsarbetare, sjukfrånvaro, personalkostnad) with a saved mapping or
 * columns chosen here, previewed with every problem by row and column,
 * warnings confirmed, read in after a backup in one transaction, and the
 * latest import undone.
 */
export function PersonnelImportSection() {
  const profiles = useApi('ledger.profiles.list', {}, 'profiles');
  const last = useApi('personnel.lastImport', {}, 'personnel-last');
  const [file, setFile] = useState<ChosenFileRef | null>(null);
  const [profileName, setProfileName] = useState('');
  const [mapping, setMapping] = useState<PersonnelMapping | null>(null);
  const [mappingName, setMappingName] = useState('');
  const [period, setPeriod] = useState('');
  const [preview, setPreview] = useState<PersonnelPreview | null>(null);
  const [stale, setStale] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, confirmDialog] = useConfirm();
  const personnelProfiles = (profiles.data ?? []).filter((p) => p.profile.personnel);

  const mappingInput = (): string | MappingProfile | undefined => {
    if (mapping) return { name: mappingName.trim() || 'Personalmappning', personnel: mapping } as MappingProfile;
    return profileName || undefined;
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  const readInput = (f: ChosenFileRef) => {
    const p = readPeriodField(period);
    if ('error' in p) throw new Error(p.error);
    const m = mappingInput();
    return { file: f.ref, ...(m !== undefined ? { mapping: m } : {}), ...(p.period !== null ? { period: p.period } : {}) };
  };

  const runPreview = (f: ChosenFileRef) =>
    run(async () => {
      setDone(null);
      setPreview(null);
      const pv = await call('personnel.preview', readInput(f));
      setPreview(pv);
      setStale(false);
      // A confirmation holds for the warnings it was given for.
      setConfirmed(false);
    });

  const choose = () =>
    run(async () => {
      const f = await call('files.open', { title: 'Välj export från HR-/lönesystemet', filters: FILTERS });
      if (!f) return;
      setFile(f);
      setPreview(null);
      setDone(null);
      const pv = await call('personnel.preview', readInput(f));
      setPreview(pv);
      setStale(false);
      setConfirmed(false);
    });

  const doImport = () =>
    run(async () => {
      if (!file || !preview) return;
      const r = await call('personnel.import', { ...readInput(file), dryRun: false, confirm: confirmed });
      if (r.needsConfirmation) {
        setPreview({ ...preview, warnings: r.warnings, replaced: r.replaced });
        setConfirmed(false);
        setMessage('Inget lästes in: personalsiffrorna har ändrats sedan förhandsgranskningen. Läs varningarna och bekräfta igen.');
        return;
      }
      setPreview(null);
      setDone(resultText(r));
      last.reload();
    });

  const undo = async () => {
    const l = last.data;
    if (!l) return;
    const ok = await confirm({
      title: `Ångra inläsningen av ${l.file}?`,
      message: `Personalsiffrorna för ${periodsText(l.periods)} blir som före inläsningen. En säkerhetskopia tas först.`,
      confirmLabel: 'Ångra inläsningen',
      destructive: true,
    });
    if (!ok) return;
    await run(async () => {
      const r = await call('personnel.undo', {});
      setDone(`Inläsningen av ${r.file} är ångrad: ${periodsText(r.periods)} har ${count(r.restored, 'rad', 'rader')} som före den.`);
      last.reload();
    });
  };

  const saveMapping = () =>
    run(async () => {
      if (!mapping) return;
      const saved = await call('ledger.profiles.save', { profile: { name: mappingName.trim(), system: 'HR-/lönesystem', personnel: mapping } });
      setMessage(`Mappningen "${saved.name}" sparades och finns i listan Mappning.`);
      profiles.reload();
    });

  useEffect(() => {
    if (done) document.getElementById('personnel-result')?.focus();
  }, [done]);

  const columnOf = (field: PersonnelField): string => {
    const ref = mapping ? mapping[field] : preview?.columns[field];
    if (ref === undefined || !preview) return '';
    if (typeof ref === 'number') return String(ref);
    const i = preview.headers.indexOf(ref);
    return i < 0 ? '' : String(i);
  };
  const setColumn = (field: PersonnelField, value: string) => {
    if (!preview) return;
    // Choosing one column fixes the rest as they are read now, so that what is shown is what is saved.
    const next: PersonnelMapping = mapping ? { ...mapping } : Object.fromEntries(Object.entries(preview.columns).map(([f, i]) => [f, preview.headers[i] || i]));
    if (value === '') delete next[field];
    else next[field] = preview.headers[Number(value)] || Number(value);
    setMapping(next);
    setStale(true);
  };

  const problems = preview?.problems.length ?? 0;
  const warnings = preview?.warnings ?? [];
  return (
    <section aria-labelledby="personnel-import-title" className="masterdata" data-testid="personnel-import">
      {confirmDialog}
      <h2 id="personnel-import-title">Personalsiffror från HR-/lönesystemet</h2>
      <p className="hint">
        Läs in antal anställda, årsarbetare, sjukfrånvaro och personalkostnad per månad och ansvar (sektor eller lägre) från HR-/lönesystemets export,
        CSV eller Excel. De visas i avsnittet Personal i Uppföljning › Texter och i rapporterna, med samma månad föregående år bredvid.
      </p>
      <div className="import-grid">
        <label>
          Mappning
          <select
            value={profileName}
            onChange={(e) => {
              setProfileName(e.target.value);
              setMapping(null);
              setStale(true);
            }}
          >
            <option value="">Automatisk (kolumnerna känns igen från rubrikerna)</option>
            {personnelProfiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Månad för en export utan periodkolumn (ÅÅÅÅMM)
          <input
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value.trim());
              setStale(true);
            }}
            inputMode="numeric"
            placeholder="t.ex. 202608"
          />
        </label>
      </div>
      <div className="import-actions">
        <button type="button" onClick={() => void choose()} disabled={busy} data-testid="personnel-choose">
          Välj personalfil …
        </button>
        {file && (
          <>
            <span>
              Vald fil: <strong data-testid="personnel-file">{file.name}</strong>
            </span>
            <button type="button" onClick={() => void runPreview(file)} disabled={busy}>
              Förhandsgranska igen
            </button>
          </>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      {message && <p role="status">{message}</p>}
      {preview && file && (
        <>
          <fieldset className="mapping">
            <legend>Kolumner{preview.headerLine !== null ? ` (rubrikrad ${preview.headerLine})` : ''}</legend>
            <div className="import-grid">
              {PERSONNEL_FIELD_LABELS.map(([field, label]) => (
                <label key={field}>
                  {label}
                  <select value={columnOf(field)} onChange={(e) => setColumn(field, e.target.value)} data-field={field}>
                    <option value="">(ingen)</option>
                    {preview.headers.map((h, i) => (
                      <option key={i} value={String(i)}>
                        {columnLetter(i)}: {h || '(utan rubrik)'}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            {mapping && (
              <div className="import-actions">
                <button type="button" onClick={() => void runPreview(file)} disabled={busy}>
                  Uppdatera förhandsgranskningen
                </button>
                <label>
                  Mappningens namn
                  <input value={mappingName} onChange={(e) => setMappingName(e.target.value)} placeholder="t.ex. Heroma personalstatistik" />
                </label>
                <button type="button" onClick={() => void saveMapping()} disabled={busy || !mappingName.trim()}>
                  Spara mappning
                </button>
              </div>
            )}
          </fieldset>
          <PersonnelPreviewView preview={preview} />
          {problems === 0 && warnings.length > 0 && (
            <div className="banner banner-warning" data-testid="personnel-warnings">
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
              <label>
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> Jag har läst varningarna och vill läsa in filen ändå
              </label>
            </div>
          )}
          <div className="import-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void doImport()}
              disabled={busy || stale || problems > 0 || preview.rowsRead === 0 || (warnings.length > 0 && !confirmed)}
              data-testid="personnel-import-button"
            >
              Läs in {count(preview.rowsRead, 'rad', 'rader')} med personalsiffror
            </button>
            {stale && (
              <span role="status" data-testid="personnel-stale">
                Mappning eller månad har ändrats: förhandsgranska igen innan du läser in.
              </span>
            )}
          </div>
        </>
      )}
      {done && (
        <p className="banner-ok" role="status" id="personnel-result" tabIndex={-1} data-testid="personnel-result">
          {done}
        </p>
      )}
      {last.data && (
        <div className="import-actions" data-testid="personnel-last">
          <span>
            Senaste inläsningen: {last.data.file}, {formatDateTime(last.data.at)}, {periodsText(last.data.periods)} ({count(last.data.rows, 'rad', 'rader')}).
          </span>
          <button type="button" onClick={() => void undo()} disabled={busy} aria-label={`Ångra inläsningen av ${last.data.file}`}>
            Ångra
          </button>
        </div>
      )}
    </section>
  );
}
