import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { ChosenFileRef } from '../../electron/api/contract/index';
import type { LedgerCheck, LedgerImportResult, MappingProfile } from '../../electron/api/contract/index';
import { call } from '../api';
import { count } from '../format';
import { usePendingLedgerFile } from '../app-events';
import { ErrorBanner } from '../components/Status';
import { BatchHistory } from './import/BatchHistory';
import { CheckView } from './import/CheckView';
import { MappingEditor } from './import/MappingEditor';
import { MasterDataSection } from './import/MasterDataSection';
import { PersonnelImportSection } from './import/PersonnelImportSection';
import { readControlSumField, readPeriodField } from './import/inputs';
import { Replacement, ReplaceWarnings, type ScopeChoice } from './import/Replacement';
import { ResultView } from './import/ResultView';
import { useApi } from '../useApi';
import './import/import.css';
import { toError } from '../use-action';

const FILTERS = [
  { name: 'Utfall (CSV, text, Excel, SIE)', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xlsm', 'xls', 'se', 'si', 'sie'] },
];

/** The Import page: choose or drop a file, check the mapping in a preview, import, and undo from the history. */
export function ImportPage() {
  const profiles = useApi('ledger.profiles.list', {}, 'profiles');
  const batches = useApi('ledger.batches.list', {}, 'batches');
  const [file, setFile] = useState<ChosenFileRef | null>(null);
  const [profileName, setProfileName] = useState('');
  const [profile, setProfile] = useState<MappingProfile | null>(null);
  const [period, setPeriod] = useState('');
  const [expected, setExpected] = useState('');
  const [sheet, setSheet] = useState('');
  // What to replace, over the profile's choice; null follows the profile.
  const [scope, setScope] = useState<ScopeChoice>(null);
  // The user has read the check's warnings and imports all the same.
  const [confirmed, setConfirmed] = useState(false);
  const [check, setCheck] = useState<LedgerCheck | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  // A field or the mapping changed since the preview: what would be imported is not what is shown.
  const [stale, setStale] = useState(false);

  const readInput = useCallback(
    (f: ChosenFileRef, p: MappingProfile | string | null, sheetName: string = sheet, scopeChoice: ScopeChoice = scope) => {
      // Called inside the callers' try: a field that cannot be read stops the call with its message.
      const p1 = readPeriodField(period);
      if ('error' in p1) throw new Error(p1.error);
      const sum = readControlSumField(expected);
      if ('error' in sum) throw new Error(sum.error);
      return {
        file: f.ref,
        ...(p !== null && p !== '' ? { profile: p } : {}),
        ...(sheetName ? { sheet: sheetName } : {}),
        ...(p1.period !== null ? { period: p1.period } : {}),
        ...(sum.ore !== null ? { expectedTotal: sum.ore } : {}),
        ...(scopeChoice !== null ? { scope: scopeChoice } : {}),
      };
    },
    [period, expected, sheet, scope],
  );

  const runPreview = useCallback(
    async (f: ChosenFileRef, p: MappingProfile | string | null, sheetName?: string, scopeChoice?: ScopeChoice) => {
      setBusy(true);
      setError(null);
      setResult(null);
      try {
        const c = await call('ledger.preview', readInput(f, p, sheetName, scopeChoice));
        setCheck(c);
        setProfile(c.profile);
        setStale(false);
        // A confirmation holds for the warnings it was given for, not for the next preview's.
        setConfirmed(false);
      } catch (e) {
        setCheck(null);
        setError(toError(e));
      } finally {
        setBusy(false);
      }
    },
    [readInput],
  );

  const chosen = useCallback(
    (f: ChosenFileRef) => {
      setFile(f);
      setSheet('');
      setScope(null);
      void runPreview(f, profileName || null, '', null);
    },
    [profileName, runPreview],
  );

  // A ledger export dropped anywhere on the window (renderer/app-events.ts).
  usePendingLedgerFile(chosen);

  const choose = async () => {
    try {
      const f = await call('files.open', { title: 'Välj utfallsfil', filters: FILTERS });
      if (f) chosen(f);
    } catch (e) {
      setError(toError(e));
    }
  };

  const onDrop = async (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    try {
      chosen(await window.ramkoll.grantDroppedFile(dropped));
    } catch (err) {
      setError(toError(err));
    }
  };

  const doImport = async () => {
    if (!file || !profile) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('ledger.import', { ...readInput(file, profile), dryRun: false, confirm: confirmed });
      setResult(r);
      setCheck(r);
      // Warnings the user had not seen (the database changed since the preview) need a confirmation of their own.
      if (r.needsConfirmation) setConfirmed(false);
      batches.reload();
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (result?.applied) document.getElementById('import-result')?.focus();
  }, [result]);

  const problemCount = check?.errorCount ?? 0;
  return (
    <section aria-labelledby="import-title">
      <header className="page-header">
        <h1 id="import-title">Import</h1>
      </header>
      <p className="hint">Läs in månadens utfall från ekonomisystemet: CSV eller text (valfri avgränsare, UTF-8 eller Windows-1252), Excel (.xlsx, .xls) eller SIE.</p>
      <div
        className={`drop-zone${dragging ? ' active' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <p>
          Släpp utfallsfilen här, eller{' '}
          <button type="button" onClick={() => void choose()} disabled={busy}>
            Välj fil …
          </button>
        </p>
        {file && (
          <p>
            Vald fil: <strong data-testid="chosen-file">{file.name}</strong>
          </p>
        )}
      </div>
      <div className="import-grid">
        <label>
          Mappningsprofil
          <select
            value={profileName}
            onChange={(e) => {
              setProfileName(e.target.value);
              setStale(true);
            }}
          >
            <option value="">Automatisk (kolumnerna känns igen från rubrikerna)</option>
            {(profiles.data ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.builtIn ? ' (inbyggd)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period för hela filen eller bara en period (ÅÅÅÅMM)
          <input value={period} onChange={(e) => {
              setPeriod(e.target.value.trim());
              setStale(true);
            }} inputMode="numeric" placeholder="t.ex. 202603" />
        </label>
        <label>
          Förväntad kontrollsumma, kr (valfri)
          <input value={expected} onChange={(e) => {
              setExpected(e.target.value);
              setStale(true);
            }} inputMode="decimal" placeholder="från ekonomisystemets rapport" />
        </label>
      </div>
      {file && (
        <div className="import-actions">
          <button type="button" onClick={() => void runPreview(file, profileName || null)} disabled={busy}>
            Förhandsgranska med profilen
          </button>
        </div>
      )}
      {error && <ErrorBanner error={toError(error)} />}
      {check && profile && file && (
        <>
          {check.file.sheetNames.length > 1 && (
            <label className="version-select">
              Blad i arbetsboken{' '}
              <select
                value={check.file.sheet ?? ''}
                onChange={(e) => {
                  setSheet(e.target.value);
                  void runPreview(file, profileName || null, e.target.value);
                }}
              >
                {check.file.sheetNames.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          )}
          {check.file.format !== 'sie' && (
            <MappingEditor
              check={check}
              profile={profile}
              onChange={(p) => {
                setProfile(p);
                setStale(true);
              }}
              onApply={(p) => void runPreview(file, p)}
              onSaved={() => profiles.reload()}
              busy={busy}
            />
          )}
          <CheckView check={check} />
          {problemCount === 0 && (
            <Replacement
              key={`${check.file.sha256}-${check.replaceScope.kind}-${check.replaceScope.responsibility ?? ''}`}
              check={check}
              busy={busy}
              onScope={(choice) => {
                setScope(choice);
                void runPreview(file, profile, undefined, choice);
              }}
            />
          )}
          <ReplaceWarnings check={check} confirmed={confirmed} onConfirm={setConfirmed} />
          <div className="import-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void doImport()}
              disabled={busy || stale || problemCount > 0 || result?.applied === true || (check.warnings.length > 0 && !confirmed)}
              data-testid="import-button"
            >
              Läs in {count(check.rows, 'rad', 'rader')}
            </button>
            {problemCount > 0 && <span role="status">Rätta felen (eller mappningen) först: inget läses in så länge filen har fel.</span>}
            {problemCount === 0 && check.warnings.length > 0 && !confirmed && !stale && (
              <span role="status" data-testid="needs-confirmation">
                Läs varningarna ovan och bekräfta innan du läser in.
              </span>
            )}
            {stale && problemCount === 0 && (
              <span role="status" data-testid="preview-stale">
                Profil, period, kontrollsumma eller mappning har ändrats: förhandsgranska igen innan du läser in.
              </span>
            )}
          </div>
        </>
      )}
      {result && <ResultView result={result} />}
      <BatchHistory state={batches} onUndone={() => batches.reload()} />
      <PersonnelImportSection />
      <MasterDataSection />
    </section>
  );
}
